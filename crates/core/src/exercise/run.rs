//! Running and evaluating an exercise: the clock from its events, reveals, marks, ratings,
//! the review and findings. Every rule takes `now`; nothing here reads a clock, which is
//! what lets a restarted app compute the same elapsed time the closed one would have shown.

use chrono::{DateTime, Utc};

use super::{
    ActionMark, ClockEvent, ClockEventKind, ClockState, Exercise, ExerciseStatus, ExerciseSummary,
    Finding, FindingInput, Inject, PLAN_SECTIONS, Participant, PlanChangeItem, PlanChangeStatus,
    Rating,
};
use crate::validation::Checker;
use crate::{Invalid, PlanChangeId};

fn transition_error(what: &str, status: ExerciseStatus) -> Invalid {
    let hint = match status {
        ExerciseStatus::NotStarted => "start it first",
        ExerciseStatus::Running => "it is running; pause or end it",
        ExerciseStatus::Paused => "it is paused; resume or end it",
        ExerciseStatus::Ended => "it has ended; create a new exercise to run it again",
    };
    Invalid::one("status", format!("cannot {what} the exercise: {hint}"))
}

impl Exercise {
    /// The clock at `now`: running time is summed between start/resume and pause/end events,
    /// plus the open stretch up to `now` while running. A `now` before the last event (a
    /// clock set backwards) counts as no time, never as negative time.
    pub fn clock_state(&self, now: DateTime<Utc>) -> ClockState {
        let mut status = ExerciseStatus::NotStarted;
        let mut elapsed: i64 = 0;
        let mut since: Option<DateTime<Utc>> = None;
        let mut started_at = None;
        let mut ended_at = None;
        for e in &self.clock {
            match e.kind {
                ClockEventKind::Start | ClockEventKind::Resume => {
                    if e.kind == ClockEventKind::Start {
                        started_at = Some(e.at);
                    }
                    since = Some(e.at);
                    status = ExerciseStatus::Running;
                }
                ClockEventKind::Pause | ClockEventKind::End => {
                    if let Some(s) = since.take() {
                        elapsed += (e.at - s).num_seconds().max(0);
                    }
                    if e.kind == ClockEventKind::End {
                        ended_at = Some(e.at);
                        status = ExerciseStatus::Ended;
                    } else {
                        status = ExerciseStatus::Paused;
                    }
                }
            }
        }
        if let Some(s) = since {
            elapsed += (now - s).num_seconds().max(0);
        }
        ClockState {
            status,
            elapsed_seconds: u32::try_from(elapsed).unwrap_or(u32::MAX),
            started_at,
            ended_at,
        }
    }

    pub fn status(&self) -> ExerciseStatus {
        // The status follows from the events alone; `now` only moves the elapsed time.
        self.clock_state(self.updated_at).status
    }

