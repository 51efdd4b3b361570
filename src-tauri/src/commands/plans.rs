//! Commands over plans: one call into the facade each.
//!
//! `update_plan` is the editor's autosave. Saving an approved version starts the next draft
//! and returns it: the UI should switch to the returned plan's id (its version is one higher).

use cordon_app::{Plan, PlanChange, PlanInput, PlanSummary, ReviewState, TemplateInfo};
use tauri::AppHandle;

use super::{Reply, run};

#[tauri::command]
#[specta::specta]
pub async fn plan_templates(app: AppHandle) -> Reply<Vec<TemplateInfo>> {
    run(app, move |shell| Ok(shell.workspace.plan_templates())).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_plan_from_template(
    app: AppHandle,
    client_id: String,
    template: String,
) -> Reply<Plan> {
    run(app, move |shell| {
        shell
            .workspace
            .create_plan_from_template(&client_id, &template)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_plans(app: AppHandle, client_id: String) -> Reply<Vec<PlanSummary>> {
    run(app, move |shell| shell.workspace.list_plans(&client_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_plan(app: AppHandle, id: String) -> Reply<Plan> {
    run(app, move |shell| shell.workspace.plan(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_plan(app: AppHandle, id: String, input: PlanInput) -> Reply<Plan> {
    run(app, move |shell| shell.workspace.update_plan(&id, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn approve_plan(
    app: AppHandle,
    id: String,
    approver: String,
    note: String,
) -> Reply<Plan> {
    run(app, move |shell| {
        shell.workspace.approve_plan(&id, &approver, &note)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn plan_diff(app: AppHandle, from_id: String, to_id: String) -> Reply<Vec<PlanChange>> {
    run(app, move |shell| {
        shell.workspace.plan_diff(&from_id, &to_id)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_plan_review(
    app: AppHandle,
    id: String,
    reviewer: String,
    summary: String,
) -> Reply<Plan> {
    run(app, move |shell| {
        shell.workspace.record_plan_review(&id, &reviewer, &summary)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_playbook_from_template(
    app: AppHandle,
    id: String,
    template: String,
) -> Reply<Plan> {
    run(app, move |shell| {
        shell.workspace.add_playbook_from_template(&id, &template)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn plan_review_state(app: AppHandle, id: String) -> Reply<ReviewState> {
    run(app, move |shell| shell.workspace.plan_review_state(&id)).await
}
