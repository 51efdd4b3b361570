//! `cordon exercises ...`: the scenario library and tabletop exercises over the same facade
//! as the app. The facilitator console itself is the desktop app's; the CLI creates, lists,
//! shows and moves the clock, which is what scripts and tests need.

use anyhow::Result;
use clap::Subcommand;
use cordon_app::{ExerciseView, Workspace};

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
}

fn minutes(seconds: u32) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

fn print_view(v: &ExerciseView, json: bool) -> Result<()> {
    if json {
        return print_json(v);
    }
    let e = &v.exercise;
    println!("{}  {}", e.id, e.name);
    println!(
        "scenario {} v{}; status {}; clock {}",
        e.scenario.name,
        e.scenario.version,
        v.clock.status.key(),
        minutes(v.clock.elapsed_seconds)
    );
    for p in &e.participants {
        println!("  participant  {} ({})", p.name, p.role);
    }
    for i in &e.injects {
        let shown = if v.revealed.contains(&i.number) {
            "shown"
        } else {
            "     "
        };
        println!(
            "  {:>2}. +{:>3} min  {shown}  {}",
            i.number, i.offset_minutes, i.title
        );
    }
    for l in &v.log {
        println!(
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
            println!(
                "{:<28} v{:<6} {} injects  {}",
                s.name, s.version, s.inject_count, s.title
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
                println!("no exercises");
            } else {
                for e in list {
                    println!("{}  {:<11} {}", e.id, e.status.key(), e.name);
                }
            }
        }
        ExercisesCommand::Show { id, json } => print_view(&ws.exercise(&id)?, json)?,
        ExercisesCommand::Start { id } => print_view(&ws.start_exercise(&id)?, false)?,
        ExercisesCommand::Pause { id } => print_view(&ws.pause_exercise(&id)?, false)?,
        ExercisesCommand::Resume { id } => print_view(&ws.resume_exercise(&id)?, false)?,
        ExercisesCommand::End { id } => print_view(&ws.end_exercise(&id)?, false)?,
        ExercisesCommand::Presenter { id } => print_json(&ws.presenter_view(&id)?)?,
    }
    Ok(())
}
