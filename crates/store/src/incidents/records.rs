//! The append-only records beside an incident: timeline entries (chained), evidence (with its
//! content in `blobs`), custody transfers and notices. Applying one inserts a row and never
//! updates it.

use cordon_core::digest::sha256_hex;
use cordon_core::incident::{
    CustodyTransfer, CustodyTransferInput, EntryDraft, Evidence, EvidenceInput, Notice,
    NoticeInput, TimelineEntry, TimelineNote,
};
use cordon_core::{EntryId, EvidenceId, IncidentId, Invalid, NoticeId};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::load_incident;
use crate::Store;
use crate::doc::{appended, json_rows, load_json, to_json};
use crate::error::{StoreError, damaged};
use crate::oplog::{Change, Projection, Writer};
use crate::search;

pub(crate) struct TimelineTable;
pub(crate) struct EvidenceTable;
pub(crate) struct CustodyTable;
pub(crate) struct NoticeTable;

impl Projection for TimelineTable {
    const ENTITY: &'static str = "timeline_entry";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        let e: TimelineEntry = appended(change, Self::ENTITY, entity_id)?;
        let n: Option<i64> = tx
            .prepare_cached(
                "INSERT INTO timeline_entries (id, incident_id, seq, recorded_at, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO NOTHING RETURNING n",
            )?
            .query_row(
                params![
                    entity_id,
                    e.incident_id.to_string(),
                    e.seq,
                    e.recorded_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    to_json(&e)
                ],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(n) = n {
            search::index_entry(tx, n, &e.text)?;
            link_entry(tx, &e)?;
        }
        Ok(())
    }
}

/// Keeps the timeline's links and heads (migration 7) whatever order entries arrive in: an
/// entry stops being a head when one that follows it arrives, and starts as one only if none
/// has arrived before it.
fn link_entry(tx: &Transaction<'_>, e: &TimelineEntry) -> Result<(), StoreError> {
    let incident = e.incident_id.to_string();
    for parent in e.links() {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO timeline_links (incident_id, parent, child) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![incident, parent, e.hash])?;
        tx.prepare_cached("DELETE FROM timeline_heads WHERE incident_id = ?1 AND hash = ?2")?
            .execute(params![incident, parent])?;
    }
    tx.prepare_cached(
        "INSERT OR IGNORE INTO timeline_heads (incident_id, hash, entry_id)
         SELECT ?1, ?2, ?3 WHERE NOT EXISTS
           (SELECT 1 FROM timeline_links WHERE incident_id = ?1 AND parent = ?2)",
    )?
    .execute(params![incident, e.hash, e.id.to_string()])?;
    Ok(())
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

fn load_evidence(conn: &Connection, id: EvidenceId) -> Result<Evidence, StoreError> {
    load_json(conn, "evidence", &id.to_string())?
        .map(serde_json::from_value)
        .transpose()
        .map_err(damaged(format_args!("evidence {id}")))?
        .ok_or(StoreError::NotFound {
            entity: "evidence",
            id: id.to_string(),
        })
}

/// The entries the next one is appended to: the timeline's heads.
fn heads(conn: &Connection, incident: IncidentId) -> Result<Vec<TimelineEntry>, StoreError> {
    json_rows(
        conn,
        "SELECT t.doc FROM timeline_heads h JOIN timeline_entries t ON t.id = h.entry_id
         WHERE h.incident_id = ?1 ORDER BY h.hash",
        &incident.to_string(),
    )
}

/// Appends one entry to the incident's timeline, after every head, in this write.
pub(super) fn append_entry(
    w: &mut Writer<'_>,
    incident: IncidentId,
    draft: EntryDraft,
    author: &str,
) -> Result<TimelineEntry, StoreError> {
    let heads = heads(&w.tx, incident)?;
    let entry = TimelineEntry::append(
        EntryId::from_uuid(w.new_id()),
        incident,
        &heads.iter().collect::<Vec<_>>(),
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

/// Appends core's note for a change as a status entry, in this write.
pub(super) fn append_note(
    w: &mut Writer<'_>,
    incident: IncidentId,
    note: TimelineNote,
    author: &str,
) -> Result<TimelineEntry, StoreError> {
    append_entry(w, incident, note.into_draft(), author)
}

impl Store {
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
            && sha256_hex(bytes) != sha256
        {
            return Err(Invalid::one(
                "file",
                "the file changed while it was being read; pick it again",
            )
            .into());
        }
        self.write(|w| {
            load_incident(&w.tx, id)?;
            let (evidence, note) = Evidence::record(
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
            append_note(w, id, note, author)?;
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
            let (t, note) = CustodyTransfer::record(&e, &holder, input, w.now())?;
            w.record::<CustodyTable>(
                &w.new_id().to_string(),
                Change::Append(serde_json::to_value(&t).unwrap_or_default()),
            )?;
            append_note(w, e.incident_id, note, author)?;
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
                .query_row(
                    "SELECT data FROM blobs WHERE sha256 = ?1",
                    [&e.sha256],
                    |r| r.get(0),
                )
                .optional()?;
            let data = data.ok_or_else(|| {
                Invalid::one(
                    "file",
                    if e.content_stored {
                        "the file was kept on the laptop that added this evidence and has not reached this one yet; run `cordon sync`, or ask that laptop's user to sync"
                    } else {
                        "only the hash of this evidence was kept, not the file"
                    },
                )
            })?;
            if sha256_hex(&data) != e.sha256 {
                return Err(StoreError::Damaged {
                    what: format!("the stored file of '{}'", e.title),
                    detail: "it no longer matches its SHA-256".into(),
                });
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
            let (n, note) =
                Notice::record(NoticeId::from_uuid(w.new_id()), id, input, author, w.now())?;
            w.record::<NoticeTable>(
                &n.id.to_string(),
                Change::Append(serde_json::to_value(&n).unwrap_or_default()),
            )?;
            append_note(w, id, note, author)?;
            Ok(n)
        })
    }

    /// The incident a piece of evidence belongs to, by the evidence's key.
    pub fn incident_of_evidence(&self, id: EvidenceId) -> Result<IncidentId, StoreError> {
        self.read(|conn| {
            let found: Option<String> = conn
                .prepare_cached("SELECT incident_id FROM evidence WHERE id = ?1")?
                .query_row([id.to_string()], |r| r.get(0))
                .optional()?;
            found
                .ok_or(StoreError::NotFound {
                    entity: "evidence",
                    id: id.to_string(),
                })?
                .parse()
                .map_err(damaged(format_args!("evidence {id}")))
        })
    }
}
