//! Use cases over tabletop exercises: the scenario library, creating an exercise for a client
//! from its own plan, running it (clock, reveals, log, marks), evaluating it (ratings,
//! strengths, improvements, findings → plan change items) and the presenter's view.
//!
//! Views are computed for "now" on every read: the exercise clock is its events plus the
//! time since the last one, so a restarted app shows the right elapsed time without anything
//! having ticked while it was closed.

use chrono::{DateTime, Utc};
use cordon_core::exercise::{
    self, ActionMark, ClockState, Exercise, ExerciseSummary, FindingInput, LogEntry, LogEntryInput,
    Participant, PlanChangeItem, PlanChangeStatus, PresenterView, Rating, ScenarioInfo,
};
use cordon_core::plan::Role;
use cordon_core::{ExerciseId, Invalid, PlanChangeId};
use cordon_store::{ExerciseRecords, Store, StoreError};
use serde::Serialize;

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

/// Everything the facilitator console shows, with the clock computed for `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExerciseView {
    pub exercise: Exercise,
    pub client_name: String,
    pub clock: ClockState,
    /// Numbers of the injects on screen, in the order they appeared.
    pub revealed: Vec<u32>,
    /// The inject the room is discussing.
    pub current: Option<u32>,
    /// The running log, oldest first.
    pub log: Vec<LogEntry>,
    /// The roles of the plan version rehearsed, to pick participants' roles from.
    pub plan_roles: Vec<Role>,
    /// The plan sections a finding may point at, for the picker.
    pub plan_sections: Vec<String>,
    pub now: DateTime<Utc>,
}

