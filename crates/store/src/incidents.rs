//! Incidents and the append-only records beside them: timeline entries, evidence (with its
//! content in `blobs`), custody transfers and notices.
//!
//! An incident is a document that follows the op log like a plan does. The other records are
//! `append` ops: applying one inserts a row and never updates it. Every change to an incident
//! that the timeline should show (a phase change, an override, a notice) appends its status
//! entry in the same transaction, chained onto the last entry.

use cordon_core::asset::Asset;
use cordon_core::incident::{
    AffectedAsset, CustodyTransfer, CustodyTransferInput, EntryDraft, EntryKind, Evidence,
    EvidenceInput, Incident, IncidentInput, IncidentSummary, Notice, NoticeInput, TimelineEntry,
};
use cordon_core::search::HitKind;
use cordon_core::{AssetId, ClientId, EntryId, EvidenceId, IncidentId, Invalid, NoticeId, Plan};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::Store;
use crate::doc::{appended, json_rows, load_json, to_json};
use crate::error::StoreError;
use crate::oplog::{Change, Projection, Writer, changed_fields, merged};
use crate::search;

pub(crate) struct IncidentTable;
pub(crate) struct TimelineTable;
pub(crate) struct EvidenceTable;
pub(crate) struct CustodyTable;
pub(crate) struct NoticeTable;

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
            Change::Append(_) => Err(StoreError::Io(
                "incidents are documents, not append-only records".into(),
            )),
        }
    }
}

impl Projection for TimelineTable {
    const ENTITY: &'static str = "timeline_entry";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        let e: TimelineEntry = appended(change, Self::ENTITY, entity_id)?;
        let n: Option<i64> = tx
            .prepare_cached(
                "INSERT INTO timeline_entries (id, incident_id, seq, doc) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO NOTHING RETURNING n",
            )?
            .query_row(
                params![entity_id, e.incident_id.to_string(), e.seq, to_json(&e)],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(n) = n {
            search::index_entry(tx, n, &e.text)?;
        }
        Ok(())
    }
}

impl Projection for EvidenceTable {
    const ENTITY: &'static str = "evidence";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        let e: Evidence = appended(change, Self::ENTITY, entity_id)?;
        tx.execute(
            "INSERT OR IGNORE INTO evidence (id, incident_id, doc) VALUES (?1, ?2, ?3)",
            params![entity_id, e.incident_id.to_string(), to_json(&e)],
        )?;
        Ok(())
    }
}

impl Projection for CustodyTable {
    const ENTITY: &'static str = "custody_transfer";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        let t: CustodyTransfer = appended(change, Self::ENTITY, entity_id)?;
        tx.execute(
            "INSERT OR IGNORE INTO custody_transfers (id, evidence_id, doc) VALUES (?1, ?2, ?3)",
            params![entity_id, t.evidence_id.to_string(), to_json(&t)],
        )?;
        Ok(())
    }
}

impl Projection for NoticeTable {
    const ENTITY: &'static str = "notice";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        let n: Notice = appended(change, Self::ENTITY, entity_id)?;
        tx.execute(
            "INSERT OR IGNORE INTO notices (id, incident_id, doc) VALUES (?1, ?2, ?3)",
            params![entity_id, n.incident_id.to_string(), to_json(&n)],
        )?;
        Ok(())
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

fn load_evidence(conn: &Connection, id: EvidenceId) -> Result<Evidence, StoreError> {
    load_json(conn, "evidence", &id.to_string())?
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| StoreError::Io(format!("evidence {id} is damaged: {e}")))?
        .ok_or(StoreError::NotFound {
            entity: "evidence",
            id: id.to_string(),
        })
}

fn load_incident(conn: &Connection, id: IncidentId) -> Result<Incident, StoreError> {
    let doc = load_json(conn, "incidents", &id.to_string())?.ok_or(StoreError::NotFound {
        entity: "incident",
        id: id.to_string(),
    })?;
    serde_json::from_value(doc)
        .map_err(|e| StoreError::Io(format!("incident {id} is damaged: {e}")))
}

fn last_entry(
    conn: &Connection,
    incident: IncidentId,
) -> Result<Option<TimelineEntry>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached(
            "SELECT doc FROM timeline_entries WHERE incident_id = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([incident.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| {
        serde_json::from_str(&d)
            .map_err(|e| StoreError::Io(format!("a timeline entry is damaged: {e}")))
    })
    .transpose()
}

