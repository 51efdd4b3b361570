//! The single write path. Every change to a table is first an operation in the op log, written
//! in the same transaction as the table change it causes: either both land or neither does.
//! Operations carry a per-device dense sequence number and a hybrid-logical-clock timestamp;
//! they are what sync will ship, and replaying them rebuilds the tables.

use chrono::{DateTime, Utc};
use cordon_core::{DeviceId, Hlc};
use rusqlite::{Transaction, params};
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

    fn fields_json(&self) -> String {
        match self {
            Change::Upsert(fields) => Value::Object(fields.clone()).to_string(),
            Change::Delete => "{}".into(),
            Change::Append(record) => record.to_string(),
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

/// One operation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub op_id: String,
    pub device_id: String,
    pub seq: i64,
    pub hlc: String,
    pub entity: String,
    pub entity_id: String,
    pub kind: String,
    pub fields: Value,
}

/// A write transaction. Obtained from `Store::write`; committed when the closure returns Ok.
pub struct Writer<'conn> {
    pub(crate) tx: Transaction<'conn>,
    apply: Apply,
    device: DeviceId,
    now: DateTime<Utc>,
    last: Hlc,
    next_seq: i64,
}

impl<'conn> Writer<'conn> {
    pub(crate) fn begin(
        tx: Transaction<'conn>,
        apply: Apply,
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
        // Cached: an import records thousands of ops in one transaction.
        self.tx
            .prepare_cached(
                "INSERT INTO op_log (device_id, seq, op_id, hlc, entity, entity_id, kind, fields)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                self.device.to_string(),
                self.next_seq,
                self.new_id().to_string(),
                hlc.to_string(),
                entity,
                entity_id,
                change.kind(),
                change.fields_json(),
            ])?;
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

/// An upsert's changed fields laid over the stored document, read back as the record: the one
/// place where "an op carries only what changed" is undone, for every document table (and
/// where sync's field-level last-writer-wins will decide which fields win).
pub(crate) fn merged<T: serde::de::DeserializeOwned>(
    stored: Option<Value>,
    fields: &Map<String, Value>,
    entity: &str,
    entity_id: &str,
) -> Result<T, StoreError> {
    let mut doc = stored.unwrap_or_else(|| Value::Object(Map::new()));
    if let Value::Object(map) = &mut doc {
        map.extend(fields.clone());
    }
    serde_json::from_value(doc).map_err(crate::error::damaged(format_args!(
        "the operations of {entity} {entity_id}"
    )))
}

/// The fields of `new` that differ from `old` (all of them when there is no `old`): an
/// upsert carries only what changed, so concurrent edits of different fields both survive.
pub fn changed_fields(old: Option<&Value>, new: &Value) -> Map<String, Value> {
    let Value::Object(new) = new else {
        return Map::new();
    };
    let old = old.and_then(Value::as_object);
    new.iter()
        .filter(|(k, v)| old.and_then(|o| o.get(*k)) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Reads the log, oldest first (by device then sequence): for tests, `doctor` and sync.
pub(crate) fn read_ops(
    conn: &rusqlite::Connection,
    entity_id: Option<&str>,
) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT op_id, device_id, seq, hlc, entity, entity_id, kind, fields FROM op_log
         WHERE ?1 IS NULL OR entity_id = ?1 ORDER BY hlc",
    )?;
    let rows = stmt.query_map([entity_id], |r| {
        let fields: String = r.get(7)?;
        Ok(Op {
            op_id: r.get(0)?,
            device_id: r.get(1)?,
            seq: r.get(2)?,
            hlc: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            kind: r.get(6)?,
            fields: serde_json::from_str(&fields).unwrap_or(Value::Null),
        })
    })?;
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
            Value::Object(changed_fields(Some(&old), &new)),
            json!({"name": "Acme Ltd"})
        );
        assert_eq!(changed_fields(None, &new).len(), 3);
        assert!(changed_fields(Some(&new), &new).is_empty());
    }
}
