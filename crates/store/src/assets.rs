//! Assets, their vulnerabilities and risk entries; CSV import and export.
//!
//! The table follows the op log like clients do (`AssetTable`). An import of N rows is one
//! `Store::write`: N upserts in one transaction, so it lands whole or not at all. Before an
//! import the caller can `vet_assets` (read-only) to learn, per row, what the store would
//! reject (a name already used for this client, a dependency on an asset that is not there).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cordon_core::asset::{Asset, AssetInput, prioritised};
use cordon_core::{AssetId, ClientId, FieldError, Invalid};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use serde_json::Value;
use uuid::Uuid;

use crate::Store;
use crate::error::{StoreError, damaged};
use crate::oplog::{Change, Projection, changed_fields, merged};

pub(crate) struct AssetTable;

impl Projection for AssetTable {
    const ENTITY: &'static str = "asset";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Upsert(fields) => {
                let asset: Asset =
                    merged(load_doc(tx, entity_id)?, fields, Self::ENTITY, entity_id)?;
                save_row(tx, &asset)
            }
            Change::Delete => {
                tx.execute("DELETE FROM assets WHERE id = ?1", [entity_id])?;
                crate::search::remove(tx, entity_id)
            }
            Change::Append(_) => Err(StoreError::NotAppendOnly {
                entity: Self::ENTITY.into(),
            }),
        }
    }
}

fn load_doc(conn: &Connection, id: &str) -> Result<Option<Value>, StoreError> {
    // Cached statements: an import applies thousands of ops in one transaction.
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM assets WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    doc.map(|d| serde_json::from_str(&d).map_err(damaged(format_args!("asset {id}"))))
        .transpose()
}

fn save_row(tx: &Transaction<'_>, a: &Asset) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO assets (id, client_id, name, criticality, risk_score, archived_at, updated_at, doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, name = excluded.name,
           criticality = excluded.criticality, risk_score = excluded.risk_score,
           archived_at = excluded.archived_at, updated_at = excluded.updated_at, doc = excluded.doc",
    )?
    .execute(params![
            a.id.to_string(),
            a.client_id.to_string(),
            a.name,
            a.criticality,
            a.risk_score(),
            a.archived_at.map(|t| t.to_rfc3339()),
            a.updated_at.to_rfc3339(),
            to_json(a).to_string(),
        ])?;
    let body = format!("{} {} {}", a.kind.label(), a.owner, a.location);
    crate::search::index(
        tx,
        cordon_core::search::HitKind::Asset,
        &a.id.to_string(),
        a.client_id,
        &a.name,
        &body,
    )
}

fn to_json(a: &Asset) -> Value {
    serde_json::to_value(a).unwrap_or(Value::Null)
}

/// The client's assets (archived ones too, so a name cannot be reused silently): lowercase
/// name → id, and the set of ids.
struct Known {
    by_name: HashMap<String, AssetId>,
    ids: HashMap<AssetId, String>,
}

