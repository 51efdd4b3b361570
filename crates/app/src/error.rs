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
    /// The keychain entry is there but does not hold a key.
    KeychainEntryDamaged,
    /// The keychain entry holds a key that does not open this workspace.
    WrongKeychainKey,
    NotACordonDatabase,
    KeyFileProblem,
    Locked,
    AlreadyExists,
    /// The sync server cannot be reached (network, address): try again later.
    SyncUnreachable,
    /// The sync server or a batch refused the sync; the message says why.
    SyncRefused,
    /// The team's admin revoked this device.
    Revoked,
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

    /// A file the user picked that cannot be read or written, or arrived damaged: their
    /// input at `field` to fix, not a fault of the workspace.
    pub fn file(field: &str, message: impl Into<String>) -> AppError {
        cordon_core::Invalid::one(field, message).into()
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
            StoreError::KeychainEntryMissing(_) => ErrorCode::KeychainEntryMissing,
            StoreError::KeychainEntryDamaged(_) => ErrorCode::KeychainEntryDamaged,
            StoreError::WrongKeychainKey => ErrorCode::WrongKeychainKey,
            StoreError::NotACordonDatabase { .. } => ErrorCode::NotACordonDatabase,
            StoreError::KeyFileMissing(_)
            | StoreError::KeyFileCorrupt(_)
            | StoreError::KeyFileWithoutDatabase { .. } => ErrorCode::KeyFileProblem,
            StoreError::KeySourceAlready(_) | StoreError::BadOp { .. } => ErrorCode::InvalidInput,
            StoreError::AlreadyExists(_) => ErrorCode::AlreadyExists,
            StoreError::SchemaTooNew { .. }
            | StoreError::Damaged { .. }
            | StoreError::AppendOnly { .. }
            | StoreError::NotAppendOnly { .. }
            | StoreError::UnknownEntity(_)
            | StoreError::Waiting { .. }
            | StoreError::Clock(_)
            | StoreError::Io(_)
            | StoreError::NoRoomToRekey { .. }
            | StoreError::RekeyFailed { .. }
            | StoreError::RekeyUnconfirmed { .. }
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
