//! The single write path. Every change to a table is first an operation in the op log, written
//! in the same transaction as the table change it causes: either both land or neither does.
//! Operations carry a per-device dense sequence number and a hybrid-logical-clock timestamp;
//! they are what sync ships, and replaying them rebuilds the tables.
//!
//! An op as stored is also an op on the wire (`Op`'s serde form, frozen by a golden file): a
//! replica keeps a remote op exactly as its writer wrote it, so every replica holds the same
//! log and folds it into the same tables (`ingest`).

use chrono::{DateTime, Utc};
use cordon_core::{DeviceId, Hlc};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::StoreError;

/// What an operation does to its entity.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Set these top-level fields (the ones that changed); other fields keep their values.
    Upsert(Map<String, Value>),
    /// Remove the entity; kept in the log as a tombstone.
    Delete,
    /// Add an immutable record (timeline entries, evidence) that is never edited.
    Append(Value),
}

impl Change {
    fn kind(&self) -> &'static str {
        match self {
            Change::Upsert(_) => "upsert",
            Change::Delete => "delete",
            Change::Append(_) => "append",
        }
    }

    fn fields(&self) -> Value {
        match self {
            Change::Upsert(fields) => Value::Object(fields.clone()),
            Change::Delete => Value::Object(Map::new()),
            Change::Append(record) => record.clone(),
        }
    }
}

/// How a table follows the log: each aggregate's module implements this beside its SQL.
pub trait Projection {
    /// The entity name in the op log (`client`, `plan` ...). Frozen: it is on the wire.
    const ENTITY: &'static str;
    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError>;
}

/// How an op reaches its table: `registry::apply`, handed to the writer by the store, so
/// that this module names no table and every table may use the writer.
pub(crate) type Apply = fn(&Transaction<'_>, &str, &str, &Change) -> Result<(), StoreError>;

/// Which client an op belongs to: `registry::scope_of`, handed over like `Apply`.
pub(crate) type ScopeOf = fn(&Transaction<'_>, &str, &str, &Change) -> Result<String, StoreError>;

/// The payload layout this version writes: 2 carries keyed arrays as the items that changed
/// (`cordon_core::merge`). Format 1 ops (whole arrays) still apply; a newer one is refused.
pub const FORMAT: u32 = 2;

/// The scope of records that belong to no client.
pub const WORKSPACE_SCOPE: &str = "workspace";

/// One operation, as stored and as exchanged. The serde names are the wire format, frozen by
/// `tests/golden/ops_v1.jsonl`: add fields, never rename one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Op {
    /// UUIDv7, unique across every replica.
    #[serde(rename = "op")]
    pub op_id: String,
    #[serde(rename = "device")]
    pub device_id: String,
    /// 1, 2, 3 ... per device, without gaps.
    pub seq: i64,
    pub hlc: String,
    /// The client this op belongs to, or `workspace`.
    pub scope: String,
    /// The payload layout of `fields` (`FORMAT`).
    #[serde(rename = "v")]
    pub format: u32,
    pub entity: String,
    #[serde(rename = "id")]
    pub entity_id: String,
    /// `upsert`, `delete` or `append`.
    pub kind: String,
    pub fields: Value,
    /// An upsert's base: the newest op of the record its writer had seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// The columns of `op_log` in `Op`'s order, for every query that reads whole ops.
pub(crate) const OP_COLUMNS: &str =
    "op_id, device_id, seq, hlc, scope, format, entity, entity_id, kind, fields, base";

/// An op from a row selected with `OP_COLUMNS`.
pub(crate) fn op_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Op> {
    let fields: String = r.get(9)?;
    Ok(Op {
        op_id: r.get(0)?,
        device_id: r.get(1)?,
        seq: r.get(2)?,
        hlc: r.get(3)?,
        scope: r.get(4)?,
        format: r.get(5)?,
        entity: r.get(6)?,
        entity_id: r.get(7)?,
        kind: r.get(8)?,
        fields: serde_json::from_str(&fields).unwrap_or(Value::Null),
        base: r.get(10)?,
    })
}

/// Adds an op to the log as it is: the local write path and ingest share it.
pub(crate) fn insert_op(tx: &Transaction<'_>, op: &Op) -> Result<(), StoreError> {
    // Cached: an import records thousands of ops in one transaction.
    tx.prepare_cached(
        "INSERT INTO op_log (op_id, device_id, seq, hlc, scope, format, entity, entity_id,
                             kind, fields, base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        op.op_id,
        op.device_id,
        op.seq,
        op.hlc,
        op.scope,
        op.format,
        op.entity,
        op.entity_id,
        op.kind,
        op.fields.to_string(),
        op.base,
    ])?;
    Ok(())
}

/// The newest op of a record in this log: the base of the next upsert of it.
pub(crate) fn newest_of(
    tx: &Transaction<'_>,
    entity: &str,
    entity_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT max(hlc) FROM op_log WHERE entity = ?1 AND entity_id = ?2")?
        .query_row([entity, entity_id], |r| r.get(0))?)
}

/// A write transaction. Obtained from `Store::write`; committed when the closure returns Ok.
pub struct Writer<'conn> {
    pub(crate) tx: Transaction<'conn>,
    apply: Apply,
    scope_of: ScopeOf,
    device: DeviceId,
    now: DateTime<Utc>,
    last: Hlc,
    next_seq: i64,
}

