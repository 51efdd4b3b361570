//! Ops from other laptops: how a replica takes a batch of them and ends up with the tables
//! every other replica holding the same ops has, whatever order and batches they came in.
//!
//! A batch is checked whole before anything is written, then taken in one transaction: the ops
//! it brings that this log lacks are kept exactly as written (id, device, seq, HLC, scope),
//! their clocks observed, and folded into the tables. Appended records are a union by id.
//! A document is folded from all its ops in HLC order by the merge rules of
//! `cordon_core::merge`: when the new ops are all newer than what the record had, they are laid
//! on the stored row as a local write would be; when one is older, the record is refolded from
//! its whole history, so that late arrival changes nothing. A record whose first op has not
//! arrived waits in the log, and appears when it does.

use std::collections::{BTreeMap, HashSet};

use cordon_core::{DeviceId, Hlc, HlcError};
use rusqlite::{OptionalExtension as _, Transaction, TransactionBehavior, params};
use serde_json::{Map, Value};

use crate::Store;
use crate::error::StoreError;
use crate::oplog::{Change, FORMAT, OP_COLUMNS, Op, insert_op, op_row};
use crate::registry;

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ingested {
    /// Ops this log did not have.
    pub new: usize,
    /// Ops it already had (sent twice, or its own coming back).
    pub known: usize,
    /// Records that wait for changes that have not arrived.
    pub waiting: usize,
    /// Devices whose clocks run ahead of this one's by more than `WARN_DRIFT_MS`.
    pub clocks_ahead: Vec<ClockAhead>,
}

/// A device whose changes are stamped ahead of this computer's clock: accepted up to
/// `MAX_DRIFT_MS`, and named so that someone sets its date and time right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockAhead {
    pub device: String,
    pub ahead_ms: u64,
}

impl Store {
    /// Takes a batch of ops from another replica, all or nothing (see the module docs).
    pub fn ingest(&self, ops: &[Op]) -> Result<Ingested, StoreError> {
        self.ingest_until(ops, None)
    }

    /// As `ingest`, failing after `fail_after` new ops have been applied: how the tests kill a
    /// replica in the middle of a batch and check that nothing of it is kept.
    #[doc(hidden)]
    pub fn ingest_until(
        &self,
        ops: &[Op],
        fail_after: Option<usize>,
    ) -> Result<Ingested, StoreError> {
        self.ingest_checked(ops, fail_after, None)
    }

    /// As `ingest`, also moving a sync cursor in the same transaction.
    pub(crate) fn ingest_marking(
        &self,
        ops: &[Op],
        mark: Option<(&str, i64)>,
    ) -> Result<Ingested, StoreError> {
        self.ingest_checked(ops, None, mark)
    }

    fn ingest_checked(
        &self,
        ops: &[Op],
        fail_after: Option<usize>,
        mark: Option<(&str, i64)>,
    ) -> Result<Ingested, StoreError> {
        for (i, op) in ops.iter().enumerate() {
            check(op).map_err(|reason| StoreError::BadOp { at: i + 1, reason })?;
        }
        let now_ms = self.clock.now().timestamp_millis().max(0) as u64;
        let mut conn = self.lock();
        // A batch dirties about as many pages as it brings: past the cache (64 MiB), SQLite
        // writes dirty pages to the WAL mid-transaction and the hot ones (index interiors) again
        // and again. Up to 256 MiB for the batch, then the usual cap; measured in the ingest
        // bench (10.9 s → 7.9 s for 106k ops).
        conn.execute_batch("PRAGMA cache_spill = 65536;")?;
        let done = self.ingest_in(&mut conn, ops, fail_after, mark, now_ms);
        // 1 pages, which SQLite reads as "at the cache size": the usual cap again.
        conn.execute_batch("PRAGMA cache_spill = 1;")?;
        done
    }

