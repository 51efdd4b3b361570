//! Tabletop exercises: a scenario from the library, filled with one client's names, assets,
//! plan roles, escalation levels and notification clocks, then run by a facilitator.
//!
//! An `Exercise` is a document (objectives and their ratings, injects and their marks,
//! participants, the clock's start/pause/resume/end events, strengths, improvements and
//! findings) edited as the session goes on. The running log of decisions and observations is
//! append-only beside it (`LogEntry`). The clock is never a ticking counter: it is computed
//! from its events and an injected `now`, so an app killed mid-session resumes exactly where
//! it was. `presenter_view` is the only thing the room's screen gets, and it is built from
//! participant-safe fields alone.

mod build;
mod run;
mod scenario;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::Checker;
use crate::{ClientId, ExerciseId, Invalid, PlanChangeId, PlanId};

pub use scenario::{
    PLACEHOLDERS, Scenario, ScenarioInfo, ScenarioInject, ScenarioObjective, problems, scenario,
    scenarios,
};

/// What part of the plan an objective rehearses (the HSEEP "core capability", narrowed to
/// what an MSP's incident-response plan covers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Detection,
    Escalation,
    Communication,
    Containment,
    Recovery,
    Notification,
}

impl Capability {
    /// The plan section an objective of this capability rehearses, as the after-action report
    /// links it (one of [`PLAN_SECTIONS`]).
    pub fn plan_section(self) -> &'static str {
        match self {
            Capability::Detection | Capability::Containment | Capability::Recovery => "playbooks",
            Capability::Escalation => "escalation",
            Capability::Communication | Capability::Notification => "communication",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Capability::Detection => "Detection",
            Capability::Escalation => "Escalation",
            Capability::Communication => "Communication",
            Capability::Containment => "Containment",
            Capability::Recovery => "Recovery",
            Capability::Notification => "Notification",
        }
    }
}

/// HSEEP's four-point rating of how an objective was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// P: performed without challenges.
    Performed,
    /// S: performed with some challenges.
    SomeChallenges,
    /// M: performed with major challenges.
    MajorChallenges,
    /// U: unable to be performed.
    Unable,
}

impl Rating {
    pub fn letter(self) -> &'static str {
        match self {
            Rating::Performed => "P",
            Rating::SomeChallenges => "S",
            Rating::MajorChallenges => "M",
            Rating::Unable => "U",
        }
    }

    /// Reads `P`/`S`/`M`/`U` or the snake_case name.
    pub fn parse(text: &str) -> Option<Rating> {
        let t = text.trim().to_ascii_lowercase();
        [
            Rating::Performed,
            Rating::SomeChallenges,
            Rating::MajorChallenges,
            Rating::Unable,
        ]
        .into_iter()
        .find(|r| {
            r.letter().eq_ignore_ascii_case(&t)
                || serde_json::to_value(r)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    == Some(t.clone())
        })
    }
}

/// How far the team got with one expected action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActionMark {
    Done,
    Partly,
    NotDone,
}

/// Where an inject came from: the library, or the client's own plan and clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InjectOrigin {
    Scenario,
    Escalation,
    NotificationClock,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExpectedAction {
    pub text: String,
    pub mark: Option<ActionMark>,
}

/// One inject of this exercise, its text already filled for the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Inject {
    /// 1-based, in offset order; stable once created, so log entries name it.
    pub number: u32,
    pub offset_minutes: u32,
    pub title: String,
    pub text: String,
    pub expected_actions: Vec<ExpectedAction>,
    pub tests: String,
    pub objectives: Vec<String>,
    pub facilitator_notes: String,
    pub origin: InjectOrigin,
    /// Exercise seconds at which the facilitator revealed it by hand, before its offset.
    pub revealed_at_seconds: Option<u32>,
}

