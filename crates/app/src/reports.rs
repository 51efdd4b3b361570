//! Use cases over printed reports: the post-incident report (client or internal), the plan
//! binder, their previews, and the MSP branding they carry.
//!
//! The facade gathers the records (the incident as its screen shows it, computed for now; the
//! plan version; the client) and hands them to `cordon-report`, which knows nothing of the
//! store. Files are written to a path the user chose in a save dialog, through a temporary
//! name first (`exports`), so a failed export never leaves half a PDF under the chosen name.

use cordon_core::incident::AffectedAsset;
use cordon_core::settings::check_msp_branding;
use cordon_core::{Client, Logo, Plan, PlanStatus};
use cordon_report::{Audience, IncidentFacts, MspBranding, Rendered, ReportControl};
use cordon_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorCode};
use crate::workspace::Workspace;

const MSP_NAME_KEY: &str = "msp_name";
const MSP_LOGO_KEY: &str = "msp_logo";
/// Preview pages are drawn at this resolution: a page is about 580 pixels wide, sharp
/// enough to read headings on screen and small enough to send over IPC quickly.
const PREVIEW_DPI: f32 = 70.0;
/// Printed as "Prepared by" until the MSP sets its name in Settings: neutral enough to send.
pub const DEFAULT_MSP_NAME: &str = "Incident response team";

/// Who a post-incident report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReportAudience {
    /// Curated for the client: nothing internal.
    Client,
    /// Everything, for the MSP's own team.
    Internal,
}

impl ReportAudience {
    pub fn parse(text: &str) -> Option<ReportAudience> {
        match text.trim().to_ascii_lowercase().as_str() {
            "client" => Some(ReportAudience::Client),
            "internal" => Some(ReportAudience::Internal),
            _ => None,
        }
    }
}

impl From<ReportAudience> for Audience {
    fn from(a: ReportAudience) -> Audience {
        match a {
            ReportAudience::Client => Audience::Client,
            ReportAudience::Internal => Audience::Internal,
        }
    }
}

/// The document-control facts the person exporting gives; the author is the name in the
/// incident settings (the one timeline entries are signed with).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportControlInput {
    /// Empty means "1.0".
    pub version: String,
    /// Empty prints "Not yet approved".
    pub approver: String,
    /// One recipient a line; empty means the client's first contact and the MSP (client
    /// version) or the MSP's team (internal version).
    pub distribution: Vec<String>,
}

/// A report written to disk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportResult {
    pub path: String,
    pub pages: u32,
    pub bytes: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewSection {
    pub number: u32,
    pub title: String,
    pub page: u32,
}

/// What the Reports screen shows before saving: the first pages as images and the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportPreview {
    pub title: String,
    pub pages: u32,
    pub sections: Vec<PreviewSection>,
    /// The first pages as `data:image/png;base64,...` URLs, drawn by Cordon's own rasteriser
    /// from the same layout the PDF is written from.
    pub page_images: Vec<String>,
}

/// The MSP's name and logo as Settings edits them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MspBrandingSettings {
    pub name: String,
    pub logo: Option<Logo>,
}

pub(crate) fn render_error(e: cordon_report::ReportError) -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        format!("the report could not be drawn: {e}"),
    )
}

impl Workspace {
    pub fn msp_branding(&self) -> Result<MspBrandingSettings, AppError> {
        self.with(read_branding)
    }

    pub fn save_msp_branding(
        &self,
        branding: MspBrandingSettings,
    ) -> Result<MspBrandingSettings, AppError> {
        let name = check_msp_branding(&branding.name, branding.logo.as_ref())?;
        let logo = match &branding.logo {
            Some(l) => serde_json::to_string(l)
                .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?,
            None => String::new(),
        };
        self.with(|s| {
            s.set_setting(MSP_NAME_KEY, &name)?;
            s.set_setting(MSP_LOGO_KEY, &logo)
        })?;
        self.msp_branding()
    }

    fn incident_rendered(
        &self,
        id: &str,
        audience: ReportAudience,
        control: ReportControlInput,
    ) -> Result<Rendered, AppError> {
        let mut ck = cordon_core::validation::Checker::default();
        ck.name("approver", control.approver.trim());
        for (i, d) in control.distribution.iter().enumerate() {
            ck.name(format!("distribution.{i}"), d.trim());
        }
        ck.finish(())?;
        let view = self.incident(id)?;
        let client = self.client(&view.incident.client_id.to_string())?;
        let msp = self.msp_branding()?;
        let author = self.incident_settings()?.author_name;
        let msp = MspBranding {
            name: msp.name,
            logo: msp.logo,
        };
        let distribution = if control.distribution.iter().all(|d| d.trim().is_empty()) {
            default_distribution(&client, &msp.name, audience)
        } else {
            control.distribution
        };
        let control = ReportControl {
            version: control.version,
            author,
            approver: control.approver,
            distribution,
        };
        let facts = IncidentFacts {
            affected: view
                .affected
                .iter()
                .map(|a| AffectedAsset {
                    name: a.name.clone(),
                    criticality: a.criticality,
                    data_classes: a.data_classes.clone(),
                })
                .collect(),
            evidence: view
                .evidence
                .into_iter()
                .map(|e| (e.evidence, e.custody))
                .collect(),
            incident: view.incident,
            client,
            plan_title: view.plan_title,
            timeline: view.timeline,
            chain: view.chain,
            notices: view.notices,
            clocks: view.clocks,
            escalations: view.escalations,
            metrics: view.metrics,
        };
        let (doc, meta) =
            cordon_report::incident_report(&facts, audience.into(), &control, &msp, self.now());
        cordon_report::render_counted(&doc, &meta).map_err(render_error)
    }

