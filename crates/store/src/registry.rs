//! Which table follows which entity of the op log: the one place that names every table.
//! Each aggregate's module implements `Projection` beside its SQL and imports the log; the
//! log imports no table, and the store hands `apply` to each write. Replaying the log into a
//! scratch database, for `cordon doctor` and the tests, goes through the same table.

use rusqlite::Transaction;
use serde_json::Value;

use crate::assets::AssetTable;
use crate::clients::ClientTable;
use crate::error::StoreError;
use crate::exercises::{ExerciseLogTable, ExerciseTable, PlanChangeTable};
use crate::incidents::{CustodyTable, EvidenceTable, IncidentTable, NoticeTable, TimelineTable};
use crate::oplog::{Change, Projection};
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
        let tx = scratch.transaction()?;
        for op in &ops {
            apply(&tx, &op.entity, &op.entity_id, &op.change())?;
        }
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

impl crate::Store {
    /// Replays the whole log into a scratch database and says whether each of `tables` (every
    /// one has `id` and `doc` columns) holds exactly the rows the replay yields.
    pub fn tables_match_op_log(&self, tables: &[&str]) -> Result<bool, StoreError> {
        let tx = self.replayed()?;
        let rows = |conn: &rusqlite::Connection,
                    table: &str|
         -> Result<Vec<(String, Value)>, StoreError> {
            let mut stmt = conn.prepare(&format!("SELECT id, doc FROM {table} ORDER BY id"))?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            rows.map(|r| {
                let (id, doc) = r?;
                // Compared as JSON values: key order inside a document is not a difference.
                Ok((id, serde_json::from_str(&doc).unwrap_or(Value::Null)))
            })
            .collect()
        };
        for table in tables {
            if rows(&tx, table)? != self.read(|conn| rows(conn, table))? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
