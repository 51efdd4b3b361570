//! Plans: versions, their sections, and the review log; the Store methods over them.
//!
//! Each version is its own row (its own `PlanId`), so an approved version is never rewritten by
//! later edits and a diff between any two versions is a read. The rules of the life cycle are
//! in `cordon_core::plan`; this module adds the ones that need the other rows of the client:
//! one draft at a time, versions numbered in order, and the previous approved version becoming
//! superseded in the same transaction as the approval.

use cordon_core::plan::{diff, plan_template, playbook_template};
use cordon_core::{
    Client, ClientId, Invalid, Plan, PlanChange, PlanId, PlanInput, PlanStatus, PlanSummary,
};
use rusqlite::{OptionalExtension as _, Transaction, params};
use serde_json::Value;

use crate::Store;
use crate::error::{StoreError, damaged};
use crate::oplog::{Change, Projection, Writer, changed_fields, merged};

pub(crate) struct PlanTable;

impl Projection for PlanTable {
    const ENTITY: &'static str = "plan";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Upsert(fields) => {
                let plan: Plan = merged(load_doc(tx, entity_id)?, fields, Self::ENTITY, entity_id)?;
                save_row(tx, &plan)
            }
            Change::Delete => {
                tx.execute("DELETE FROM plans WHERE id = ?1", [entity_id])?;
                crate::search::remove(tx, entity_id)
            }
            Change::Append(_) => Err(StoreError::NotAppendOnly {
                entity: Self::ENTITY.into(),
            }),
        }
    }
}

fn load_doc(tx: &rusqlite::Connection, id: &str) -> Result<Option<Value>, StoreError> {
    let doc: Option<String> = tx
        .query_row("SELECT doc FROM plans WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    doc.map(|d| serde_json::from_str(&d).map_err(damaged(format_args!("plan {id}"))))
        .transpose()
}

pub(crate) fn load(tx: &rusqlite::Connection, id: PlanId) -> Result<Plan, StoreError> {
    let doc = load_doc(tx, &id.to_string())?.ok_or_else(|| not_found(id))?;
    serde_json::from_value(doc).map_err(damaged(format_args!("plan {id}")))
}

/// The version an incident follows: the approved one, else the draft being written.
pub(crate) fn current(
    conn: &rusqlite::Connection,
    client: ClientId,
) -> Result<Option<Plan>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, status, version, json_extract(doc, '$.approval.at') FROM plans
         WHERE client_id = ?1",
    )?;
    let versions = stmt
        .query_map([client.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let in_force = cordon_core::plan::in_force(&versions, |(id, status, version, at)| {
        // Parsed, not compared as text: stamps with and without fractions sort wrongly as text.
        let at = at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.to_utc());
        cordon_core::plan::rank(status_of(status), *version, at, id)
    });
    in_force
        .map(|(id, _, _, _)| {
            load(
                conn,
                id.parse().map_err(damaged(format_args!("plan id {id}")))?,
            )
        })
        .transpose()
}

/// A status column the rule does not know (written by a newer Cordon) is never in force.
fn status_of(text: &str) -> PlanStatus {
    [PlanStatus::Draft, PlanStatus::Approved]
        .into_iter()
        .find(|s| status_text(*s) == text)
        .unwrap_or(PlanStatus::Superseded)
}

fn status_text(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Draft => "draft",
        PlanStatus::Approved => "approved",
        PlanStatus::Superseded => "superseded",
    }
}

fn save_row(tx: &Transaction<'_>, plan: &Plan) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO plans (id, client_id, version, status, updated_at, doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id,
           version = excluded.version, status = excluded.status,
           updated_at = excluded.updated_at, doc = excluded.doc",
        params![
            plan.id.to_string(),
            plan.client_id.to_string(),
            plan.version,
            status_text(plan.status),
            plan.updated_at.to_rfc3339(),
            to_json(plan).to_string(),
        ],
    )?;
    crate::search::index(
        tx,
        cordon_core::search::HitKind::Plan,
        &plan.id.to_string(),
        plan.client_id,
        &plan.title,
        &search_body(plan),
    )
}

/// Who and what a plan names: people look for "who is our comms lead" by a person's name.
fn search_body(plan: &Plan) -> String {
    let mut words = vec![format!("version {}", plan.version)];
    for r in &plan.roles {
        words.extend([r.name.clone(), r.primary.clone(), r.backup.clone()]);
    }
    for c in &plan.contacts {
        words.extend([c.name.clone(), c.organisation.clone(), c.role.clone()]);
    }
    words.extend(plan.playbooks.iter().map(|p| p.name.clone()));
    words.join(" ")
}

fn to_json(plan: &Plan) -> Value {
    serde_json::to_value(plan).unwrap_or(Value::Null)
}

