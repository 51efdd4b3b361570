//! Tabletop exercises, their running log, and the plan change items findings raise.
//!
//! An exercise is a document that follows the op log like an incident: each edit (a clock
//! event, a reveal, a mark, a rating) is an upsert carrying only the fields that changed, so
//! it is on disk the moment it is made. Log lines are `append` ops and never change. A finding
//! is written with its plan change item in one transaction, so the plan never misses a change
//! an exercise asked for. Each exercise and each log line is in the search index, kept in step
//! by these projections in the same transaction as the row.

use chrono::{DateTime, Utc};
use cordon_core::asset::Asset;
use cordon_core::exercise::{
    Exercise, ExerciseSummary, FindingInput, LogEntry, LogEntryInput, PlanChangeItem,
    PlanChangeStatus, Scenario,
};
use cordon_core::search::HitKind;
use cordon_core::{Client, ClientId, ExerciseId, Invalid, PlanChangeId};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use crate::Store;
use crate::doc::{appended, json_rows, load_json, to_json};
use crate::error::{StoreError, damaged};
use crate::oplog::{Change, Projection, Writer, changed_fields, merged};
use crate::search;

pub(crate) struct ExerciseTable;
pub(crate) struct ExerciseLogTable;
pub(crate) struct PlanChangeTable;

impl Projection for ExerciseTable {
    const ENTITY: &'static str = "exercise";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Upsert(fields) => {
                let stored = load_json(tx, "exercises", entity_id)?;
                let e: Exercise = merged(stored, fields, Self::ENTITY, entity_id)?;
                let s = e.summary();
                tx.prepare_cached(
                    "INSERT INTO exercises (id, client_id, scenario, name, status, ended_at,
                                            created_at, doc)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id,
                       scenario = excluded.scenario, name = excluded.name,
                       status = excluded.status, ended_at = excluded.ended_at,
                       created_at = excluded.created_at, doc = excluded.doc",
                )?
                .execute(params![
                    entity_id,
                    e.client_id.to_string(),
                    s.scenario,
                    s.name,
                    s.status.key(),
                    s.ended_at.map(|t| t.to_rfc3339()),
                    e.created_at.to_rfc3339(),
                    to_json(&e),
                ])?;
                index_exercise(tx, &e)?;
                index_waiting_lines(tx, &e)
            }
            Change::Delete => {
                let lines: Vec<String> = tx
                    .prepare_cached("SELECT id FROM exercise_log WHERE exercise_id = ?1")?
                    .query_map([entity_id], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                for line in &lines {
                    search::remove(tx, line)?;
                }
                tx.execute("DELETE FROM exercises WHERE id = ?1", [entity_id])?;
                search::remove(tx, entity_id)
            }
            Change::Append(_) => Err(StoreError::NotAppendOnly {
                entity: Self::ENTITY.into(),
            }),
        }
    }
}

impl Projection for ExerciseLogTable {
    const ENTITY: &'static str = "exercise_log_entry";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        let e: LogEntry = appended(change, Self::ENTITY, entity_id)?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO exercise_log (id, exercise_id, doc) VALUES (?1, ?2, ?3)",
            params![entity_id, e.exercise_id.to_string(), to_json(&e)],
        )?;
        let client: Option<String> = tx
            .prepare_cached("SELECT client_id FROM exercises WHERE id = ?1")?
            .query_row([e.exercise_id.to_string()], |r| r.get(0))
            .optional()?;
        // A line whose exercise this device has not seen (yet) cannot be opened from a hit.
        match (inserted, client.and_then(|c| c.parse::<ClientId>().ok())) {
            (1, Some(client)) => {
                // The text alone: the exercise's name would make every line match it.
                search::index(
                    tx,
                    HitKind::ExerciseLogEntry,
                    entity_id,
                    client,
                    "",
                    &e.text,
                )
            }
            _ => Ok(()),
        }
    }
}

