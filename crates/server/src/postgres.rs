//! The PostgreSQL engine: several `cordon-server` processes may share one database. Every
//! write that must follow another takes a row lock (the invitation, the scope), so two
//! processes cannot both redeem one invitation or both extend one sequence; a batch's number
//! is drawn while its scope is locked, so within a scope numbers are in commit order and a
//! pull that resumes after number N never misses a batch committed later with a lower one.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use cordon_sync::api;
use cordon_sync::wire::BatchHeader;
use postgres::{Client, NoTls};

use crate::storage::{Caller, NewDevice, Pushed, Redeemed, Storage, StorageError};

const CONNECTIONS: usize = 4;

pub struct Postgres {
    pool: Vec<Mutex<Client>>,
    next: AtomicUsize,
}

impl Postgres {
    pub fn connect(url: &str) -> Result<Postgres, StorageError> {
        let mut pool = Vec::new();
        for _ in 0..CONNECTIONS {
            pool.push(Mutex::new(Client::connect(url, NoTls)?));
        }
        {
            let mut c = pool[0].lock().unwrap_or_else(|p| p.into_inner());
            // Two servers starting at once must not both create the tables.
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock(7321)", &[])?;
            tx.batch_execute(include_str!("schema_postgres.sql"))?;
            tx.commit()?;
        }
        Ok(Postgres {
            pool,
            next: AtomicUsize::new(0),
        })
    }

