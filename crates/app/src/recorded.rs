//! Work that happened before it was typed into Cordon: a session run from paper notes, an
//! incident handled before the workspace existed, a client's asset register brought over in
//! bulk. Each is recorded with the times it happened, through the same rules as the live
//! screens; the op log still stamps when it was written.

use chrono::{DateTime, Utc};
use cordon_core::asset::AssetInput;
use cordon_core::exercise::{ActionMark, LogEntryInput, Participant, Rating};
use cordon_core::incident::{EntryDraft, IncidentInput};
use cordon_core::{ExerciseId, IncidentId};

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

/// A finished tabletop session written up afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct PastSession {
    pub participants: Vec<Participant>,
    /// When the participants were listed, before the start.
    pub briefed_at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    /// Log lines with the time each was said.
    pub log: Vec<(DateTime<Utc>, LogEntryInput)>,
    pub marks: Vec<PastMark>,
    pub ended_at: DateTime<Utc>,
    pub evaluations: Vec<PastEvaluation>,
    pub evaluated_at: DateTime<Utc>,
    pub strengths: Vec<String>,
    pub improvements: Vec<String>,
    pub reviewed_at: DateTime<Utc>,
}

/// Expected action `action` (0-based) of inject `inject`, marked at the end of the session.
#[derive(Debug, Clone, PartialEq)]
pub struct PastMark {
    pub inject: u32,
    pub action: u32,
    pub mark: ActionMark,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PastEvaluation {
    pub objective: String,
    pub rating: Rating,
    pub rationale: String,
    pub strengths: Vec<String>,
    pub improvements: Vec<String>,
}

impl Workspace {
    /// Adds several assets to a client in one transaction: all of them or, when one is
    /// refused, none.
    pub fn add_assets(&self, client_id: &str, inputs: Vec<AssetInput>) -> Result<u32, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| s.import_assets(client, inputs))
    }

    /// Opens an incident with the timeline it already has, in one transaction, signed by
    /// `author`.
    pub fn record_past_incident(
        &self,
        client_id: &str,
        input: IncidentInput,
        entries: Vec<EntryDraft>,
        author: &str,
    ) -> Result<IncidentId, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            s.open_incident_with_timeline(client, input, entries, author)
                .map(|i| i.id)
        })
    }

    /// Runs a created exercise through a session that already happened: participants,
    /// start, log, marks, end, evaluation and review, each at its own time.
    pub fn record_exercise_session(
        &self,
        id: ExerciseId,
        session: PastSession,
    ) -> Result<(), AppError> {
        let PastSession {
            participants,
            briefed_at,
            started_at,
            log,
            marks,
            ended_at,
            evaluations,
            evaluated_at,
            strengths,
            improvements,
            reviewed_at,
        } = session;
        self.with(|s| {
            s.change_exercise(id, |e, _| {
                e.set_participants(participants, briefed_at)?;
                e.start(started_at)
            })?;
            for (at, line) in log {
                // A line is about an inject the room has seen: when the session got there
                // before the inject's scheduled time, the facilitator revealed it by hand.
                if let Some(n) = line.inject {
                    s.change_exercise(id, |e, _| {
                        if e.revealed(at).iter().any(|i| i.number == n) {
                            Ok(())
                        } else {
                            e.reveal(n, at)
                        }
                    })?;
                }
                s.add_exercise_log_at(id, line, at)?;
            }
            s.change_exercise(id, |e, _| {
                for m in marks {
                    e.mark_action(m.inject, m.action, Some(m.mark), ended_at)?;
                }
                e.end(ended_at)?;
                for v in evaluations {
                    e.rate_objective(&v.objective, Some(v.rating), &v.rationale, evaluated_at)?;
                    e.review_objective(&v.objective, v.strengths, v.improvements, evaluated_at)?;
                }
                e.set_review(strengths, improvements, reviewed_at);
                Ok(())
            })?;
            Ok(())
        })
    }
}
