//! `cordon assets`: list, import and export a client's critical assets.
//!
//! `import` exits 0 when every row is valid and 2 when any row is rejected (with the report
//! on stdout, and on stderr a line that says what was and was not imported). Without
//! `--dry-run` the valid rows ARE imported even when others are rejected: the person fixes
//! the reported rows and imports those again.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::Subcommand;
use cordon_app::{AppError, AssetField, ErrorCode, RowError, Workspace};

use crate::terminal::say;

#[derive(Subcommand)]
pub enum AssetsCommand {
    /// List a client's assets, criticality 1 first, then the highest risk.
    List {
        #[arg(long)]
        client: String,
        /// Include archived assets.
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Import assets from a CSV file (UTF-8 or Windows-1252; `,` `;` or tab separated).
    Import {
        #[arg(long)]
        client: String,
        file: PathBuf,
        /// Check the file and print the report; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        /// Override the suggested mapping for one column, e.g. --map "Host=name" or
        /// --map "Notes=ignore". Fields: name, kind, owner, location, criticality,
        /// data_classes, rto, rpo, dependencies, vulnerabilities, likelihood, impact,
        /// risk_rationale.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
    },
    /// Write a client's assets as CSV (to stdout, or to FILE with a BOM for Excel).
    Export {
        #[arg(long)]
        client: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn print_errors(errors: &[RowError]) {
    for e in errors {
        if e.column.is_empty() {
            say!("row {}: {}", e.row, e.message);
        } else {
            say!("row {}, column '{}': {}", e.row, e.column, e.message);
        }
    }
}

/// The suggested mapping with the `--map HEADER=FIELD` overrides applied (None: no overrides).
fn mapping(
    ws: &Workspace,
    client: &str,
    file: &Path,
    overrides: &[String],
) -> Result<Option<Vec<Option<AssetField>>>> {
    if overrides.is_empty() {
        return Ok(None);
    }
    let preview = ws.preview_asset_import_file(client, file, None)?;
    let mut mapping = preview.suggested_mapping;
    for o in overrides {
        let bad = || {
            rejected(format!(
                "--map '{o}' is not HEADER=FIELD; the headers are: {}",
                preview.headers.join(", ")
            ))
        };
        let (header, field) = o.rsplit_once('=').ok_or_else(bad)?;
        let col = preview
            .headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(header.trim()))
            .ok_or_else(bad)?;
        let field = field.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        mapping[col] = match field.as_str() {
            "ignore" | "none" | "" => None,
            f => Some(
                serde_json::from_value(serde_json::Value::String(f.to_owned())).map_err(|_| {
                    rejected(format!(
                        "--map '{o}': '{f}' is not a field; use name, kind, owner, location, criticality, data_classes, rto, rpo, dependencies, vulnerabilities, likelihood, impact, risk_rationale or ignore"
                    ))
                })?,
            ),
        };
    }
    Ok(Some(mapping))
}

fn rejected(message: String) -> anyhow::Error {
    AppError::new(ErrorCode::InvalidInput, message).into()
}

pub fn run(ws: &Workspace, command: AssetsCommand) -> Result<()> {
    match command {
        AssetsCommand::List {
            client,
            archived,
            json,
        } => {
            let list = ws.list_assets(&client, archived)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if list.is_empty() {
                say!(
                    "no assets; import some with `cordon assets import --client {client} FILE.csv`"
                );
            } else {
                for a in list {
                    let risk = a
                        .risk
                        .as_ref()
                        .map_or("-".to_string(), |r| r.score.to_string());
                    say!(
                        "{}  C{}  risk {:>2}  {:<30} {}",
                        a.id,
                        a.criticality,
                        risk,
                        a.name,
                        a.kind.label()
                    );
                }
            }
        }
        AssetsCommand::Import {
            client,
            file,
            dry_run,
            json,
            map,
        } => {
            // The facade measures the file before it reads it, and reads no more than the limit.
            let mapping = mapping(ws, &client, &file, &map)?;
            if dry_run {
                let p = ws.preview_asset_import_file(&client, &file, mapping)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&p)?);
                } else {
                    print_errors(&p.errors);
                    say!(
                        "dry run: {} of {} row(s) valid; nothing was written",
                        p.valid_count,
                        p.total_rows
                    );
                }
                if let Some(e) = p.mapping_errors.first() {
                    return Err(AppError {
                        code: ErrorCode::InvalidInput,
                        message: format!(
                            "{}: {} (headers: {}); use --map HEADER=FIELD",
                            e.field,
                            e.message,
                            p.headers.join(", ")
                        ),
                        fields: p.mapping_errors.clone(),
                    }
                    .into());
                }
                if !p.errors.is_empty() {
                    return Err(rejected(format!(
                        "dry run: {} row(s) would be rejected; fix them and run again (nothing was written)",
                        p.total_rows - p.valid_count
                    )));
                }
            } else {
                let r = ws.import_assets_file(&client, &file, mapping)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&r)?);
                } else {
                    print_errors(&r.rejected);
                    say!("imported {} of {} row(s)", r.imported, r.total_rows);
                }
                if !r.rejected.is_empty() {
                    return Err(rejected(format!(
                        "{} row(s) rejected and NOT imported; the {} valid row(s) were imported. Fix the rejected rows and import only those",
                        r.total_rows - r.imported,
                        r.imported
                    )));
                }
            }
        }
        AssetsCommand::Export { client, output } => {
            let text = ws.export_assets_csv(&client)?;
            match output {
                // A file gets a UTF-8 BOM so that Excel shows é and ü (without one it assumes
                // the ANSI code page); the importer skips it. Piped output stays BOM-free.
                Some(path) => std::fs::write(&path, format!("\u{feff}{text}"))
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => crate::terminal::data(&text),
            }
        }
    }
    Ok(())
}