    fn client(&self) -> std::sync::MutexGuard<'_, Client> {
        // Try each connection once without waiting, then wait on the next in turn.
        for _ in 0..self.pool.len() {
            let i = self.next.fetch_add(1, Ordering::Relaxed) % self.pool.len();
            if let Ok(c) = self.pool[i].try_lock() {
                return c;
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.pool.len();
        self.pool[i].lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Storage for Postgres {
    fn create_team(&self, team: &str, name: &str, now: &str) -> Result<(), StorageError> {
        self.client().execute(
            "INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)",
            &[&team, &name, &now],
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
        self.client().execute(
            "INSERT INTO invites (code_hash, team, admin, expires_at) VALUES ($1, $2, $3, $4)",
            &[&code_hash, &team, &admin, &expires_at],
        )?;
        Ok(())
    }

    fn redeem(&self, code_hash: &str, d: &NewDevice, now: &str) -> Result<Redeemed, StorageError> {
        let mut c = self.client();
        let mut tx = c.transaction()?;
        let Some(row) = tx.query_opt(
            "SELECT team, admin, expires_at, used_by FROM invites WHERE code_hash = $1 FOR UPDATE",
            &[&code_hash],
        )?
        else {
            return Ok(Redeemed::Unknown);
        };
        let (team, admin, expires_at, used_by): (String, bool, String, Option<String>) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        if used_by.is_some() {
            return Ok(Redeemed::Used);
        }
        if expires_at.as_str() <= now {
            return Ok(Redeemed::Expired);
        }
        let taken: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM devices WHERE team = $1 AND id = $2)",
                &[&team, &d.device],
            )?
            .get(0);
        if taken {
            return Ok(Redeemed::DeviceTaken);
        }
        if let Some(key) = &d.recovery {
            let team_key: Option<String> = tx
                .query_opt(
                    "SELECT public_key FROM devices WHERE team = $1 AND id = 'recovery'",
                    &[&team],
                )?
                .map(|r| r.get(0));
            if team_key.as_ref() != Some(key) {
                return Ok(Redeemed::RecoveryMismatch);
            }
        }
        // The team row is locked so that two admin invitations redeemed at once on two servers
        // cannot both be the team's first device.
        tx.execute("SELECT 1 FROM teams WHERE id = $1 FOR UPDATE", &[&team])?;
        let first: bool = tx
            .query_one(
                "SELECT NOT EXISTS (SELECT 1 FROM devices WHERE team = $1)",
                &[&team],
            )?
            .get(0);
        tx.execute(
            "INSERT INTO devices (team, id, name, public_key, admin, token_hash, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&team, &d.device, &d.name, &d.public_key, &admin, &d.token_hash, &now],
        )?;
        tx.execute(
            "UPDATE invites SET used_by = $2 WHERE code_hash = $1",
            &[&code_hash, &d.device],
        )?;
        let team_name: String = tx
            .query_one("SELECT name FROM teams WHERE id = $1", &[&team])?
            .get(0);
        tx.commit()?;
        Ok(Redeemed::Joined {
            team,
            team_name,
            admin,
            first,
        })
    }

    fn caller(&self, token_hash: &str, now: &str) -> Result<Option<Caller>, StorageError> {
        let mut c = self.client();
        let Some(row) = c.query_opt(
            "SELECT team, id, admin, revoked_at IS NOT NULL, last_seen_at FROM devices WHERE token_hash = $1",
            &[&token_hash],
        )?
        else {
            return Ok(None);
        };
        let caller = Caller {
            team: row.get(0),
            device: row.get(1),
            admin: row.get(2),
            revoked: row.get(3),
        };
        // To the minute: every request reads the caller, few need to write.
        let seen: Option<String> = row.get(4);
        if seen.as_deref().map(|s| s.get(..16)) != Some(now.get(..16)) {
            c.execute(
                "UPDATE devices SET last_seen_at = $3 WHERE team = $1 AND id = $2",
                &[&caller.team, &caller.device, &now],
            )?;
        }
        Ok(Some(caller))
    }

    fn devices(&self, team: &str) -> Result<Vec<api::Device>, StorageError> {
        let rows = self.client().query(
            "SELECT id, name, public_key, admin, joined_at, last_seen_at, revoked_at,
                    coalesce((SELECT string_agg(g.scope, ' ' ORDER BY g.scope) FROM grants g JOIN scopes s
                        ON s.team = g.team AND s.id = g.scope AND s.epoch = g.epoch
                        WHERE g.team = d.team AND g.device = d.id), '')
             FROM devices d WHERE team = $1 ORDER BY joined_at, id",
            &[&team],
        )?;
        Ok(rows
            .iter()
            .map(|r| api::Device {
                device: r.get(0),
                name: r.get(1),
                public_key: r.get(2),
                admin: r.get(3),
                joined_at: r.get(4),
                last_seen_at: r.get(5),
                revoked_at: r.get(6),
                scopes: r
                    .get::<_, String>(7)
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
            .collect())
    }

    fn grant(&self, team: &str, grants: &[api::Grant], now: &str) -> Result<(), StorageError> {
        let mut c = self.client();
        let mut tx = c.transaction()?;
        for g in grants {
            let epoch = i64::from(g.epoch);
            tx.execute(
                "INSERT INTO grants (team, device, scope, epoch, wrapped, granted_at) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (team, device, scope, epoch) DO UPDATE SET wrapped = excluded.wrapped",
                &[&team, &g.device, &g.scope, &epoch, &g.wrapped, &now],
            )?;
            tx.execute(
                "INSERT INTO scopes (team, id, epoch) VALUES ($1, $2, $3)
                 ON CONFLICT (team, id) DO UPDATE SET epoch = greatest(scopes.epoch, excluded.epoch)",
                &[&team, &g.scope, &epoch],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn keys(&self, team: &str, device: &str) -> Result<Vec<api::Grant>, StorageError> {
        let rows = self.client().query(
            "SELECT device, scope, epoch, wrapped FROM grants WHERE team = $1 AND device = $2 ORDER BY scope, epoch",
            &[&team, &device],
        )?;
        Ok(rows
            .iter()
            .map(|r| api::Grant {
                device: r.get(0),
                scope: r.get(1),
                epoch: r.get::<_, i64>(2) as u32,
                wrapped: r.get(3),
            })
            .collect())
    }

    fn scopes(&self, team: &str, device: &str) -> Result<Vec<String>, StorageError> {
        let rows = self.client().query(
            "SELECT g.scope FROM grants g JOIN scopes s ON s.team = g.team AND s.id = g.scope AND s.epoch = g.epoch
             WHERE g.team = $1 AND g.device = $2 ORDER BY 1",
            &[&team, &device],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn status(&self, team: &str, scopes: &[String]) -> Result<api::Status, StorageError> {
        let mut c = self.client();
        let mut out = api::Status::default();
        for scope in scopes {
            let epoch: i64 = c
                .query_one(
                    "SELECT epoch FROM scopes WHERE team = $1 AND id = $2",
                    &[&team, scope],
                )?
                .get(0);
            let devices = c
                .query(
                    "SELECT device, last_seq FROM streams WHERE team = $1 AND scope = $2",
                    &[&team, scope],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let newest: Option<i64> = c
                .query_one(
                    "SELECT max(n) FROM batches WHERE team = $1 AND scope = $2",
                    &[&team, scope],
                )?
                .get(0);
            out.newest = out.newest.max(newest.unwrap_or(0));
            out.scopes.insert(
                scope.clone(),
                api::ScopeStatus {
                    epoch: epoch as u32,
                    newest: newest.unwrap_or(0),
                    devices,
                },
            );
        }
        Ok(out)
    }

    fn push(&self, h: &BatchHeader, frame: &[u8], now: &str) -> Result<Pushed, StorageError> {
        let mut c = self.client();
        let mut tx = c.transaction()?;
        let Some(row) = tx.query_opt(
            "SELECT epoch FROM scopes WHERE team = $1 AND id = $2 FOR UPDATE",
            &[&h.team, &h.scope],
        )?
        else {
            return Ok(Pushed::UnknownScope);
        };
        let epoch = row.get::<_, i64>(0) as u32;
        if epoch != h.epoch {
            return Ok(Pushed::StaleEpoch { current: epoch });
        }
        let last: i64 = tx
            .query_opt(
                "SELECT last_seq FROM streams WHERE team = $1 AND scope = $2 AND device = $3",
                &[&h.team, &h.scope, &h.device],
            )?
            .map(|r| r.get(0))
            .unwrap_or(0);
        if h.last_seq <= last {
            return Ok(Pushed::Known);
        }
        if h.prev_last_seq != last {
            return Ok(Pushed::Overlap {
                server_last_seq: last,
            });
        }
        let prev: i64 = tx
            .query_one(
                "SELECT coalesce(max(n), 0) FROM batches WHERE team = $1 AND scope = $2",
                &[&h.team, &h.scope],
            )?
            .get(0);
        let n: i64 = tx
            .query_one(
                "INSERT INTO batches (team, scope, device, first_seq, last_seq, frame, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING n",
                &[&h.team, &h.scope, &h.device, &h.first_seq, &h.last_seq, &frame, &now],
            )?
            .get(0);
        tx.execute(
            "INSERT INTO streams (team, scope, device, last_seq) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team, scope, device) DO UPDATE SET last_seq = excluded.last_seq",
            &[&h.team, &h.scope, &h.device, &h.last_seq],
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
        let rows = self.client().query(
            "SELECT n, frame FROM batches WHERE team = $1 AND scope = $2 AND n > $3 ORDER BY n LIMIT $4",
            &[&team, &scope, &after, &(limit as i64)],
        )?;
        Ok(crate::storage::page(
            rows.iter().map(|r| (r.get(0), r.get(1))),
            max_bytes,
        ))
    }

    fn revoke(
        &self,
        team: &str,
        device: &str,
        now: &str,
    ) -> Result<Option<Vec<String>>, StorageError> {
        let mut c = self.client();
        let mut tx = c.transaction()?;
        let n = tx.execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, $3) WHERE team = $1 AND id = $2",
            &[&team, &device, &now],
        )?;
        if n == 0 {
            return Ok(None);
        }
        let scopes = tx
            .query(
                "SELECT g.scope FROM grants g JOIN scopes s ON s.team = g.team AND s.id = g.scope AND s.epoch = g.epoch
                 WHERE g.team = $1 AND g.device = $2 ORDER BY 1",
                &[&team, &device],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
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
        self.client().execute(
            "INSERT INTO blob_chunks (team, scope, blob, idx, total, data) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT DO NOTHING",
            &[&team, &scope, &blob, &i64::from(idx), &i64::from(total), &data],
        )?;
        Ok(())
    }

    fn manifest(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
    ) -> Result<api::BlobManifest, StorageError> {
        let rows = self.client().query(
            "SELECT idx, total FROM blob_chunks WHERE team = $1 AND scope = $2 AND blob = $3 ORDER BY idx",
            &[&team, &scope, &blob],
        )?;
        Ok(api::BlobManifest {
            total: rows
                .iter()
                .map(|r| r.get::<_, i64>(1) as u32)
                .max()
                .unwrap_or(0),
            present: rows.iter().map(|r| r.get::<_, i64>(0) as u32).collect(),
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
            .client()
            .query_opt(
                "SELECT data FROM blob_chunks WHERE team = $1 AND scope = $2 AND blob = $3 AND idx = $4",
                &[&team, &scope, &blob, &i64::from(idx)],
            )?
            .map(|r| r.get(0)))
    }

    fn set_recovery(&self, team: &str, public_key: &str, now: &str) -> Result<bool, StorageError> {
        let n = self.client().execute(
            "INSERT INTO devices (team, id, name, public_key, admin, token_hash, joined_at)
             VALUES ($1, 'recovery', 'Recovery phrase', $2, false, 'none:' || $1, $3)
             ON CONFLICT DO NOTHING",
            &[&team, &public_key, &now],
        )?;
        Ok(n == 1)
    }

    fn teams(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = self
            .client()
            .query("SELECT id, name FROM teams ORDER BY created_at", &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}