/// Indexes the log lines that arrived (from another laptop) before their exercise did: until
/// then no hit could have opened them.
fn index_waiting_lines(tx: &Transaction<'_>, e: &Exercise) -> Result<(), StoreError> {
    let lines: Vec<LogEntry> = json_rows(
        tx,
        "SELECT l.doc FROM exercise_log l WHERE l.exercise_id = ?1
           AND NOT EXISTS (SELECT 1 FROM search_refs r WHERE r.ref = l.id)",
        &e.id.to_string(),
    )?;
    for line in &lines {
        search::index(
            tx,
            HitKind::ExerciseLogEntry,
            &line.id.to_string(),
            e.client_id,
            "",
            &line.text,
        )?;
    }
    Ok(())
}

/// The words a facilitator remembers an exercise by, besides its name. Migration 0006 builds
/// the same text in SQL for exercises stored before it: keep the two in the same order.
fn search_body(e: &Exercise, client_name: &str) -> String {
    let mut words = vec![
        e.scenario.title.clone(),
        client_name.to_owned(),
        e.narrative.clone(),
    ];
    words.extend(e.participants.iter().map(|p| p.name.clone()));
    for f in &e.findings {
        words.extend([
            f.issue.clone(),
            f.corrective_action.clone(),
            f.owner.clone(),
        ]);
    }
    words.join(" ")
}

fn index_exercise(tx: &Transaction<'_>, e: &Exercise) -> Result<(), StoreError> {
    let client_name: String = tx
        .prepare_cached("SELECT name FROM clients WHERE id = ?1")?
        .query_row([e.client_id.to_string()], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    search::index(
        tx,
        HitKind::Exercise,
        &e.id.to_string(),
        e.client_id,
        &e.name,
        &search_body(e, &client_name),
    )
}

/// Re-indexes a client's exercises, whose index text holds the client's name: called when the
/// name changes, so "brightwater" keeps finding the exercises after a rename.
pub(crate) fn reindex_client_exercises(
    tx: &Transaction<'_>,
    client: &str,
) -> Result<(), StoreError> {
    let exercises: Vec<Exercise> =
        json_rows(tx, "SELECT doc FROM exercises WHERE client_id = ?1", client)?;
    for e in &exercises {
        index_exercise(tx, e)?;
    }
    Ok(())
}

impl Projection for PlanChangeTable {
    const ENTITY: &'static str = "plan_change_item";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Upsert(fields) => {
                let stored = load_json(tx, "plan_change_items", entity_id)?;
                let c: PlanChangeItem = merged(stored, fields, Self::ENTITY, entity_id)?;
                tx.prepare_cached(
                    "INSERT INTO plan_change_items (id, client_id, exercise_id, status,
                                                    created_at, doc)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id,
                       exercise_id = excluded.exercise_id, status = excluded.status,
                       created_at = excluded.created_at, doc = excluded.doc",
                )?
                .execute(params![
                    entity_id,
                    c.client_id.to_string(),
                    c.exercise_id.to_string(),
                    status_key(c.status),
                    c.created_at.to_rfc3339(),
                    to_json(&c),
                ])?;
                Ok(())
            }
            Change::Delete => {
                tx.execute("DELETE FROM plan_change_items WHERE id = ?1", [entity_id])?;
                Ok(())
            }
            Change::Append(_) => Err(StoreError::NotAppendOnly {
                entity: Self::ENTITY.into(),
            }),
        }
    }
}

fn status_key(s: PlanChangeStatus) -> &'static str {
    match s {
        PlanChangeStatus::Open => "open",
        PlanChangeStatus::Done => "done",
    }
}

fn load_exercise(conn: &Connection, id: ExerciseId) -> Result<Exercise, StoreError> {
    let doc = load_json(conn, "exercises", &id.to_string())?.ok_or(StoreError::NotFound {
        entity: "exercise",
        id: id.to_string(),
    })?;
    serde_json::from_value(doc).map_err(damaged(format_args!("exercise {id}")))
}

