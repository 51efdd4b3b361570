//! `cordon plans ...`: incident-response plans over the same facade the desktop app calls.

use anyhow::Result;
use clap::Subcommand;
use cordon_app::{Plan, PlanStatus, ReviewState, Workspace};

use crate::terminal::say;
use crate::{open, print_json};

#[derive(Subcommand)]
pub enum PlansCommand {
    /// The built-in templates (the baseline plan and the playbooks), with their versions.
    Templates {
        #[arg(long)]
        json: bool,
    },
    /// Start a client's plan from a template (a draft to tailor, then approve).
    Create {
        #[arg(long)]
        client: String,
        #[arg(long, default_value = "baseline")]
        template: String,
        #[arg(long)]
        json: bool,
    },
    /// A client's plan versions, newest first.
    List {
        #[arg(long)]
        client: String,
        #[arg(long)]
        json: bool,
    },
    /// One plan version with all its sections.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a draft; the previously approved version becomes superseded.
    Approve {
        id: String,
        #[arg(long)]
        by: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// What changed between two versions of a client's plan.
    Diff {
        from: String,
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a built-in playbook (see `templates`) to a plan; on an approved version this
    /// starts the next draft.
    AddPlaybook {
        id: String,
        #[arg(long)]
        template: String,
        #[arg(long)]
        json: bool,
    },
    /// Log a periodic review of the approved version (restarts its review clock).
    Review {
        id: String,
        #[arg(long)]
        by: String,
        #[arg(long)]
        summary: String,
        #[arg(long)]
        json: bool,
    },
}

fn status_word(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Draft => "draft",
        PlanStatus::Approved => "approved",
        PlanStatus::Superseded => "superseded",
    }
}

fn print_plan(p: &Plan) {
    say!(
        "{}  v{} {}  {}",
        p.id,
        p.version,
        status_word(p.status),
        p.title
    );
    if let Some(a) = &p.approval {
        say!("approved by {} on {}", a.by, a.at.date_naive());
    }
    if let Some(due) = p.next_review_due() {
        say!("next review due {due}");
    }
    say!("roles:");
    for r in &p.roles {
        say!("  {:<28} {} (backup: {})", r.name, r.primary, r.backup);
    }
    say!("escalation:");
    for (i, e) in p.escalation.iter().enumerate() {
        let mut trigger = Vec::new();
        if let Some(s) = &e.severity {
            trigger.push(s.clone());
        }
        if let Some(m) = e.after_minutes {
            trigger.push(format!("{m} min uncontained"));
        }
        say!("  {}. {}  [{}]", i + 1, e.who, trigger.join(" or "));
    }
    say!("playbooks:");
    for pb in &p.playbooks {
        say!("  {} ({} steps)", pb.name, pb.steps.len());
    }
}

pub fn run(ws: &Workspace, command: PlansCommand) -> Result<()> {
    match command {
        PlansCommand::Templates { json } => {
            let list = ws.plan_templates();
            if json {
                print_json(&list)?;
            } else {
                for t in list {
                    say!("{:<28} {:<8} {}", t.name, t.version, t.title);
                }
            }
        }
        PlansCommand::Create {
            client,
            template,
            json,
        } => {
            open(ws, false)?;
            let p = ws.create_plan_from_template(&client, &template)?;
            if json {
                print_json(&p)?;
            } else {
                print_plan(&p);
            }
        }
        PlansCommand::List { client, json } => {
            open(ws, false)?;
            let list = ws.list_plans(&client)?;
            if json {
                print_json(&list)?;
            } else if list.is_empty() {
                say!("no plan yet; start one with `cordon plans create --client {client}`");
            } else {
                for p in list {
                    say!(
                        "{}  v{:<3} {:<10} {}",
                        p.id,
                        p.version,
                        status_word(p.status),
                        p.title
                    );
                }
            }
        }
        PlansCommand::Show { id, json } => {
            open(ws, false)?;
            let p = ws.plan(&id)?;
            if json {
                print_json(&p)?;
            } else {
                print_plan(&p);
                match ws.plan_review_state(&id)? {
                    ReviewState::Overdue { due, days_overdue } => {
                        say!("REVIEW OVERDUE: was due {due} ({days_overdue} days ago)")
                    }
                    ReviewState::Due { days_left, .. } => say!("review in {days_left} days"),
                    ReviewState::NotScheduled => {}
                }
            }
        }
        PlansCommand::Approve { id, by, note, json } => {
            open(ws, false)?;
            let p = ws.approve_plan(&id, &by, &note)?;
            if json {
                print_json(&p)?;
            } else {
                say!("version {} approved by {}", p.version, by);
            }
        }
        PlansCommand::Diff { from, to, json } => {
            open(ws, false)?;
            let changes = ws.plan_diff(&from, &to)?;
            if json {
                print_json(&changes)?;
            } else if changes.is_empty() {
                say!("no differences");
            } else {
                for c in changes {
                    say!("{}", c.text);
                }
            }
        }
        PlansCommand::AddPlaybook { id, template, json } => {
            open(ws, false)?;
            let p = ws.add_playbook_from_template(&id, &template)?;
            if json {
                print_json(&p)?;
            } else {
                say!("playbook added to version {} ({})", p.version, p.id);
            }
        }
        PlansCommand::Review {
            id,
            by,
            summary,
            json,
        } => {
            open(ws, false)?;
            let p = ws.record_plan_review(&id, &by, &summary)?;
            if json {
                print_json(&p)?;
            } else if let Some(due) = p.next_review_due() {
                say!("review logged; next review due {due}");
            }
        }
    }
    Ok(())
}
