//! Creating, unlocking and re-keying a workspace.
//!
//! Invariants: a database file at its final path is complete and has a key file beside it;
//! a failed unlock writes nothing; switching how the key is kept re-keys the database, and at
//! every instant some key the user can supply still opens it (see `KeyFile::previous`).

use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::SecondsFormat;
use cordon_core::{Clock, DeviceId};
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::error::StoreError;
use crate::keys::{
    DbKey, KEY_FILE_FORMAT, Kdf, KeyFile, KeySource, KeychainEntry, Passphrase, PreviousKey,
};
use crate::{DB_FILE_NAME, Store, db};

/// What is in a data folder before anything is unlocked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirState {
    /// No workspace yet: the first run.
    Empty,
    /// A workspace whose key is kept as `key_source` says.
    Existing { key_source: KeySource },
}

/// How a new workspace's key is to be kept.
pub enum KeyChoice {
    Keychain,
    Passphrase(Passphrase),
}

pub fn probe(dir: &Path) -> Result<DirState, StoreError> {
    let db_path = dir.join(DB_FILE_NAME);
    if !db_path.exists() {
        return Ok(DirState::Empty);
    }
    if let Some(why) = db::foreign_file_reason(&db_path)? {
        return Err(StoreError::NotACordonDatabase {
            path: db_path.display().to_string(),
            why,
        });
    }
    let key_file = KeyFile::read(dir)?
        .ok_or_else(|| StoreError::KeyFileMissing(db_path.display().to_string()))?;
    Ok(DirState::Existing {
        key_source: key_file.key_source,
    })
}

fn new_uuid(clock: &dyn Clock) -> Uuid {
    let ms = clock.now().timestamp_millis().max(0) as u64;
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        ms / 1000,
        ((ms % 1000) * 1_000_000) as u32,
    ))
}

fn create_dir_private(dir: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))
}

impl Store {
    /// Creates a new, empty workspace in `dir`.
    pub fn create(
        dir: &Path,
        choice: KeyChoice,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let db_path = dir.join(DB_FILE_NAME);
        if db_path.exists() {
            return Err(StoreError::AlreadyExists(dir.display().to_string()));
        }
        create_dir_private(dir)?;
        let workspace_id = new_uuid(clock.as_ref()).to_string();
        let device = DeviceId::from_uuid(new_uuid(clock.as_ref()));

        let (key, key_file) = match choice {
            KeyChoice::Keychain => {
                let key = DbKey::random()?;
                KeychainEntry::for_workspace(&workspace_id).set(&key)?;
                (
                    key,
                    KeyFile {
                        format: KEY_FILE_FORMAT,
                        workspace_id: workspace_id.clone(),
                        key_source: KeySource::Keychain,
                        kdf: None,
                        previous: None,
                    },
                )
            }
            KeyChoice::Passphrase(passphrase) => {
                passphrase.check_strength()?;
                let kdf = Kdf::fresh()?;
                let key = kdf.derive(&passphrase)?;
                (
                    key,
                    KeyFile {
                        format: KEY_FILE_FORMAT,
                        workspace_id: workspace_id.clone(),
                        key_source: KeySource::Passphrase,
                        kdf: Some(kdf),
                        previous: None,
                    },
                )
            }
        };

        // Built under a temporary name and moved into place only when complete, so a crash
        // here never leaves a half-made workspace that looks real.
        let building = dir.join(format!("{DB_FILE_NAME}.creating"));
        remove_db_files(&building);
        {
            let mut conn = db::open_with_key(&building, &key, true)?
                .ok_or_else(|| StoreError::Io("a new database refused its own key".into()))?;
            db::migrate(&mut conn)?;
            let now = clock.now().to_rfc3339_opts(SecondsFormat::Millis, true);
            conn.execute(
                "INSERT INTO workspace (id, workspace_id, device_id, created_at) VALUES (1, ?1, ?2, ?3)",
                params![workspace_id, device.to_string(), now],
            )?;
            conn.execute(
                "INSERT INTO clock (id, wall_ms, counter) VALUES (1, 0, 0)",
                [],
            )?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        }
        key_file.write(dir)?;
        fs::rename(&building, &db_path)
            .map_err(|e| StoreError::Io(format!("cannot move the new database into place: {e}")))?;
        let conn = db::open_with_key(&db_path, &key, false)?
            .ok_or_else(|| StoreError::Io("the new database refused its own key".into()))?;
        Store::assemble(dir, conn, key_file, clock)
    }

    /// Unlocks the workspace in `dir`: from the keychain, or with `passphrase` when the
    /// workspace is passphrase-protected. A failure leaves the file untouched.
    pub fn open(
        dir: &Path,
        passphrase: Option<Passphrase>,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let db_path = dir.join(DB_FILE_NAME);
        match probe(dir)? {
            DirState::Empty => {
                return Err(StoreError::Io(format!(
                    "there is no workspace in {}; create one first",
                    dir.display()
                )));
            }
            DirState::Existing { .. } => {}
        }
        let mut key_file = KeyFile::read(dir)?
            .ok_or_else(|| StoreError::KeyFileMissing(db_path.display().to_string()))?;
        let (mut conn, opened_by_previous) = unlock(&db_path, &key_file, passphrase.as_ref())?;

        // Finish or undo a key switch that was interrupted: the key that opened the file
        // says which side of the re-key the database is on.
        if let Some(previous) = key_file.previous.take() {
            if opened_by_previous {
                key_file.key_source = previous.key_source;
                key_file.kdf = previous.kdf;
            }
            key_file.write(dir)?;
        }

        db::migrate(&mut conn)?;
        Store::assemble(dir, conn, key_file, clock)
    }

