//! The append-only records beside an incident: timeline entries (chained), evidence (with its
//! content in `blobs`), custody transfers and notices. Applying one inserts a row and never
//! updates it.

use cordon_core::incident::{
    CustodyTransfer, CustodyTransferInput, EntryDraft, EntryKind, Evidence, EvidenceInput, Notice,
    NoticeInput, TimelineEntry,
};
use cordon_core::{EntryId, EvidenceId, IncidentId, Invalid, NoticeId};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use sha2::{Digest as _, Sha256};

use super::load_incident;
use crate::Store;
use crate::doc::{appended, json_rows, load_json, to_json};
use crate::error::StoreError;
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

/// Appends one entry to the incident's chain, in this write.
pub(super) fn append_entry(
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

pub(super) fn status_entry(text: String, at: Option<chrono::DateTime<chrono::Utc>>) -> EntryDraft {
    EntryDraft {
        kind: EntryKind::Status,
        text,
        occurred_at: at,
        client_visible: false,
        technique: None,
        corrects: None,
    }
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes` as lowercase hex: what evidence records.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