fn not_found(id: PlanId) -> StoreError {
    StoreError::NotFound {
        entity: "plan",
        id: id.to_string(),
    }
}

/// The id of the client's version in `status`, if any (at most one draft and one approved).
fn version_in(
    tx: &rusqlite::Connection,
    client: ClientId,
    status: PlanStatus,
) -> Result<Option<(PlanId, u32)>, StoreError> {
    let row: Option<(String, u32)> = tx
        .query_row(
            "SELECT id, version FROM plans WHERE client_id = ?1 AND status = ?2
             ORDER BY version DESC LIMIT 1",
            params![client.to_string(), status_text(status)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(id, v)| Ok((id.parse::<PlanId>()?, v)))
        .transpose()
}

fn approved_versions(
    tx: &rusqlite::Connection,
    client: ClientId,
) -> Result<Vec<PlanId>, StoreError> {
    let mut stmt =
        tx.prepare_cached("SELECT id FROM plans WHERE client_id = ?1 AND status = ?2 ORDER BY id")?;
    let ids = stmt
        .query_map(
            params![client.to_string(), status_text(PlanStatus::Approved)],
            |r| r.get::<_, String>(0),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    ids.iter()
        .map(|id| id.parse().map_err(damaged(format!("plan id {id}"))))
        .collect()
}

fn next_version(tx: &rusqlite::Connection, client: ClientId) -> Result<u32, StoreError> {
    let max: Option<u32> = tx.query_row(
        "SELECT max(version) FROM plans WHERE client_id = ?1",
        [client.to_string()],
        |r| r.get(0),
    )?;
    Ok(max.unwrap_or(0) + 1)
}

fn draft_exists(version: u32) -> StoreError {
    Invalid::one(
        "status",
        format!("version {version} of this plan is already a draft; open and edit that draft"),
    )
    .into()
}

/// Saves edited sections: in place on a draft; on the approved version as the next draft
/// (the approved one is left exactly as signed off); never on a superseded version.
fn save_input(w: &mut Writer<'_>, old: Plan, input: PlanInput) -> Result<Plan, StoreError> {
    let id = old.id;
    match old.status {
        PlanStatus::Draft => {
            let new = old.edited(input, w.now())?;
            let fields = changed_fields(PlanTable::ENTITY, Some(&to_json(&old)), &to_json(&new));
            if fields.keys().any(|k| k != "updated_at") {
                w.record::<PlanTable>(&id.to_string(), Change::Upsert(fields))?;
                Ok(new)
            } else {
                Ok(old)
            }
        }
        PlanStatus::Approved => {
            if let Some((_, v)) = version_in(&w.tx, old.client_id, PlanStatus::Draft)? {
                return Err(draft_exists(v));
            }
            let draft = old.next_draft(PlanId::from_uuid(w.new_id()), w.now())?;
            let draft = draft.edited(input, w.now())?;
            w.record::<PlanTable>(
                &draft.id.to_string(),
                Change::Upsert(changed_fields(PlanTable::ENTITY, None, &to_json(&draft))),
            )?;
            Ok(draft)
        }
        PlanStatus::Superseded => Err(Invalid::one(
            "status",
            format!(
                "version {} was superseded and is kept as a record; edit the current version instead",
                old.version
            ),
        )
        .into()),
    }
}

impl Store {
    /// A new draft for the client from a template, tailored to the client's sectors.
    pub fn create_plan_from_template(
        &self,
        client_id: ClientId,
        template: &str,
    ) -> Result<Plan, StoreError> {
        let template = plan_template(template)?;
        self.write(|w| {
            let client_doc = crate::clients::load_doc(&w.tx, &client_id.to_string())?.ok_or(
                StoreError::NotFound {
                    entity: "client",
                    id: client_id.to_string(),
                },
            )?;
            let client: Client = serde_json::from_value(client_doc)
                .map_err(damaged(format_args!("client {client_id}")))?;
            if let Some((_, v)) = version_in(&w.tx, client_id, PlanStatus::Draft)? {
                return Err(draft_exists(v));
            }
            let version = next_version(&w.tx, client_id)?;
            let (input, tref) = template.plan_input(&client.sectors);
            let plan = Plan::create(
                PlanId::from_uuid(w.new_id()),
                client_id,
                version,
                input,
                Some(tref),
                w.now(),
            )?;
            w.record::<PlanTable>(
                &plan.id.to_string(),
                Change::Upsert(changed_fields(PlanTable::ENTITY, None, &to_json(&plan))),
            )?;
            Ok(plan)
        })
    }

    /// The version incidents follow: the approved one, else the draft being written.
    pub fn current_plan(&self, client: ClientId) -> Result<Option<Plan>, StoreError> {
        self.read(|conn| current(conn, client))
    }

    pub fn plan(&self, id: PlanId) -> Result<Plan, StoreError> {
        self.read(|conn| load(conn, id))
    }

    /// The client's plan versions, newest first.
    pub fn list_plans(&self, client_id: ClientId) -> Result<Vec<PlanSummary>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT doc FROM plans WHERE client_id = ?1 ORDER BY version DESC, id",
            )?;
            let rows = stmt.query_map([client_id.to_string()], |r| r.get::<_, String>(0))?;
            rows.map(|doc| {
                let plan: Plan = serde_json::from_str(&doc?).map_err(damaged("a plan"))?;
                Ok(plan.summary())
            })
            .collect()
        })
    }

    /// Saves a draft's sections. Editing the approved version starts the next draft and returns
    /// it (the approved one is left exactly as signed off); a superseded version is read-only.
    pub fn update_plan(&self, id: PlanId, input: PlanInput) -> Result<Plan, StoreError> {
        self.write(|w| {
            let old = load(&w.tx, id)?;
            save_input(w, old, input)
        })
    }

    /// Adds a built-in playbook (`ransomware` ...) to the plan, as an edit: on an approved
    /// version this starts the next draft, exactly like `update_plan`.
    pub fn add_playbook_from_template(
        &self,
        id: PlanId,
        template: &str,
    ) -> Result<Plan, StoreError> {
        let t = playbook_template(template).ok_or_else(|| {
            Invalid::one(
                "template",
                format!("there is no playbook template '{template}'; list them with `cordon plans templates`"),
            )
        })?;
        self.write(|w| {
            let old = load(&w.tx, id)?;
            let mut input = old.to_input();
            if let Some(p) = input.playbooks.iter().find(|p| p.incident_type == t.name) {
                return Err(Invalid::one(
                    "template",
                    format!(
                        "the plan already has the playbook '{}'; edit that one",
                        p.name
                    ),
                )
                .into());
            }
            input.playbooks.push(t.playbook);
            save_input(w, old, input)
        })
    }

    /// Approves a draft; the client's previously approved version becomes superseded.
    pub fn approve_plan(&self, id: PlanId, approver: &str, note: &str) -> Result<Plan, StoreError> {
        self.write(|w| {
            let draft = load(&w.tx, id)?;
            let approved = draft.approved(approver, note, w.now())?;
            // Every approved version this laptop knows of: one, unless two laptops approved
            // without seeing each other; this approval settles that too.
            for prev_id in approved_versions(&w.tx, draft.client_id)? {
                let prev = load(&w.tx, prev_id)?;
                let gone = prev.superseded(w.now());
                let fields =
                    changed_fields(PlanTable::ENTITY, Some(&to_json(&prev)), &to_json(&gone));
                w.record::<PlanTable>(&prev_id.to_string(), Change::Upsert(fields))?;
            }
            let fields = changed_fields(
                PlanTable::ENTITY,
                Some(&to_json(&draft)),
                &to_json(&approved),
            );
            w.record::<PlanTable>(&id.to_string(), Change::Upsert(fields))?;
            Ok(approved)
        })
    }

    /// Logs a periodic review of the approved version; its review clock restarts.
    pub fn record_plan_review(
        &self,
        id: PlanId,
        reviewer: &str,
        summary: &str,
    ) -> Result<Plan, StoreError> {
        self.write(|w| {
            let old = load(&w.tx, id)?;
            let new = old.reviewed(reviewer, summary, w.now())?;
            let fields = changed_fields(PlanTable::ENTITY, Some(&to_json(&old)), &to_json(&new));
            w.record::<PlanTable>(&id.to_string(), Change::Upsert(fields))?;
            Ok(new)
        })
    }

    /// What changed from one version to another of the same client's plan.
    pub fn plan_diff(&self, from: PlanId, to: PlanId) -> Result<Vec<PlanChange>, StoreError> {
        self.read(|conn| {
            let (a, b) = (load(conn, from)?, load(conn, to)?);
            if a.client_id != b.client_id {
                return Err(Invalid::one(
                    "to_id",
                    "these versions belong to different clients' plans; compare versions of one client",
                )
                .into());
            }
            Ok(diff(&a, &b))
        })
    }

    /// Every plan version, as the tables hold it: `doctor` compares it with the log's replay.
    pub fn all_plans(&self) -> Result<Vec<Plan>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT doc FROM plans ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.map(|doc| serde_json::from_str(&doc?).map_err(damaged("a plan")))
                .collect()
        })
    }
}

impl Store {
    /// Rebuilds the plan versions from the op log alone, in a scratch database, and says
    /// whether they equal what the `plans` table holds. `Store::replay_into_scratch` covers
    /// clients; `doctor` can call this beside it.
    pub fn plans_match_op_log(&self) -> Result<bool, StoreError> {
        self.tables_match_op_log(&["plans"])
    }
}
