//! The plan's escalation ladder turned into timers for one incident. A level is required when
//! the incident's severity reaches the level's threshold (due at once: detection), or when it
//! is still not contained the level's number of minutes after detection (due then). A notice
//! recorded for the level settles it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Incident, Notice};
use crate::plan::{EscalationLevel, SeverityMatrix};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EscalationStatus {
    /// Its condition has not been met (yet): a minutes trigger still counting.
    Pending,
    /// Required, due in the future.
    Due,
    Overdue,
    /// A notice was recorded for this level.
    Done,
    /// It will not be needed: contained in time and below the severity threshold.
    NotRequired,
}

impl EscalationStatus {
    pub fn label(self) -> &'static str {
        match self {
            EscalationStatus::Pending => "Pending",
            EscalationStatus::Due => "Due",
            EscalationStatus::Overdue => "Overdue",
            EscalationStatus::Done => "Done",
            EscalationStatus::NotRequired => "Not required",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EscalationTimer {
    /// 1 for the first rung.
    pub level: u32,
    pub who: String,
    /// The plan's condition, in words.
    pub condition: String,
    pub due_at: Option<DateTime<Utc>>,
    pub status: EscalationStatus,
    pub done_at: Option<DateTime<Utc>>,
}

pub fn escalation_timers(
    levels: &[EscalationLevel],
    matrix: &SeverityMatrix,
    incident: &Incident,
    notices: &[Notice],
    now: DateTime<Utc>,
) -> Vec<EscalationTimer> {
    let detected = incident.key_times.detected;
    let rank = incident.severity.rank();
    levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let level = i as u32 + 1;
            let by_severity = l
                .severity
                .as_deref()
                .and_then(|s| matrix.rank(s))
                .zip(rank)
                .is_some_and(|(threshold, r)| r <= threshold);
            let by_time = l
                .after_minutes
                .map(|m| detected + Duration::minutes(m.into()));
            let contained = incident.key_times.contained;
            let due_at = if by_severity {
                Some(detected + AT_ONCE)
            } else {
                by_time.filter(|due| contained.is_none_or(|c| c > *due))
            };
            let done_at = notices
                .iter()
                .filter(|n| n.escalation_level == Some(level))
                .map(|n| n.sent_at)
                .min();
            let status = match (done_at, due_at) {
                (Some(_), _) => EscalationStatus::Done,
                (None, None) => EscalationStatus::NotRequired,
                (None, Some(due)) if now > due => EscalationStatus::Overdue,
                // A severity escalation is owed already; a minutes trigger is still counting.
                (None, Some(_)) if by_severity => EscalationStatus::Due,
                (None, Some(_)) => EscalationStatus::Pending,
            };
            EscalationTimer {
                level,
                who: l.who.clone(),
                condition: condition(l),
                due_at,
                status,
                done_at,
            }
        })
        .collect()
}

/// A severity escalation is due "at once"; a quarter of an hour is what at once means to a
/// person who is also containing the incident.
const AT_ONCE: Duration = Duration::minutes(15);

fn condition(l: &EscalationLevel) -> String {
    match (&l.severity, l.after_minutes) {
        (Some(s), Some(m)) => format!("{s} or worse, or not contained after {m} min"),
        (Some(s), None) => format!("{s} or worse"),
        (None, Some(m)) => format!("not contained after {m} min"),
        (None, None) => "when the incident lead decides".into(),
    }
}
