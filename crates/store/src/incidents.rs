//! Incidents and the append-only records beside them: timeline entries, evidence (with its
//! content in `blobs`), custody transfers and notices.
//!
//! An incident is a document that follows the op log like a plan does. The other records are
//! `append` ops: applying one inserts a row and never updates it. Every change to an incident
//! that the timeline should show (a phase change, an override, a notice) appends its status
//! entry in the same transaction, chained onto the last entry.

mod list;
mod records;

use std::collections::HashMap;

use cordon_core::asset::Asset;
use cordon_core::incident::{
    AffectedAsset, CustodyTransfer, EntryDraft, Evidence, Incident, IncidentInput, Notice,
    TimelineEntry, TimelineNote,
};
use cordon_core::search::HitKind;
use cordon_core::{AssetId, ClientId, EvidenceId, IncidentId, Invalid, Plan};
use rusqlite::{Connection, Transaction, params};

use crate::Store;
use crate::doc::{json_rows, load_json, to_json};
use crate::error::{StoreError, damaged};
use crate::oplog::{Change, Projection, Writer, changed_fields, merged};
use crate::search;

pub use list::ClockRecords;
pub(crate) use records::{CustodyTable, EvidenceTable, NoticeTable, TimelineTable};
use records::{append_entry, append_note};

pub(crate) struct IncidentTable;

impl Projection for IncidentTable {
    const ENTITY: &'static str = "incident";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Upsert(fields) => {
                let stored = load_json(tx, "incidents", entity_id)?;
                let incident: Incident = merged(stored, fields, Self::ENTITY, entity_id)?;
                save_incident(tx, &incident)
            }
            Change::Delete => {
                tx.execute("DELETE FROM incidents WHERE id = ?1", [entity_id])?;
                search::remove(tx, entity_id)
            }
            Change::Append(_) => Err(StoreError::NotAppendOnly {
                entity: Self::ENTITY.into(),
            }),
        }
    }
}

fn save_incident(tx: &Transaction<'_>, i: &Incident) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO incidents (id, client_id, phase, severity, severity_rank, incident_type,
                                title, detected_at, updated_at, doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, phase = excluded.phase,
           severity = excluded.severity, severity_rank = excluded.severity_rank,
           incident_type = excluded.incident_type, title = excluded.title,
           detected_at = excluded.detected_at, updated_at = excluded.updated_at,
           doc = excluded.doc",
    )?
    .execute(params![
        i.id.to_string(),
        i.client_id.to_string(),
        phase_key(i),
        i.severity_level(),
        i.severity.rank(),
        i.incident_type,
        i.title,
        i.key_times.detected.to_rfc3339(),
        i.updated_at.to_rfc3339(),
        to_json(i),
    ])?;
    let body = [
        i.incident_type.replace('_', " "),
        i.description.clone(),
        i.reported_by.clone(),
        i.internal_notes.clone(),
        i.review.root_cause.clone(),
        i.review.lessons_learned.clone(),
    ]
    .join(" ");
    search::index(
        tx,
        HitKind::Incident,
        &i.id.to_string(),
        i.client_id,
        &i.title,
        &body,
    )
}

fn phase_key(i: &Incident) -> String {
    serde_json::to_value(i.phase)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn load_incident(conn: &Connection, id: IncidentId) -> Result<Incident, StoreError> {
    let doc = load_json(conn, "incidents", &id.to_string())?.ok_or(StoreError::NotFound {
        entity: "incident",
        id: id.to_string(),
    })?;
    serde_json::from_value(doc).map_err(damaged(format_args!("incident {id}")))
}

/// The assets an incident names, checked to be this client's; what severity needs of each.
pub(super) fn affected(
    conn: &Connection,
    client: ClientId,
    ids: &[AssetId],
) -> Result<Vec<AffectedAsset>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let asset: Option<Asset> = load_json(conn, "assets", &id.to_string())?
            .map(serde_json::from_value)
            .transpose()
            .map_err(damaged(format_args!("asset {id}")))?;
        match asset {
            Some(a) if a.client_id == client => out.push(AffectedAsset {
                name: a.name,
                criticality: a.criticality,
                data_classes: a.data_classes,
            }),
            _ => {
                return Err(Invalid::one(
                    format!("affected_assets.{i}"),
                    "this asset is not one of the client's; pick it from the client's asset register",
                )
                .into());
            }
        }
    }
    Ok(out)
}

fn plan_of(conn: &Connection, incident: &Incident) -> Result<Option<Plan>, StoreError> {
    incident
        .plan_id
        .map(|id| crate::plans::load(conn, id))
        .transpose()
}

/// Everything recorded about one incident.
#[derive(Debug, Clone)]
pub struct IncidentRecords {
    pub incident: Incident,
    pub plan: Option<Plan>,
    pub affected: Vec<AffectedAsset>,
    pub timeline: Vec<TimelineEntry>,
    pub evidence: Vec<(Evidence, Vec<CustodyTransfer>)>,
    pub notices: Vec<Notice>,
}

/// Which incidents a list shows.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    pub client: Option<ClientId>,
    pub open_only: bool,
    pub limit: u32,
    pub offset: u32,
}

/// What an edit of the incident document may look at besides the incident itself.
pub struct IncidentContext<'a> {
    pub plan: Option<&'a Plan>,
    now: chrono::DateTime<chrono::Utc>,
}

impl IncidentContext<'_> {
    /// A new UUIDv7 for a record inside the document (an action item).
    pub fn new_id(&self) -> String {
        let ms = self.now.timestamp_millis().max(0) as u64;
        uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            ms / 1000,
            ((ms % 1000) * 1_000_000) as u32,
        ))
        .to_string()
    }
}

