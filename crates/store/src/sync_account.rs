//! This laptop's membership of a sync team (migration 8): the server, its token, the device's
//! secret key and the team's keys, and how far each scope was pulled. Local only, never an op:
//! what a laptop holds of the team is its own, and it all stays inside the SQLCipher file.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, params};
use zeroize::Zeroizing;

use crate::Store;
use crate::error::StoreError;
use crate::ingest::Ingested;
use crate::oplog::Op;

/// The team this workspace belongs to.
pub struct SyncAccount {
    pub server: String,
    pub team: String,
    pub team_name: String,
    pub token: Zeroizing<String>,
    pub device_secret: Zeroizing<Vec<u8>>,
    pub admin: bool,
    pub joined_at: String,
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
    /// The server's last seq per (scope id, device) as of the last sync.
    pub last_status: BTreeMap<String, BTreeMap<String, i64>>,
}

impl std::fmt::Debug for SyncAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncAccount")
            .field("server", &self.server)
            .field("team", &self.team)
            .field("admin", &self.admin)
            .finish_non_exhaustive()
    }
}

/// An evidence file a record says was kept: whose it is, and whether this laptop holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// The client the evidence belongs to.
    pub scope: String,
    pub sha256: String,
    pub here: bool,
}

/// A key of the team as stored: by scope id on the server, per epoch.
pub struct StoredKey {
    pub scope: String,
    pub epoch: u32,
    pub key: Zeroizing<Vec<u8>>,
}

impl Store {
    pub fn sync_account(&self) -> Result<Option<SyncAccount>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT server, team, team_name, token, device_secret, admin, joined_at, last_sync_at, last_error, last_status
                     FROM sync_account WHERE one = 1",
                    [],
                    |r| {
                        let status: Option<String> = r.get(9)?;
                        Ok(SyncAccount {
                            server: r.get(0)?,
                            team: r.get(1)?,
                            team_name: r.get(2)?,
                            token: Zeroizing::new(r.get(3)?),
                            device_secret: Zeroizing::new(r.get(4)?),
                            admin: r.get(5)?,
                            joined_at: r.get(6)?,
                            last_sync_at: r.get(7)?,
                            last_error: r.get(8)?,
                            last_status: status
                                .and_then(|s| serde_json::from_str(&s).ok())
                                .unwrap_or_default(),
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Joins a team: the account and the device's secret, in one row.
    pub fn set_sync_account(&self, a: &SyncAccount) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.execute(
                "INSERT INTO sync_account (one, server, team, team_name, token, device_secret, admin, joined_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![a.server, a.team, a.team_name, a.token.as_str(), a.device_secret.as_slice(), a.admin, a.joined_at],
            )?;
            Ok(())
        })
    }

    /// How the last sync ended, and what the server held then.
    pub fn record_sync(
        &self,
        at: &str,
        error: Option<&str>,
        status: Option<&BTreeMap<String, BTreeMap<String, i64>>>,
    ) -> Result<(), StoreError> {
        self.read(|conn| {
            let status = status.map(|s| serde_json::to_string(s).expect("a map serialises"));
            conn.execute(
                "UPDATE sync_account SET last_error = ?2,
                    last_sync_at = CASE WHEN ?2 IS NULL THEN ?1 ELSE last_sync_at END,
                    last_status = coalesce(?3, last_status) WHERE one = 1",
                params![at, error, status],
            )?;
            Ok(())
        })
    }