fn load_client(tx: &Transaction<'_>, id: ClientId) -> Result<Client, StoreError> {
    let doc = crate::clients::load_doc(tx, &id.to_string())?.ok_or(StoreError::NotFound {
        entity: "client",
        id: id.to_string(),
    })?;
    serde_json::from_value(doc).map_err(damaged(format_args!("client {id}")))
}

fn record_exercise(
    w: &mut Writer<'_>,
    old: Option<&Exercise>,
    new: &Exercise,
) -> Result<(), StoreError> {
    let old = old.map(|o| serde_json::to_value(o).unwrap_or_default());
    let fields = changed_fields(
        ExerciseTable::ENTITY,
        old.as_ref(),
        &serde_json::to_value(new).unwrap_or_default(),
    );
    if fields.is_empty() {
        return Ok(());
    }
    w.record::<ExerciseTable>(&new.id.to_string(), Change::Upsert(fields))
}

fn new_id_string(w: &Writer<'_>) -> String {
    w.new_id().to_string()
}

/// The exercise with its running log, oldest line first.
#[derive(Debug, Clone)]
pub struct ExerciseRecords {
    pub exercise: Exercise,
    pub client_name: String,
    pub log: Vec<LogEntry>,
}

impl Store {
    /// Creates an exercise of `scenario` for the client, built from its current plan (the
    /// approved version, else the draft) and its assets, in one write.
    pub fn create_exercise(
        &self,
        client: ClientId,
        scenario: &Scenario,
    ) -> Result<Exercise, StoreError> {
        self.write(|w| {
            let c = load_client(&w.tx, client)?;
            let plan = crate::plans::current(&w.tx, client)?;
            let assets: Vec<Asset> = json_rows(
                &w.tx,
                "SELECT doc FROM assets WHERE client_id = ?1 AND archived_at IS NULL
                 ORDER BY criticality, name",
                &client.to_string(),
            )?;
            let e = Exercise::create(
                ExerciseId::from_uuid(w.new_id()),
                scenario,
                &c,
                plan.as_ref(),
                &assets,
                w.now(),
            )?;
            record_exercise(w, None, &e)?;
            Ok(e)
        })
    }

    pub fn exercise(&self, id: ExerciseId) -> Result<Exercise, StoreError> {
        self.read(|conn| load_exercise(conn, id))
    }

    pub fn exercise_records(&self, id: ExerciseId) -> Result<ExerciseRecords, StoreError> {
        self.read(|conn| {
            let exercise = load_exercise(conn, id)?;
            let client_name: String = conn
                .prepare_cached("SELECT name FROM clients WHERE id = ?1")?
                .query_row([exercise.client_id.to_string()], |r| r.get(0))
                .optional()?
                .unwrap_or_default();
            let log = json_rows(
                conn,
                "SELECT doc FROM exercise_log WHERE exercise_id = ?1 ORDER BY n",
                &id.to_string(),
            )?;
            Ok(ExerciseRecords {
                exercise,
                client_name,
                log,
            })
        })
    }

