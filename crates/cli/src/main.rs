//! `cordon`: the command line over the same facade the desktop app calls. Everything it does
//! goes through `cordon_app::Workspace`, so a script and the app can never disagree.
//!
//! Headless use: `CORDON_DATA_DIR` picks the workspace, `CORDON_PASSPHRASE` unlocks a
//! passphrase-protected one (or creates one when no keychain is reachable).

mod assets;
mod clients;
mod exercises;
mod incidents;
mod key;
mod ops;
mod sync;
mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use cordon_app::{AppError, ErrorCode, SystemClock, Workspace, WorkspaceStatus};
use serde::Serialize;
use terminal::say;

mod plans;
mod report;

#[derive(Parser)]
#[command(
    name = "cordon",
    version,
    about = "Incident-response plans for MSPs, from the command line",
    after_help = EXIT_CODES
)]
struct Cli {
    /// The workspace folder (default: the OS data folder, or CORDON_DATA_DIR).
    #[arg(long, global = true, env = "CORDON_DATA_DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Seed a demo workspace with realistic clients (creates the workspace if there is none).
    Demo {
        /// Instead, generate a large workspace for measuring: small, medium, or large
        /// (200 clients, 20,000 assets, 50,000 incidents, 1,000,000 timeline entries).
        #[arg(long)]
        scale: Option<String>,
    },
    /// Clients of the MSP.
    Clients {
        #[command(subcommand)]
        command: clients::ClientsCommand,
    },
    /// A client's critical assets: list, CSV import and export.
    Assets {
        #[command(subcommand)]
        command: assets::AssetsCommand,
    },
    /// Incident-response plans: templates, versions, approval, review.
    Plans {
        #[command(subcommand)]
        command: plans::PlansCommand,
    },
    /// Incidents: open, work the timeline, move phases, record clock triggers, verify.
    Incidents {
        #[command(subcommand)]
        command: incidents::IncidentsCommand,
    },
    /// Tabletop exercises: the scenario library, create, run (clock, reveals, log, marks) and evaluate.
    Exercises {
        #[command(subcommand)]
        command: exercises::ExercisesCommand,
    },
    /// PDF reports: the post-incident report (client or internal) and the plan binder.
    Report {
        #[command(subcommand)]
        command: report::ReportCommand,
    },
    /// Search clients, plans, assets, incidents, timeline entries, exercises and their logs.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// The workspace key: change the passphrase (read from the environment).
    Key {
        #[command(subcommand)]
        command: key::KeyCommand,
    },
    /// Create an empty workspace (keychain, or CORDON_PASSPHRASE), e.g. to import ops into.
    Init,
    /// Ops between laptops without a server: export to a file, import from one.
    Ops {
        #[command(subcommand)]
        command: ops::OpsCommand,
    },
    /// Check the workspace: where it is, how it is protected, and whether it is sound.
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// Sync with the team's server: push and pull; join, invite, approve, revoke, leave.
    Sync(sync::SyncArgs),
}

/// The one rule for exit codes, shown by `cordon --help`.
const EXIT_CODES: &str = "\
Exit codes (every command):
  0  done
  1  failed: the workspace could not do it (locked, wrong passphrase, storage, problems found)
  2  bad input or usage: a flag, argument or value is wrong or names nothing; the message
     names it and says what to type instead
  `cordon incidents verify`: 0 intact, 1 the chain is broken, 2 bad input or usage,
     3 the chain could not be checked (any other failure)";

/// Exit codes of the rule in `EXIT_CODES`.
const FAILED: u8 = 1;
const BAD_INPUT: u8 = 2;
const VERIFY_NOT_CHECKED: u8 = 3;

/// A check that ran and found the record broken (`incidents verify`): exit 1, not 3.
#[derive(Debug)]
pub struct ChainBroken(pub String);

impl std::fmt::Display for ChainBroken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChainBroken {}

fn exit_code(e: &anyhow::Error, verifying: bool) -> u8 {
    if e.downcast_ref::<ChainBroken>().is_some() {
        return FAILED;
    }
    match e.downcast_ref::<AppError>().map(|a| a.code) {
        Some(ErrorCode::InvalidInput | ErrorCode::NotFound) => BAD_INPUT,
        _ if verifying => VERIFY_NOT_CHECKED,
        _ => FAILED,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verifying = matches!(
        cli.command,
        Command::Incidents {
            command: incidents::IncidentsCommand::Verify { .. }
        }
    );
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote what was typed or stored: never raw to the terminal.
            eprintln!("cordon: {}", terminal::visible(&format!("{e:#}")));
            ExitCode::from(exit_code(&e, verifying))
        }
    }
}