/// The exercise's records and the roles of the plan version it rehearses.
fn load(s: &Store, id: ExerciseId) -> Result<(ExerciseRecords, Vec<Role>), StoreError> {
    let records = s.exercise_records(id)?;
    let roles = match records.exercise.plan_id {
        // A plan deleted since is no reason to refuse the console: roles are then typed.
        Some(plan) => s.plan(plan).map(|p| p.roles).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok((records, roles))
}

fn view((records, plan_roles): (ExerciseRecords, Vec<Role>), now: DateTime<Utc>) -> ExerciseView {
    let e = records.exercise;
    ExerciseView {
        plan_roles,
        plan_sections: exercise::PLAN_SECTIONS.map(str::to_owned).to_vec(),
        clock: e.clock_state(now),
        revealed: e.revealed(now).iter().map(|i| i.number).collect(),
        current: e.current_inject(now).map(|i| i.number),
        exercise: e,
        client_name: records.client_name,
        log: records.log,
        now,
    }
}

fn parse_exercise_id(id: &str) -> Result<ExerciseId, AppError> {
    Ok(id.parse::<ExerciseId>()?)
}

fn parse_change_id(id: &str) -> Result<PlanChangeId, AppError> {
    Ok(id.parse::<PlanChangeId>()?)
}

impl Workspace {
    /// The scenario library, for the picker (needs no open workspace).
    pub fn exercise_scenarios(&self) -> Vec<ScenarioInfo> {
        exercise::scenarios().iter().map(|s| s.info()).collect()
    }

    /// A new exercise of `scenario` (a library name such as `ransomware`) for the client,
    /// filled from its current plan and assets.
    pub fn create_exercise(
        &self,
        client_id: &str,
        scenario: &str,
    ) -> Result<ExerciseView, AppError> {
        let client = parse_client_id(client_id)?;
        let Some(found) = exercise::scenario(scenario) else {
            let names: Vec<String> = exercise::scenarios().into_iter().map(|s| s.name).collect();
            return Err(AppError::from(Invalid::one(
                "scenario",
                format!(
                    "'{scenario}' is not a scenario of the library; use one of: {}",
                    names.join(", ")
                ),
            )));
        };
        let now = self.now();
        self.with(|s| {
            let e = s.create_exercise(client, &found)?;
            load(s, e.id)
        })
        .map(|r| view(r, now))
    }

    /// The facilitator's view of one exercise.
    pub fn exercise(&self, id: &str) -> Result<ExerciseView, AppError> {
        let id = parse_exercise_id(id)?;
        let now = self.now();
        self.with(|s| load(s, id)).map(|r| view(r, now))
    }

    /// Exercises of one client (or of every client when `None`), newest first.
    pub fn list_exercises(
        &self,
        client_id: Option<&str>,
    ) -> Result<Vec<ExerciseSummary>, AppError> {
        let client = client_id.map(parse_client_id).transpose()?;
        self.with(|s| {
            if let Some(c) = client {
                s.client(c)?; // an unknown client is "not found", not an empty list
            }
            s.list_exercises(client)
        })
    }

    /// Applies one edit and returns the console's new view.
    fn edit_exercise(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Exercise, DateTime<Utc>) -> Result<(), Invalid>,
    ) -> Result<ExerciseView, AppError> {
        let id = parse_exercise_id(id)?;
        self.with(|s| {
            s.change_exercise(id, edit)?;
            load(s, id)
        })
        .map(|r| view(r, self.now()))
    }

    pub fn start_exercise(&self, id: &str) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.start(now))
    }

    pub fn pause_exercise(&self, id: &str) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.pause(now))
    }

    pub fn resume_exercise(&self, id: &str) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.resume(now))
    }

    pub fn end_exercise(&self, id: &str) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.end(now))
    }

    /// Shows an inject now, ahead of its schedule.
    pub fn reveal_inject(&self, id: &str, inject: u32) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.reveal(inject, now))
    }

    /// Marks expected action `action` (0-based) of inject `inject`; `None` clears the mark.
    pub fn mark_expected_action(
        &self,
        id: &str,
        inject: u32,
        action: u32,
        mark: Option<ActionMark>,
    ) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.mark_action(inject, action, mark, now))
    }

    /// Rates an objective P/S/M/U; a rating needs a rationale. `None` clears it.
    pub fn rate_objective(
        &self,
        id: &str,
        objective: &str,
        rating: Option<Rating>,
        rationale: &str,
    ) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| {
            e.rate_objective(objective, rating, rationale, now)
        })
    }

    pub fn set_exercise_review(
        &self,
        id: &str,
        strengths: Vec<String>,
        improvements: Vec<String>,
    ) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| {
            e.set_review(strengths, improvements, now);
            Ok(())
        })
    }

    /// Replaces one objective's strengths and areas for improvement.
    pub fn review_exercise_objective(
        &self,
        id: &str,
        objective: &str,
        strengths: Vec<String>,
        improvements: Vec<String>,
    ) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| {
            e.review_objective(objective, strengths, improvements, now)
        })
    }

    pub fn set_exercise_participants(
        &self,
        id: &str,
        participants: Vec<Participant>,
    ) -> Result<ExerciseView, AppError> {
        self.edit_exercise(id, |e, now| e.set_participants(participants, now))
    }

    /// Appends a decision or observation to the running log.
    pub fn add_exercise_log(&self, id: &str, input: LogEntryInput) -> Result<LogEntry, AppError> {
        let id = parse_exercise_id(id)?;
        self.with(|s| s.add_exercise_log(id, input))
    }

    /// Records a finding; it becomes an open change item on the client's plan.
    pub fn add_exercise_finding(
        &self,
        id: &str,
        input: FindingInput,
    ) -> Result<PlanChangeItem, AppError> {
        let id = parse_exercise_id(id)?;
        self.with(|s| s.add_exercise_finding(id, input).map(|(_, item)| item))
    }

    /// The client's plan change items from exercise findings, open ones first.
    pub fn plan_change_items(&self, client_id: &str) -> Result<Vec<PlanChangeItem>, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            s.client(client)?;
            s.plan_change_items(client)
        })
    }

    pub fn set_plan_change_status(
        &self,
        id: &str,
        status: PlanChangeStatus,
    ) -> Result<PlanChangeItem, AppError> {
        let id = parse_change_id(id)?;
        self.with(|s| s.set_plan_change_status(id, status))
    }

    /// What the room's screen shows now: the current inject's participant text and the clock,
    /// never facilitator notes or expected actions.
    pub fn presenter_view(&self, id: &str) -> Result<PresenterView, AppError> {
        let id = parse_exercise_id(id)?;
        let now = self.now();
        self.with(|s| s.exercise(id))
            .map(|e| exercise::presenter_view(&e, now))
    }
}