    /// Every exercise of a client (or of all clients), newest first.
    pub fn exercises_of(&self, client: Option<ClientId>) -> Result<Vec<Exercise>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT doc FROM exercises WHERE ?1 IS NULL OR client_id = ?1
                 ORDER BY created_at DESC, id",
            )?;
            let docs =
                stmt.query_map([client.map(|c| c.to_string())], |r| r.get::<_, String>(0))?;
            docs.map(|d| serde_json::from_str(&d?).map_err(damaged("an exercise")))
                .collect()
        })
    }

    pub fn list_exercises(
        &self,
        client: Option<ClientId>,
    ) -> Result<Vec<ExerciseSummary>, StoreError> {
        Ok(self
            .exercises_of(client)?
            .iter()
            .map(Exercise::summary)
            .collect())
    }

    /// Applies an edit of the exercise document (given the write's time); only the fields
    /// that changed go into the op.
    pub fn change_exercise(
        &self,
        id: ExerciseId,
        edit: impl FnOnce(&mut Exercise, DateTime<Utc>) -> Result<(), Invalid>,
    ) -> Result<Exercise, StoreError> {
        self.write(|w| {
            let old = load_exercise(&w.tx, id)?;
            let mut new = old.clone();
            edit(&mut new, w.now())?;
            record_exercise(w, Some(&old), &new)?;
            Ok(new)
        })
    }

    /// Appends a line to the running log.
    pub fn add_exercise_log(
        &self,
        id: ExerciseId,
        input: LogEntryInput,
    ) -> Result<LogEntry, StoreError> {
        self.append_exercise_log(id, input, None)
    }

    /// Appends a line written at `at` rather than now: a session written up from paper notes
    /// (the demo's past exercise is one). Its exercise time is the clock's at `at`.
    pub fn add_exercise_log_at(
        &self,
        id: ExerciseId,
        input: LogEntryInput,
        at: DateTime<Utc>,
    ) -> Result<LogEntry, StoreError> {
        self.append_exercise_log(id, input, Some(at))
    }

    fn append_exercise_log(
        &self,
        id: ExerciseId,
        input: LogEntryInput,
        at: Option<DateTime<Utc>>,
    ) -> Result<LogEntry, StoreError> {
        self.write(|w| {
            let e = load_exercise(&w.tx, id)?;
            let entry = LogEntry::new(new_id_string(w), &e, input, at.unwrap_or(w.now()))?;
            w.record::<ExerciseLogTable>(
                &entry.id,
                Change::Append(serde_json::to_value(&entry).unwrap_or_default()),
            )?;
            Ok(entry)
        })
    }

    /// Records a finding on the exercise and its plan change item on the client's plan, in
    /// one transaction.
    pub fn add_exercise_finding(
        &self,
        id: ExerciseId,
        input: FindingInput,
    ) -> Result<(Exercise, PlanChangeItem), StoreError> {
        self.write(|w| {
            let old = load_exercise(&w.tx, id)?;
            let mut new = old.clone();
            let item = new.add_finding(PlanChangeId::from_uuid(w.new_id()), input, w.now())?;
            record_exercise(w, Some(&old), &new)?;
            w.record::<PlanChangeTable>(
                &item.id.to_string(),
                Change::Upsert(changed_fields(
                    PlanChangeTable::ENTITY,
                    None,
                    &serde_json::to_value(&item).unwrap_or_default(),
                )),
            )?;
            Ok((new, item))
        })
    }

    /// The client's plan change items, open ones first, oldest first within each.
    pub fn plan_change_items(&self, client: ClientId) -> Result<Vec<PlanChangeItem>, StoreError> {
        self.read(|conn| {
            json_rows(
                conn,
                "SELECT doc FROM plan_change_items WHERE client_id = ?1
                 ORDER BY status = 'done', created_at, id",
                &client.to_string(),
            )
        })
    }

    pub fn set_plan_change_status(
        &self,
        id: PlanChangeId,
        status: PlanChangeStatus,
    ) -> Result<PlanChangeItem, StoreError> {
        self.write(|w| {
            let old: PlanChangeItem = load_json(&w.tx, "plan_change_items", &id.to_string())?
                .map(serde_json::from_value)
                .transpose()
                .map_err(damaged(format_args!("plan change {id}")))?
                .ok_or(StoreError::NotFound {
                    entity: "plan change item",
                    id: id.to_string(),
                })?;
            let mut new = old.clone();
            new.status = status;
            new.updated_at = w.now();
            let fields = changed_fields(
                PlanChangeTable::ENTITY,
                Some(&serde_json::to_value(&old).unwrap_or_default()),
                &serde_json::to_value(&new).unwrap_or_default(),
            );
            w.record::<PlanChangeTable>(&id.to_string(), Change::Upsert(fields))?;
            Ok(new)
        })
    }
}
