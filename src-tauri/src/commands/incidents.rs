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
use tauri::State;

use super::{Reply, Shell, guard};

#[tauri::command(async)]
#[specta::specta]
pub fn incident_types(
    shell: State<'_, Shell>,
    client_id: String,
) -> Reply<Vec<IncidentTypeOption>> {
    guard(|| shell.workspace.incident_types(&client_id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn open_incident(
    shell: State<'_, Shell>,
    client_id: String,
    input: IncidentInput,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.open_incident(&client_id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn incident(shell: State<'_, Shell>, id: String) -> Reply<IncidentView> {
    guard(|| shell.workspace.incident(&id))
}

/// `client_id` empty lists every client's incidents; `page` counts from 0.
#[tauri::command(async)]
#[specta::specta]
pub fn list_incidents(
    shell: State<'_, Shell>,
    client_id: String,
    open_only: bool,
    page: u32,
    page_size: u32,
) -> Reply<IncidentPage> {
    guard(|| {
        shell
            .workspace
            .list_incidents(&client_id, open_only, page, page_size)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_timeline_entry(
    shell: State<'_, Shell>,
    id: String,
    draft: EntryDraft,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.add_timeline_entry(&id, draft))
}

/// `at` null means now; going back a phase needs a `reason`.
#[tauri::command(async)]
#[specta::specta]
pub fn move_incident(
    shell: State<'_, Shell>,
    id: String,
    phase: IncidentPhase,
    at: Option<DateTime<Utc>>,
    reason: String,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.move_incident(&id, phase, at, reason))
}

#[tauri::command(async)]
#[specta::specta]
pub fn rescope_incident(
    shell: State<'_, Shell>,
    id: String,
    assets: Vec<AssetId>,
    scope: String,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.rescope_incident(&id, assets, scope))
}

/// `level` null removes the override.
#[tauri::command(async)]
#[specta::specta]
pub fn override_severity(
    shell: State<'_, Shell>,
    id: String,
    level: Option<String>,
    reason: String,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.override_severity(&id, level, reason))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_trigger(
    shell: State<'_, Shell>,
    id: String,
    trigger: Trigger,
    at: Option<DateTime<Utc>>,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.record_trigger(&id, trigger, at))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_key_times(shell: State<'_, Shell>, id: String, times: KeyTimes) -> Reply<IncidentView> {
    guard(|| shell.workspace.set_key_times(&id, times))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_task_done(
    shell: State<'_, Shell>,
    id: String,
    task: u32,
    done: bool,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.set_task_done(&id, task, done))
}

#[tauri::command(async)]
#[specta::specta]
pub fn assign_roles(
    shell: State<'_, Shell>,
    id: String,
    roles: Vec<RoleAssignment>,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.assign_roles(&id, roles))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_incident_details(
    shell: State<'_, Shell>,
    id: String,
    title: String,
    description: String,
    reported_by: String,
    internal_notes: String,
) -> Reply<IncidentView> {
    guard(|| {
        shell.workspace.update_incident_details(
            &id,
            title,
            description,
            reported_by,
            internal_notes,
        )
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_review(
    shell: State<'_, Shell>,
    id: String,
    review: PostIncidentReview,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.save_review(&id, review))
}

/// `path` comes from the native open dialog; the file is hashed (and kept when asked) here.
#[tauri::command(async)]
#[specta::specta]
pub fn add_evidence(
    shell: State<'_, Shell>,
    id: String,
    input: EvidenceInput,
    path: String,
    keep_content: bool,
) -> Reply<IncidentView> {
    guard(|| {
        shell
            .workspace
            .add_evidence(&id, input, &path, keep_content)
    })
}

/// Writes the kept file to `dest` (from the native save dialog); returns its SHA-256.
#[tauri::command(async)]
#[specta::specta]
pub fn export_evidence(
    shell: State<'_, Shell>,
    evidence_id: String,
    dest: String,
) -> Reply<String> {
    guard(|| shell.workspace.export_evidence(&evidence_id, &dest))
}

#[tauri::command(async)]
#[specta::specta]
pub fn transfer_custody(
    shell: State<'_, Shell>,
    evidence_id: String,
    input: CustodyTransferInput,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.transfer_custody(&evidence_id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_notice(
    shell: State<'_, Shell>,
    id: String,
    input: NoticeInput,
) -> Reply<IncidentView> {
    guard(|| shell.workspace.record_notice(&id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn verify_incident(shell: State<'_, Shell>, id: String) -> Reply<ChainReport> {
    guard(|| shell.workspace.verify_incident(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn timeline_csv(shell: State<'_, Shell>, id: String) -> Reply<String> {
    guard(|| shell.workspace.timeline_csv(&id))
}

/// Writes the timeline CSV to `dest`, a path from the native save dialog.
#[tauri::command(async)]
#[specta::specta]
pub fn export_timeline_csv(shell: State<'_, Shell>, id: String, dest: String) -> Reply<()> {
    guard(|| shell.workspace.export_timeline_csv(&id, &dest))
}

/// `client_id` empty covers every client.
#[tauri::command(async)]
#[specta::specta]
pub fn incident_dashboard(shell: State<'_, Shell>, client_id: String) -> Reply<Dashboard> {
    guard(|| shell.workspace.incident_dashboard(&client_id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn deadline_alerts(shell: State<'_, Shell>) -> Reply<Vec<DeadlineAlert>> {
    guard(|| shell.workspace.deadline_alerts())
}

#[tauri::command(async)]
#[specta::specta]
pub fn search(shell: State<'_, Shell>, query: String) -> Reply<Vec<SearchHit>> {
    guard(|| shell.workspace.search(&query))
}

#[tauri::command(async)]
#[specta::specta]
pub fn incident_settings(shell: State<'_, Shell>) -> Reply<IncidentSettings> {
    guard(|| shell.workspace.incident_settings())
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_incident_settings(
    shell: State<'_, Shell>,
    settings: IncidentSettings,
) -> Reply<IncidentSettings> {
    guard(|| shell.workspace.save_incident_settings(settings))
}
