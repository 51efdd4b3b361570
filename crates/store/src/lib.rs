//! Cordon's encrypted local store. One SQLCipher database per workspace, opened with a raw
//! 256-bit key kept in the OS keychain or derived from a passphrase; append-only migrations;
//! and a single write path (`Store::write`) that records every change in the op log, stamped
//! by a persisted hybrid logical clock, in the same transaction as the table change.
//!
//! Each aggregate has its own module that adds methods to `Store` and keeps its SQL beside
//! them (`clients`). Key handling is in `keys`, opening and migrating in `db`, the write path
//! in `oplog`, and creating, unlocking and re-keying a workspace in `lifecycle`.

mod assets;
mod clients;
mod conflicts;
mod db;
mod doc;
mod error;
mod exercises;
pub mod files;
mod incidents;
mod ingest;
pub mod keys;
mod lifecycle;
pub mod oplog;
pub mod ops_file;
mod plans;
mod registry;
#[cfg(test)]
mod rekey_tests;
mod search;
mod settings;
mod sync_account;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use cordon_core::{Clock, DeviceId};
use rusqlite::Connection;

pub use conflicts::RecordConflict;
pub use cordon_core::digest::sha256_hex;
pub use db::{SCHEMA_VERSION, migrations_sql};
pub use error::StoreError;
pub use exercises::ExerciseRecords;
pub use incidents::{ClockRecords, IncidentContext, IncidentFilter, IncidentRecords};
pub use ingest::{ClockAhead, Ingested};
pub use keys::{KeySource, Passphrase};
pub use lifecycle::{DirState, KeyChoice, probe};
pub use oplog::{Change, Op, Writer};
pub use registry::RECORD_TABLES;
pub use sync_account::{StoredKey, SyncAccount};

/// File name of the database inside the data folder.
pub const DB_FILE_NAME: &str = "cordon.db";

/// An open, unlocked workspace.
pub struct Store {
    conn: Mutex<Connection>,
    dir: PathBuf,
    device: DeviceId,
    workspace_id: String,
    key_file: Mutex<keys::KeyFile>,
    clock: Arc<dyn Clock>,
}

/// What Settings and `cordon doctor` show about the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreInfo {
    pub data_dir: PathBuf,
    pub database_path: PathBuf,
    pub cipher_version: String,
    pub sqlite_version: String,
    pub key_source: KeySource,
    pub schema_version: u32,
    pub workspace_id: String,
    pub device_id: DeviceId,
}

impl Store {
    /// Runs `f` in one write transaction. Everything it records lands together or not at all:
    /// an `Err` from `f`, or a failure while committing, rolls back the ops and the tables.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut writer = Writer::begin(
            tx,
            (registry::apply, registry::scope_of),
            self.device,
            self.clock.now(),
        )?;
        let value = f(&mut writer)?;
        writer.commit()?;
        Ok(value)
    }

    /// Runs `f` against the database for reading.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        f(&self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the transaction rolls back
        // when dropped), so the poisoned connection is still safe to use.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DB_FILE_NAME)
    }

    pub fn device_id(&self) -> DeviceId {
        self.device
    }

    pub fn info(&self) -> Result<StoreInfo, StoreError> {
        let conn = self.lock();
        let schema_version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(StoreInfo {
            data_dir: self.dir.clone(),
            database_path: self.database_path(),
            cipher_version: db::cipher_version(&conn)?,
            sqlite_version: rusqlite::version().to_owned(),
            key_source: self
                .key_file
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .key_source,
            schema_version,
            workspace_id: self.workspace_id.clone(),
            device_id: self.device,
        })
    }

    /// SQLite's and SQLCipher's own checks; `Ok(vec![])` means every page is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.lock();
        let mut problems = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// The op log, oldest first; `entity_id` narrows it to one record.
    pub fn ops(&self, entity_id: Option<&str>) -> Result<Vec<Op>, StoreError> {
        oplog::read_ops(&self.lock(), entity_id)
    }
}
