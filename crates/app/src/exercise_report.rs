//! Use cases over the after-action report of a tabletop exercise: the PDF, its export to a
//! path the user chose, and its preview. Same shape as the post-incident report: the facade
//! gathers the records (the exercise and its log, the client, the plan version rehearsed, the
//! status of the plan change items its findings became) and `cordon-report` lays them out.

use cordon_report::{ExerciseFacts, MspBranding, Rendered, ReportControl};

use crate::error::AppError;
use crate::reports::{
    ReportAudience, ReportControlInput, ReportPreview, ReportResult, default_distribution, preview,
    render_error, result,
};
use crate::workspace::Workspace;

impl Workspace {
    fn exercise_rendered(
        &self,
        id: &str,
        control: ReportControlInput,
    ) -> Result<(String, Rendered), AppError> {
        let view = self.exercise(id)?;
        let e = view.exercise;
        let client = self.client(&e.client_id.to_string())?;
        // A plan version deleted since is no reason to refuse the report: the version number
        // the exercise kept is printed instead.
        let plan_title = e.plan_id.map(|p| {
            self.plan(&p.to_string())
                .map(|p| format!("{} (v{})", p.title, p.version))
                .unwrap_or_else(|_| {
                    format!("Incident response plan (v{})", e.plan_version.unwrap_or(1))
                })
        });
        let plan_changes = self.plan_change_items(&client.id.to_string())?;
        let msp = self.msp_branding()?;
        let msp = MspBranding {
            name: msp.name,
            logo: msp.logo,
        };
        let distribution = if control.distribution.iter().all(|d| d.trim().is_empty()) {
            // The AAR goes where the client version of an incident report goes.
            default_distribution(&client, &msp.name, ReportAudience::Client)
        } else {
            control.distribution
        };
        let control = ReportControl {
            version: control.version,
            author: self.incident_settings()?.author_name,
            approver: control.approver,
            distribution,
        };
        let name = e.name.clone();
        let facts = ExerciseFacts {
            exercise: e,
            client,
            log: view.log,
            plan_changes,
            plan_title,
        };
        let (doc, meta) = cordon_report::after_action_report(&facts, &control, &msp, self.now());
        let r = cordon_report::render_counted(&doc, &meta).map_err(render_error)?;
        Ok((name, r))
    }

    /// The exercise's after-action report as PDF bytes.
    pub fn exercise_report_pdf(
        &self,
        id: &str,
        control: ReportControlInput,
    ) -> Result<Vec<u8>, AppError> {
        Ok(self.exercise_rendered(id, control)?.1.pdf)
    }

    /// Writes the after-action report to a path the user chose.
    pub fn export_exercise_report(
        &self,
        id: &str,
        control: ReportControlInput,
        dest: &str,
    ) -> Result<ReportResult, AppError> {
        let (_, r) = self.exercise_rendered(id, control)?;
        self.write_export(dest, &r.pdf)?;
        Ok(result(dest, &r))
    }

    pub fn exercise_report_preview(
        &self,
        id: &str,
        control: ReportControlInput,
        pages: u32,
    ) -> Result<ReportPreview, AppError> {
        let (name, r) = self.exercise_rendered(id, control)?;
        preview(name, &r, pages)
    }
}
