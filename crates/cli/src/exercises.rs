//! `cordon exercises ...`: the scenario library and tabletop exercises over the same facade
//! as the app's facilitator console: create, run (clock, reveals, the log, marks), evaluate
//! (ratings, strengths and improvements, findings) and show, so a session can be scripted or
//! written up after the fact from paper notes.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;
use cordon_app::{
    ActionMark, ExerciseView, FindingInput, LogEntryInput, LogKind, Participant, Rating, Workspace,
};

use crate::terminal::say;
use crate::{open, print_json};

#[derive(Subcommand)]
pub enum ExercisesCommand {
    /// The scenario library (name, version, what it rehearses).
    Scenarios {
        #[arg(long)]
        json: bool,
    },
    /// Create an exercise of a scenario for a client, filled from its plan and assets.
    Create {
        #[arg(long)]
        client: String,
        /// A scenario name from `cordon exercises scenarios` (ransomware ...).
        #[arg(long)]
        scenario: String,
        #[arg(long)]
        json: bool,
    },
    /// Exercises, newest first.
    List {
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One exercise with its injects, clock and log (the facilitator's view).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Start the exercise clock.
    Start { id: String },
    /// Pause the exercise clock.
    Pause { id: String },
    /// Resume a paused exercise clock.
    Resume { id: String },
    /// End the exercise.
    End { id: String },
    /// What the presenter window shows now (participant-safe), as JSON.
    Presenter { id: String },
    /// Reveal an inject now, ahead of its schedule.
    Reveal { id: String, inject: u32 },
    /// Record a decision or observation in the running log.
    Log {
        id: String,
        /// What was decided or observed.
        text: String,
        /// The inject it is about (its number); omit for a general note.
        #[arg(long)]
        inject: Option<u32>,
        /// `decision` or `observation`.
        #[arg(long, default_value = "decision")]
        kind: String,
        /// Who acted or decided.
        #[arg(long, default_value = "")]
        who: String,
    },
    /// Mark an expected action of an inject: done, partly, not-done or none.
    Mark {
        id: String,
        inject: u32,
        /// The expected action's position, from 1, as `show` lists them.
        action: u32,
        mark: String,
    },
    /// Set who takes part: each `--participant "Name=Plan role"`.
    Participants {
        id: String,
        #[arg(long = "participant")]
        participants: Vec<String>,
    },
    /// Rate an objective P, S, M or U (or `none` to clear it), with why.
    Rate {
        id: String,
        objective: String,
        rating: String,
        #[arg(long, default_value = "")]
        why: String,
    },
    /// Replace strengths and areas for improvement: of one objective, or of the whole exercise.
    Review {
        id: String,
        #[arg(long)]
        objective: Option<String>,
        #[arg(long = "strength")]
        strengths: Vec<String>,
        #[arg(long = "improvement")]
        improvements: Vec<String>,
    },
    /// Record a finding; it becomes a change item on the client's plan.
    Finding {
        id: String,
        #[arg(long)]
        issue: String,
        #[arg(long = "action")]
        corrective_action: String,
        #[arg(long)]
        owner: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: String,
        /// The plan section it changes (roles, contacts, communication, escalation ...).
        #[arg(long)]
        section: String,
        #[arg(long)]
        objective: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// A flag's value that does not parse: named, with the values that would.
fn bad_value(flag: &str, value: &str, allowed: &str) -> anyhow::Error {
    cordon_app::AppError::new(
        cordon_app::ErrorCode::InvalidInput,
        format!("{flag}: '{value}' is not valid; use {allowed}"),
    )
    .into()
}

fn parse_kind(kind: &str) -> Result<LogKind> {
    match kind.trim().to_ascii_lowercase().as_str() {
        "decision" => Ok(LogKind::Decision),
        "observation" => Ok(LogKind::Observation),
        _ => Err(bad_value("--kind", kind, "decision or observation")),
    }
}

fn parse_mark(mark: &str) -> Result<Option<ActionMark>> {
    match mark.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "done" => Ok(Some(ActionMark::Done)),
        "partly" => Ok(Some(ActionMark::Partly)),
        "not-done" => Ok(Some(ActionMark::NotDone)),
        "none" => Ok(None),
        _ => Err(bad_value("mark", mark, "done, partly, not-done or none")),
    }
}

fn parse_rating(rating: &str) -> Result<Option<Rating>> {
    if rating.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Rating::parse(rating)
        .map(Some)
        .ok_or_else(|| bad_value("rating", rating, "P, S, M, U or none"))
}

fn parse_participant(spec: &str) -> Result<Participant> {
    let (name, role) = spec.split_once('=').unwrap_or((spec, ""));
    if name.trim().is_empty() {
        return Err(bad_value("--participant", spec, "\"Name=Plan role\""));
    }
    Ok(Participant {
        name: name.trim().to_owned(),
        role: role.trim().to_owned(),
    })
}

fn parse_due(due: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(due.trim(), "%Y-%m-%d")
        .map_err(|_| bad_value("--due", due, "a date as YYYY-MM-DD"))
}

fn minutes(seconds: u32) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

fn print_view(v: &ExerciseView, json: bool) -> Result<()> {
    if json {
        return print_json(v);
    }
    let e = &v.exercise;
    say!("{}  {}", e.id, e.name);
    say!(
        "scenario {} v{}; status {}; clock {}",
        e.scenario.name,
        e.scenario.version,
        v.clock.status.key(),
        minutes(v.clock.elapsed_seconds)
    );
    for p in &e.participants {
        say!("  participant  {} ({})", p.name, p.role);
    }
    for i in &e.injects {
        let shown = if v.revealed.contains(&i.number) {
            "shown"
        } else {
            "     "
        };
        say!(
            "  {:>2}. +{:>3} min  {shown}  {}",
            i.number,
            i.offset_minutes,
            i.title
        );
    }
    for l in &v.log {
        say!(
            "  [{}] {} {}: {}",
            minutes(l.elapsed_seconds),
            l.who,
            serde_json::to_value(l.kind)?.as_str().unwrap_or(""),
            l.text
        );
    }
    Ok(())
}

pub fn run(ws: &Workspace, command: ExercisesCommand) -> Result<()> {
    if let ExercisesCommand::Scenarios { json } = command {
        let list = ws.exercise_scenarios();
        if json {
            return print_json(&list);
        }
        for s in list {
            say!(
                "{:<28} v{:<6} {} injects  {}",
                s.name,
                s.version,
                s.inject_count,
                s.title
            );
        }
        return Ok(());
    }
    open(ws, false)?;
    match command {
        ExercisesCommand::Scenarios { .. } => {}
        ExercisesCommand::Create {
            client,
            scenario,
            json,
        } => print_view(&ws.create_exercise(&client, &scenario)?, json)?,
        ExercisesCommand::List { client, json } => {
            let list = ws.list_exercises(client.as_deref())?;
            if json {
                print_json(&list)?;
            } else if list.is_empty() {
                say!("no exercises");
            } else {
                for e in list {
                    say!("{}  {:<11} {}", e.id, e.status.key(), e.name);
                }
            }
        }
        ExercisesCommand::Show { id, json } => print_view(&ws.exercise(&id)?, json)?,
        ExercisesCommand::Start { id } => print_view(&ws.start_exercise(&id)?, false)?,
        ExercisesCommand::Pause { id } => print_view(&ws.pause_exercise(&id)?, false)?,
        ExercisesCommand::Resume { id } => print_view(&ws.resume_exercise(&id)?, false)?,
        ExercisesCommand::End { id } => print_view(&ws.end_exercise(&id)?, false)?,
        ExercisesCommand::Presenter { id } => print_json(&ws.presenter_view(&id)?)?,
        ExercisesCommand::Reveal { id, inject } => {
            print_view(&ws.reveal_inject(&id, inject)?, false)?
        }
        ExercisesCommand::Log {
            id,
            text,
            inject,
            kind,
            who,
        } => {
            let input = LogEntryInput {
                inject,
                kind: parse_kind(&kind)?,
                who,
                text,
            };
            let entry = ws.add_exercise_log(&id, input)?;
            say!("logged at {}", minutes(entry.elapsed_seconds));
        }
        ExercisesCommand::Mark {
            id,
            inject,
            action,
            mark,
        } => {
            let Some(position) = action.checked_sub(1) else {
                return Err(bad_value("action", "0", "the action's position from 1"));
            };
            print_view(
                &ws.mark_expected_action(&id, inject, position, parse_mark(&mark)?)?,
                false,
            )?
        }
        ExercisesCommand::Participants { id, participants } => {
            let list = participants
                .iter()
                .map(|p| parse_participant(p))
                .collect::<Result<Vec<_>>>()?;
            print_view(&ws.set_exercise_participants(&id, list)?, false)?
        }
        ExercisesCommand::Rate {
            id,
            objective,
            rating,
            why,
        } => print_view(
            &ws.rate_objective(&id, &objective, parse_rating(&rating)?, &why)?,
            false,
        )?,
        ExercisesCommand::Review {
            id,
            objective,
            strengths,
            improvements,
        } => {
            let view = match objective {
                Some(o) => ws.review_exercise_objective(&id, &o, strengths, improvements)?,
                None => ws.set_exercise_review(&id, strengths, improvements)?,
            };
            print_view(&view, false)?
        }
        ExercisesCommand::Finding {
            id,
            issue,
            corrective_action,
            owner,
            due,
            section,
            objective,
            json,
        } => {
            let item = ws.add_exercise_finding(
                &id,
                FindingInput {
                    issue,
                    corrective_action,
                    owner,
                    due: Some(parse_due(&due)?),
                    plan_section: section,
                    objective,
                },
            )?;
            if json {
                print_json(&item)?;
            } else {
                say!(
                    "{}  plan change item ({} section)",
                    item.id,
                    item.plan_section
                );
            }
        }
    }
    Ok(())
}
