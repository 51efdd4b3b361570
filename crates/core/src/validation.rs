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

    /// Refuses a name (of a client, contact, person, asset, file ...) that holds a character
    /// which hides or reorders what its reader sees; see [`hidden_char`]. Returns whether
    /// the text was clean.
    pub fn name(&mut self, field: impl Into<String>, text: &str) -> bool {
        match hidden_char(text, false) {
            None => true,
            Some(c) => {
                self.fail(field, hidden_char_message(c));
                false
            }
        }
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

/// The first character of `text` that a reader cannot see but that changes what they read:
/// C0 and C1 control characters (tab and line breaks too, unless `lines` allows them: a name
/// is one line) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), with which `invoice<U+202E>fdp.exe` displays as `invoiceexe.pdf`. Free
/// text keeps them; names refuse them.
pub fn hidden_char(text: &str, lines: bool) -> Option<char> {
    text.chars().find(|&c| {
        let line_break = matches!(c, '\t' | '\n' | '\r');
        (c.is_control() && !(lines && line_break)) || is_bidi_control(c)
    })
}

/// The bidirectional formatting characters that reorder text: embeddings, overrides and
/// isolates. (The marks U+200E/U+200F only nudge neutral characters and stay allowed.)
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `c` as `<U+202E>`: how a hidden character is shown wherever text reaches a person.
pub fn visible_codepoint(c: char) -> String {
    format!("<U+{:04X}>", c as u32)
}

/// `text` with every hidden character written as `<U+XXXX>` (line breaks and tabs kept when
/// `lines`), for terminals and other places that would otherwise obey them.
pub fn escape_hidden(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    if hidden_char(text, lines).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden_char(c.encode_utf8(&mut [0; 4]), lines).is_some() {
            out.push_str(&visible_codepoint(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn hidden_char_message(c: char) -> String {
    let what = if is_bidi_control(c) {
        "a direction control that reorders how the text reads"
    } else {
        "an invisible control character"
    };
    format!(
        "contains {} ({what}); delete it or retype the text instead of pasting it",
        visible_codepoint(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_controls_and_bidi_overrides_and_say_which() {
        for bad in [
            "Acme\u{202E}gpj.exe",
            "a\u{202A}b",
            "a\u{202D}b",
            "a\u{2066}b",
            "a\u{2069}b",
            "bell\u{7}",
            "esc\u{1b}[31m",
            "nul\u{0}",
            "del\u{7f}",
            "c1\u{85}",
            "c1\u{9b}",
            "two\nlines",
            "tab\there",
        ] {
            let mut ck = Checker::default();
            assert!(!ck.name("name", bad), "{bad:?} passed");
            let err = ck.finish(()).unwrap_err();
            assert_eq!(err.fields[0].field, "name");
            assert!(
                err.fields[0].message.contains("<U+"),
                "{}",
                err.fields[0].message
            );
            assert!(err.fields[0].message.contains("delete it"));
        }
        let mut ck = Checker::default();
        assert!(ck.name("name", "Müller & Söhne GmbH — שלום \u{200F}"));
        assert!(ck.finish(()).is_ok());
    }

    #[test]
    fn free_text_keeps_line_breaks_and_tabs_but_not_overrides() {
        assert_eq!(hidden_char("line one\nline two\ttabbed\r\n", true), None);
        assert_eq!(hidden_char("x\u{202E}y", true), Some('\u{202E}'));
        assert_eq!(hidden_char("x\ny", false), Some('\n'));
    }

    #[test]
    fn escaping_makes_every_hidden_character_visible() {
        assert_eq!(
            escape_hidden("evil\u{202E}txt.exe\u{1b}[2J", false),
            "evil<U+202E>txt.exe<U+001B>[2J"
        );
        assert_eq!(escape_hidden("a\nb", true), "a\nb");
        assert_eq!(escape_hidden("a\nb", false), "a<U+000A>b");
        assert!(matches!(
            escape_hidden("plain", false),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
