//! Commands over reports (post-incident report, exercise after-action report, plan binder):
//! previews, PDF exports to a path the user picked in a save dialog, and the MSP branding
//! printed on them. One call into the facade each.

use cordon_app::{
    MspBrandingSettings, ReportAudience, ReportControlInput, ReportPreview, ReportResult,
};
use tauri::State;

use super::{Reply, Shell, guard};

#[tauri::command(async)]
#[specta::specta]
pub fn msp_branding(shell: State<'_, Shell>) -> Reply<MspBrandingSettings> {
    guard(|| shell.workspace.msp_branding())
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_msp_branding(
    shell: State<'_, Shell>,
    branding: MspBrandingSettings,
) -> Reply<MspBrandingSettings> {
    guard(|| shell.workspace.save_msp_branding(branding))
}

#[tauri::command(async)]
#[specta::specta]
pub fn incident_report_preview(
    shell: State<'_, Shell>,
    id: String,
    audience: ReportAudience,
    control: ReportControlInput,
    pages: u32,
) -> Reply<ReportPreview> {
    guard(|| {
        shell
            .workspace
            .incident_report_preview(&id, audience, control, pages)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn export_incident_report(
    shell: State<'_, Shell>,
    id: String,
    audience: ReportAudience,
    control: ReportControlInput,
    path: String,
) -> Reply<ReportResult> {
    guard(|| {
        shell
            .workspace
            .export_incident_report(&id, audience, control, &path)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn plan_binder_preview(
    shell: State<'_, Shell>,
    plan_id: String,
    pages: u32,
) -> Reply<ReportPreview> {
    guard(|| shell.workspace.plan_binder_preview(&plan_id, pages))
}

#[tauri::command(async)]
#[specta::specta]
pub fn export_plan_binder(
    shell: State<'_, Shell>,
    plan_id: String,
    path: String,
) -> Reply<ReportResult> {
    guard(|| shell.workspace.export_plan_binder(&plan_id, &path))
}

#[tauri::command(async)]
#[specta::specta]
pub fn exercise_report_preview(
    shell: State<'_, Shell>,
    id: String,
    control: ReportControlInput,
    pages: u32,
) -> Reply<ReportPreview> {
    guard(|| shell.workspace.exercise_report_preview(&id, control, pages))
}

#[tauri::command(async)]
#[specta::specta]
pub fn export_exercise_report(
    shell: State<'_, Shell>,
    id: String,
    control: ReportControlInput,
    path: String,
) -> Reply<ReportResult> {
    guard(|| shell.workspace.export_exercise_report(&id, control, &path))
}