    /// Leaves the team: the account, the keys and the pull cursors go; the records stay.
    pub fn forget_sync(&self) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.execute_batch(
                "BEGIN IMMEDIATE; DELETE FROM sync_account; DELETE FROM sync_keys; DELETE FROM sync_pulled; DELETE FROM sync_devices; COMMIT;",
            )?;
            Ok(())
        })
    }

    pub fn sync_keys(&self) -> Result<Vec<StoredKey>, StoreError> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare("SELECT scope, epoch, key FROM sync_keys ORDER BY scope, epoch")?;
            let rows = stmt.query_map([], |r| {
                Ok(StoredKey {
                    scope: r.get(0)?,
                    epoch: r.get(1)?,
                    key: Zeroizing::new(r.get(2)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    pub fn put_sync_key(&self, scope: &str, epoch: u32, key: &[u8]) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.execute(
                "INSERT INTO sync_keys (scope, epoch, key) VALUES (?1, ?2, ?3)
                 ON CONFLICT (scope, epoch) DO UPDATE SET key = excluded.key",
                params![scope, epoch, key],
            )?;
            Ok(())
        })
    }

    /// The last batch number applied for a scope id (0: none yet).
    pub fn pulled(&self, scope: &str) -> Result<i64, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT after FROM sync_pulled WHERE scope = ?1",
                    [scope],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0))
        })
    }

    /// Takes a pulled batch in and moves the scope's cursor past it, in one transaction: a
    /// kill before the commit leaves neither, after it both.
    pub fn ingest_pulled(
        &self,
        ops: &[Op],
        scope: &str,
        number: i64,
    ) -> Result<Ingested, StoreError> {
        self.ingest_marking(ops, Some((scope, number)))
    }

    /// Moves a scope's pull cursor from `prev` to `n` (a batch this laptop pushed itself),
    /// only if it stands at `prev`: otherwise another laptop's batch came between, and the
    /// pull fetches both.
    pub fn skip_pulled(&self, scope: &str, prev: i64, n: i64) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.execute(
                "UPDATE sync_pulled SET after = ?3 WHERE scope = ?1 AND after = ?2",
                params![scope, prev, n],
            )?;
            conn.execute(
                "INSERT INTO sync_pulled (scope, after) SELECT ?1, ?3 WHERE ?2 = 0
                 ON CONFLICT (scope) DO NOTHING",
                params![scope, prev, n],
            )?;
            Ok(())
        })
    }

    /// Per (scope, device), the highest seq this log holds: what a push compares with the
    /// server's status.
    pub fn streams(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT scope, device_id, max(seq) FROM op_log GROUP BY 1, 2 ORDER BY 1, 2",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// One device's ops above `after`, in seq order, at most `limit`, each with its scope and
    /// already as its JSON line in the wire form `Op` reads: SQLite builds it, so a push does
    /// not parse every op's fields and serialise them again (a first upload is about a hundred
    /// megabytes of them).
    pub fn device_lines(
        &self,
        device: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(String, i64, String)>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT scope, seq, json_object('op', op_id, 'device', device_id, 'seq', seq,
                        'hlc', hlc, 'scope', scope, 'v', format, 'entity', entity,
                        'id', entity_id, 'kind', kind, 'fields', json(fields), 'base', base)
                 FROM op_log WHERE device_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![device, after, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// How many ops of a (scope, device) are above `after`: what is still waiting to be pushed.
    pub fn stream_count(&self, scope: &str, device: &str, after: i64) -> Result<i64, StoreError> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT count(*) FROM op_log WHERE scope = ?1 AND device_id = ?2 AND seq > ?3",
                params![scope, device, after],
                |r| r.get(0),
            )?)
        })
    }
}

impl Store {
    /// Every evidence file kept with its record, once per (client, hash).
    pub fn evidence_files(&self) -> Result<Vec<EvidenceFile>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT DISTINCT i.client_id, json_extract(e.doc, '$.sha256') AS sha,
                        EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = json_extract(e.doc, '$.sha256'))
                 FROM evidence e JOIN incidents i ON i.id = e.incident_id
                 WHERE json_extract(e.doc, '$.content_stored') = 1
                 ORDER BY 1, 2",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(EvidenceFile {
                    scope: r.get(0)?,
                    sha256: r.get(1)?,
                    here: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A kept file's bytes.
    pub fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row("SELECT data FROM blobs WHERE sha256 = ?1", [sha256], |r| {
                    r.get(0)
                })
                .optional()?)
        })
    }

    /// Keeps a file that arrived from another laptop, once its bytes hash to `sha256`.
    pub fn put_blob(&self, sha256: &str, data: &[u8]) -> Result<(), StoreError> {
        if crate::sha256_hex(data) != sha256 {
            return Err(StoreError::Damaged {
                what: "a file that arrived from the sync server".into(),
                detail: format!("its bytes do not hash to the {sha256} its evidence record names"),
            });
        }
        self.read(|conn| {
            conn.execute(
                "INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?1, ?2)",
                params![sha256, data],
            )?;
            Ok(())
        })
    }

    /// Remembers a device whose fingerprint the admin checked.
    pub fn approve_sync_device(
        &self,
        device: &str,
        public_key: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.execute(
                "INSERT INTO sync_devices (device, public_key, approved_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (device) DO UPDATE SET public_key = excluded.public_key, approved_at = excluded.approved_at",
                params![device, public_key, at],
            )?;
            Ok(())
        })
    }

    /// Whether an approved device receives every client, those made later included.
    pub fn set_sync_device_all_clients(&self, device: &str, all: bool) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.execute(
                "UPDATE sync_devices SET all_clients = ?2 WHERE device = ?1",
                params![device, all],
            )?;
            Ok(())
        })
    }

    /// The approved devices that receive every client, and their public keys (hex).
    pub fn all_clients_sync_devices(&self) -> Result<BTreeMap<String, String>, StoreError> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare("SELECT device, public_key FROM sync_devices WHERE all_clients = 1")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Approved devices and their public keys (hex).
    pub fn approved_sync_devices(&self) -> Result<BTreeMap<String, String>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT device, public_key FROM sync_devices")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

pub(crate) fn mark_pulled(
    tx: &rusqlite::Transaction<'_>,
    scope: &str,
    number: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sync_pulled (scope, after) VALUES (?1, ?2)
         ON CONFLICT (scope) DO UPDATE SET after = max(after, excluded.after)",
        params![scope, number],
    )?;
    Ok(())
}
