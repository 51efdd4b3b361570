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
    include_str!("sql/0007_sync.sql"),
    include_str!("sql/0008_sync_account.sql"),
    include_str!("sql/0009_sync_all_clients.sql"),
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
    let Some(conn) = keyed(path, key, flags)? else {
        return Ok(None);
    };
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         -- FULL: a commit is on the disk when it returns, so an acknowledged write survives
         -- a power cut (NORMAL in WAL can lose the last commits). It costs an fsync per
         -- commit; docs/benchmarks.md has the figure.
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         -- Every page read from disk is decrypted and its HMAC checked: keep up to 64 MiB
         -- of decrypted pages. At 32 MiB, opening a few hundred incidents pushed the search
         -- index out and search took 92 ms at p50 on the 50,000-incident bench; at 64 MiB it
         -- stays in and search takes 8 ms (docs/benchmarks.md). It is a cap, not an
         -- allocation: a small workspace never fills it.
         PRAGMA cache_size = -65536;",
    )?;
    crate::search::prepare_session(&conn)?;
    Ok(Some(conn))
}

/// A connection that the key has been proven to open, having written nothing.
fn keyed(path: &Path, key: &DbKey, flags: OpenFlags) -> Result<Option<Connection>, StoreError> {
    let conn = Connection::open_with_flags(path, flags)?;
    // Before anything else: SQLCipher would otherwise print "hmac check failed" on a wrong key.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(key.pragma("key").as_str())?;
    // PRAGMA key always succeeds; the first read is what proves the key.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(Some(conn)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether `key` opens the file on disk, asked on a fresh connection (so nothing cached in
/// the working connection can answer for the disk) that writes nothing.
pub(crate) fn key_opens(path: &Path, key: &DbKey) -> Result<bool, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    Ok(keyed(path, key, flags)?.is_some())
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

/// Refuses to start a re-key that the disk has no room for. Rewriting every page in rollback
/// mode keeps a journal of the original pages, about the database's size, and checkpointing
/// the WAL first can grow the database by the WAL's size.
pub(crate) fn check_room_to_rekey(path: &Path) -> Result<(), StoreError> {
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let wal = size(&path.with_extension("db-wal"));
    let needed = size(path) + 2 * wal + SLACK_BYTES;
    let dir = path.parent().unwrap_or(Path::new("."));
    match crate::files::available_bytes(dir) {
        Some(available) if available < needed => Err(StoreError::NoRoomToRekey {
            dir: dir.display().to_string(),
            needed_mb: needed.div_ceil(1_000_000),
            available_mb: available / 1_000_000,
        }),
        _ => Ok(()),
    }
}

/// Room for SQLite's own bookkeeping beyond the pages themselves.
const SLACK_BYTES: u64 = 4 * 1024 * 1024;

/// Re-encrypts every page under a new key, and proves it on fresh connections: `Ok` means the
/// file on disk opens with `new` and no longer with `old`.
///
/// `PRAGMA rekey` answers OK even when its rewrite failed and was rolled back (a full disk, a
/// lock it could not get), so its answer is not trusted: only what a fresh connection sees.
/// SQLCipher cannot rekey a WAL database, so the journal is switched to rollback mode for the
/// duration (checkpointing the WAL first), with full syncing so the rewrite is on the disk
/// before anyone is told.
pub(crate) fn rekey(
    conn: &Connection,
    path: &Path,
    old: &DbKey,
    new: &DbKey,
) -> Result<(), StoreError> {
    let rewritten = conn
        .execute_batch(
            "PRAGMA wal_checkpoint(TRUNCATE);
             PRAGMA journal_mode = DELETE;
             PRAGMA synchronous = FULL;",
        )
        .and_then(|()| rewrite(conn, new));
    let opens_new = key_opens(path, new);
    let opens_old = key_opens(path, old);
    match (opens_new, opens_old) {
        (Ok(true), Ok(false)) => {
            // The file is under the new key whatever failed after the rewrite: say so, or
            // the caller would go back to the old key and lock the user out.
            let _ = conn.execute_batch("PRAGMA journal_mode = WAL;");
            Ok(())
        }
        (Ok(false), Ok(true)) => Err(StoreError::RekeyFailed {
            why: match rewritten {
                Err(e) => format!("the database refused the rewrite: {e}"),
                Ok(()) => "the rewrite did not reach the disk".into(),
            },
        }),
        (new, old) => Err(StoreError::RekeyUnconfirmed {
            why: match (new, old) {
                (Err(e), _) | (_, Err(e)) => format!("reading the file back failed: {e}"),
                (Ok(n), Ok(o)) => format!("the new key opens it: {n}, the old key opens it: {o}"),
            },
        }),
    }
}

fn rewrite(conn: &Connection, new: &DbKey) -> rusqlite::Result<()> {
    #[cfg(test)]
    if fault::REWRITE_ROLLED_BACK.get() {
        return Ok(());
    }
    conn.execute_batch(new.pragma("rekey").as_str())
}

pub(crate) fn cipher_version(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?)
}

/// Faults a test can inject into a re-key on its own thread.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;

    thread_local! {
        /// What SQLCipher does when its rewrite is rolled back: answers OK, changes nothing.
        pub(crate) static REWRITE_ROLLED_BACK: Cell<bool> = const { Cell::new(false) };
        /// What the file system says is free, instead of asking it.
        pub(crate) static AVAILABLE_BYTES: Cell<Option<u64>> = const { Cell::new(None) };
    }
}
