//! The default engine: one SQLite file in `--data DIR`, nothing else to install. One
//! connection behind a mutex: a push is a short IMMEDIATE transaction, so writers queue.

use std::path::Path;
use std::sync::Mutex;

use cordon_sync::api;
use cordon_sync::wire::BatchHeader;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};

use crate::storage::{Caller, NewDevice, Pushed, Redeemed, Storage, StorageError};

pub struct Sqlite {
    conn: Mutex<Connection>,
}

impl Sqlite {
    pub fn open(dir: &Path) -> Result<Sqlite, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError(format!("cannot create {}: {e}", dir.display())))?;
        let conn = Connection::open(dir.join("cordon-server.sqlite3"))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
        )?;
        conn.execute_batch(include_str!("schema_sqlite.sql"))?;
        Ok(Sqlite {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic mid-statement leaves nothing half-written (SQLite rolls back): go on.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Storage for Sqlite {
    fn create_team(&self, team: &str, name: &str, now: &str) -> Result<(), StorageError> {
        self.lock().execute(
            "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![team, name, now],
        )?;
        Ok(())
    }

    fn add_invite(
        &self,
        team: &str,
        code_hash: &str,
        admin: bool,
        expires_at: &str,
    ) -> Result<(), StorageError> {
        self.lock().execute(
            "INSERT INTO invites (code_hash, team, admin, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![code_hash, team, admin, expires_at],
        )?;
        Ok(())
    }

    fn redeem(&self, code_hash: &str, d: &NewDevice, now: &str) -> Result<Redeemed, StorageError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let invite: Option<(String, bool, String, Option<String>)> = tx
            .query_row(
                "SELECT team, admin, expires_at, used_by FROM invites WHERE code_hash = ?1",
                [code_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((team, admin, expires_at, used_by)) = invite else {
            return Ok(Redeemed::Unknown);
        };
        if used_by.is_some() {
            return Ok(Redeemed::Used);
        }
        if expires_at.as_str() <= now {
            return Ok(Redeemed::Expired);
        }
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE team = ?1 AND id = ?2)",
            params![team, d.device],
            |r| r.get(0),
        )?;
        if taken {
            return Ok(Redeemed::DeviceTaken);
        }
        if let Some(key) = &d.recovery {
            let team_key: Option<String> = tx
                .query_row(
                    "SELECT public_key FROM devices WHERE team = ?1 AND id = 'recovery'",
                    [&team],
                    |r| r.get(0),
                )
                .optional()?;
            if team_key.as_ref() != Some(key) {
                return Ok(Redeemed::RecoveryMismatch);
            }
        }
        let first: bool = tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM devices WHERE team = ?1)",
            [&team],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO devices (team, id, name, public_key, admin, token_hash, joined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![team, d.device, d.name, d.public_key, admin, d.token_hash, now],
        )?;
        tx.execute(
            "UPDATE invites SET used_by = ?2 WHERE code_hash = ?1",
            params![code_hash, d.device],
        )?;
        let team_name: String =
            tx.query_row("SELECT name FROM teams WHERE id = ?1", [&team], |r| {
                r.get(0)
            })?;
        tx.commit()?;
        Ok(Redeemed::Joined {
            team,
            team_name,
            admin,
            first,
        })
    }

    fn caller(&self, token_hash: &str, now: &str) -> Result<Option<Caller>, StorageError> {
        let conn = self.lock();
        let found = conn
            .query_row(
                "SELECT team, id, admin, revoked_at IS NOT NULL FROM devices WHERE token_hash = ?1",
                [token_hash],
                |r| {
                    Ok(Caller {
                        team: r.get(0)?,
                        device: r.get(1)?,
                        admin: r.get(2)?,
                        revoked: r.get(3)?,
                    })
                },
            )
            .optional()?;
        if let Some(c) = &found {
            // To the minute: every request reads the caller, few need to write.
            conn.execute(
                "UPDATE devices SET last_seen_at = ?3 WHERE team = ?1 AND id = ?2
                 AND (last_seen_at IS NULL OR substr(last_seen_at, 1, 16) <> substr(?3, 1, 16))",
                params![c.team, c.device, now],
            )?;
        }
        Ok(found)
    }

    fn devices(&self, team: &str) -> Result<Vec<api::Device>, StorageError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT id, name, public_key, admin, joined_at, last_seen_at, revoked_at,
                    (SELECT group_concat(g.scope, ' ') FROM grants g JOIN scopes s
                        ON s.team = g.team AND s.id = g.scope AND s.epoch = g.epoch
                        WHERE g.team = d.team AND g.device = d.id)
             FROM devices d WHERE team = ?1 ORDER BY joined_at, id",
        )?;
        let rows = stmt.query_map([team], |r| {
            let scopes: Option<String> = r.get(7)?;
            let mut scopes: Vec<String> = scopes
                .unwrap_or_default()
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            scopes.sort();
            Ok(api::Device {
                device: r.get(0)?,
                name: r.get(1)?,
                public_key: r.get(2)?,
                admin: r.get(3)?,
                joined_at: r.get(4)?,
                last_seen_at: r.get(5)?,
                revoked_at: r.get(6)?,
                scopes,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn grant(&self, team: &str, grants: &[api::Grant], now: &str) -> Result<(), StorageError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for g in grants {
            tx.execute(
                "INSERT INTO grants (team, device, scope, epoch, wrapped, granted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (team, device, scope, epoch) DO UPDATE SET wrapped = excluded.wrapped",
                params![team, g.device, g.scope, g.epoch, g.wrapped, now],
            )?;
            tx.execute(
                "INSERT INTO scopes (team, id, epoch) VALUES (?1, ?2, ?3)
                 ON CONFLICT (team, id) DO UPDATE SET epoch = max(epoch, excluded.epoch)",
                params![team, g.scope, g.epoch],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn keys(&self, team: &str, device: &str) -> Result<Vec<api::Grant>, StorageError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT device, scope, epoch, wrapped FROM grants WHERE team = ?1 AND device = ?2 ORDER BY scope, epoch",
        )?;
        let rows = stmt.query_map(params![team, device], |r| {
            Ok(api::Grant {
                device: r.get(0)?,
                scope: r.get(1)?,
                epoch: r.get(2)?,
                wrapped: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn scopes(&self, team: &str, device: &str) -> Result<Vec<String>, StorageError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT g.scope FROM grants g JOIN scopes s ON s.team = g.team AND s.id = g.scope AND s.epoch = g.epoch
             WHERE g.team = ?1 AND g.device = ?2 ORDER BY 1",
        )?;
        let rows = stmt.query_map(params![team, device], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn status(&self, team: &str, scopes: &[String]) -> Result<api::Status, StorageError> {
        let conn = self.lock();
        let mut out = api::Status::default();
        for scope in scopes {
            let epoch: u32 = conn.query_row(
                "SELECT epoch FROM scopes WHERE team = ?1 AND id = ?2",
                params![team, scope],
                |r| r.get(0),
            )?;
            let mut stmt = conn.prepare_cached(
                "SELECT device, last_seq FROM streams WHERE team = ?1 AND scope = ?2",
            )?;
            let devices = stmt
                .query_map(params![team, scope], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let newest: Option<i64> = conn.query_row(
                "SELECT max(n) FROM batches WHERE team = ?1 AND scope = ?2",
                params![team, scope],
                |r| r.get(0),
            )?;
            out.newest = out.newest.max(newest.unwrap_or(0));
            out.scopes.insert(
                scope.clone(),
                api::ScopeStatus {
                    epoch,
                    newest: newest.unwrap_or(0),
                    devices,
                },
            );
        }
        Ok(out)
    }

    fn push(&self, h: &BatchHeader, frame: &[u8], now: &str) -> Result<Pushed, StorageError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let epoch: Option<u32> = tx
            .query_row(
                "SELECT epoch FROM scopes WHERE team = ?1 AND id = ?2",
                params![h.team, h.scope],
                |r| r.get(0),
            )
            .optional()?;
        let Some(epoch) = epoch else {
            return Ok(Pushed::UnknownScope);
        };
        if epoch != h.epoch {
            return Ok(Pushed::StaleEpoch { current: epoch });
        }
        let last: i64 = tx
            .query_row(
                "SELECT last_seq FROM streams WHERE team = ?1 AND scope = ?2 AND device = ?3",
                params![h.team, h.scope, h.device],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        if h.last_seq <= last {
            return Ok(Pushed::Known);
        }
        if h.prev_last_seq != last {
            return Ok(Pushed::Overlap {
                server_last_seq: last,
            });
        }
        let prev: i64 = tx.query_row(
            "SELECT coalesce(max(n), 0) FROM batches WHERE team = ?1 AND scope = ?2",
            params![h.team, h.scope],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO batches (team, scope, device, first_seq, last_seq, frame, stored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![h.team, h.scope, h.device, h.first_seq, h.last_seq, frame, now],
        )?;
        let n = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO streams (team, scope, device, last_seq) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (team, scope, device) DO UPDATE SET last_seq = excluded.last_seq",
            params![h.team, h.scope, h.device, h.last_seq],
        )?;
        tx.commit()?;
        Ok(Pushed::Stored { n, prev })
    }

    fn pull(
        &self,
        team: &str,
        scope: &str,
        after: i64,
        limit: usize,
        max_bytes: usize,
    ) -> Result<Vec<(i64, Vec<u8>)>, StorageError> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT n, frame FROM batches WHERE team = ?1 AND scope = ?2 AND n > ?3 ORDER BY n LIMIT ?4",
        )?;
        let rows = stmt
            .query_map(params![team, scope, after, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<Vec<(i64, Vec<u8>)>, _>>()?;
        Ok(crate::storage::page(rows, max_bytes))
    }

    fn revoke(
        &self,
        team: &str,
        device: &str,
        now: &str,
    ) -> Result<Option<Vec<String>>, StorageError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, ?3) WHERE team = ?1 AND id = ?2",
            params![team, device, now],
        )?;
        if n == 0 {
            return Ok(None);
        }
        let mut stmt = tx.prepare(
            "SELECT g.scope FROM grants g JOIN scopes s ON s.team = g.team AND s.id = g.scope AND s.epoch = g.epoch
             WHERE g.team = ?1 AND g.device = ?2 ORDER BY 1",
        )?;
        let scopes = stmt
            .query_map(params![team, device], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        tx.commit()?;
        Ok(Some(scopes))
    }

    fn put_chunk(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
        idx: u32,
        total: u32,
        data: &[u8],
    ) -> Result<(), StorageError> {
        self.lock().execute(
            "INSERT INTO blob_chunks (team, scope, blob, idx, total, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT DO NOTHING",
            params![team, scope, blob, idx, total, data],
        )?;
        Ok(())
    }

    fn manifest(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
    ) -> Result<api::BlobManifest, StorageError> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT idx, total FROM blob_chunks WHERE team = ?1 AND scope = ?2 AND blob = ?3 ORDER BY idx",
        )?;
        let rows: Vec<(u32, u32)> = stmt
            .query_map(params![team, scope, blob], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(api::BlobManifest {
            total: rows.iter().map(|(_, t)| *t).max().unwrap_or(0),
            present: rows.into_iter().map(|(i, _)| i).collect(),
        })
    }

    fn chunk(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
        idx: u32,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT data FROM blob_chunks WHERE team = ?1 AND scope = ?2 AND blob = ?3 AND idx = ?4",
                params![team, scope, blob, idx],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn set_recovery(&self, team: &str, public_key: &str, now: &str) -> Result<bool, StorageError> {
        let n = self.lock().execute(
            "INSERT INTO devices (team, id, name, public_key, admin, token_hash, joined_at)
             VALUES (?1, 'recovery', 'Recovery phrase', ?2, 0, 'none:' || ?1, ?3)
             ON CONFLICT DO NOTHING",
            params![team, public_key, now],
        )?;
        Ok(n == 1)
    }

    fn teams(&self) -> Result<Vec<(String, String)>, StorageError> {
        let conn = self.lock();
        let mut stmt = conn.prepare("SELECT id, name FROM teams ORDER BY created_at")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
