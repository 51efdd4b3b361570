//! The append-only records beside an incident: evidence with its chain of custody, and the
//! notices and escalations sent. Once recorded they are never edited; a mistake is put right
//! by a new record (a custody transfer back, a notice that says it corrects another).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::check_when;
use super::note::{self, TimelineNote};
use crate::validation::Checker;
use crate::{EvidenceId, IncidentId, Invalid, NoticeId};

/// Who holds the evidence now: the last transfer's recipient, or the collector.
pub fn custody_holder<'a>(evidence: &'a Evidence, transfers: &'a [CustodyTransfer]) -> &'a str {
    transfers
        .iter()
        .max_by_key(|t| (t.at, t.recorded_at))
        .map_or(evidence.collected_by.as_str(), |t| t.to.as_str())
}

/// What the technician records about a piece of evidence. The hash and size are computed by
/// Cordon from the file the user picked, never typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceInput {
    pub title: String,
    /// Where it came from: host, system, mailbox ...
    pub source: String,
    pub collected_by: String,
    pub collected_at: DateTime<Utc>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Evidence {
    pub id: EvidenceId,
    pub incident_id: IncidentId,
    pub title: String,
    pub source: String,
    pub collected_by: String,
    pub collected_at: DateTime<Utc>,
    pub notes: String,
    pub file_name: String,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub size_bytes: f64,
    /// The file itself is kept, encrypted with the workspace; otherwise only its hash is.
    pub content_stored: bool,
    pub recorded_at: DateTime<Utc>,
}

impl Evidence {
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        id: EvidenceId,
        incident_id: IncidentId,
        input: EvidenceInput,
        file_name: &str,
        sha256: &str,
        size_bytes: u64,
        content_stored: bool,
        now: DateTime<Utc>,
    ) -> Result<(Evidence, TimelineNote), Invalid> {
        let mut c = Checker::default();
        c.name("title", input.title.trim());
        c.name("collected_by", input.collected_by.trim());
        if let Some(ch) = crate::validation::hidden_char(file_name, false) {
            c.fail(
                "file",
                format!(
                    "the file's name contains {}, a character that disguises what the file is; rename the file and pick it again",
                    crate::validation::visible_codepoint(ch)
                ),
            );
        }
        if input.title.trim().is_empty() {
            c.fail(
                "title",
                "the evidence has no title; say what it is, like 'Ransom note from FS-01'",
            );
        }
        if input.collected_by.trim().is_empty() {
            c.fail(
                "collected_by",
                "say who collected it: the chain of custody starts with them",
            );
        }
        check_when(&mut c, "collected_at", input.collected_at, now);
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            c.fail(
                "sha256",
                "the file's hash could not be computed; pick the file again",
            );
        }
        c.finish(())?;
        let evidence = Evidence {
            id,
            incident_id,
            title: input.title.trim().to_owned(),
            source: input.source.trim().to_owned(),
            collected_by: input.collected_by.trim().to_owned(),
            collected_at: input.collected_at,
            notes: input.notes.trim().to_owned(),
            file_name: file_name.to_owned(),
            sha256: sha256.to_ascii_lowercase(),
            size_bytes: size_bytes as f64,
            content_stored,
            recorded_at: now,
        };
        let note = note::evidence_recorded(&evidence);
        Ok((evidence, note))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustodyTransferInput {
    pub from: String,
    pub to: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustodyTransfer {
    pub evidence_id: EvidenceId,
    pub from: String,
    pub to: String,
    pub at: DateTime<Utc>,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
}

impl CustodyTransfer {
    /// `holder` is who has the evidence now (the collector, or the last transfer's recipient):
    /// a transfer must start from them, or the chain of custody has a gap.
    pub fn record(
        evidence: &Evidence,
        holder: &str,
        input: CustodyTransferInput,
        now: DateTime<Utc>,
    ) -> Result<(CustodyTransfer, TimelineNote), Invalid> {
        let mut c = Checker::default();
        if !input.from.trim().eq_ignore_ascii_case(holder.trim()) {
            c.fail(
                "from",
                format!("the evidence is held by {holder}; a transfer must start from the current holder"),
            );
        }
        c.name("to", input.to.trim());
        if input.to.trim().is_empty() {
            c.fail("to", "say who receives the evidence");
        }
        if input.reason.trim().is_empty() {
            c.fail(
                "reason",
                "say why it changes hands (analysis, law enforcement, storage ...)",
            );
        }
        check_when(&mut c, "at", input.at, now);
        if input.at < evidence.collected_at {
            c.fail(
                "at",
                "this is before the evidence was collected; use a later time",
            );
        }
        c.finish(())?;
        let transfer = CustodyTransfer {
            evidence_id: evidence.id,
            from: holder.trim().to_owned(),
            to: input.to.trim().to_owned(),
            at: input.at,
            reason: input.reason.trim().to_owned(),
            recorded_at: now,
        };
        let note = note::custody_transferred(evidence, &transfer);
        Ok((transfer, note))
    }
}

/// A notice or escalation as it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoticeInput {
    /// Who was told: a regulator, the insurer, the client's CEO ...
    pub recipient: String,
    pub channel: String,
    pub sent_at: DateTime<Utc>,
    pub summary: String,
    /// The regulator's case number, the insurer's claim number ...
    pub reference: String,
    /// The notification-clock rule this notice satisfies.
    pub clock: Option<String>,
    /// The escalation level (1 = first) this notice carried out.
    pub escalation_level: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Notice {
    pub id: NoticeId,
    pub incident_id: IncidentId,
    pub recipient: String,
    pub channel: String,
    pub sent_at: DateTime<Utc>,
    pub summary: String,
    pub reference: String,
    pub clock: Option<String>,
    pub escalation_level: Option<u32>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl Notice {
    pub fn record(
        id: NoticeId,
        incident_id: IncidentId,
        input: NoticeInput,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(Notice, TimelineNote), Invalid> {
        let mut c = Checker::default();
        c.name("recipient", input.recipient.trim());
        if input.recipient.trim().is_empty() {
            c.fail("recipient", "say who was notified");
        }
        if input.summary.trim().is_empty() {
            c.fail(
                "summary",
                "summarise what was said, so the report can show it",
            );
        }
        check_when(&mut c, "sent_at", input.sent_at, now);
        c.finish(())?;
        let notice = Notice {
            id,
            incident_id,
            recipient: input.recipient.trim().to_owned(),
            channel: input.channel.trim().to_owned(),
            sent_at: input.sent_at,
            summary: input.summary.trim().to_owned(),
            reference: input.reference.trim().to_owned(),
            clock: input.clock.filter(|c| !c.trim().is_empty()),
            escalation_level: input.escalation_level,
            recorded_by: by.to_owned(),
            recorded_at: now,
        };
        let note = note::notice_sent(&notice);
        Ok((notice, note))
    }
}
