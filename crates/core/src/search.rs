//! What a search across the workspace returns. The index itself is the store's; these are the
//! shapes the UI and the CLI show.

use serde::{Deserialize, Serialize};

/// What kind of record a hit is; the UI opens the matching screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Client,
    Plan,
    Asset,
    Incident,
    TimelineEntry,
    Exercise,
    // A line of an exercise's running log; its hit opens the exercise's console.
    ExerciseLogEntry,
}

impl HitKind {
    pub const ALL: [HitKind; 7] = [
        HitKind::Client,
        HitKind::Plan,
        HitKind::Asset,
        HitKind::Incident,
        HitKind::TimelineEntry,
        HitKind::Exercise,
        HitKind::ExerciseLogEntry,
    ];

    /// The name stored in the index (frozen: it is in every workspace's database).
    pub fn key(self) -> &'static str {
        match self {
            HitKind::Client => "client",
            HitKind::Plan => "plan",
            HitKind::Asset => "asset",
            HitKind::Incident => "incident",
            HitKind::TimelineEntry => "timeline_entry",
            HitKind::Exercise => "exercise",
            HitKind::ExerciseLogEntry => "exercise_log_entry",
        }
    }

    pub fn parse(key: &str) -> Option<HitKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One search result: enough to show a row and open the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: HitKind,
    /// The record's id (for a timeline entry or a log line, the entry's).
    pub id: String,
    pub client_id: String,
    pub client_name: String,
    /// The incident a timeline entry belongs to.
    pub incident_id: Option<String>,
    /// The exercise a hit opens: the exercise itself, or the one a log line belongs to.
    pub exercise_id: Option<String>,
    pub title: String,
    /// The matching words in context, with `[` `]` around each match.
    pub snippet: String,
}