fn passphrase_from_env() -> Option<String> {
    std::env::var("CORDON_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

/// Opens the workspace, or explains how to when it cannot be opened headless.
fn open(ws: &Workspace, create_if_missing: bool) -> Result<(), AppError> {
    match ws.status() {
        WorkspaceStatus::Ready { .. } => Ok(()),
        WorkspaceStatus::FirstRun {
            keychain_available, ..
        } if create_if_missing => {
            let pass = passphrase_from_env();
            if pass.is_none() && !keychain_available {
                return Err(AppError::new(
                    ErrorCode::KeychainUnavailable,
                    "no system keychain is reachable to keep the new workspace's key; set CORDON_PASSPHRASE to protect it with a passphrase instead",
                ));
            }
            ws.create(pass).map(|_| ())
        }
        WorkspaceStatus::FirstRun { data_dir, .. } => Err(AppError::new(
            ErrorCode::NotFound,
            format!(
                "there is no workspace in {data_dir}; run `cordon demo` or start the app to create one"
            ),
        )),
        WorkspaceStatus::Locked { .. } => match passphrase_from_env() {
            Some(p) => ws.unlock(Some(p)).map(|_| ()),
            None => Err(AppError::new(
                ErrorCode::PassphraseRequired,
                "this workspace is protected by a passphrase; set CORDON_PASSPHRASE to unlock it",
            )),
        },
        WorkspaceStatus::Unavailable { error, .. } => Err(error),
    }
}

fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn run(cli: Cli) -> Result<()> {
    let dir = cli.data_dir.unwrap_or_else(cordon_app::default_data_dir);
    let ws = Workspace::new(dir, Arc::new(SystemClock));
    match cli.command {
        Command::Demo { scale: Some(name) } => {
            let spec = cordon_demo::ScaleSpec::parse(&name).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("scale: '{name}' is not a size; use small, medium or large"),
                )
            })?;
            open(&ws, true)?;
            let started = std::time::Instant::now();
            let n = cordon_demo::seed_scale(&ws, spec, |done, total| {
                eprint!("\rgenerating: client {done} of {total}");
            })?;
            eprintln!();
            say!(
                "generated {n} incidents in {:.0} s in {}",
                started.elapsed().as_secs_f64(),
                ws.data_dir().display()
            );
        }
        Command::Demo { scale: None } => {
            open(&ws, true)?;
            let summary = cordon_demo::seed(&ws)?;
            say!(
                "demo workspace in {}: {} client(s) added, {} already there",
                ws.data_dir().display(),
                summary.created.len(),
                summary.already_present.len()
            );
        }
        Command::Clients { command } => clients::run(&ws, command)?,
        Command::Assets { command } => {
            open(&ws, false)?;
            assets::run(&ws, command)?;
        }
        Command::Plans { command } => plans::run(&ws, command)?,
        Command::Incidents { command } => incidents::run(&ws, command)?,
        Command::Exercises { command } => exercises::run(&ws, command)?,
        Command::Report { command } => report::run(&ws, command)?,
        Command::Search { query, json } => incidents::search(&ws, &query, json)?,
        Command::Key { command } => key::run(&ws, command)?,
        Command::Init => {
            if !matches!(ws.status(), WorkspaceStatus::FirstRun { .. }) {
                return Err(AppError::new(
                    ErrorCode::AlreadyExists,
                    format!(
                        "there is already a workspace in {}; pick another folder with --data-dir",
                        ws.data_dir().display()
                    ),
                )
                .into());
            }
            open(&ws, true)?;
            say!("empty workspace created in {}", ws.data_dir().display());
        }
        Command::Ops { command } => {
            open(&ws, false)?;
            ops::run(&ws, command)?;
        }
        Command::Sync(args) => {
            open(&ws, false)?;
            sync::run(&ws, args)?;
        }
        Command::Doctor { json } => {
            open(&ws, false)?;
            let d = ws.doctor()?;
            if json {
                print_json(&d)?;
            } else {
                say!("data folder     {}", d.info.data_dir);
                say!("database        {}", d.info.database_path);
                say!(
                    "cipher          SQLCipher {} (SQLite {})",
                    d.info.cipher_version,
                    d.info.sqlite_version
                );
                say!("key source      {:?}", d.info.key_source);
                say!("schema version  {}", d.info.schema_version);
                say!("device          {}", d.info.device_id);
                say!("integrity       {}", d.integrity);
                say!(
                    "op log          {} operations; tables match the log: {}",
                    d.op_count,
                    if d.tables_match_op_log { "yes" } else { "NO" }
                );
                say!(
                    "search index    matches the log: {}",
                    if d.search_matches_op_log { "yes" } else { "NO" }
                );
                for p in &d.problems {
                    say!("  problem: {p}");
                }
            }
            if d.integrity != "ok" || !d.tables_match_op_log || !d.search_matches_op_log {
                anyhow::bail!("the workspace has problems; restore it from a backup");
            }
        }
    }
    Ok(())
}
