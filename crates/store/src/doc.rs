//! The JSON documents every table keeps in its `doc` column: how one is written, read back
//! by id, read as a list, and taken out of an append op. Shared so each aggregate's module
//! holds only what is particular to it.

use rusqlite::{Connection, OptionalExtension as _};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{StoreError, damaged};
use crate::oplog::Change;

/// A record as the `doc` column stores it. Serialising plain data structs cannot fail.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The `doc` of the row of `table` with this `id`, if there is one.
pub(crate) fn load_json(
    conn: &Connection,
    table: &str,
    id: &str,
) -> Result<Option<Value>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached(&format!("SELECT doc FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    doc.map(|d| serde_json::from_str(&d).map_err(damaged(format_args!("{table} row {id}"))))
        .transpose()
}

/// The records a query selecting one `doc` column returns for one key.
pub(crate) fn json_rows<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    key: &str,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([key], |r| r.get::<_, String>(0))?;
    rows.map(|d| serde_json::from_str(&d?).map_err(damaged("a record")))
        .collect()
}

/// The record an append op carries; any other op on an append-only entity is refused.
pub(crate) fn appended<T: DeserializeOwned>(
    change: &Change,
    entity: &str,
    id: &str,
) -> Result<T, StoreError> {
    match change {
        Change::Append(record) => serde_json::from_value(record.clone())
            .map_err(damaged(format_args!("the operation of {entity} {id}"))),
        _ => Err(StoreError::AppendOnly {
            entity: entity.into(),
        }),
    }
}