    fn clock_event(
        &mut self,
        kind: ClockEventKind,
        allowed: &[ExerciseStatus],
        what: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Invalid> {
        let status = self.clock_state(now).status;
        if !allowed.contains(&status) {
            return Err(transition_error(what, status));
        }
        self.clock.push(ClockEvent { kind, at: now });
        self.updated_at = now;
        Ok(())
    }

    pub fn start(&mut self, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.clock_event(
            ClockEventKind::Start,
            &[ExerciseStatus::NotStarted],
            "start",
            now,
        )
    }

    pub fn pause(&mut self, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.clock_event(
            ClockEventKind::Pause,
            &[ExerciseStatus::Running],
            "pause",
            now,
        )
    }

    pub fn resume(&mut self, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.clock_event(
            ClockEventKind::Resume,
            &[ExerciseStatus::Paused],
            "resume",
            now,
        )
    }

    pub fn end(&mut self, now: DateTime<Utc>) -> Result<(), Invalid> {
        self.clock_event(
            ClockEventKind::End,
            &[ExerciseStatus::Running, ExerciseStatus::Paused],
            "end",
            now,
        )
    }

    pub fn inject(&self, number: u32) -> Option<&Inject> {
        self.injects.iter().find(|i| i.number == number)
    }

    /// The injects on screen at `now` (scheduled ones whose offset has passed, and any
    /// revealed by hand), in the order they appeared. None before the start.
    pub fn revealed(&self, now: DateTime<Utc>) -> Vec<&Inject> {
        let clock = self.clock_state(now);
        if clock.status == ExerciseStatus::NotStarted {
            return Vec::new();
        }
        let mut shown: Vec<&Inject> = self
            .injects
            .iter()
            .filter(|i| i.reveal_second() <= clock.elapsed_seconds)
            .collect();
        shown.sort_by_key(|i| (i.reveal_second(), i.number));
        shown
    }

    /// The inject revealed last: what the room is discussing.
    pub fn current_inject(&self, now: DateTime<Utc>) -> Option<&Inject> {
        self.revealed(now).last().copied()
    }

    /// Reveals an inject now, ahead of its schedule (a facilitator moving the room along).
    pub fn reveal(&mut self, number: u32, now: DateTime<Utc>) -> Result<(), Invalid> {
        let clock = self.clock_state(now);
        if matches!(
            clock.status,
            ExerciseStatus::NotStarted | ExerciseStatus::Ended
        ) {
            return Err(transition_error("reveal an inject of", clock.status));
        }
        let count = self.injects.len();
        let inject = self
            .injects
            .iter_mut()
            .find(|i| i.number == number)
            .ok_or_else(|| no_inject(number, count))?;
        if inject.reveal_second() > clock.elapsed_seconds {
            inject.revealed_at_seconds = Some(clock.elapsed_seconds);
        }
        self.updated_at = now;
        Ok(())
    }

    /// Marks one expected action of an inject (`action` is its 0-based position).
    pub fn mark_action(
        &mut self,
        number: u32,
        action: u32,
        mark: Option<ActionMark>,
        now: DateTime<Utc>,
    ) -> Result<(), Invalid> {
        let count = self.injects.len();
        let inject = self
            .injects
            .iter_mut()
            .find(|i| i.number == number)
            .ok_or_else(|| no_inject(number, count))?;
        let actions = inject.expected_actions.len();
        let slot = inject
            .expected_actions
            .get_mut(action as usize)
            .ok_or_else(|| {
                Invalid::one(
                    "action",
                    format!(
                        "inject {number} has {actions} expected actions; pick one from 0 to {}",
                        actions.saturating_sub(1)
                    ),
                )
            })?;
        slot.mark = mark;
        self.updated_at = now;
        Ok(())
    }

    /// Rates an objective; a rating needs its rationale, because a bare letter tells the
    /// client's board nothing. `None` clears the rating.
    pub fn rate_objective(
        &mut self,
        key: &str,
        rating: Option<Rating>,
        rationale: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Invalid> {
        let mut c = Checker::default();
        let keys: Vec<String> = self.objectives.iter().map(|o| o.key.clone()).collect();
        let objective = self.objectives.iter_mut().find(|o| o.key == key.trim());
        if objective.is_none() {
            c.merge(unknown_objective(key, &keys));
        }
        if rating.is_some() && rationale.trim().is_empty() {
            c.fail(
                "rationale",
                "say why: what the team did or missed that earns this rating",
            );
        }
        c.finish(())?;
        if let Some(o) = objective {
            o.rating = rating;
            o.rationale = rationale.trim().to_owned();
        }
        self.updated_at = now;
        Ok(())
    }

    /// Replaces the exercise-wide strengths and areas for improvement (blank lines dropped):
    /// what the executive summary says across objectives.
    pub fn set_review(
        &mut self,
        strengths: Vec<String>,
        improvements: Vec<String>,
        now: DateTime<Utc>,
    ) {
        self.strengths = clean_lines(strengths);
        self.improvements = clean_lines(improvements);
        self.updated_at = now;
    }

    /// Replaces one objective's strengths and areas for improvement (blank lines dropped).
    pub fn review_objective(
        &mut self,
        key: &str,
        strengths: Vec<String>,
        improvements: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<(), Invalid> {
        let keys: Vec<String> = self.objectives.iter().map(|o| o.key.clone()).collect();
        let objective = self
            .objectives
            .iter_mut()
            .find(|o| o.key == key.trim())
            .ok_or_else(|| unknown_objective(key, &keys))?;
        objective.strengths = clean_lines(strengths);
        objective.improvements = clean_lines(improvements);
        self.updated_at = now;
        Ok(())
    }

    pub fn set_participants(
        &mut self,
        participants: Vec<Participant>,
        now: DateTime<Utc>,
    ) -> Result<(), Invalid> {
        let mut c = Checker::default();
        for (i, p) in participants.iter().enumerate() {
            c.name(format!("participants.{i}.name"), p.name.trim());
            c.name(format!("participants.{i}.role"), p.role.trim());
            if p.name.trim().is_empty() {
                c.fail(
                    format!("participants.{i}.name"),
                    "name the participant, or remove the row",
                );
            }
        }
        c.finish(())?;
        self.participants = participants
            .into_iter()
            .map(|p| Participant {
                name: p.name.trim().to_owned(),
                role: p.role.trim().to_owned(),
            })
            .collect();
        self.updated_at = now;
        Ok(())
    }

    /// Records a finding and returns the plan change item it becomes on the client's plan.
    pub fn add_finding(
        &mut self,
        change_id: PlanChangeId,
        input: FindingInput,
        now: DateTime<Utc>,
    ) -> Result<PlanChangeItem, Invalid> {
        let mut c = Checker::default();
        if input.issue.trim().is_empty() {
            c.fail(
                "issue",
                "describe what the exercise showed is missing or wrong",
            );
        }
        if input.corrective_action.trim().is_empty() {
            c.fail(
                "corrective_action",
                "say what should change in the plan to fix it",
            );
        }
        c.name("owner", input.owner.trim());
        // An improvement-plan line nobody owns, or that is never due, is never done.
        if input.owner.trim().is_empty() {
            c.fail(
                "owner",
                "name who will make the change (a person or a role)",
            );
        }
        if input.due.is_none() {
            c.fail("due", "give the date the change is due, as YYYY-MM-DD");
        }
        let section = input.plan_section.trim().to_ascii_lowercase();
        if !PLAN_SECTIONS.contains(&section.as_str()) {
            c.fail(
                "plan_section",
                format!(
                    "pick the plan section it changes: {}",
                    PLAN_SECTIONS.join(", ")
                ),
            );
        }
        if let Some(key) = &input.objective
            && !self.objectives.iter().any(|o| &o.key == key)
        {
            c.fail(
                "objective",
                format!("'{key}' is not an objective of this exercise"),
            );
        }
        c.finish(())?;
        let finding = Finding {
            plan_change_id: change_id,
            issue: input.issue.trim().to_owned(),
            corrective_action: input.corrective_action.trim().to_owned(),
            owner: input.owner.trim().to_owned(),
            due: input.due,
            plan_section: section,
            objective: input.objective,
        };
        let item = PlanChangeItem {
            id: change_id,
            client_id: self.client_id,
            exercise_id: self.id,
            exercise_name: self.name.clone(),
            issue: finding.issue.clone(),
            corrective_action: finding.corrective_action.clone(),
            owner: finding.owner.clone(),
            due: finding.due,
            plan_section: finding.plan_section.clone(),
            status: PlanChangeStatus::Open,
            created_at: now,
            updated_at: now,
        };
        self.findings.push(finding);
        self.updated_at = now;
        Ok(item)
    }

    pub fn summary(&self) -> ExerciseSummary {
        let clock = self.clock_state(self.updated_at);
        ExerciseSummary {
            id: self.id,
            client_id: self.client_id,
            name: self.name.clone(),
            scenario: self.scenario.name.clone(),
            scenario_title: self.scenario.title.clone(),
            status: clock.status,
            started_at: clock.started_at,
            ended_at: clock.ended_at,
            created_at: self.created_at,
        }
    }
}

fn clean_lines(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn unknown_objective(key: &str, keys: &[String]) -> Invalid {
    Invalid::one(
        "objective",
        format!(
            "'{key}' is not an objective of this exercise; use one of: {}",
            keys.join(", ")
        ),
    )
}

fn no_inject(number: u32, count: usize) -> Invalid {
    Invalid::one(
        "inject",
        format!("there is no inject {number}; this exercise has injects 1 to {count}"),
    )
}