impl<'conn> Writer<'conn> {
    pub(crate) fn begin(
        tx: Transaction<'conn>,
        (apply, scope_of): (Apply, ScopeOf),
        device: DeviceId,
        now: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        let (wall_ms, counter): (i64, i64) =
            tx.query_row("SELECT wall_ms, counter FROM clock WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let last_seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) FROM op_log WHERE device_id = ?1",
            [device.to_string()],
            |r| r.get(0),
        )?;
        Ok(Writer {
            tx,
            apply,
            scope_of,
            device,
            now,
            last: Hlc {
                wall_ms: wall_ms as u64,
                counter: counter as u32,
                device,
            },
            next_seq: last_seq + 1,
        })
    }

    /// The time of this write, from the store's injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// A new UUIDv7 stamped with this write's time.
    pub fn new_id(&self) -> Uuid {
        let ms = self.now.timestamp_millis().max(0) as u64;
        Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            ms / 1000,
            ((ms % 1000) * 1_000_000) as u32,
        ))
    }

    /// Appends the operation and applies it to the entity's table, in this transaction.
    pub fn record<P: Projection>(
        &mut self,
        entity_id: &str,
        change: Change,
    ) -> Result<(), StoreError> {
        self.record_by_name(P::ENTITY, entity_id, change)
    }

    /// As `record`, with the entity named at run time: the path sync takes for remote ops.
    pub fn record_by_name(
        &mut self,
        entity: &str,
        entity_id: &str,
        change: Change,
    ) -> Result<(), StoreError> {
        let hlc = Hlc::tick(&self.last, self.now.timestamp_millis().max(0) as u64)?;
        let base = match change {
            Change::Upsert(_) => newest_of(&self.tx, entity, entity_id)?,
            _ => None,
        };
        let op = Op {
            op_id: self.new_id().to_string(),
            device_id: self.device.to_string(),
            seq: self.next_seq,
            hlc: hlc.to_string(),
            scope: (self.scope_of)(&self.tx, entity, entity_id, &change)?,
            format: FORMAT,
            entity: entity.to_owned(),
            entity_id: entity_id.to_owned(),
            kind: change.kind().to_owned(),
            fields: change.fields(),
            base,
        };
        insert_op(&self.tx, &op)?;
        (self.apply)(&self.tx, entity, entity_id, &change)?;
        self.last = hlc;
        self.next_seq += 1;
        Ok(())
    }

    pub(crate) fn commit(self) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE clock SET wall_ms = ?1, counter = ?2 WHERE id = 1",
            params![self.last.wall_ms as i64, self.last.counter as i64],
        )?;
        crate::search::flush(&self.tx)?;
        self.tx.commit()?;
        Ok(())
    }
}

impl Op {
    /// The change this stored operation records.
    pub(crate) fn change(&self) -> Change {
        match self.kind.as_str() {
            "upsert" => Change::Upsert(self.fields.as_object().cloned().unwrap_or_default()),
            "delete" => Change::Delete,
            _ => Change::Append(self.fields.clone()),
        }
    }
}

/// An upsert's changed fields laid over the stored document by the merge rules
/// (`cordon_core::merge::apply`), read back as the record: the one place where "an op carries
/// only what changed" is undone, for every document table. A record with no stored document
/// whose fields do not make a whole one was created on a laptop whose first change has not
/// arrived: it waits.
pub(crate) fn merged<T: serde::de::DeserializeOwned>(
    stored: Option<Value>,
    fields: &Map<String, Value>,
    entity: &str,
    entity_id: &str,
) -> Result<T, StoreError> {
    let created_here = stored.is_none();
    let mut doc = match stored {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    cordon_core::merge::apply(entity, &mut doc, fields);
    serde_json::from_value(Value::Object(doc)).map_err(|e| {
        if created_here {
            StoreError::Waiting {
                entity: entity.to_owned(),
                id: entity_id.to_owned(),
            }
        } else {
            crate::error::damaged(format_args!("the operations of {entity} {entity_id}"))(e)
        }
    })
}

/// What an upsert of `entity` carries from `old` to `new` (everything when there is no
/// `old`): the fields that changed, keyed arrays as the items that changed, so concurrent
/// edits of different fields, or of different items, all survive (`cordon_core::merge`).
pub fn changed_fields(entity: &str, old: Option<&Value>, new: &Value) -> Map<String, Value> {
    cordon_core::merge::diff(entity, old, new)
}

/// Reads the log, oldest first (by HLC): for tests, `doctor` and sync.
pub(crate) fn read_ops(
    conn: &rusqlite::Connection,
    entity_id: Option<&str>,
) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {OP_COLUMNS} FROM op_log WHERE ?1 IS NULL OR entity_id = ?1 ORDER BY hlc"
    ))?;
    let rows = stmt.query_map([entity_id], op_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_carried() {
        let old = json!({"name": "Acme", "sectors": ["retail"], "archived_at": null});
        let new = json!({"name": "Acme Ltd", "sectors": ["retail"], "archived_at": null});
        assert_eq!(
            Value::Object(changed_fields("client", Some(&old), &new)),
            json!({"name": "Acme Ltd"})
        );
        assert_eq!(changed_fields("client", None, &new).len(), 3);
        assert!(changed_fields("client", Some(&new), &new).is_empty());
    }
}
