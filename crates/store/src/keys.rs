//! The database key and where it lives.
//!
//! The workspace is encrypted with a 256-bit key. In keychain mode the key is random and kept
//! in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager). In
//! passphrase mode it is derived from the passphrase with Argon2id and a per-workspace salt.
//! Which mode is in force, and the salt, are in `cordon-keys.json` beside the database: that
//! file holds no secret, only what is needed to find or derive the key.
//!
//! Keys are their own type: no Clone, no Serialize, a Debug that prints nothing, and the bytes
//! are zeroised when dropped.

use std::fmt;
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::StoreError;

pub const KEY_FILE_NAME: &str = "cordon-keys.json";
pub const KEY_FILE_FORMAT: u32 = 1;
const KEYCHAIN_SERVICE: &str = "Cordon";
/// A passphrase shorter than this is refused: the database is only as strong as it is.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// A key file is a few hundred bytes; anything much longer was not written by Cordon.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;
/// Argon2id settings Cordon will run (inclusive). Ours are 64 MiB, 3 passes, 1 lane; the
/// ceilings leave room to raise them while keeping one unlock within a laptop's means.
const KDF_MEMORY_KIB: (u32, u32) = (8 * 1024, 1024 * 1024);
const KDF_ITERATIONS: (u32, u32) = (1, 16);
const KDF_PARALLELISM: (u32, u32) = (1, 16);

/// The key SQLCipher opens the database with.
pub struct DbKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

impl DbKey {
    pub fn random() -> Result<DbKey, StoreError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        OsRng
            .try_fill_bytes(bytes.as_mut())
            .map_err(|e| StoreError::Io(format!("the system random source failed: {e}")))?;
        Ok(DbKey(bytes))
    }

    fn from_slice(bytes: &[u8]) -> Option<DbKey> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(DbKey(Zeroizing::new(arr)))
    }

    /// `PRAGMA key`/`rekey` with the raw key, so SQLCipher skips its own slow KDF.
    pub(crate) fn pragma(&self, verb: &str) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0.as_ref()));
        Zeroizing::new(format!("PRAGMA {verb} = \"x'{}'\";", hex.as_str()))
    }
}

/// A passphrase typed by the user; zeroised on drop and never printed.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Passphrase {
        Passphrase(Zeroizing::new(text.into()))
    }

    /// Refuses passphrases too weak to protect a workspace of client data.
    pub fn check_strength(&self) -> Result<(), StoreError> {
        if self.0.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(StoreError::WeakPassphrase);
        }
        Ok(())
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Keychain,
    Passphrase,
}

/// Argon2id settings, stored so they can be raised later without locking anyone out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kdf {
    pub algorithm: String,
    pub salt: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Kdf {
    /// OWASP's Argon2id baseline (64 MiB, 3 passes): about a third of a second here, paid once
    /// per unlock, not per query.
    pub fn fresh() -> Result<Kdf, StoreError> {
        let mut salt = [0u8; 16];
        OsRng
            .try_fill_bytes(&mut salt)
            .map_err(|e| StoreError::Io(format!("the system random source failed: {e}")))?;
        Ok(Kdf {
            algorithm: "argon2id".into(),
            salt: base64::engine::general_purpose::STANDARD.encode(salt),
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        })
    }

    /// Refuses settings no Cordon writes and that would make an unlock exhaust the memory or
    /// the patience of the laptop (an edited key file must not be a way to hang the app).
    fn check_bounds(&self, at: &str) -> Result<(), StoreError> {
        let field = |name: &str, value: u32, (lo, hi): (u32, u32)| {
            if (lo..=hi).contains(&value) {
                Ok(())
            } else {
                Err(StoreError::KeyFileCorrupt(format!(
                    "{at}.{name} is {value}, and Cordon accepts {lo} to {hi}"
                )))
            }
        };
        field("memory_kib", self.memory_kib, KDF_MEMORY_KIB)?;
        field("iterations", self.iterations, KDF_ITERATIONS)?;
        field("parallelism", self.parallelism, KDF_PARALLELISM)?;
        let salt_len = base64::engine::general_purpose::STANDARD
            .decode(&self.salt)
            .map(|s| s.len())
            .unwrap_or(0);
        if !(8..=64).contains(&salt_len) {
            return Err(StoreError::KeyFileCorrupt(format!(
                "{at}.salt is not 8 to 64 bytes of base64"
            )));
        }
        Ok(())
    }

    pub fn derive(&self, passphrase: &Passphrase) -> Result<DbKey, StoreError> {
        let corrupt = |why: &str| {
            StoreError::KeyFileCorrupt(format!("its passphrase settings are damaged ({why})"))
        };
        if self.algorithm != "argon2id" {
            return Err(corrupt("unknown algorithm"));
        }
        let salt = base64::engine::general_purpose::STANDARD
            .decode(&self.salt)
            .map_err(|_| corrupt("salt"))?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| corrupt("parameters"))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.0.as_bytes(), &salt, out.as_mut())
            .map_err(|_| corrupt("derivation"))?;
        Ok(DbKey(out))
    }
}

