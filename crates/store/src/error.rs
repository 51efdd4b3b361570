//! What can go wrong in the store, each with the words that tell the user what to do.

use cordon_core::{HlcError, Invalid};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("cannot unlock: the passphrase is wrong; type it again (it is case-sensitive)")]
    WrongPassphrase,
    #[error(
        "cannot unlock: the key in the keychain does not open this workspace; restore the keychain entry from a backup, or restore the workspace from a Cordon backup"
    )]
    WrongKeychainKey,
    #[error(
        "cannot unlock: the keychain entry '{0}' is missing; restore it from your keychain backup, or restore the workspace from a Cordon backup"
    )]
    KeychainEntryMissing(String),
    #[error(
        "cannot unlock: the keychain entry '{0}' is damaged; restore it from your keychain backup"
    )]
    KeychainEntryDamaged(String),
    #[error(
        "the system keychain is not available ({0}); unlock the keychain, or use a passphrase instead"
    )]
    KeychainUnavailable(String),
    #[error("this workspace is protected by a passphrase; enter it to unlock")]
    PassphraseRequired,
    #[error(
        "a passphrase must be at least {} characters; a short sentence is easy to remember and hard to guess",
        crate::keys::MIN_PASSPHRASE_CHARS
    )]
    WeakPassphrase,
    #[error(
        "{path} is not a Cordon workspace ({why}); move it aside, or set CORDON_DATA_DIR to another folder"
    )]
    NotACordonDatabase { path: String, why: String },
    #[error(
        "cordon-keys.json is missing beside {0}; restore it from the backup of this folder, or the workspace cannot be opened"
    )]
    KeyFileMissing(String),
    #[error("cordon-keys.json cannot be used: {0}; restore it from the backup of this folder")]
    KeyFileCorrupt(String),
    #[error(
        "a workspace already exists in {0}; open it instead, or choose another folder with CORDON_DATA_DIR"
    )]
    AlreadyExists(String),
    #[error(
        "{key_file} is here but the workspace's database {database} is missing; restore cordon.db from your backup into that folder, or move {key_file} aside to start a new workspace there"
    )]
    KeyFileWithoutDatabase { key_file: String, database: String },
    #[error("{}", already_message(*.0))]
    KeySourceAlready(crate::keys::KeySource),
    #[error(
        "the key was not changed: re-keying needs about {needed_mb} MB free in {dir}, {available_mb} MB available; free space and try again"
    )]
    NoRoomToRekey {
        dir: String,
        needed_mb: u64,
        available_mb: u64,
    },
    #[error(
        "the key was not changed ({why}); the workspace still opens the way it did before; try again, and if it fails again, free disk space or restart the computer"
    )]
    RekeyFailed { why: String },
    #[error(
        "the key change could not be confirmed ({why}); Cordon kept both the old and the new way in and tries both when it opens: restart Cordon, and keep the old passphrase or keychain entry until it opens"
    )]
    RekeyUnconfirmed { why: String },
    #[error(
        "the workspace was written by a newer Cordon (schema {found}, this one knows {known}); update Cordon"
    )]
    SchemaTooNew { found: u32, known: u32 },
    #[error("no {entity} has id {id}; it may have been deleted, refresh the list")]
    NotFound { entity: &'static str, id: String },
    #[error(
        "{what} is damaged ({detail}); run `cordon doctor`, or restore the workspace from a backup"
    )]
    Damaged { what: String, detail: String },
    #[error("{entity} records are append-only; an operation that edits or deletes one is refused")]
    AppendOnly { entity: String },
    #[error(
        "{entity} is a document, not an append-only record; its operations upsert or delete it"
    )]
    NotAppendOnly { entity: String },
    #[error("the op log names an entity this version does not know ('{0}'); update Cordon")]
    UnknownEntity(String),
    /// A change received from another laptop (or an ops file) that cannot be taken; `at` is
    /// its place in the batch, counted from 1. Nothing of the batch was applied.
    #[error("change {at} of the batch is refused: {reason}; nothing from this batch was applied")]
    BadOp { at: usize, reason: String },
    /// A record some of whose changes have not arrived yet (they were written on a laptop
    /// this one has not heard from): it appears when they do.
    #[error(
        "{entity} {id} is not complete on this laptop yet: changes made elsewhere have not arrived; sync again"
    )]
    Waiting { entity: String, id: String },
    #[error("{0}")]
    Clock(#[from] HlcError),
    #[error("cannot use the data folder: {0}")]
    Io(String),
    #[error("the database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Turns a failed read of a stored record into `Damaged`, naming the record.
pub(crate) fn damaged<E: std::fmt::Display>(
    what: impl std::fmt::Display,
) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Damaged {
        what: what.to_string(),
        detail: e.to_string(),
    }
}

fn already_message(source: crate::keys::KeySource) -> &'static str {
    match source {
        crate::keys::KeySource::Passphrase => {
            "this workspace is already protected by a passphrase; to replace it use Change passphrase, which asks for the current one"
        }
        crate::keys::KeySource::Keychain => {
            "this workspace's key is already kept in the system keychain and has no passphrase; choose Switch to passphrase to set one"
        }
    }
}