impl Inject {
    /// Exercise seconds at which it is (or will be) on screen: by hand or by schedule.
    pub fn reveal_second(&self) -> u32 {
        let scheduled = self.offset_minutes.saturating_mul(60);
        self.revealed_at_seconds
            .map_or(scheduled, |s| s.min(scheduled))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Objective {
    pub key: String,
    pub capability: Capability,
    pub text: String,
    pub rating: Option<Rating>,
    /// Why the rating: what was seen that earned it.
    pub rationale: String,
    /// What went well for this objective (HSEEP's per-capability strengths).
    #[serde(default)]
    pub strengths: Vec<String>,
    /// What should go better for this objective.
    #[serde(default)]
    pub improvements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Participant {
    pub name: String,
    /// A role of the plan, or a free label ("Observer").
    pub role: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ClockEventKind {
    Start,
    Pause,
    Resume,
    End,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClockEvent {
    pub kind: ClockEventKind,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStatus {
    NotStarted,
    Running,
    Paused,
    Ended,
}

impl ExerciseStatus {
    pub fn key(self) -> &'static str {
        match self {
            ExerciseStatus::NotStarted => "not_started",
            ExerciseStatus::Running => "running",
            ExerciseStatus::Paused => "paused",
            ExerciseStatus::Ended => "ended",
        }
    }
}

/// The clock as of `now`, computed from the events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClockState {
    pub status: ExerciseStatus,
    pub elapsed_seconds: u32,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// Something the exercise showed must change; it becomes a plan change item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    pub plan_change_id: PlanChangeId,
    pub issue: String,
    pub corrective_action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// The plan section it changes (`roles`, `contacts`, `escalation`, `playbooks` ...).
    pub plan_section: String,
    /// The objective it came from, if any.
    pub objective: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingInput {
    pub issue: String,
    pub corrective_action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub plan_section: String,
    pub objective: Option<String>,
}

/// The plan sections a finding may point at (the plan editor's section names).
pub const PLAN_SECTIONS: [&str; 7] = [
    "roles",
    "contacts",
    "communication",
    "escalation",
    "severity",
    "playbooks",
    "review",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PlanChangeStatus {
    Open,
    Done,
}

/// A change the client's plan owes because an exercise found a gap: the loop back to the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanChangeItem {
    pub id: PlanChangeId,
    pub client_id: ClientId,
    pub exercise_id: ExerciseId,
    pub exercise_name: String,
    pub issue: String,
    pub corrective_action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub plan_section: String,
    pub status: PlanChangeStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which scenario (and which version of it) the exercise was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScenarioRef {
    pub name: String,
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exercise {
    pub id: ExerciseId,
    pub client_id: ClientId,
    /// The plan version rehearsed (the client's current plan when the exercise was created).
    pub plan_id: Option<PlanId>,
    pub plan_version: Option<u32>,
    pub name: String,
    pub scenario: ScenarioRef,
    /// Playbook incident types this exercise rehearses (readiness counts them once ended).
    pub incident_types: Vec<String>,
    pub narrative: String,
    pub objectives: Vec<Objective>,
    pub injects: Vec<Inject>,
    pub participants: Vec<Participant>,
    pub clock: Vec<ClockEvent>,
    pub strengths: Vec<String>,
    pub improvements: Vec<String>,
    pub findings: Vec<Finding>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of an exercise list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExerciseSummary {
    pub id: ExerciseId,
    pub client_id: ClientId,
    pub name: String,
    /// The scenario's library name (`ransomware` ...), for scripts.
    pub scenario: String,
    /// The scenario's title as people read it.
    pub scenario_title: String,
    pub status: ExerciseStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    Decision,
    Observation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogEntryInput {
    /// The inject it is about (its number), or none for a general note.
    pub inject: Option<u32>,
    pub kind: LogKind,
    /// Who acted or decided (a participant's name or role).
    pub who: String,
    pub text: String,
}

/// A line of the running log; append-only, never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogEntry {
    pub id: String,
    pub exercise_id: ExerciseId,
    pub inject: Option<u32>,
    pub kind: LogKind,
    pub who: String,
    pub text: String,
    pub at: DateTime<Utc>,
    /// The exercise clock when it was written.
    pub elapsed_seconds: u32,
}

impl LogEntry {
    pub fn new(
        id: String,
        exercise: &Exercise,
        input: LogEntryInput,
        now: DateTime<Utc>,
    ) -> Result<LogEntry, Invalid> {
        let mut c = Checker::default();
        if input.text.trim().is_empty() {
            c.fail("text", "write what was decided or observed");
        }
        if let Some(n) = input.inject
            && exercise.inject(n).is_none()
        {
            c.fail(
                "inject",
                format!(
                    "there is no inject {n}; this exercise has injects 1 to {}",
                    exercise.injects.len()
                ),
            );
        }
        c.finish(LogEntry {
            id,
            exercise_id: exercise.id,
            inject: input.inject,
            kind: input.kind,
            who: input.who.trim().to_owned(),
            text: input.text.trim().to_owned(),
            at: now,
            elapsed_seconds: exercise.clock_state(now).elapsed_seconds,
        })
    }
}

/// The inject the room sees: title and participant text only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PresenterInject {
    pub number: u32,
    pub title: String,
    pub text: String,
}

/// Everything the presenter window shows. Built from participant-safe fields only: no
/// facilitator notes, expected actions, tests, marks or ratings, by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PresenterView {
    pub exercise_name: String,
    pub status: ExerciseStatus,
    pub elapsed_seconds: u32,
    pub current: Option<PresenterInject>,
    pub revealed_count: u32,
    pub inject_count: u32,
}

/// What the room's screen shows at `now`.
pub fn presenter_view(exercise: &Exercise, now: DateTime<Utc>) -> PresenterView {
    let clock = exercise.clock_state(now);
    let current = exercise.current_inject(now).map(|i| PresenterInject {
        number: i.number,
        title: i.title.clone(),
        text: i.text.clone(),
    });
    PresenterView {
        exercise_name: exercise.name.clone(),
        status: clock.status,
        elapsed_seconds: clock.elapsed_seconds,
        current,
        revealed_count: exercise.revealed(now).len() as u32,
        inject_count: exercise.injects.len() as u32,
    }
}