    /// The ops that pass `check`, taken in one transaction on `conn` (see `ingest_until`).
    fn ingest_in(
        &self,
        conn: &mut rusqlite::Connection,
        ops: &[Op],
        fail_after: Option<usize>,
        mark: Option<(&str, i64)>,
        now_ms: u64,
    ) -> Result<Ingested, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (wall_ms, counter): (i64, i64) =
            tx.query_row("SELECT wall_ms, counter FROM clock WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let mut last = Hlc {
            wall_ms: wall_ms as u64,
            counter: counter as u32,
            device: self.device,
        };
        let mut out = Ingested::default();
        let mut fresh = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let bad = |reason: String| StoreError::BadOp { at: i + 1, reason };
            let held: Option<String> = tx
                .prepare_cached("SELECT op_id FROM op_log WHERE device_id = ?1 AND seq = ?2")?
                .query_row(params![op.device_id, op.seq], |r| r.get(0))
                .optional()?;
            match held {
                Some(id) if id == op.op_id => {
                    out.known += 1;
                    continue;
                }
                Some(_) => {
                    return Err(bad(format!(
                        "device {} already sent a different change numbered {}: its history forked (was it restored from a backup, or copied to a second laptop?); give that laptop a new device id",
                        op.device_id, op.seq
                    )));
                }
                None => {}
            }
            if op.device_id == self.device.to_string() {
                return Err(bad(format!(
                    "change {} claims to come from this laptop, which never wrote it: another laptop uses this laptop's device id",
                    op.seq
                )));
            }
            let remote: Hlc = op.hlc.parse().map_err(|e: HlcError| bad(e.to_string()))?;
            last = Hlc::observe(&last, &remote, now_ms).map_err(|e| bad(e.to_string()))?;
            let ahead_ms = remote.ahead_of(now_ms);
            if ahead_ms > cordon_core::hlc::WARN_DRIFT_MS {
                match out
                    .clocks_ahead
                    .iter_mut()
                    .find(|c| c.device == op.device_id)
                {
                    Some(c) => c.ahead_ms = c.ahead_ms.max(ahead_ms),
                    None => out.clocks_ahead.push(ClockAhead {
                        device: op.device_id.clone(),
                        ahead_ms,
                    }),
                }
            }
            insert_op(&tx, op).map_err(|e| match e {
                StoreError::Sqlite(_) => bad(format!(
                    "its id {} is already used by another change in this workspace",
                    op.op_id
                )),
                other => other,
            })?;
            fresh.push(op);
        }
        out.new = fresh.len();
        out.waiting = fold(&tx, &fresh, fail_after)?;
        tx.execute(
            "UPDATE clock SET wall_ms = ?1, counter = ?2 WHERE id = 1",
            params![last.wall_ms as i64, last.counter as i64],
        )?;
        if let Some((scope, number)) = mark {
            crate::sync_account::mark_pulled(&tx, scope, number)?;
        }
        crate::search::flush(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The ops this log has that `cursor` had not counted, oldest first: a cursor is the
    /// highest seq seen per device (`cursor()`), so `ops export --since` sends only what is new.
    pub fn ops_since(&self, cursor: &BTreeMap<String, i64>) -> Result<Vec<Op>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {OP_COLUMNS} FROM op_log ORDER BY hlc, device_id, seq"
            ))?;
            let rows = stmt.query_map([], op_row)?;
            let mut out = Vec::new();
            for op in rows {
                let op = op?;
                if cursor.get(&op.device_id).is_none_or(|seen| op.seq > *seen) {
                    out.push(op);
                }
            }
            Ok(out)
        })
    }

    /// The highest seq this log holds per device: what to ask the next export to skip.
    pub fn cursor(&self) -> Result<BTreeMap<String, i64>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT device_id, max(seq) FROM op_log GROUP BY 1")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// Whether an op can be taken at all, before anything is written.