    fn assemble(
        dir: &Path,
        conn: Connection,
        key_file: KeyFile,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let (workspace_id, device): (String, String) = conn.query_row(
            "SELECT workspace_id, device_id FROM workspace WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let device = device
            .parse()
            .map_err(|_| StoreError::Io("the workspace's device id is damaged".into()))?;
        Ok(Store {
            conn: Mutex::new(conn),
            dir: dir.to_path_buf(),
            device,
            workspace_id,
            key_file: Mutex::new(key_file),
            clock,
        })
    }

    /// Protects the workspace with a passphrase instead of the keychain, re-keying it.
    pub fn switch_to_passphrase(&self, passphrase: Passphrase) -> Result<(), StoreError> {
        passphrase.check_strength()?;
        let kdf = Kdf::fresh()?;
        let key = kdf.derive(&passphrase)?;
        let old = self.current_key_file();
        self.rekey_to(&key, KeySource::Passphrase, Some(kdf))?;
        if old.key_source == KeySource::Keychain {
            // Only after the file no longer needs it; a leftover entry would be harmless anyway.
            KeychainEntry::for_workspace(&self.workspace_id).delete()?;
        }
        Ok(())
    }

    /// Keeps the key in the OS keychain instead of deriving it from a passphrase. The current
    /// passphrase is asked for so that nobody at an unlocked laptop can remove it.
    pub fn switch_to_keychain(&self, current: Passphrase) -> Result<(), StoreError> {
        self.confirm_passphrase(&current)?;
        let key = DbKey::random()?;
        KeychainEntry::for_workspace(&self.workspace_id).set(&key)?;
        self.rekey_to(&key, KeySource::Keychain, None)
    }

    pub fn change_passphrase(
        &self,
        current: Passphrase,
        next: Passphrase,
    ) -> Result<(), StoreError> {
        self.confirm_passphrase(&current)?;
        next.check_strength()?;
        let kdf = Kdf::fresh()?;
        let key = kdf.derive(&next)?;
        self.rekey_to(&key, KeySource::Passphrase, Some(kdf))
    }

    fn current_key_file(&self) -> KeyFile {
        self.key_file
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn confirm_passphrase(&self, passphrase: &Passphrase) -> Result<(), StoreError> {
        let current = self.current_key_file();
        let kdf = match (current.key_source, current.kdf) {
            (KeySource::Passphrase, Some(kdf)) => kdf,
            _ => {
                return Err(StoreError::Io(
                    "this workspace has no passphrase; it is kept in the keychain".into(),
                ));
            }
        };
        let key = kdf.derive(passphrase)?;
        match db::open_with_key(&self.database_path(), &key, false)? {
            Some(_) => Ok(()),
            None => Err(StoreError::WrongPassphrase),
        }
    }

    /// The three steps that keep the workspace openable throughout: record the new way to the
    /// key with the old one as `previous`, re-key, then drop `previous`.
    fn rekey_to(&self, key: &DbKey, source: KeySource, kdf: Option<Kdf>) -> Result<(), StoreError> {
        let old = self.current_key_file();
        let mut next = KeyFile {
            format: KEY_FILE_FORMAT,
            workspace_id: self.workspace_id.clone(),
            key_source: source,
            kdf,
            previous: Some(PreviousKey {
                key_source: old.key_source,
                kdf: old.kdf.clone(),
            }),
        };
        next.write(&self.dir)?;
        let conn = self.lock();
        if let Err(e) = db::rekey(&conn, key) {
            // The database still has the old key: put the old key file back.
            old.write(&self.dir)?;
            return Err(e);
        }
        next.previous = None;
        next.write(&self.dir)?;
        *self.key_file.lock().unwrap_or_else(|p| p.into_inner()) = next;
        Ok(())
    }
}

/// Tries each way to the key that the key file names; returns the connection and whether the
/// `previous` way opened it.
fn unlock(
    db_path: &Path,
    key_file: &KeyFile,
    passphrase: Option<&Passphrase>,
) -> Result<(Connection, bool), StoreError> {
    let mut ways = vec![(key_file.key_source, key_file.kdf.clone(), false)];
    if let Some(p) = &key_file.previous {
        ways.push((p.key_source, p.kdf.clone(), true));
    }
    let mut needs_passphrase = false;
    let mut wrong_passphrase = false;
    let mut keychain_error = None;
    for (source, kdf, is_previous) in ways {
        let key = match (source, kdf, passphrase) {
            (KeySource::Keychain, _, _) => {
                match KeychainEntry::for_workspace(&key_file.workspace_id).get() {
                    Ok(key) => key,
                    Err(e) => {
                        keychain_error = Some(e);
                        continue;
                    }
                }
            }
            (KeySource::Passphrase, Some(kdf), Some(p)) => kdf.derive(p)?,
            (KeySource::Passphrase, Some(_), None) => {
                needs_passphrase = true;
                continue;
            }
            (KeySource::Passphrase, None, _) => {
                return Err(StoreError::KeyFileCorrupt(
                    "passphrase mode without passphrase settings".into(),
                ));
            }
        };
        match db::open_with_key(db_path, &key, false)? {
            Some(conn) => return Ok((conn, is_previous)),
            None if source == KeySource::Passphrase => wrong_passphrase = true,
            None => keychain_error = Some(StoreError::WrongKeychainKey),
        }
    }
    Err(if wrong_passphrase {
        StoreError::WrongPassphrase
    } else if needs_passphrase {
        StoreError::PassphraseRequired
    } else {
        keychain_error.unwrap_or(StoreError::WrongKeychainKey)
    })
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
