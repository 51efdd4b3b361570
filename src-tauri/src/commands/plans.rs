//! Commands over plans: one call into the facade each.
//!
//! `update_plan` is the editor's autosave. Saving an approved version starts the next draft
//! and returns it: the UI should switch to the returned plan's id (its version is one higher).

use cordon_app::{Plan, PlanChange, PlanInput, PlanSummary, ReviewState, TemplateInfo};
use tauri::State;

use super::{Reply, Shell, guard};

#[tauri::command(async)]
#[specta::specta]
pub fn plan_templates(shell: State<'_, Shell>) -> Reply<Vec<TemplateInfo>> {
    guard(|| Ok(shell.workspace.plan_templates()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_plan_from_template(
    shell: State<'_, Shell>,
    client_id: String,
    template: String,
) -> Reply<Plan> {
    guard(|| {
        shell
            .workspace
            .create_plan_from_template(&client_id, &template)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_plans(shell: State<'_, Shell>, client_id: String) -> Reply<Vec<PlanSummary>> {
    guard(|| shell.workspace.list_plans(&client_id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_plan(shell: State<'_, Shell>, id: String) -> Reply<Plan> {
    guard(|| shell.workspace.plan(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_plan(shell: State<'_, Shell>, id: String, input: PlanInput) -> Reply<Plan> {
    guard(|| shell.workspace.update_plan(&id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn approve_plan(
    shell: State<'_, Shell>,
    id: String,
    approver: String,
    note: String,
) -> Reply<Plan> {
    guard(|| shell.workspace.approve_plan(&id, &approver, &note))
}

#[tauri::command(async)]
#[specta::specta]
pub fn plan_diff(
    shell: State<'_, Shell>,
    from_id: String,
    to_id: String,
) -> Reply<Vec<PlanChange>> {
    guard(|| shell.workspace.plan_diff(&from_id, &to_id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_plan_review(
    shell: State<'_, Shell>,
    id: String,
    reviewer: String,
    summary: String,
) -> Reply<Plan> {
    guard(|| shell.workspace.record_plan_review(&id, &reviewer, &summary))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_playbook_from_template(
    shell: State<'_, Shell>,
    id: String,
    template: String,
) -> Reply<Plan> {
    guard(|| shell.workspace.add_playbook_from_template(&id, &template))
}

#[tauri::command(async)]
#[specta::specta]
pub fn plan_review_state(shell: State<'_, Shell>, id: String) -> Reply<ReviewState> {
    guard(|| shell.workspace.plan_review_state(&id))
}
