//! `cordon incidents ...` and `cordon search`: incidents over the same facade as the app.
//!
//! Times on the command line are UTC: RFC 3339 (`2026-11-20T08:15:00Z`, any offset) or
//! `YYYY-MM-DD HH:MM`.

use anyhow::Result;
use chrono::{DateTime, NaiveDateTime, Utc};
use clap::Subcommand;
use cordon_app::{
    AppError, AssetId, EntryDraft, EntryKind, ErrorCode, FieldError, IncidentInput, IncidentPhase,
    IncidentView, Trigger, Workspace,
};

use crate::terminal::say;
use crate::{open, print_json};

#[derive(Subcommand)]
pub enum IncidentsCommand {
    /// Open an incident for a client (tasks come from the plan's playbook for TYPE).
    Create {
        #[arg(long)]
        client: String,
        /// The incident type: a playbook of the client's plan (ransomware, phishing ...).
        #[arg(long = "type")]
        incident_type: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        /// When it was detected (default: now).
        #[arg(long)]
        detected_at: Option<String>,
        #[arg(long, default_value = "")]
        reported_by: String,
        /// An affected asset, by id or name; repeat for several.
        #[arg(long = "asset")]
        assets: Vec<String>,
        /// A scope of the plan's severity matrix (default: the narrowest).
        #[arg(long, default_value = "")]
        scope: String,
        #[arg(long)]
        json: bool,
    },
    /// Incidents, newest detection first.
    List {
        #[arg(long, default_value = "")]
        client: String,
        /// Only those not closed.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// One incident: severity and its criterion, clocks with deadlines, timers, timeline.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The incident's timeline.
    Timeline {
        #[command(subcommand)]
        command: TimelineCommand,
    },
    /// Move to another phase (detected, analysing, contained, eradicated, recovered, closed).
    Move {
        id: String,
        #[arg(long)]
        phase: String,
        /// Required when going back.
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record when a notification clock's trigger happened (awareness, discovery,
    /// materiality_determination, detection).
    Trigger {
        id: String,
        #[arg(long)]
        trigger: String,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the timeline's hash chain: exit 0 when intact, 1 when broken, 2 for bad input,
    /// 3 when it could not be checked.
    Verify {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum TimelineCommand {
    /// Append an entry.
    Add {
        id: String,
        /// observation, action, decision or communication.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        text: String,
        /// When it happened (default: now).
        #[arg(long)]
        at: Option<String>,
        /// Show the entry in the client's report.
        #[arg(long)]
        client_visible: bool,
        /// A MITRE ATT&CK technique id (T1486).
        #[arg(long)]
        technique: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The timeline as CSV on standard output.
    Export { id: String },
}

fn invalid(field: &str, message: String) -> AppError {
    AppError {
        code: ErrorCode::InvalidInput,
        message: format!("{field}: {message}"),
        fields: vec![FieldError {
            field: field.into(),
            message,
        }],
    }
}

fn parse_time(field: &str, text: &str) -> Result<DateTime<Utc>, AppError> {
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .map(|d| d.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").map(|n| n.and_utc()))
        .map_err(|_| {
            invalid(
                field,
                format!(
                    "'{t}' is not a time; use 2026-11-20T08:15:00Z or '2026-11-20 08:15' (UTC)"
                ),
            )
        })
}

fn parse_opt_time(field: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, AppError> {
    text.map(|t| parse_time(field, t)).transpose()
}

fn resolve_assets(ws: &Workspace, client: &str, names: &[String]) -> Result<Vec<AssetId>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let assets = ws.list_assets(client, false)?;
    names
        .iter()
        .map(|n| {
            assets
                .iter()
                .find(|a| a.id.to_string() == n.trim() || a.name.eq_ignore_ascii_case(n.trim()))
                .map(|a| a.id)
                .ok_or_else(|| {
                    invalid(
                        "asset",
                        format!(
                            "the client has no asset '{n}'; see `cordon assets list --client {client}`"
                        ),
                    )
                    .into()
                })
        })
        .collect()
}

fn print_summary(v: &IncidentView) {
    let i = &v.incident;
    say!("{}  {}", i.id, i.title);
    say!("client     {}", v.client_name);
    say!("type       {}", i.incident_type);
    say!("phase      {}", i.phase.label());
    match i.severity_level() {
        Some(level) => say!(
            "severity   {level} — {}",
            i.severity.criterion().unwrap_or_default()
        ),
        None => say!("severity   not set ({})", i.severity.basis),
    }
    say!("basis      {}", i.severity.basis);
    say!(
        "detected   {}",
        i.key_times.detected.format("%Y-%m-%d %H:%M UTC")
    );
    if !v.clocks.is_empty() {
        say!("clocks");
        for c in &v.clocks {
            let deadline = c
                .deadline
                .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| format!("waits for {}", c.trigger.label().to_lowercase()));
            say!("  {:<48} {:<22} {:?}", c.name, deadline, c.status);
        }
    }
    say!(
        "timeline   {} entries, {}",
        v.chain.entries,
        if v.chain.intact { "intact" } else { "BROKEN" }
    );
}

pub fn run(ws: &Workspace, command: IncidentsCommand) -> Result<()> {
    open(ws, false)?;
    match command {
        IncidentsCommand::Create {
            client,
            incident_type,
            title,
            description,
            detected_at,
            reported_by,
            assets,
            scope,
            json,
        } => {
            let detected_at =
                parse_opt_time("detected_at", detected_at.as_deref())?.unwrap_or_else(Utc::now);
            let affected_assets = resolve_assets(ws, &client, &assets)?;
            let v = ws.open_incident(
                &client,
                IncidentInput {
                    incident_type,
                    title,
                    description,
                    detected_at,
                    reported_by,
                    affected_assets,
                    scope,
                },
            )?;
            if json {
                print_json(&v)?;
            } else {
                print_summary(&v);
            }
        }
        IncidentsCommand::List { client, open, json } => {
            let page = ws.list_incidents(&client, open, 0, 500)?;
            if json {
                print_json(&page)?;
            } else if page.items.is_empty() {
                say!("no incidents");
            } else {
                for i in &page.items {
                    say!(
                        "{}  {:<5} {:<10} {:<28} {}",
                        i.id,
                        i.severity.as_deref().unwrap_or("-"),
                        i.phase.label(),
                        i.client_name,
                        i.title
                    );
                }
                if page.total as usize > page.items.len() {
                    say!("({} of {} shown)", page.items.len(), page.total);
                }
            }
        }
        IncidentsCommand::Show { id, json } => {
            let v = ws.incident(&id)?;
            if json {
                print_json(&v)?;
            } else {
                print_summary(&v);
                for e in &v.timeline {
                    say!(
                        "  #{:<3} {} {:<13} {}",
                        e.seq,
                        e.occurred_at.format("%Y-%m-%d %H:%M"),
                        e.kind.label(),
                        e.text
                    );
                }
            }
        }
        IncidentsCommand::Timeline {
            command:
                TimelineCommand::Add {
                    id,
                    kind,
                    text,
                    at,
                    client_visible,
                    technique,
                    json,
                },
        } => {
            let kind = EntryKind::parse(&kind).map_err(|m| invalid("kind", m))?;
            let occurred_at = parse_opt_time("at", at.as_deref())?;
            let v = ws.add_timeline_entry(
                &id,
                EntryDraft {
                    kind,
                    text,
                    occurred_at,
                    client_visible,
                    technique,
                    corrects: None,
                },
            )?;
            let entry = v.timeline.last();
            if json {
                print_json(&entry)?;
            } else if let Some(e) = entry {
                say!("entry #{} added ({})", e.seq, &e.hash[..12]);
            }
        }
        IncidentsCommand::Timeline {
            command: TimelineCommand::Export { id },
        } => crate::terminal::data(&ws.timeline_csv(&id)?),
        IncidentsCommand::Move {
            id,
            phase,
            reason,
            at,
            json,
        } => {
            let to = IncidentPhase::parse(&phase).ok_or_else(|| {
                invalid(
                    "phase",
                    format!("'{phase}' is not a phase; use detected, analysing, contained, eradicated, recovered or closed"),
                )
            })?;
            let at = parse_opt_time("at", at.as_deref())?;
            let v = ws.move_incident(&id, to, at, reason)?;
            if json {
                print_json(&v)?;
            } else {
                say!("{} is now {}", v.incident.title, v.incident.phase.label());
            }
        }
        IncidentsCommand::Trigger {
            id,
            trigger,
            at,
            json,
        } => {
            let t = trigger.trim().to_lowercase().replace([' ', '-'], "_");
            let trigger = Trigger::ALL
                .into_iter()
                .find(|x| serde_json::to_value(x).ok().and_then(|v| v.as_str().map(str::to_owned)) == Some(t.clone()))
                .ok_or_else(|| {
                    invalid(
                        "trigger",
                        format!("'{trigger}' is not a trigger; use awareness, detection, discovery or materiality_determination"),
                    )
                })?;
            let at = parse_opt_time("at", at.as_deref())?;
            let v = ws.record_trigger(&id, trigger, at)?;
            if json {
                print_json(&v.clocks)?;
            } else {
                print_summary(&v);
            }
        }
        IncidentsCommand::Verify { id, json } => {
            let report = ws.verify_incident(&id)?;
            if json {
                print_json(&report)?;
            }
            match &report.broken_at {
                None => {
                    if !json {
                        say!(
                            "timeline intact: {} entries, every link verified",
                            report.entries
                        );
                    }
                }
                Some(b) => {
                    if !json {
                        say!(
                            "timeline BROKEN at entry #{} ({}): {}",
                            b.seq,
                            b.entry_id,
                            b.reason
                        );
                    }
                    return Err(crate::ChainBroken(format!(
                        "the timeline of incident {id} was altered after it was recorded (entry #{}); restore the workspace from a backup and keep this one for investigation",
                        b.seq
                    ))
                    .into());
                }
            }
        }
    }
    Ok(())
}

pub fn search(ws: &Workspace, query: &str, json: bool) -> Result<()> {
    open(ws, false)?;
    let hits = ws.search(query)?;
    if json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        say!("nothing matches '{query}'");
    }
    for h in hits {
        say!(
            "{:<18} {:<28} {:<36} {}",
            h.kind.key(),
            h.client_name,
            h.title,
            h.snippet
        );
    }
    Ok(())
}
