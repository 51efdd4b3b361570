//! Commands over incidents: one call into the facade each. Every command that changes an
//! incident returns the whole `IncidentView` (clocks and timers computed for now), so the
//! screen replaces its copy instead of guessing what changed.

use chrono::{DateTime, Utc};
use cordon_app::{
    AssetId, ChainReport, CustodyTransferInput, Dashboard, DeadlineAlert, EntryDraft,
    EvidenceInput, IncidentInput, IncidentPage, IncidentPhase, IncidentSettings,
    IncidentTypeOption, IncidentView, KeyTimes, NoticeInput, PostIncidentReview, RoleAssignment,
    SearchHit, Trigger,
};
use tauri::AppHandle;

use super::{Reply, run, run_unlocked};
use crate::dialog::{self, SavedFile};

#[tauri::command]
#[specta::specta]
pub async fn incident_types(app: AppHandle, client_id: String) -> Reply<Vec<IncidentTypeOption>> {
    run(app, move |shell| shell.workspace.incident_types(&client_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn open_incident(
    app: AppHandle,
    client_id: String,
    input: IncidentInput,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.open_incident(&client_id, input)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn incident(app: AppHandle, id: String) -> Reply<IncidentView> {
    run(app, move |shell| shell.workspace.incident(&id)).await
}

/// `client_id` empty lists every client's incidents; `page` counts from 0.
#[tauri::command]
#[specta::specta]
pub async fn list_incidents(
    app: AppHandle,
    client_id: String,
    open_only: bool,
    page: u32,
    page_size: u32,
) -> Reply<IncidentPage> {
    run(app, move |shell| {
        shell
            .workspace
            .list_incidents(&client_id, open_only, page, page_size)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_timeline_entry(
    app: AppHandle,
    id: String,
    draft: EntryDraft,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.add_timeline_entry(&id, draft)
    })
    .await
}

/// `at` null means now; going back a phase needs a `reason`.
#[tauri::command]
#[specta::specta]
pub async fn move_incident(
    app: AppHandle,
    id: String,
    phase: IncidentPhase,
    at: Option<DateTime<Utc>>,
    reason: String,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.move_incident(&id, phase, at, reason)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn rescope_incident(
    app: AppHandle,
    id: String,
    assets: Vec<AssetId>,
    scope: String,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.rescope_incident(&id, assets, scope)
    })
    .await
}

/// `level` null removes the override.
#[tauri::command]
#[specta::specta]
pub async fn override_severity(
    app: AppHandle,
    id: String,
    level: Option<String>,
    reason: String,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.override_severity(&id, level, reason)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_trigger(
    app: AppHandle,
    id: String,
    trigger: Trigger,
    at: Option<DateTime<Utc>>,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.record_trigger(&id, trigger, at)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_key_times(app: AppHandle, id: String, times: KeyTimes) -> Reply<IncidentView> {
    run(app, move |shell| shell.workspace.set_key_times(&id, times)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_task_done(
    app: AppHandle,
    id: String,
    task: u32,
    done: bool,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.set_task_done(&id, task, done)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn assign_roles(
    app: AppHandle,
    id: String,
    roles: Vec<RoleAssignment>,
) -> Reply<IncidentView> {
    run(app, move |shell| shell.workspace.assign_roles(&id, roles)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_incident_details(
    app: AppHandle,
    id: String,
    title: String,
    description: String,
    reported_by: String,
    internal_notes: String,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.update_incident_details(
            &id,
            title,
            description,
            reported_by,
            internal_notes,
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_review(
    app: AppHandle,
    id: String,
    review: PostIncidentReview,
) -> Reply<IncidentView> {
    run(app, move |shell| shell.workspace.save_review(&id, review)).await
}

/// `pick` names a file the user chose with `choose_file`; it is hashed (and kept when asked)
/// here.
#[tauri::command]
#[specta::specta]
pub async fn add_evidence(
    app: AppHandle,
    id: String,
    input: EvidenceInput,
    pick: String,
    keep_content: bool,
) -> Reply<IncidentView> {
    run_unlocked(app, move |_, shell| {
        let chosen = shell.picks.path(&pick)?;
        shell
            .workspace
            .add_evidence(&id, input, dialog::text(&chosen)?, keep_content)
    })
    .await
}

/// Asks where to save the kept file and writes it there, checked against its hash.
/// `None`: the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_evidence(
    app: AppHandle,
    evidence_id: String,
    suggested_name: String,
) -> Reply<Option<SavedFile>> {
    run_unlocked(app, move |app, shell| {
        dialog::save_with(
            app,
            "Save the evidence file",
            &suggested_name,
            None,
            |path, dest| {
                shell.workspace.export_evidence(&evidence_id, dest)?;
                Ok(SavedFile::at(path))
            },
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn transfer_custody(
    app: AppHandle,
    evidence_id: String,
    input: CustodyTransferInput,
) -> Reply<IncidentView> {
    run(app, move |shell| {
        shell.workspace.transfer_custody(&evidence_id, input)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_notice(app: AppHandle, id: String, input: NoticeInput) -> Reply<IncidentView> {
    run(app, move |shell| shell.workspace.record_notice(&id, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_incident(app: AppHandle, id: String) -> Reply<ChainReport> {
    run(app, move |shell| shell.workspace.verify_incident(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn timeline_csv(app: AppHandle, id: String) -> Reply<String> {
    run(app, move |shell| shell.workspace.timeline_csv(&id)).await
}

/// Asks where to save the timeline as CSV and writes it there. `None`: the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_timeline_csv(
    app: AppHandle,
    id: String,
    suggested_name: String,
) -> Reply<Option<SavedFile>> {
    run_unlocked(app, move |app, shell| {
        dialog::save_with(
            app,
            "Save the timeline as CSV",
            &suggested_name,
            Some(dialog::CSV),
            |path, dest| {
                shell.workspace.export_timeline_csv(&id, dest)?;
                Ok(SavedFile::at(path))
            },
        )
    })
    .await
}

/// `client_id` empty covers every client.
#[tauri::command]
#[specta::specta]
pub async fn incident_dashboard(app: AppHandle, client_id: String) -> Reply<Dashboard> {
    run(app, move |shell| {
        shell.workspace.incident_dashboard(&client_id)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn deadline_alerts(app: AppHandle) -> Reply<Vec<DeadlineAlert>> {
    run(app, move |shell| shell.workspace.deadline_alerts()).await
}

#[tauri::command]
#[specta::specta]
pub async fn search(app: AppHandle, query: String) -> Reply<Vec<SearchHit>> {
    run(app, move |shell| shell.workspace.search(&query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn incident_settings(app: AppHandle) -> Reply<IncidentSettings> {
    run(app, move |shell| shell.workspace.incident_settings()).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_incident_settings(
    app: AppHandle,
    settings: IncidentSettings,
) -> Reply<IncidentSettings> {
    run(app, move |shell| {
        shell.workspace.save_incident_settings(settings)
    })
    .await
}
