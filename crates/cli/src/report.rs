//! `cordon report ...`: the post-incident report, the exercise after-action report and the
//! plan binder as PDF files, from the same facade calls the app's Reports screen makes.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use cordon_app::{
    AppError, ErrorCode, MspBrandingSettings, ReportAudience, ReportControlInput, ReportResult,
    Workspace,
};

use crate::terminal::say;
use crate::{open, print_json};

/// The document-control facts of a report's title page.
#[derive(Args)]
pub struct ControlArgs {
    /// The document version on the title page (default 1.0).
    #[arg(long = "doc-version", default_value = "")]
    doc_version: String,
    /// Who approved the report for release.
    #[arg(long, default_value = "")]
    approver: String,
    /// A recipient on the distribution list; repeat for several.
    #[arg(long = "to")]
    distribution: Vec<String>,
}

impl From<ControlArgs> for ReportControlInput {
    fn from(a: ControlArgs) -> ReportControlInput {
        ReportControlInput {
            version: a.doc_version,
            approver: a.approver,
            distribution: a.distribution,
        }
    }
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The post-incident report of an incident.
    Incident {
        /// The incident id.
        id: String,
        /// client (curated, nothing internal) or internal (everything).
        #[arg(long, default_value = "client")]
        audience: String,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        control: ControlArgs,
        #[arg(long)]
        json: bool,
    },
    /// The after-action report and improvement plan of a tabletop exercise.
    Exercise {
        /// The exercise id (`cordon exercises list`).
        id: String,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        control: ControlArgs,
        #[arg(long)]
        json: bool,
    },
    /// The plan binder: a plan version as a printable document.
    Plan {
        /// A plan version id (or use --client for the client's approved plan).
        id: Option<String>,
        /// Print the approved plan of this client instead.
        #[arg(long, conflicts_with = "id")]
        client: Option<String>,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The MSP name and logo printed on every report.
    Branding {
        /// Set the MSP's name.
        #[arg(long)]
        name: Option<String>,
        /// Set the logo from a PNG or JPEG file.
        #[arg(long)]
        logo: Option<PathBuf>,
        /// Remove the logo.
        #[arg(long, conflicts_with = "logo")]
        no_logo: bool,
        #[arg(long)]
        json: bool,
    },
}

fn path_text(p: &std::path::Path) -> Result<String> {
    match p.to_str() {
        Some(s) => Ok(s.to_owned()),
        None => bail!(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is not a valid UTF-8 path; choose another name",
                p.display()
            )
        )),
    }
}

fn done(r: &ReportResult, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    say!(
        "wrote {} ({} pages, {:.0} KB)",
        r.path,
        r.pages,
        r.bytes / 1024.0
    );
    Ok(())
}

pub fn run(ws: &Workspace, command: ReportCommand) -> Result<()> {
    open(ws, false)?;
    match command {
        ReportCommand::Incident {
            id,
            audience,
            output,
            control,
            json,
        } => {
            let Some(audience) = ReportAudience::parse(&audience) else {
                bail!(AppError::new(
                    ErrorCode::InvalidInput,
                    format!("audience: '{audience}' is not one; use client or internal")
                ));
            };
            let r =
                ws.export_incident_report(&id, audience, control.into(), &path_text(&output)?)?;
            done(&r, json)
        }
        ReportCommand::Exercise {
            id,
            output,
            control,
            json,
        } => {
            let r = ws.export_exercise_report(&id, control.into(), &path_text(&output)?)?;
            done(&r, json)
        }
        ReportCommand::Plan {
            id,
            client,
            output,
            json,
        } => {
            let id = match (id, client) {
                (Some(id), _) => id,
                (None, Some(client)) => ws.approved_plan_id(&client)?,
                (None, None) => bail!(AppError::new(
                    ErrorCode::InvalidInput,
                    "give a plan version id, or --client ID for the client's approved plan"
                )),
            };
            let r = ws.export_plan_binder(&id, &path_text(&output)?)?;
            done(&r, json)
        }
        ReportCommand::Branding {
            name,
            logo,
            no_logo,
            json,
        } => {
            let mut b = ws.msp_branding()?;
            if name.is_some() || logo.is_some() || no_logo {
                b = ws.save_msp_branding(MspBrandingSettings {
                    name: name.unwrap_or(b.name),
                    logo: match (logo, no_logo) {
                        (_, true) => None,
                        (Some(path), false) => Some(read_logo(&path)?),
                        (None, false) => b.logo,
                    },
                })?;
            }
            if json {
                return print_json(&b);
            }
            say!("MSP name: {}", b.name);
            match &b.logo {
                Some(l) => say!("logo: {} ({} bytes)", l.media_type, l.data.len()),
                None => say!("logo: none"),
            }
            Ok(())
        }
    }
}

fn read_logo(path: &std::path::Path) -> Result<cordon_app::Logo> {
    let data = std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("logo: cannot read {}: {e}", path.display()),
        )
    })?;
    let media_type = if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        "image/png"
    };
    Ok(cordon_app::Logo {
        media_type: media_type.into(),
        data,
    })
}
