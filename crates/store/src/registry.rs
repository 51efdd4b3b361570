//! Which table follows which entity of the op log: the one place that names every table.
//! Each aggregate's module implements `Projection` beside its SQL and imports the log; the
//! log imports no table, and the store hands `apply` to each write. Replaying the log into a
//! scratch database, for `cordon doctor` and the tests, goes through the same table, and the
//! same fold as ops received from another laptop (`ingest`).

use rusqlite::Transaction;
use serde_json::Value;

use crate::assets::AssetTable;
use crate::clients::ClientTable;
use crate::error::StoreError;
use crate::exercises::{ExerciseLogTable, ExerciseTable, PlanChangeTable};
use crate::incidents::{CustodyTable, EvidenceTable, IncidentTable, NoticeTable, TimelineTable};
use crate::oplog::{Change, Projection, WORKSPACE_SCOPE};
use crate::plans::PlanTable;

type ApplyOne = fn(&Transaction<'_>, &str, &Change) -> Result<(), StoreError>;

/// Entity name in the log (frozen: it is on the wire) → how its table follows an op.
const TABLES: [(&str, ApplyOne); 11] = [
    (ClientTable::ENTITY, ClientTable::apply),
    (AssetTable::ENTITY, AssetTable::apply),
    (PlanTable::ENTITY, PlanTable::apply),
    (IncidentTable::ENTITY, IncidentTable::apply),
    (TimelineTable::ENTITY, TimelineTable::apply),
    (EvidenceTable::ENTITY, EvidenceTable::apply),
    (CustodyTable::ENTITY, CustodyTable::apply),
    (NoticeTable::ENTITY, NoticeTable::apply),
    (ExerciseTable::ENTITY, ExerciseTable::apply),
    (ExerciseLogTable::ENTITY, ExerciseLogTable::apply),
    (PlanChangeTable::ENTITY, PlanChangeTable::apply),
];

/// The documents (upserted, merged field by field), parents before the records that name
/// them; every other entity is append-only. Ingest folds a batch in this order, so a record
/// finds its parent when both arrive together.
pub(crate) const DOCUMENTS: [&str; 6] = [
    ClientTable::ENTITY,
    AssetTable::ENTITY,
    PlanTable::ENTITY,
    IncidentTable::ENTITY,
    ExerciseTable::ENTITY,
    PlanChangeTable::ENTITY,
];

/// Whether this version has a table for `entity`.
pub(crate) fn knows(entity: &str) -> bool {
    TABLES.iter().any(|(name, _)| *name == entity)
}

/// Where `entity` comes in the fold of a batch: documents first, parents before children.
pub(crate) fn rank(entity: &str) -> usize {
    TABLES
        .iter()
        .position(|(name, _)| *name == entity)
        .unwrap_or(usize::MAX)
}

/// The client an op belongs to: the client itself, the client a document names, or the
/// client of the incident or exercise an appended record hangs from.
pub(crate) fn scope_of(
    tx: &Transaction<'_>,
    entity: &str,
    entity_id: &str,
    change: &Change,
) -> Result<String, StoreError> {
    let field = |name: &str| match change {
        Change::Upsert(fields) => fields.get(name).and_then(Value::as_str).map(str::to_owned),
        Change::Append(record) => record.get(name).and_then(Value::as_str).map(str::to_owned),
        Change::Delete => None,
    };
    let lookup = |sql: &str, key: &str| -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension as _;
        Ok(tx
            .prepare_cached(sql)?
            .query_row([key], |r| r.get(0))
            .optional()?)
    };
    let of_incident = |id: Option<String>| match id {
        Some(id) => lookup("SELECT client_id FROM incidents WHERE id = ?1", &id),
        None => Ok(None),
    };
    let table = match entity {
        "asset" => Some("assets"),
        "plan" => Some("plans"),
        "incident" => Some("incidents"),
        "exercise" => Some("exercises"),
        "plan_change_item" => Some("plan_change_items"),
        _ => None,
    };
    let scope = match entity {
        "client" => Some(entity_id.to_owned()),
        "timeline_entry" | "evidence" | "notice" => of_incident(field("incident_id"))?,
        "custody_transfer" => match field("evidence_id") {
            Some(e) => of_incident(lookup(
                "SELECT incident_id FROM evidence WHERE id = ?1",
                &e,
            )?)?,
            None => None,
        },
        "exercise_log_entry" => match field("exercise_id") {
            Some(x) => lookup("SELECT client_id FROM exercises WHERE id = ?1", &x)?,
            None => None,
        },
        _ => match (field("client_id"), table) {
            (Some(client), _) => Some(client),
            (None, Some(table)) => lookup(
                &format!("SELECT client_id FROM {table} WHERE id = ?1"),
                entity_id,
            )?,
            (None, None) => None,
        },
    };
    Ok(scope.unwrap_or_else(|| WORKSPACE_SCOPE.to_owned()))
}