impl Known {
    fn load(conn: &Connection, client: ClientId) -> Result<Known, StoreError> {
        let mut stmt = conn.prepare_cached("SELECT id, name FROM assets WHERE client_id = ?1")?;
        let rows = stmt.query_map([client.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut k = Known {
            by_name: HashMap::new(),
            ids: HashMap::new(),
        };
        for row in rows {
            let (id, name) = row?;
            let id: AssetId = id
                .parse()
                .map_err(damaged(format_args!("asset id '{id}'")))?;
            k.add(id, &name);
        }
        Ok(k)
    }

    fn add(&mut self, id: AssetId, name: &str) {
        self.by_name.insert(key(name), id);
        self.ids.insert(id, name.to_owned());
    }

    fn resolve(&self, dep: &str) -> Option<AssetId> {
        dep.parse::<AssetId>()
            .ok()
            .filter(|id| self.ids.contains_key(id))
            .or_else(|| self.by_name.get(&key(dep)).copied())
    }

    fn name_clash(&self, name: &str, own: AssetId) -> Option<&str> {
        self.by_name
            .get(&key(name))
            .filter(|id| **id != own)
            .and_then(|id| self.ids.get(id))
            .map(String::as_str)
    }
}

fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn clash_error(existing: &str) -> FieldError {
    FieldError {
        field: "name".into(),
        message: format!(
            "this client already has an asset named '{existing}'; edit that one, or add a word that tells them apart (a site or role)"
        ),
    }
}

/// For each input, what stops it being stored next to the client's assets and the other
/// inputs. Rows that depend on a rejected row are rejected too, until nothing changes.
fn vet(known: &Known, inputs: &[AssetInput]) -> Vec<Vec<FieldError>> {
    let ids: Vec<AssetId> = (0..inputs.len())
        .map(|i| AssetId::from_uuid(Uuid::from_u128(u128::MAX - i as u128)))
        .collect();
    let mut errors: Vec<Vec<FieldError>> = vec![Vec::new(); inputs.len()];
    let now = DateTime::<Utc>::UNIX_EPOCH;
    let client = ClientId::from_uuid(Uuid::nil());
    loop {
        let mut batch = Known {
            by_name: known.by_name.clone(),
            ids: known.ids.clone(),
        };
        for (i, input) in inputs.iter().enumerate() {
            if errors[i].is_empty() && !batch.by_name.contains_key(&key(&input.name)) {
                batch.add(ids[i], &input.name);
            }
        }
        let mut changed = false;
        for (i, input) in inputs.iter().enumerate() {
            if !errors[i].is_empty() {
                continue;
            }
            let mut errs = Vec::new();
            if let Some(existing) = known.name_clash(&input.name, ids[i]) {
                errs.push(clash_error(existing));
            } else if batch.by_name.get(&key(&input.name)) != Some(&ids[i]) {
                errs.push(FieldError {
                    field: "name".into(),
                    message: format!("'{}' appears more than once in this import; asset names must be unique per client, so rename one", input.name.trim()),
                });
            }
            if let Err(inv) =
                Asset::create(ids[i], client, input.clone(), &|d| batch.resolve(d), now)
            {
                errs.extend(inv.fields);
            }
            if !errs.is_empty() {
                errors[i] = errs;
                changed = true;
            }
        }
        if !changed {
            return errors;
        }
    }
}

impl Store {
    pub fn create_asset(&self, client: ClientId, input: AssetInput) -> Result<Asset, StoreError> {
        self.write(|w| {
            ensure_client(&w.tx, client)?;
            let known = Known::load(&w.tx, client)?;
            let asset = Asset::create(
                AssetId::from_uuid(w.new_id()),
                client,
                input,
                &|d| known.resolve(d),
                w.now(),
            )?;
            if let Some(existing) = known.name_clash(&asset.name, asset.id) {
                return Err(Invalid {
                    fields: vec![clash_error(existing)],
                }
                .into());
            }
            w.record::<AssetTable>(
                &asset.id.to_string(),
                Change::Upsert(changed_fields(AssetTable::ENTITY, None, &to_json(&asset))),
            )?;
            Ok(asset)
        })
    }

    pub fn update_asset(&self, id: AssetId, input: AssetInput) -> Result<Asset, StoreError> {
        self.change_asset(id, |old, known, now| {
            let new = old.edited(input, &|d| known.resolve(d), now)?;
            if let Some(existing) = known.name_clash(&new.name, new.id) {
                return Err(Invalid {
                    fields: vec![clash_error(existing)],
                });
            }
            Ok(new)
        })
    }

    pub fn archive_asset(&self, id: AssetId) -> Result<Asset, StoreError> {
        self.change_asset(id, |old, _, now| Ok(old.archived(now)))
    }

    fn change_asset(
        &self,
        id: AssetId,
        edit: impl FnOnce(&Asset, &Known, DateTime<Utc>) -> Result<Asset, Invalid>,
    ) -> Result<Asset, StoreError> {
        self.write(|w| {
            let old_doc = load_doc(&w.tx, &id.to_string())?.ok_or_else(|| not_found(id))?;
            let old: Asset = serde_json::from_value(old_doc.clone())
                .map_err(damaged(format_args!("asset {id}")))?;
            let known = Known::load(&w.tx, old.client_id)?;
            let new = edit(&old, &known, w.now())?;
            let fields = changed_fields(AssetTable::ENTITY, Some(&old_doc), &to_json(&new));
            if fields.keys().any(|k| k != "updated_at") {
                w.record::<AssetTable>(&id.to_string(), Change::Upsert(fields))?;
                Ok(new)
            } else {
                Ok(old)
            }
        })
    }

    pub fn asset(&self, id: AssetId) -> Result<Asset, StoreError> {
        self.read(|conn| {
            let doc = load_doc(conn, &id.to_string())?.ok_or_else(|| not_found(id))?;
            serde_json::from_value(doc).map_err(damaged(format_args!("asset {id}")))
        })
    }

    /// The client's assets in the responder's order: criticality 1 first, then risk score.
    pub fn list_assets(
        &self,
        client: ClientId,
        include_archived: bool,
    ) -> Result<Vec<Asset>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT doc FROM assets WHERE client_id = ?1 AND (?2 OR archived_at IS NULL)
                 ORDER BY criticality, risk_score DESC, name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map(params![client.to_string(), include_archived], |r| {
                r.get::<_, String>(0)
            })?;
            let assets = rows
                .map(|d| serde_json::from_str::<Asset>(&d?).map_err(damaged("an asset")))
                .collect::<Result<Vec<_>, _>>()?;
            // SQL sorts by the indexed columns; the core rule decides ties the same way everywhere.
            Ok(prioritised(assets))
        })
    }

    /// Read-only: per input, the problems that would stop `import_assets` (empty = fine).
    pub fn vet_assets(
        &self,
        client: ClientId,
        inputs: &[AssetInput],
    ) -> Result<Vec<Vec<FieldError>>, StoreError> {
        self.read(|conn| {
            let tx = conn.unchecked_transaction()?;
            ensure_client(&tx, client)?;
            let known = Known::load(&tx, client)?;
            Ok(vet(&known, inputs))
        })
    }

    /// Stores all `inputs` as new assets of `client` in ONE transaction, or none of them:
    /// any input the store would reject fails the whole import with an `Invalid` whose fields
    /// are `rows.N.field` (N counts from 0 in `inputs`). Returns how many were stored.
    pub fn import_assets(
        &self,
        client: ClientId,
        inputs: Vec<AssetInput>,
    ) -> Result<u32, StoreError> {
        self.write(|w| {
            ensure_client(&w.tx, client)?;
            let mut known = Known::load(&w.tx, client)?;
            let problems = vet(&known, &inputs);
            if problems.iter().any(|p| !p.is_empty()) {
                let fields = problems
                    .into_iter()
                    .enumerate()
                    .flat_map(|(i, errs)| {
                        errs.into_iter().map(move |e| FieldError {
                            field: format!("rows.{i}.{}", e.field),
                            message: e.message,
                        })
                    })
                    .collect();
                return Err(Invalid { fields }.into());
            }
            // Ids first, so rows may depend on rows later in the file.
            let ids: Vec<AssetId> = inputs
                .iter()
                .map(|_| AssetId::from_uuid(w.new_id()))
                .collect();
            for (id, input) in ids.iter().zip(&inputs) {
                known.add(*id, &input.name);
            }
            let now = w.now();
            let count = inputs.len() as u32;
            for (id, input) in ids.into_iter().zip(inputs) {
                let asset = Asset::create(id, client, input, &|d| known.resolve(d), now)?;
                w.record::<AssetTable>(
                    &id.to_string(),
                    Change::Upsert(changed_fields(AssetTable::ENTITY, None, &to_json(&asset))),
                )?;
            }
            Ok(count)
        })
    }
}

impl Store {
    /// Whether the assets table is exactly what the op log says: the asset ops are replayed
    /// into a scratch database and both sides compared record by record. For `doctor`.
    pub fn assets_match_op_log(&self) -> Result<bool, StoreError> {
        self.tables_match_op_log(&["assets"])
    }
}

fn ensure_client(conn: &Connection, client: ClientId) -> Result<(), StoreError> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM clients WHERE id = ?1",
            [client.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    found.map(|_| ()).ok_or(StoreError::NotFound {
        entity: "client",
        id: client.to_string(),
    })
}

fn not_found(id: AssetId) -> StoreError {
    StoreError::NotFound {
        entity: "asset",
        id: id.to_string(),
    }
}