fn check(op: &Op) -> Result<(), String> {
    if uuid::Uuid::parse_str(&op.op_id).is_err() {
        return Err(format!("its id '{}' is not a UUID", op.op_id));
    }
    let device: DeviceId = op
        .device_id
        .parse()
        .map_err(|_| format!("its device '{}' is not a device id", op.device_id))?;
    if op.seq < 1 {
        return Err(format!("its seq is {}; sequences start at 1", op.seq));
    }
    let hlc: Hlc = op.hlc.parse().map_err(|e: HlcError| e.to_string())?;
    if hlc.device != device {
        return Err(format!(
            "its clock stamp names device {}, not the device {} that sent it",
            hlc.device, op.device_id
        ));
    }
    if op.format == 0 || op.format > FORMAT {
        return Err(format!(
            "it was written in format {} and this Cordon reads formats 1 to {FORMAT}; update Cordon",
            op.format
        ));
    }
    if !registry::knows(&op.entity) {
        return Err(format!(
            "it changes a '{}', which this version does not know; update Cordon",
            op.entity
        ));
    }
    if op.entity_id.is_empty() || op.scope.is_empty() {
        return Err("its record id or its scope is empty".into());
    }
    let document = registry::DOCUMENTS.contains(&op.entity.as_str());
    match (op.kind.as_str(), document) {
        ("upsert", true) if op.fields.is_object() => Ok(()),
        ("upsert", true) => Err("an upsert's fields must be an object".into()),
        ("delete", true) | ("append", false) => Ok(()),
        (kind, _) => Err(format!("'{kind}' is not how a {} changes", op.entity)),
    }
}

/// Folds newly kept ops into the tables (see the module docs); returns how many records wait.
/// `replayed` folds a whole log through here, so `doctor` checks exactly this.
pub(crate) fn fold(
    tx: &Transaction<'_>,
    fresh: &[&Op],
    fail_after: Option<usize>,
) -> Result<usize, StoreError> {
    let mut order: Vec<&Op> = fresh.to_vec();
    order.sort_by(|a, b| {
        (registry::rank(&a.entity), &a.hlc).cmp(&(registry::rank(&b.entity), &b.hlc))
    });
    // Each document once, at its first op in the order above, with all of its fresh ops.
    let mut documents: BTreeMap<(&str, &str), Vec<&Op>> = BTreeMap::new();
    for op in &order {
        if registry::DOCUMENTS.contains(&op.entity.as_str()) {
            documents
                .entry((&op.entity, &op.entity_id))
                .or_default()
                .push(op);
        }
    }
    let mut done = HashSet::new();
    let mut waiting = 0;
    for (applied, op) in order.iter().enumerate() {
        if fail_after.is_some_and(|n| applied >= n) {
            return Err(StoreError::Io(
                "ingest stopped by an injected failure".into(),
            ));
        }
        let key = (op.entity.as_str(), op.entity_id.as_str());
        if !registry::DOCUMENTS.contains(&key.0) {
            registry::apply(tx, key.0, key.1, &op.change())?;
            continue;
        }
        if !done.insert(key) {
            continue;
        }
        let ops = &documents[&key];
        match fold_document(tx, key.0, key.1, ops) {
            Err(StoreError::Waiting { .. }) => waiting += 1,
            other => other?,
        }
    }
    Ok(waiting)
}

/// One document after its fresh ops `ops` (HLC order): laid on the stored row when they are
/// all newer than the rest of its log, else the record refolded from its whole log.
fn fold_document(
    tx: &Transaction<'_>,
    entity: &str,
    id: &str,
    ops: &[&Op],
) -> Result<(), StoreError> {
    let oldest = &ops[0].hlc;
    let newer: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM op_log WHERE entity = ?1 AND entity_id = ?2 AND hlc > ?3",
        )?
        .query_row(params![entity, id, oldest], |r| r.get(0))?;
    if newer as usize == ops.len() - 1 {
        for op in ops {
            registry::apply(tx, entity, id, &op.change())?;
        }
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM op_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY hlc"
    ))?;
    let history: Vec<Op> = stmt
        .query_map([entity, id], op_row)?
        .collect::<Result<_, _>>()?;
    let mut doc: Option<Map<String, Value>> = None;
    for op in &history {
        match op.change() {
            Change::Upsert(fields) => {
                cordon_core::merge::apply(entity, doc.get_or_insert_with(Map::new), &fields)
            }
            Change::Delete => doc = None,
            Change::Append(_) => {}
        }
    }
    match doc {
        Some(doc) => registry::apply(tx, entity, id, &Change::Upsert(doc)),
        None => registry::apply(tx, entity, id, &Change::Delete),
    }
}