/// The assets an incident names, checked to be this client's; what severity needs of each.
fn affected(
    conn: &Connection,
    client: ClientId,
    ids: &[AssetId],
) -> Result<Vec<AffectedAsset>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let asset: Option<Asset> = load_json(conn, "assets", &id.to_string())?
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| StoreError::Io(format!("asset {id} is damaged: {e}")))?;
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

/// Appends one entry to the incident's chain, in this write.
fn append_entry(
    w: &mut Writer<'_>,
    incident: IncidentId,
    draft: EntryDraft,
    author: &str,
) -> Result<TimelineEntry, StoreError> {
    let prev = last_entry(&w.tx, incident)?;
    let entry = TimelineEntry::append(
        EntryId::from_uuid(w.new_id()),
        incident,
        prev.as_ref(),
        draft,
        author,
        w.now(),
    )?;
    w.record::<TimelineTable>(
        &entry.id.to_string(),
        Change::Append(serde_json::to_value(&entry).unwrap_or_default()),
    )?;
    Ok(entry)
}

fn status_entry(text: String, at: Option<chrono::DateTime<chrono::Utc>>) -> EntryDraft {
    EntryDraft {
        kind: EntryKind::Status,
        text,
        occurred_at: at,
        client_visible: false,
        technique: None,
        corrects: None,
    }
}

/// What an edit of the incident says on the timeline, and when it happened (`None`: now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusNote {
    pub text: String,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

impl StatusNote {
    pub fn at(text: String, at: chrono::DateTime<chrono::Utc>) -> Option<StatusNote> {
        Some(StatusNote { text, at: Some(at) })
    }

    pub fn now(text: String) -> Option<StatusNote> {
        Some(StatusNote { text, at: None })
    }
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
            let incident = Incident::open(
                IncidentId::from_uuid(w.new_id()),
                client,
                plan.as_ref(),
                input,
                &hit,
                author,
                w.now(),
            )?;
            w.record::<IncidentTable>(
                &incident.id.to_string(),
                Change::Upsert(changed_fields(
                    None,
                    &serde_json::to_value(&incident).unwrap_or_default(),
                )),
            )?;
            let mut text = format!("Incident opened: {}", incident.title);
            if let Some(level) = incident.severity_level() {
                text.push_str(&format!(" — {level}"));
            }
            append_entry(
                w,
                incident.id,
                status_entry(text, Some(incident.key_times.detected)),
                author,
            )?;
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
            let evidence = evidence
                .into_iter()
                .map(|e| {
                    let transfers: Vec<CustodyTransfer> = json_rows(
                        conn,
                        "SELECT doc FROM custody_transfers WHERE evidence_id = ?1 ORDER BY id",
                        &e.id.to_string(),
                    )?;
                    Ok((e, transfers))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
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

    /// A page of incidents, most recently detected first, and how many match in all.
    pub fn list_incidents(
        &self,
        filter: &IncidentFilter,
    ) -> Result<(Vec<IncidentSummary>, u32), StoreError> {
        // The filter is spelled into the SQL (not `?1 IS NULL OR ...`) so that SQLite picks
        // the index for exactly this filter; the page's rows are found in that index first and
        // only those 50 rows are read from the table.
        let mut conditions = Vec::new();
        if filter.client.is_some() {
            conditions.push("client_id = ?1");
        }
        if filter.open_only {
            conditions.push("phase <> 'closed'");
        }
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let client = filter.client.map(|c| c.to_string()).unwrap_or_default();
        self.read(|conn| {
            let bind = |sql: &str| -> Result<rusqlite::CachedStatement<'_>, StoreError> {
                Ok(conn.prepare_cached(sql)?)
            };
            let count_sql = format!("SELECT count(*) FROM incidents {filter_sql}");
            let mut count = bind(&count_sql)?;
            let total: u32 = if filter.client.is_some() {
                count.query_row([&client], |r| r.get(0))?
            } else {
                count.query_row([], |r| r.get(0))?
            };
            let page_sql = format!(
                "WITH page AS (SELECT n FROM incidents {filter_sql}
                               ORDER BY detected_at DESC, id LIMIT ?2 OFFSET ?3)
                 SELECT i.id, i.client_id, coalesce(c.name, ''), i.incident_type, i.title, i.phase,
                        i.severity, i.severity_rank, i.detected_at, i.updated_at
                 FROM page CROSS JOIN incidents i ON i.n = page.n
                 LEFT JOIN clients c ON c.id = i.client_id
                 ORDER BY i.detected_at DESC, i.id"
            );
            let mut stmt = bind(&page_sql)?;
            let limit = filter.limit.max(1);
            let map = |r: &rusqlite::Row<'_>| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<u32>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            };
            // ?1 is only in the SQL when a client is given; numbered parameters keep ?2 and
            // ?3 in place either way.
            let rows: Vec<_> = if filter.client.is_some() {
                stmt.query_map(params![client, limit, filter.offset], map)?
                    .collect::<Result<_, _>>()?
            } else {
                stmt.query_map(params![rusqlite::types::Null, limit, filter.offset], map)?
                    .collect::<Result<_, _>>()?
            };
            let mut out = Vec::with_capacity(rows.len());
            for (
                id,
                client_id,
                client_name,
                incident_type,
                title,
                phase,
                severity,
                rank,
                detected,
                updated,
            ) in rows
            {
                let bad =
                    |what: &str| StoreError::Io(format!("incident {id} has a damaged {what}"));
                out.push(IncidentSummary {
                    id: id.parse()?,
                    client_id: client_id.parse()?,
                    client_name,
                    incident_type,
                    title,
                    phase: serde_json::from_value(Value::String(phase))
                        .map_err(|_| bad("phase"))?,
                    severity,
                    severity_rank: rank,
                    detected_at: detected.parse().map_err(|_| bad("detection time"))?,
                    updated_at: updated.parse().map_err(|_| bad("update time"))?,
                });
            }
            Ok((out, total))
        })
    }

