//! Conflicts between laptops: two edits of the same value that did not see each other. They
//! are derived from the log on every read (`cordon_core::merge::conflicts`), never stored, so
//! every replica holding the same ops lists the same ones; keeping a value writes a normal
//! upsert whose base has seen both sides, and the conflict is gone everywhere it arrives.

use cordon_core::merge::{Edit, FieldConflict};
use serde_json::Value;

use crate::Store;
use crate::error::StoreError;
use crate::oplog::{Change, OP_COLUMNS, Op, op_row};

/// Fields every edit stamps: their rival values are not a disagreement.
const NOT_CONFLICTS: [&str; 1] = ["updated_at"];

/// One conflict, with the record it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordConflict {
    pub entity: String,
    pub id: String,
    /// The client the record belongs to.
    pub scope: String,
    pub conflict: FieldConflict,
}

impl Store {
    /// Every conflict in the workspace, by record, in a fixed order.
    pub fn conflicts(&self) -> Result<Vec<RecordConflict>, StoreError> {
        // Only records more than one device has upserted can hold one.
        let ops: Vec<Op> = self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {OP_COLUMNS} FROM op_log WHERE kind = 'upsert' AND (entity, entity_id) IN
                   (SELECT entity, entity_id FROM op_log WHERE kind = 'upsert'
                    GROUP BY 1, 2 HAVING count(DISTINCT device_id) > 1)
                 ORDER BY entity, entity_id, hlc"
            ))?;
            let rows = stmt.query_map([], op_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })?;
        let mut out = Vec::new();
        for record in ops.chunk_by(|a, b| (&a.entity, &a.entity_id) == (&b.entity, &b.entity_id)) {
            let empty = serde_json::Map::new();
            let edits: Vec<Edit<'_>> = record
                .iter()
                .map(|op| Edit {
                    hlc: &op.hlc,
                    base: op.base.as_deref(),
                    device: &op.device_id,
                    fields: op.fields.as_object().unwrap_or(&empty),
                })
                .collect();
            let first = &record[0];
            for conflict in cordon_core::merge::conflicts(&first.entity, &edits, &NOT_CONFLICTS) {
                out.push(RecordConflict {
                    entity: first.entity.clone(),
                    id: first.entity_id.clone(),
                    scope: first.scope.clone(),
                    conflict,
                });
            }
        }
        Ok(out)
    }

    /// Settles a conflict by keeping `value` at `path` of the record: a normal upsert, written
    /// even when the record already holds the value, so its base settles it on every replica.
    pub fn keep_value(
        &self,
        entity: &str,
        id: &str,
        path: &str,
        value: Value,
    ) -> Result<(), StoreError> {
        if !crate::registry::DOCUMENTS.contains(&entity) {
            return Err(StoreError::UnknownEntity(entity.to_owned()));
        }
        let fields = cordon_core::merge::keep_fields(entity, path, value);
        self.write(|w| w.record_by_name(entity, id, Change::Upsert(fields)))
    }
}
