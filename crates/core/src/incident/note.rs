//! Every sentence Cordon writes on an incident's timeline by itself. The timeline is evidence
//! in a dispute, so its words are chosen in one place: a `TimelineNote` can only be made
//! here, and the store appends it as a status entry without adding a word of its own.

use chrono::{DateTime, Utc};

use super::record::{CustodyTransfer, Evidence, Notice};
use super::timeline::{EntryDraft, EntryKind};
use super::{Incident, IncidentPhase, SeverityAssessment};
use crate::notification::Trigger;

/// A status sentence for the timeline and when it happened (`None`: when it is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineNote {
    text: String,
    at: Option<DateTime<Utc>>,
}

impl TimelineNote {
    fn at(text: String, at: DateTime<Utc>) -> TimelineNote {
        TimelineNote { text, at: Some(at) }
    }

    fn now(text: String) -> TimelineNote {
        TimelineNote { text, at: None }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn occurred_at(&self) -> Option<DateTime<Utc>> {
        self.at
    }

    /// The status entry that records this note.
    pub fn into_draft(self) -> EntryDraft {
        EntryDraft {
            kind: EntryKind::Status,
            text: self.text,
            occurred_at: self.at,
            client_visible: false,
            technique: None,
            corrects: None,
        }
    }
}

/// The incident's first entry, dated at its detection.
pub(super) fn opened(i: &Incident) -> TimelineNote {
    let mut text = format!("Incident opened: {}", i.title);
    if let Some(level) = i.severity_level() {
        text.push_str(&format!(" — {level}"));
    }
    TimelineNote::at(text, i.key_times.detected)
}

pub(super) fn moved(
    from: IncidentPhase,
    to: IncidentPhase,
    reason: &str,
    at: DateTime<Utc>,
) -> TimelineNote {
    let mut text = format!("Phase: {} → {}", from.label(), to.label());
    if !reason.trim().is_empty() {
        text.push_str(&format!(" — {}", reason.trim()));
    }
    TimelineNote::at(text, at)
}

/// Said only when the rescope changed what a reader of the timeline would care about.
pub(super) fn rescoped(old: &Incident, new: &Incident) -> Option<TimelineNote> {
    (new.severity_level() != old.severity_level() || new.scope != old.scope).then(|| {
        TimelineNote::now(format!(
            "Scope: {} asset(s), {}; severity {}",
            new.affected_assets.len(),
            new.scope,
            new.severity_level().unwrap_or("not set")
        ))
    })
}

pub(super) fn override_removed(old: &SeverityAssessment) -> TimelineNote {
    TimelineNote::now(format!(
        "Severity override removed; computed severity {} applies",
        old.computed_level().unwrap_or("(none)")
    ))
}

pub(super) fn overridden(old: &SeverityAssessment, level: &str, reason: &str) -> TimelineNote {
    TimelineNote::now(format!(
        "Severity set to {level} by override (matrix says {}): {}",
        old.computed_level().unwrap_or("nothing"),
        reason.trim()
    ))
}

pub(super) fn triggered(trigger: Trigger, at: DateTime<Utc>) -> TimelineNote {
    TimelineNote::at(
        format!(
            "{} recorded at {} UTC; the clocks that count from it are running",
            trigger.label(),
            at.format("%Y-%m-%d %H:%M")
        ),
        at,
    )
}

pub(super) fn evidence_recorded(e: &Evidence) -> TimelineNote {
    TimelineNote::at(
        format!(
            "Evidence recorded: {} ({}, SHA-256 {}…)",
            e.title,
            e.file_name,
            &e.sha256[..12.min(e.sha256.len())]
        ),
        e.collected_at,
    )
}

pub(super) fn custody_transferred(e: &Evidence, t: &CustodyTransfer) -> TimelineNote {
    TimelineNote::at(
        format!(
            "Custody of '{}': {} → {} ({})",
            e.title, t.from, t.to, t.reason
        ),
        t.at,
    )
}

pub(super) fn notice_sent(n: &Notice) -> TimelineNote {
    let mut text = format!("Notice sent to {}", n.recipient);
    if !n.channel.is_empty() {
        text.push_str(&format!(" by {}", n.channel));
    }
    if !n.reference.is_empty() {
        text.push_str(&format!(" (ref. {})", n.reference));
    }
    text.push_str(&format!(": {}", n.summary));
    TimelineNote::at(text, n.sent_at)
}

/// The fixed words of every sentence above, for the check that no other crate writes them.
pub const FIXED_WORDS: [&str; 10] = [
    "Incident opened: ",
    "Phase: ",
    "Scope: ",
    "Severity override removed; computed severity ",
    "Severity set to ",
    " recorded at ",
    "Evidence recorded: ",
    "Custody of '",
    "Notice sent to ",
    "the clocks that count from it are running",
];
