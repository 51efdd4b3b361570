//! Commands over reports (post-incident report, exercise after-action report, plan binder):
//! previews, PDF exports to a path the user picked in a save dialog, and the MSP branding
//! printed on them. One call into the facade each.

use cordon_app::{
    MspBrandingSettings, ReportAudience, ReportControlInput, ReportPreview, ReportResult,
};
use tauri::AppHandle;

use super::{Reply, run, run_unlocked};
use crate::dialog;

const PDF: (&str, &[&str]) = ("PDF", &["pdf"]);

#[tauri::command]
#[specta::specta]
pub async fn msp_branding(app: AppHandle) -> Reply<MspBrandingSettings> {
    run(app, move |shell| shell.workspace.msp_branding()).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_msp_branding(
    app: AppHandle,
    branding: MspBrandingSettings,
) -> Reply<MspBrandingSettings> {
    run(app, move |shell| {
        shell.workspace.save_msp_branding(branding)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn incident_report_preview(
    app: AppHandle,
    id: String,
    audience: ReportAudience,
    control: ReportControlInput,
    pages: u32,
) -> Reply<ReportPreview> {
    run(app, move |shell| {
        shell
            .workspace
            .incident_report_preview(&id, audience, control, pages)
    })
    .await
}

/// Asks where to save the PDF and writes it there. `None`: the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_incident_report(
    app: AppHandle,
    id: String,
    audience: ReportAudience,
    control: ReportControlInput,
    suggested_name: String,
) -> Reply<Option<ReportResult>> {
    run_unlocked(app, move |app, shell| {
        dialog::save_with(
            app,
            "Save the report as PDF",
            &suggested_name,
            Some(PDF),
            |_, dest| {
                shell
                    .workspace
                    .export_incident_report(&id, audience, control, dest)
            },
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn plan_binder_preview(
    app: AppHandle,
    plan_id: String,
    pages: u32,
) -> Reply<ReportPreview> {
    run(app, move |shell| {
        shell.workspace.plan_binder_preview(&plan_id, pages)
    })
    .await
}

/// Asks where to save the PDF and writes it there. `None`: the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_plan_binder(
    app: AppHandle,
    plan_id: String,
    suggested_name: String,
) -> Reply<Option<ReportResult>> {
    run_unlocked(app, move |app, shell| {
        dialog::save_with(
            app,
            "Save the plan binder as PDF",
            &suggested_name,
            Some(PDF),
            |_, dest| shell.workspace.export_plan_binder(&plan_id, dest),
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn exercise_report_preview(
    app: AppHandle,
    id: String,
    control: ReportControlInput,
    pages: u32,
) -> Reply<ReportPreview> {
    run(app, move |shell| {
        shell.workspace.exercise_report_preview(&id, control, pages)
    })
    .await
}

/// Asks where to save the PDF and writes it there. `None`: the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_exercise_report(
    app: AppHandle,
    id: String,
    control: ReportControlInput,
    suggested_name: String,
) -> Reply<Option<ReportResult>> {
    run_unlocked(app, move |app, shell| {
        dialog::save_with(
            app,
            "Save the after-action report as PDF",
            &suggested_name,
            Some(PDF),
            |_, dest| shell.workspace.export_exercise_report(&id, control, dest),
        )
    })
    .await
}