    /// Every incident document, optionally one client's: for dashboards and readiness.
    pub fn incidents_of(&self, client: Option<ClientId>) -> Result<Vec<Incident>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT doc FROM incidents WHERE ?1 IS NULL OR client_id = ?1 ORDER BY detected_at DESC",
            )?;
            let rows = stmt.query_map([client.map(|c| c.to_string())], |r| r.get::<_, String>(0))?;
            rows.map(|d| serde_json::from_str(&d?).map_err(|e| StoreError::Io(format!("an incident is damaged: {e}"))))
                .collect()
        })
    }

    /// Applies an edit of the incident document; when the edit returns a sentence, it is
    /// appended to the timeline as a status entry in the same transaction.
    pub fn change_incident(
        &self,
        id: IncidentId,
        author: &str,
        edit: impl FnOnce(
            &Incident,
            &IncidentContext<'_>,
        ) -> Result<(Incident, Option<StatusNote>), Invalid>,
    ) -> Result<Incident, StoreError> {
        self.write(|w| {
            let old = load_incident(&w.tx, id)?;
            let plan = plan_of(&w.tx, &old)?;
            let ctx = IncidentContext {
                plan: plan.as_ref(),
                now: w.now(),
            };
            let (new, note) = edit(&old, &ctx)?;
            record_change(w, &old, &new)?;
            if let Some(note) = note {
                append_entry(w, id, status_entry(note.text, note.at), author)?;
            }
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
            let new = old.rescoped(plan.as_ref(), assets, &hit, scope, w.now())?;
            record_change(w, &old, &new)?;
            if new.severity_level() != old.severity_level() || new.scope != old.scope {
                let text = format!(
                    "Scope: {} asset(s), {}; severity {}",
                    new.affected_assets.len(),
                    new.scope,
                    new.severity_level().unwrap_or("not set")
                );
                append_entry(w, id, status_entry(text, None), author)?;
            }
            Ok(new)
        })
    }

    pub fn add_timeline_entry(
        &self,
        id: IncidentId,
        draft: EntryDraft,
        author: &str,
    ) -> Result<TimelineEntry, StoreError> {
        self.write(|w| {
            load_incident(&w.tx, id)?;
            if let Some(c) = draft.corrects {
                let found: Option<String> = w
                    .tx
                    .query_row(
                        "SELECT incident_id FROM timeline_entries WHERE id = ?1",
                        [c.to_string()],
                        |r| r.get(0),
                    )
                    .optional()?;
                if found.as_deref() != Some(id.to_string().as_str()) {
                    return Err(Invalid::one(
                        "corrects",
                        "the entry to correct is not on this incident's timeline; pick it from the timeline",
                    )
                    .into());
                }
            }
            append_entry(w, id, draft, author)
        })
    }

    /// Records evidence. With `content`, the file's bytes are kept (encrypted with the
    /// workspace); without, only the hash and size the caller computed.
    #[allow(clippy::too_many_arguments)]
    pub fn add_evidence(
        &self,
        id: IncidentId,
        input: EvidenceInput,
        file_name: &str,
        sha256: &str,
        size: u64,
        content: Option<&[u8]>,
        author: &str,
    ) -> Result<Evidence, StoreError> {
        if let Some(bytes) = content
            && hex(&Sha256::digest(bytes)) != sha256
        {
            return Err(Invalid::one(
                "file",
                "the file changed while it was being read; pick it again",
            )
            .into());
        }
        self.write(|w| {
            load_incident(&w.tx, id)?;
            let evidence = Evidence::record(
                EvidenceId::from_uuid(w.new_id()),
                id,
                input,
                file_name,
                sha256,
                size,
                content.is_some(),
                w.now(),
            )?;
            if let Some(bytes) = content {
                w.tx.execute(
                    "INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?1, ?2)",
                    params![evidence.sha256, bytes],
                )?;
            }
            w.record::<EvidenceTable>(
                &evidence.id.to_string(),
                Change::Append(serde_json::to_value(&evidence).unwrap_or_default()),
            )?;
            let text = format!(
                "Evidence recorded: {} ({}, SHA-256 {}…)",
                evidence.title,
                evidence.file_name,
                &evidence.sha256[..12]
            );
            append_entry(
                w,
                id,
                status_entry(text, Some(evidence.collected_at)),
                author,
            )?;
            Ok(evidence)
        })
    }

    pub fn transfer_custody(
        &self,
        evidence: EvidenceId,
        input: CustodyTransferInput,
        author: &str,
    ) -> Result<CustodyTransfer, StoreError> {
        self.write(|w| {
            let e: Evidence = load_evidence(&w.tx, evidence)?;
            let transfers: Vec<CustodyTransfer> = json_rows(
                &w.tx,
                "SELECT doc FROM custody_transfers WHERE evidence_id = ?1 ORDER BY id",
                &evidence.to_string(),
            )?;
            let holder = cordon_core::incident::custody_holder(&e, &transfers).to_owned();
            let t = CustodyTransfer::record(&e, &holder, input, w.now())?;
            w.record::<CustodyTable>(
                &w.new_id().to_string(),
                Change::Append(serde_json::to_value(&t).unwrap_or_default()),
            )?;
            let text = format!(
                "Custody of '{}': {} → {} ({})",
                e.title, t.from, t.to, t.reason
            );
            append_entry(w, e.incident_id, status_entry(text, Some(t.at)), author)?;
            Ok(t)
        })
    }

    pub fn evidence(&self, id: EvidenceId) -> Result<Evidence, StoreError> {
        self.read(|conn| load_evidence(conn, id))
    }

    /// The kept file of a piece of evidence, checked against its recorded hash.
    pub fn evidence_content(
        &self,
        evidence: EvidenceId,
    ) -> Result<(Evidence, Vec<u8>), StoreError> {
        self.read(|conn| {
            let e: Evidence = load_evidence(conn, evidence)?;
            let data: Option<Vec<u8>> = conn
                .query_row("SELECT data FROM blobs WHERE sha256 = ?1", [&e.sha256], |r| r.get(0))
                .optional()?;
            let data = data.ok_or_else(|| {
                Invalid::one("file", "only the hash of this evidence was kept, not the file")
            })?;
            if hex(&Sha256::digest(&data)) != e.sha256 {
                return Err(StoreError::Io(format!(
                    "the stored file of '{}' no longer matches its SHA-256; the workspace may be damaged, run `cordon doctor`",
                    e.title
                )));
            }
            Ok((e, data))
        })
    }

    pub fn record_notice(
        &self,
        id: IncidentId,
        input: NoticeInput,
        author: &str,
    ) -> Result<Notice, StoreError> {
        self.write(|w| {
            load_incident(&w.tx, id)?;
            let n = Notice::record(NoticeId::from_uuid(w.new_id()), id, input, author, w.now())?;
            w.record::<NoticeTable>(
                &n.id.to_string(),
                Change::Append(serde_json::to_value(&n).unwrap_or_default()),
            )?;
            let mut text = format!("Notice sent to {}", n.recipient);
            if !n.channel.is_empty() {
                text.push_str(&format!(" by {}", n.channel));
            }
            if !n.reference.is_empty() {
                text.push_str(&format!(" (ref. {})", n.reference));
            }
            text.push_str(&format!(": {}", n.summary));
            append_entry(w, id, status_entry(text, Some(n.sent_at)), author)?;
            Ok(n)
        })
    }
}

fn record_change(w: &mut Writer<'_>, old: &Incident, new: &Incident) -> Result<(), StoreError> {
    let fields = changed_fields(
        Some(&serde_json::to_value(old).unwrap_or_default()),
        &serde_json::to_value(new).unwrap_or_default(),
    );
    if !fields.is_empty() {
        w.record::<IncidentTable>(&new.id.to_string(), Change::Upsert(fields))?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes` as lowercase hex: what evidence records.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