    /// The post-incident report as PDF bytes.
    pub fn incident_report_pdf(
        &self,
        id: &str,
        audience: ReportAudience,
        control: ReportControlInput,
    ) -> Result<Vec<u8>, AppError> {
        Ok(self.incident_rendered(id, audience, control)?.pdf)
    }

    /// Writes the post-incident report to a path the user chose.
    pub fn export_incident_report(
        &self,
        id: &str,
        audience: ReportAudience,
        control: ReportControlInput,
        dest: &str,
    ) -> Result<ReportResult, AppError> {
        let r = self.incident_rendered(id, audience, control)?;
        self.write_export(dest, &r.pdf)?;
        Ok(result(dest, &r))
    }

    pub fn incident_report_preview(
        &self,
        id: &str,
        audience: ReportAudience,
        control: ReportControlInput,
        pages: u32,
    ) -> Result<ReportPreview, AppError> {
        let view_title = self.incident(id)?.incident.title;
        let r = self.incident_rendered(id, audience, control)?;
        preview(view_title, &r, pages)
    }

    fn binder_rendered(&self, plan_id: &str) -> Result<(Plan, Rendered), AppError> {
        let plan = self.plan(plan_id)?;
        let client = self.client(&plan.client_id.to_string())?;
        let msp = self.msp_branding()?;
        let msp = MspBranding {
            name: msp.name,
            logo: msp.logo,
        };
        let (doc, meta) = cordon_report::plan_binder(&plan, &client, &msp, self.now());
        let r = cordon_report::render_counted(&doc, &meta).map_err(render_error)?;
        Ok((plan, r))
    }

    pub fn plan_binder_pdf(&self, plan_id: &str) -> Result<Vec<u8>, AppError> {
        Ok(self.binder_rendered(plan_id)?.1.pdf)
    }

    /// Writes a plan version's binder to a path the user chose.
    pub fn export_plan_binder(&self, plan_id: &str, dest: &str) -> Result<ReportResult, AppError> {
        let (_, r) = self.binder_rendered(plan_id)?;
        self.write_export(dest, &r.pdf)?;
        Ok(result(dest, &r))
    }

    pub fn plan_binder_preview(
        &self,
        plan_id: &str,
        pages: u32,
    ) -> Result<ReportPreview, AppError> {
        let (plan, r) = self.binder_rendered(plan_id)?;
        preview(format!("{} (v{})", plan.title, plan.version), &r, pages)
    }

    /// The client's approved plan version in force, the one a binder is normally printed from.
    pub fn approved_plan_id(&self, client_id: &str) -> Result<String, AppError> {
        let client = crate::workspace::parse_client_id(client_id)?;
        self.with(|s| {
            s.client(client)?;
            s.current_plan(client)
        })?
        .filter(|p| p.status == PlanStatus::Approved)
        .map(|p| p.id.to_string())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    "this client has no approved plan; approve a version first, or print a draft by its version id",
                )
            })
    }
}

fn read_branding(s: &Store) -> Result<MspBrandingSettings, StoreError> {
    let name = s
        .setting(MSP_NAME_KEY)?
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_MSP_NAME.to_owned());
    // A logo that no longer parses is dropped rather than blocking every report.
    let logo = s
        .setting(MSP_LOGO_KEY)?
        .filter(|l| !l.is_empty())
        .and_then(|l| serde_json::from_str::<Logo>(&l).ok());
    Ok(MspBrandingSettings { name, logo })
}

pub(crate) fn default_distribution(
    client: &Client,
    msp: &str,
    audience: ReportAudience,
) -> Vec<String> {
    match audience {
        ReportAudience::Client => {
            let mut out: Vec<String> = client
                .contacts
                .first()
                .map(|c| {
                    if c.role.trim().is_empty() {
                        c.name.clone()
                    } else {
                        format!("{}, {}", c.name, c.role)
                    }
                })
                .into_iter()
                .collect();
            out.push(format!("{msp} (incident response)"));
            out
        }
        ReportAudience::Internal => vec![format!("{msp}: incident response team only")],
    }
}

pub(crate) fn result(dest: &str, r: &Rendered) -> ReportResult {
    ReportResult {
        path: dest.to_owned(),
        pages: r.pages as u32,
        bytes: r.pdf.len() as f64,
    }
}

/// The title page, then the body from its first section on: the contents page is skipped
/// because the preview lists the sections beside the images anyway.
fn preview_pages(r: &Rendered, count: u32) -> Vec<usize> {
    let body = r.sections.first().map_or(1, |(_, page)| page - 1);
    std::iter::once(0)
        .chain(body.max(1)..r.pages)
        .take(count.clamp(1, 4) as usize)
        .collect()
}

pub(crate) fn preview(title: String, r: &Rendered, pages: u32) -> Result<ReportPreview, AppError> {
    let page_images = cordon_report::preview_pngs(&r.layout, &preview_pages(r, pages), PREVIEW_DPI)
        .map_err(render_error)?
        .into_iter()
        .map(|png| {
            use base64::Engine as _;
            format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            )
        })
        .collect();
    Ok(ReportPreview {
        title,
        pages: r.pages as u32,
        sections: r
            .sections
            .iter()
            .enumerate()
            .map(|(i, (title, page))| PreviewSection {
                number: i as u32 + 1,
                title: title.clone(),
                page: *page as u32,
            })
            .collect(),
        page_images,
    })
}
