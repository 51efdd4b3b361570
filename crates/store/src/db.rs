//! Opening the encrypted database: the key first, then the settings, then a read that proves
//! the key is right. Nothing is written to the file until that read has succeeded, so a wrong
//! key or a foreign file leaves the bytes on disk exactly as they were.

use std::fs;
use std::io::Read as _;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::StoreError;
use crate::keys::DbKey;

/// Migrations in order. Append only: a shipped migration is never edited.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_plans.sql"),
    include_str!("sql/0003_assets.sql"),
    include_str!("sql/0004_incidents.sql"),
    include_str!("sql/0005_exercises.sql"),
    include_str!("sql/0006_exercise_search.sql"),
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The migrations' SQL, for the benchmark's plain-SQLite baseline (same schema, no key).
#[doc(hidden)]
pub fn migrations_sql() -> &'static [&'static str] {
    MIGRATIONS
}

/// SQLite's plain-text header: an encrypted Cordon file must never start with it.
const PLAIN_SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Why a file that exists cannot be ours, judged from its first bytes alone.
pub(crate) fn foreign_file_reason(path: &Path) -> Result<Option<String>, StoreError> {
    let mut head = [0u8; 16];
    let mut f = fs::File::open(path)
        .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", path.display())))?;
    let n = f
        .read(&mut head)
        .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", path.display())))?;
    if n == 16 && &head == PLAIN_SQLITE_HEADER {
        return Ok(Some("it is a plain, unencrypted SQLite file".into()));
    }
    if n < 16 {
        return Ok(Some("it is too short to be an encrypted database".into()));
    }
    Ok(None)
}

/// Opens and unlocks; `Ok(None)` means the key does not open this file.
pub(crate) fn open_with_key(
    path: &Path,
    key: &DbKey,
    create: bool,
) -> Result<Option<Connection>, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // Before anything else: SQLCipher would otherwise print "hmac check failed" on a wrong key.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(key.pragma("key").as_str())?;
    // PRAGMA key always succeeds; the first read is what proves the key.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         -- Every page read from disk is decrypted and its HMAC checked: keep up to 64 MiB
         -- of decrypted pages. At 32 MiB, opening a few hundred incidents pushed the search
         -- index out and search took 92 ms at p50 on the 50,000-incident bench; at 64 MiB it
         -- stays in and search takes 8 ms (docs/benchmarks.md). It is a cap, not an
         -- allocation: a small workspace never fills it.
         PRAGMA cache_size = -65536;",
    )?;
    Ok(Some(conn))
}

/// Applies the migrations this file has not had yet, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as u32)?;
        tx.commit()?;
    }
    Ok(())
}

/// Re-encrypts every page under a new key. SQLCipher cannot rekey a WAL database in place, so
/// the journal is switched to rollback mode for the duration (checkpointing the WAL first).
pub(crate) fn rekey(conn: &Connection, new_key: &DbKey) -> Result<(), StoreError> {
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
    conn.execute_batch(new_key.pragma("rekey").as_str())?;
    conn.execute_batch("PRAGMA journal_mode = WAL;")?;
    Ok(())
}

pub(crate) fn cipher_version(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?)
}