/// The sidecar that says how to find the key. Frozen by a golden test; `format` versions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    pub format: u32,
    pub workspace_id: String,
    pub key_source: KeySource,
    /// Present in passphrase mode.
    pub kdf: Option<Kdf>,
    /// While the key source is being switched, the previous way to the key. If the switch was
    /// interrupted between re-keying the database and rewriting this file, opening tries this
    /// too, so an interrupted switch never locks the user out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousKey {
    pub key_source: KeySource,
    pub kdf: Option<Kdf>,
}

impl KeyFile {
    pub fn read(dir: &Path) -> Result<Option<KeyFile>, StoreError> {
        let path = dir.join(KEY_FILE_NAME);
        let cannot_read =
            |e: std::io::Error| StoreError::Io(format!("cannot read {}: {e}", path.display()));
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(cannot_read(e)),
        };
        // One more byte than allowed tells a file that is too long from one that fits.
        let mut bytes = Vec::new();
        file.take(MAX_KEY_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
        KeyFile::parse(&bytes).map(Some)
    }

    /// The key file from its bytes: a valid key file, or `KeyFileCorrupt` saying what is wrong.
    pub fn parse(bytes: &[u8]) -> Result<KeyFile, StoreError> {
        let corrupt = |why: String| StoreError::KeyFileCorrupt(why);
        if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
            return Err(corrupt(format!(
                "it is longer than {MAX_KEY_FILE_BYTES} bytes, so it is not one Cordon wrote"
            )));
        }
        let text =
            std::str::from_utf8(bytes).map_err(|_| corrupt("it is not UTF-8 text".into()))?;
        let file: KeyFile = serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?;
        if file.format != KEY_FILE_FORMAT {
            return Err(corrupt(format!(
                "it is format {} and this version of Cordon reads format {KEY_FILE_FORMAT}; update Cordon",
                file.format
            )));
        }
        if let Some(kdf) = &file.kdf {
            kdf.check_bounds("kdf")?;
        }
        if let Some(kdf) = file.previous.as_ref().and_then(|p| p.kdf.as_ref()) {
            kdf.check_bounds("previous.kdf")?;
        }
        Ok(file)
    }

    /// Written to a temporary file, synced, then renamed over the old one, so a crash leaves
    /// either the old file or the new one, never half of each.
    pub fn write(&self, dir: &Path) -> Result<(), StoreError> {
        let path = dir.join(KEY_FILE_NAME);
        let tmp = dir.join(format!("{KEY_FILE_NAME}.tmp"));
        let io =
            |e: std::io::Error| StoreError::Io(format!("cannot write {}: {e}", path.display()));
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| StoreError::Io(e.to_string()))?;
        text.push('\n');
        let mut f = crate::files::create_private(&tmp).map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
        crate::files::rename_durably(&tmp, &path).map_err(io)?;
        Ok(())
    }
}

/// The workspace's entry in the OS keychain.
pub struct KeychainEntry {
    account: String,
}

impl KeychainEntry {
    pub fn for_workspace(workspace_id: &str) -> KeychainEntry {
        KeychainEntry {
            account: format!("workspace:{workspace_id}"),
        }
    }

    /// How the entry is named in the keychain, for messages that tell the user what to restore.
    pub fn label(&self) -> String {
        format!("{KEYCHAIN_SERVICE} / {}", self.account)
    }

    fn entry(&self) -> Result<keyring::Entry, StoreError> {
        keyring::Entry::new(KEYCHAIN_SERVICE, &self.account).map_err(keychain_unavailable)
    }