impl Store {
    /// Opens an incident against the client's current plan (the approved version, else the
    /// draft), with its opening entry on the timeline.
    pub fn open_incident(
        &self,
        client: ClientId,
        input: IncidentInput,
        author: &str,
    ) -> Result<Incident, StoreError> {
        self.open_incident_with_timeline(client, input, Vec::new(), author)
    }

    /// Opens an incident and appends `entries` after its opening entry, all in one
    /// transaction: how an incident worked elsewhere (another tool, a paper log typed up
    /// later, the scale generator) arrives whole or not at all.
    pub fn open_incident_with_timeline(
        &self,
        client: ClientId,
        input: IncidentInput,
        entries: Vec<EntryDraft>,
        author: &str,
    ) -> Result<Incident, StoreError> {
        self.write(|w| {
            crate::clients::load_doc(&w.tx, &client.to_string())?.ok_or(StoreError::NotFound {
                entity: "client",
                id: client.to_string(),
            })?;
            let plan = crate::plans::current(&w.tx, client)?;
            let hit = affected(&w.tx, client, &input.affected_assets)?;
            let (incident, note) = Incident::open(
                IncidentId::from_uuid(w.new_id()),
                client,
                plan.as_ref(),
                input,
                &hit,
                author,
                w.now(),
            )?;
            save_change(w, None, &incident, Some(note), author)?;
            for draft in entries {
                append_entry(w, incident.id, draft, author)?;
            }
            Ok(incident)
        })
    }

    pub fn incident(&self, id: IncidentId) -> Result<Incident, StoreError> {
        self.read(|conn| load_incident(conn, id))
    }

    /// The incident with its plan, timeline, evidence and notices.
    pub fn incident_records(&self, id: IncidentId) -> Result<IncidentRecords, StoreError> {
        self.read(|conn| {
            let incident = load_incident(conn, id)?;
            let key = id.to_string();
            let plan = plan_of(conn, &incident)?;
            let affected =
                affected(conn, incident.client_id, &incident.affected_assets).unwrap_or_default();
            let timeline = json_rows(
                conn,
                "SELECT doc FROM timeline_entries WHERE incident_id = ?1 ORDER BY seq, id",
                &key,
            )?;
            let evidence: Vec<Evidence> = json_rows(
                conn,
                "SELECT doc FROM evidence WHERE incident_id = ?1 ORDER BY id",
                &key,
            )?;
            // Every transfer of every piece in one query, not one query per piece.
            let transfers: Vec<CustodyTransfer> = json_rows(
                conn,
                "SELECT c.doc FROM evidence e JOIN custody_transfers c ON c.evidence_id = e.id
                 WHERE e.incident_id = ?1 ORDER BY c.evidence_id, c.id",
                &key,
            )?;
            let mut by_piece: HashMap<EvidenceId, Vec<CustodyTransfer>> = HashMap::new();
            for t in transfers {
                by_piece.entry(t.evidence_id).or_default().push(t);
            }
            let evidence = evidence
                .into_iter()
                .map(|e| {
                    let custody = by_piece.remove(&e.id).unwrap_or_default();
                    (e, custody)
                })
                .collect();
            let notices = json_rows(
                conn,
                "SELECT doc FROM notices WHERE incident_id = ?1 ORDER BY id",
                &key,
            )?;
            Ok(IncidentRecords {
                incident,
                plan,
                affected,
                timeline,
                evidence,
                notices,
            })
        })
    }

    /// Applies an edit of the incident document; when core's edit returns a note, it is
    /// appended to the timeline as a status entry in the same transaction.
    pub fn change_incident(
        &self,
        id: IncidentId,
        author: &str,
        edit: impl FnOnce(
            &Incident,
            &IncidentContext<'_>,
        ) -> Result<(Incident, Option<TimelineNote>), Invalid>,
    ) -> Result<Incident, StoreError> {
        self.write(|w| {
            let old = load_incident(&w.tx, id)?;
            let plan = plan_of(&w.tx, &old)?;
            let ctx = IncidentContext {
                plan: plan.as_ref(),
                now: w.now(),
            };
            let (new, note) = edit(&old, &ctx)?;
            save_change(w, Some(&old), &new, note, author)?;
            Ok(new)
        })
    }

    /// New affected assets and scope; severity is computed again from the matrix.
    pub fn rescope_incident(
        &self,
        id: IncidentId,
        assets: Vec<AssetId>,
        scope: &str,
        author: &str,
    ) -> Result<Incident, StoreError> {
        self.write(|w| {
            let old = load_incident(&w.tx, id)?;
            let plan = plan_of(&w.tx, &old)?;
            let hit = affected(&w.tx, old.client_id, &assets)?;
            let (new, note) = old.rescoped(plan.as_ref(), assets, &hit, scope, w.now())?;
            save_change(w, Some(&old), &new, note, author)?;
            Ok(new)
        })
    }
}

/// The one way an incident change is written: the document's changed fields (all of them
/// for a new incident), then the note core wrote for it, chained onto the timeline, in the
/// caller's transaction.
fn save_change(
    w: &mut Writer<'_>,
    old: Option<&Incident>,
    new: &Incident,
    note: Option<TimelineNote>,
    author: &str,
) -> Result<(), StoreError> {
    let fields = changed_fields(
        IncidentTable::ENTITY,
        old.map(|o| serde_json::to_value(o).unwrap_or_default())
            .as_ref(),
        &serde_json::to_value(new).unwrap_or_default(),
    );
    if !fields.is_empty() {
        w.record::<IncidentTable>(&new.id.to_string(), Change::Upsert(fields))?;
    }
    if let Some(note) = note {
        append_note(w, new.id, note, author)?;
    }
    Ok(())
}
