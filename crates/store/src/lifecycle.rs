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
    DbKey, KEY_FILE_FORMAT, KEY_FILE_NAME, Kdf, KeyFile, KeySource, KeychainEntry, Passphrase,
    PreviousKey,
};
use crate::{DB_FILE_NAME, Store, db, files};

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
        refuse_orphan_key_file(dir)?;
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

fn make_private(dir: &Path) -> Result<(), StoreError> {
    files::make_private(dir)
        .map_err(|e| StoreError::Io(format!("cannot make {} private: {e}", dir.display())))
}

/// A key file with no database beside it is a workspace whose database was moved or lost:
/// its salt is the only way back into that database, so nothing may write over it. The one
/// exception is a creation cut short between writing the key file and moving the new,
/// still-empty database into place, which `create` leaves as `cordon.db.creating`.
fn refuse_orphan_key_file(dir: &Path) -> Result<(), StoreError> {
    let key_file = dir.join(KEY_FILE_NAME);
    if key_file.exists() && !building_path(dir).exists() {
        return Err(StoreError::KeyFileWithoutDatabase {
            key_file: key_file.display().to_string(),
            database: dir.join(DB_FILE_NAME).display().to_string(),
        });
    }
    Ok(())
}

fn building_path(dir: &Path) -> std::path::PathBuf {
    dir.join(format!("{DB_FILE_NAME}.creating"))
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
        refuse_orphan_key_file(dir)?;
        make_private(dir)?;
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
        let building = building_path(dir);
        remove_db_files(&building);
        files::create_private(&building)
            .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", building.display())))?;
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
        files::rename_durably(&building, &db_path)
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
        // Before the key is tried, so that a folder restored or made with loose modes is
        // private again even if this unlock fails; modes are not content, nothing is written.
        make_private(dir)?;
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

    /// Protects the workspace with a passphrase instead of the keychain, re-keying it. A
    /// workspace that already has a passphrase is refused: replacing it must go through
    /// `change_passphrase`, which asks for the current one.
    pub fn switch_to_passphrase(&self, passphrase: Passphrase) -> Result<(), StoreError> {
        let entry = KeychainEntry::for_workspace(&self.workspace_id);
        if self.current_key_file().key_source != KeySource::Keychain {
            return Err(StoreError::KeySourceAlready(KeySource::Passphrase));
        }
        passphrase.check_strength()?;
        let old = entry.get()?;
        let kdf = Kdf::fresh()?;
        let key = kdf.derive(&passphrase)?;
        self.rekey_to(&old, &key, KeySource::Passphrase, Some(kdf))?;
        // Only once a fresh connection has proven the new key and refused the old one.
        entry.delete()
    }

    /// Keeps the key in the OS keychain instead of deriving it from a passphrase. The current
    /// passphrase is asked for so that nobody at an unlocked laptop can remove it.
    pub fn switch_to_keychain(&self, current: Passphrase) -> Result<(), StoreError> {
        let old = self.confirm_passphrase(&current)?;
        let key = DbKey::random()?;
        let entry = KeychainEntry::for_workspace(&self.workspace_id);
        entry.set(&key)?;
        let switched = self.rekey_to(&old, &key, KeySource::Keychain, None);
        if let Err(StoreError::RekeyFailed { .. }) = &switched {
            // Proven unused: the file still opens with the passphrase alone.
            let _ = entry.delete();
        }
        switched
    }

    pub fn change_passphrase(
        &self,
        current: Passphrase,
        next: Passphrase,
    ) -> Result<(), StoreError> {
        let old = self.confirm_passphrase(&current)?;
        next.check_strength()?;
        let kdf = Kdf::fresh()?;
        let key = kdf.derive(&next)?;
        self.rekey_to(&old, &key, KeySource::Passphrase, Some(kdf))
    }

    fn current_key_file(&self) -> KeyFile {
        self.key_file
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The key the current passphrase gives, once it is proven to open the file.
    fn confirm_passphrase(&self, passphrase: &Passphrase) -> Result<DbKey, StoreError> {
        let current = self.current_key_file();
        let kdf = match (current.key_source, current.kdf) {
            (KeySource::Passphrase, Some(kdf)) => kdf,
            _ => return Err(StoreError::KeySourceAlready(KeySource::Keychain)),
        };
        let key = kdf.derive(passphrase)?;
        if db::key_opens(&self.database_path(), &key)? {
            Ok(key)
        } else {
            Err(StoreError::WrongPassphrase)
        }
    }

    /// Re-keys so that the workspace opens at every instant with some key the user can
    /// supply: record the new way with the old one as `previous`, re-key and prove it on
    /// fresh connections, and only then drop `previous`. When the proof fails, the old way
    /// stays (alone if the old key is proven to still open the file, beside the new one
    /// otherwise) and the working connection is reopened from the disk.
    fn rekey_to(
        &self,
        old_key: &DbKey,
        key: &DbKey,
        source: KeySource,
        kdf: Option<Kdf>,
    ) -> Result<(), StoreError> {
        let path = self.database_path();
        db::check_room_to_rekey(&path)?;
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
        let mut conn = self.lock();
        match db::rekey(&conn, &path, old_key, key) {
            Ok(()) => {}
            Err(e @ StoreError::RekeyFailed { .. }) => {
                old.write(&self.dir)?;
                // Whatever SQLCipher holds in memory, the disk has the old key: work from it.
                if let Ok(Some(fresh)) = db::open_with_key(&path, old_key, false) {
                    *conn = fresh;
                }
                return Err(e);
            }
            // Unconfirmed: `next` keeps both ways, and opening tries both.
            Err(e) => return Err(e),
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
