//! The error every caller of the facade sees: a stable code to branch on, a message that says
//! what to do, and, for bad input, one message per field.

use cordon_core::FieldError;
use cordon_store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    WrongPassphrase,
    PassphraseRequired,
    WeakPassphrase,
    KeychainUnavailable,
    KeychainEntryMissing,
    NotACordonDatabase,
    KeyFileProblem,
    Locked,
    AlreadyExists,
    Storage,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn locked() -> AppError {
        AppError::new(
            ErrorCode::Locked,
            "the workspace is locked; unlock it first",
        )
    }
}

impl From<cordon_core::Invalid> for AppError {
    fn from(e: cordon_core::Invalid) -> AppError {
        StoreError::Invalid(e).into()
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        let code = match &e {
            StoreError::Invalid(inv) => {
                let n = inv.fields.len();
                let message = if n == 1 {
                    format!("{}: {}", inv.fields[0].field, inv.fields[0].message)
                } else {
                    format!("{n} fields need attention: {inv}")
                };
                return AppError {
                    code: ErrorCode::InvalidInput,
                    message,
                    fields: inv.fields.clone(),
                };
            }
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::WrongPassphrase => ErrorCode::WrongPassphrase,
            StoreError::PassphraseRequired => ErrorCode::PassphraseRequired,
            StoreError::WeakPassphrase => ErrorCode::WeakPassphrase,
            StoreError::KeychainUnavailable(_) => ErrorCode::KeychainUnavailable,
            StoreError::KeychainEntryMissing(_)
            | StoreError::KeychainEntryDamaged(_)
            | StoreError::WrongKeychainKey => ErrorCode::KeychainEntryMissing,
            StoreError::NotACordonDatabase { .. } => ErrorCode::NotACordonDatabase,
            StoreError::KeyFileMissing(_) | StoreError::KeyFileCorrupt(_) => {
                ErrorCode::KeyFileProblem
            }
            StoreError::AlreadyExists(_) => ErrorCode::AlreadyExists,
            StoreError::SchemaTooNew { .. }
            | StoreError::Clock(_)
            | StoreError::Io(_)
            | StoreError::Sqlite(_) => ErrorCode::Storage,
        };
        let message = e.to_string();
        let fields = match code {
            ErrorCode::WrongPassphrase
            | ErrorCode::WeakPassphrase
            | ErrorCode::PassphraseRequired => {
                vec![FieldError {
                    field: "passphrase".into(),
                    message: message.clone(),
                }]
            }
            _ => Vec::new(),
        };
        AppError {
            code,
            message,
            fields,
        }
    }
}