/// Applies one op to the table of its entity.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    entity: &str,
    entity_id: &str,
    change: &Change,
) -> Result<(), StoreError> {
    let (_, apply) = TABLES
        .iter()
        .find(|(name, _)| *name == entity)
        .ok_or_else(|| StoreError::UnknownEntity(entity.to_owned()))?;
    apply(tx, entity_id, change)
}

impl crate::Store {
    /// The whole op log applied, in order, to an empty in-memory database: what the tables
    /// would hold if they were rebuilt from the log alone.
    pub(crate) fn replayed(&self) -> Result<rusqlite::Connection, StoreError> {
        let ops = self.ops(None)?;
        let mut scratch = rusqlite::Connection::open_in_memory()?;
        crate::db::migrate(&mut scratch)?;
        crate::search::prepare_session(&scratch)?;
        let tx = scratch.transaction()?;
        // The same fold as ops from another laptop: whatever order a replica received the log
        // in, doctor compares its tables with this one.
        for op in &ops {
            crate::oplog::insert_op(&tx, op)?;
        }
        crate::ingest::fold(&tx, &ops.iter().collect::<Vec<_>>(), None)?;
        crate::search::flush(&tx)?;
        tx.commit()?;
        Ok(scratch)
    }

    /// Rebuilds the tables from the op log alone in a scratch database and returns the clients
    /// it yields: equal to what the tables hold when the tables are what the log says.
    pub fn replay_into_scratch(&self) -> Result<Vec<cordon_core::Client>, StoreError> {
        let mut scratch = self.replayed()?;
        let tx = scratch.transaction()?;
        let mut stmt = tx.prepare("SELECT id FROM clients ORDER BY name COLLATE NOCASE, id")?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        ids.iter()
            .map(|id| {
                let doc = crate::clients::load_doc(&tx, id)?.unwrap_or(Value::Null);
                serde_json::from_value(doc)
                    .map_err(crate::error::damaged(format_args!("replayed client {id}")))
            })
            .collect()
    }
}

/// The tables that follow the log, each with `id` and `doc` columns.
pub const RECORD_TABLES: [&str; 11] = [
    "clients",
    "plans",
    "assets",
    "incidents",
    "timeline_entries",
    "evidence",
    "custody_transfers",
    "notices",
    "exercises",
    "exercise_log",
    "plan_change_items",
];

/// A table's rows as (id, doc), by id. Compared as JSON values: key order inside a document
/// is not a difference.
fn rows(conn: &rusqlite::Connection, table: &str) -> Result<Vec<(String, Value)>, StoreError> {
    if !RECORD_TABLES.contains(&table) {
        return Err(StoreError::UnknownEntity(table.to_owned()));
    }
    let mut stmt = conn.prepare(&format!("SELECT id, doc FROM {table} ORDER BY id"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|r| {
        let (id, doc) = r?;
        Ok((id, serde_json::from_str(&doc).unwrap_or(Value::Null)))
    })
    .collect()
}

impl crate::Store {
    /// Replays the whole log into a scratch database and says whether each of `tables` (one
    /// of `RECORD_TABLES`) holds exactly the rows the replay yields.
    pub fn tables_match_op_log(&self, tables: &[&str]) -> Result<bool, StoreError> {
        let tx = self.replayed()?;
        for table in tables {
            if rows(&tx, table)? != self.read(|conn| rows(conn, table))? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// One of `RECORD_TABLES` as (id, doc) rows: what replicas compare to prove they agree.
    pub fn table_rows(&self, table: &str) -> Result<Vec<(String, Value)>, StoreError> {
        self.read(|conn| rows(conn, table))
    }
}
