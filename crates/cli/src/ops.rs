//! `cordon ops`: a workspace's ops to a file and back, for a technician without a network
//! (a USB stick between two laptops). The file is plaintext until the sync issues seal it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;
use cordon_app::{AppError, Side, Workspace};

use crate::terminal::say;

/// The largest ops file `import` reads: a large workspace's whole log is well under this.
const MAX_OPS_FILE_BYTES: u64 = 2 << 30;

#[derive(Subcommand)]
pub enum OpsCommand {
    /// Write this workspace's ops to a file (JSON lines, plaintext); `-o -` writes to stdout.
    Export {
        /// Only the ops newer than this cursor (printed by the previous export).
        #[arg(long)]
        since: Option<String>,
        /// The file to write; never overwritten.
        #[arg(short = 'o', long = "output")]
        output: String,
    },
    /// Edits of the same value made on two laptops that had not seen each other's.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: keep the value the record holds (`kept`) or the other one.
    Keep {
        /// The record's kind, as `ops conflicts` lists it (incident, client, plan ...).
        entity: String,
        id: String,
        /// The field, or the item of a list (`tasks/3`).
        path: String,
        /// kept or other.
        #[arg(long)]
        side: String,
    },
    /// Take in an ops file from another laptop, all or nothing.
    Import {
        file: PathBuf,
        /// Print {"new": N, "known": M, ...} instead of a sentence.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ws: &Workspace, command: OpsCommand) -> Result<()> {
    match command {
        OpsCommand::Export { since, output } => {
            let export = ws.export_ops(since.as_deref())?;
            eprintln!(
                "cordon: the ops file is plaintext: it holds client records unencrypted; carry it on an encrypted drive and delete it once imported"
            );
            if output == "-" {
                let mut out = std::io::stdout().lock();
                out.write_all(export.text.as_bytes())?;
                out.flush()?;
            } else {
                write_new(Path::new(&output), &export.text)?;
            }
            eprintln!(
                "cordon: wrote {} op(s); next time, `--since {}` exports only what is newer",
                export.count, export.cursor
            );
        }
        OpsCommand::Conflicts { json } => {
            let found = ws.conflicts()?;
            if json {
                crate::print_json(&found)?;
            } else if found.is_empty() {
                say!("no conflicts");
            } else {
                for c in &found {
                    say!(
                        "{} {} {}: kept {} (device {}), other {} (device {})",
                        c.entity,
                        c.id,
                        c.path,
                        c.kept.value,
                        c.kept.device,
                        c.other.value,
                        c.other.device
                    );
                }
            }
        }
        OpsCommand::Keep {
            entity,
            id,
            path,
            side,
        } => {
            let side = match side.as_str() {
                "kept" => Side::Kept,
                "other" => Side::Other,
                _ => {
                    return Err(AppError::from(cordon_core::Invalid::one(
                        "side",
                        format!("'{side}' is not a side; use kept or other"),
                    ))
                    .into());
                }
            };
            ws.keep_conflict(&entity, &id, &path, side)?;
            say!(
                "kept the {} value of {entity} {id} {path}",
                if side == Side::Kept {
                    "current"
                } else {
                    "other"
                }
            );
        }
        OpsCommand::Import { file, json } => {
            let text = read_file(&file)?;
            let done = ws.import_ops(&text)?;
            for w in &done.warnings {
                eprintln!("cordon: warning: {w}");
            }
            if json {
                crate::print_json(&done)?;
            } else {
                say!(
                    "{} new op(s) taken in, {} already here{}",
                    done.new,
                    done.known,
                    if done.waiting > 0 {
                        format!(
                            "; {} record(s) wait for changes not in this file",
                            done.waiting
                        )
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    Ok(())
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
                "it exists; an ops file is never overwritten, choose a new name".to_owned()
            } else {
                e.to_string()
            };
            AppError::file("output", format!("cannot write {}: {why}", path.display()))
        })?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

fn read_file(path: &Path) -> Result<String, AppError> {
    let cannot =
        |why: String| AppError::file("file", format!("cannot read {}: {why}", path.display()));
    let size = std::fs::metadata(path)
        .map_err(|e| cannot(e.to_string()))?
        .len();
    if size > MAX_OPS_FILE_BYTES {
        return Err(cannot(format!(
            "it is {size} bytes, more than an ops file can be ({MAX_OPS_FILE_BYTES}); is it the right file?"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| cannot("it is not text; is it an ops file?".into()))
}