    pub fn get(&self) -> Result<DbKey, StoreError> {
        match self.entry()?.get_secret() {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                DbKey::from_slice(&bytes)
                    .ok_or_else(|| StoreError::KeychainEntryDamaged(self.label()))
            }
            Err(keyring::Error::NoEntry) => Err(StoreError::KeychainEntryMissing(self.label())),
            Err(e) => Err(keychain_unavailable(e)),
        }
    }

    pub fn set(&self, key: &DbKey) -> Result<(), StoreError> {
        self.entry()?
            .set_secret(key.0.as_ref())
            .map_err(keychain_unavailable)
    }

    pub fn delete(&self) -> Result<(), StoreError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_unavailable(e)),
        }
    }
}

/// Whether a keychain answers here. Looking up an entry that does not exist is the cheapest
/// question that proves the whole path (store initialised, daemon reachable, collection open).
pub fn keychain_available() -> bool {
    match keyring::Entry::new(KEYCHAIN_SERVICE, "probe:availability") {
        Ok(entry) => matches!(entry.get_secret(), Err(keyring::Error::NoEntry) | Ok(_)),
        Err(_) => false,
    }
}

fn keychain_unavailable(e: keyring::Error) -> StoreError {
    // The platform error can quote the request; keep only its kind so nothing secret is echoed.
    let kind = match e {
        keyring::Error::NoDefaultStore => "no keychain service is running",
        keyring::Error::NoStorageAccess(_) => "the keychain is locked or refused access",
        keyring::Error::PlatformFailure(_) => "the keychain service failed",
        _ => "the keychain refused the request",
    };
    StoreError::KeychainUnavailable(kind.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_print() {
        let key = DbKey::random().unwrap();
        assert_eq!(format!("{key:?}"), "DbKey(<redacted>)");
        assert_eq!(
            format!("{:?}", Passphrase::new("correct horse battery")),
            "Passphrase(<redacted>)"
        );
    }

    #[test]
    fn the_same_passphrase_and_salt_give_the_same_key_and_others_do_not() {
        let kdf = Kdf {
            memory_kib: 1024,
            iterations: 1,
            ..Kdf::fresh().unwrap()
        };
        let a = kdf
            .derive(&Passphrase::new("correct horse battery"))
            .unwrap();
        let b = kdf
            .derive(&Passphrase::new("correct horse battery"))
            .unwrap();
        let c = kdf
            .derive(&Passphrase::new("correct horse batterY"))
            .unwrap();
        assert_eq!(a.0.as_ref(), b.0.as_ref());
        assert_ne!(a.0.as_ref(), c.0.as_ref());
        let other_salt = Kdf {
            memory_kib: 1024,
            iterations: 1,
            ..Kdf::fresh().unwrap()
        };
        assert_ne!(
            other_salt
                .derive(&Passphrase::new("correct horse battery"))
                .unwrap()
                .0
                .as_ref(),
            a.0.as_ref()
        );
    }

    #[test]
    fn short_passphrases_are_refused() {
        assert!(matches!(
            Passphrase::new("hunter2").check_strength(),
            Err(StoreError::WeakPassphrase)
        ));
        assert!(Passphrase::new("twelve chars").check_strength().is_ok());
    }

    #[test]
    fn key_file_format_is_frozen() {
        let file = KeyFile {
            format: KEY_FILE_FORMAT,
            workspace_id: "0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b".into(),
            key_source: KeySource::Passphrase,
            kdf: Some(Kdf {
                algorithm: "argon2id".into(),
                salt: "AAECAwQFBgcICQoLDA0ODw==".into(),
                memory_kib: 65536,
                iterations: 3,
                parallelism: 1,
            }),
            previous: None,
        };
        let golden = r#"{"format":1,"workspace_id":"0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b","key_source":"passphrase","kdf":{"algorithm":"argon2id","salt":"AAECAwQFBgcICQoLDA0ODw==","memory_kib":65536,"iterations":3,"parallelism":1}}"#;
        assert_eq!(serde_json::to_string(&file).unwrap(), golden);
        assert_eq!(serde_json::from_str::<KeyFile>(golden).unwrap(), file);
    }

    #[test]
    fn a_key_file_from_the_future_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(KEY_FILE_NAME),
            r#"{"format":9,"workspace_id":"x","key_source":"keychain","kdf":null}"#,
        )
        .unwrap();
        let err = KeyFile::read(dir.path()).unwrap_err();
        assert!(err.to_string().contains("update Cordon"), "{err}");
    }
}
