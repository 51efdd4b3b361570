//! Validation errors that a person can act on: each names the field it is about and says what
//! to do. The UI puts each message under its field; the CLI prints `field: message` lines.

use std::fmt;

use serde::Serialize;

/// One problem with one field of an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldError {
    /// The input field, as the UI names it (`name`, `jurisdictions`, `branding.logo` ...).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// An input that cannot be stored as it is; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid {
    pub fields: Vec<FieldError>,
}

impl Invalid {
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            fields: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.fields.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

/// Collects field errors while an input is checked, so the user sees all of them at once
/// rather than one per attempt.
#[derive(Debug, Default)]
pub struct Checker {
    fields: Vec<FieldError>,
}

impl Checker {
    pub fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.fields.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Adds the field errors of a check made elsewhere.
    pub fn merge(&mut self, other: Invalid) {
        self.fields.extend(other.fields);
    }

    pub fn finish<T>(self, value: T) -> Result<T, Invalid> {
        if self.fields.is_empty() {
            Ok(value)
        } else {
            Err(Invalid {
                fields: self.fields,
            })
        }
    }
}
