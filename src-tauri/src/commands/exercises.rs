//! Commands over tabletop exercises: one call into the facade each. Every command that
//! changes an exercise returns the whole `ExerciseView` (clock computed for now), so the
//! console replaces its copy instead of guessing what changed.

use cordon_app::{
    ActionMark, ExerciseSummary, ExerciseView, FindingInput, LogEntry, LogEntryInput, Participant,
    PlanChangeItem, PlanChangeStatus, PresenterView, Rating, ScenarioInfo,
};
use cordon_app::{AppError, ErrorCode};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

use super::{Reply, run};

#[tauri::command]
#[specta::specta]
pub async fn exercise_scenarios(app: AppHandle) -> Reply<Vec<ScenarioInfo>> {
    run(app, move |shell| Ok(shell.workspace.exercise_scenarios())).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_exercise(
    app: AppHandle,
    client_id: String,
    scenario: String,
) -> Reply<ExerciseView> {
    run(app, move |shell| {
        shell.workspace.create_exercise(&client_id, &scenario)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn exercise(app: AppHandle, id: String) -> Reply<ExerciseView> {
    run(app, move |shell| shell.workspace.exercise(&id)).await
}

/// `client_id` null lists every client's exercises, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_exercises(
    app: AppHandle,
    client_id: Option<String>,
) -> Reply<Vec<ExerciseSummary>> {
    run(app, move |shell| {
        shell.workspace.list_exercises(client_id.as_deref())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn start_exercise(app: AppHandle, id: String) -> Reply<ExerciseView> {
    run(app, move |shell| shell.workspace.start_exercise(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn pause_exercise(app: AppHandle, id: String) -> Reply<ExerciseView> {
    run(app, move |shell| shell.workspace.pause_exercise(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn resume_exercise(app: AppHandle, id: String) -> Reply<ExerciseView> {
    run(app, move |shell| shell.workspace.resume_exercise(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn end_exercise(app: AppHandle, id: String) -> Reply<ExerciseView> {
    run(app, move |shell| shell.workspace.end_exercise(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn reveal_inject(app: AppHandle, id: String, inject: u32) -> Reply<ExerciseView> {
    run(app, move |shell| shell.workspace.reveal_inject(&id, inject)).await
}

/// `action` counts from 0 within the inject; `mark` null clears it.
#[tauri::command]
#[specta::specta]
pub async fn mark_expected_action(
    app: AppHandle,
    id: String,
    inject: u32,
    action: u32,
    mark: Option<ActionMark>,
) -> Reply<ExerciseView> {
    run(app, move |shell| {
        shell
            .workspace
            .mark_expected_action(&id, inject, action, mark)
    })
    .await
}

/// `rating` null clears it; a rating needs a rationale.
#[tauri::command]
#[specta::specta]
pub async fn rate_objective(
    app: AppHandle,
    id: String,
    objective: String,
    rating: Option<Rating>,
    rationale: String,
) -> Reply<ExerciseView> {
    run(app, move |shell| {
        shell
            .workspace
            .rate_objective(&id, &objective, rating, &rationale)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_exercise_review(
    app: AppHandle,
    id: String,
    strengths: Vec<String>,
    improvements: Vec<String>,
) -> Reply<ExerciseView> {
    run(app, move |shell| {
        shell
            .workspace
            .set_exercise_review(&id, strengths, improvements)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn review_exercise_objective(
    app: AppHandle,
    id: String,
    objective: String,
    strengths: Vec<String>,
    improvements: Vec<String>,
) -> Reply<ExerciseView> {
    run(app, move |shell| {
        shell
            .workspace
            .review_exercise_objective(&id, &objective, strengths, improvements)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_exercise_participants(
    app: AppHandle,
    id: String,
    participants: Vec<Participant>,
) -> Reply<ExerciseView> {
    run(app, move |shell| {
        shell.workspace.set_exercise_participants(&id, participants)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_exercise_log(app: AppHandle, id: String, input: LogEntryInput) -> Reply<LogEntry> {
    run(app, move |shell| {
        shell.workspace.add_exercise_log(&id, input)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_exercise_finding(
    app: AppHandle,
    id: String,
    input: FindingInput,
) -> Reply<PlanChangeItem> {
    run(app, move |shell| {
        shell.workspace.add_exercise_finding(&id, input)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn plan_change_items(app: AppHandle, client_id: String) -> Reply<Vec<PlanChangeItem>> {
    run(app, move |shell| {
        shell.workspace.plan_change_items(&client_id)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_plan_change_status(
    app: AppHandle,
    id: String,
    status: PlanChangeStatus,
) -> Reply<PlanChangeItem> {
    run(app, move |shell| {
        shell.workspace.set_plan_change_status(&id, status)
    })
    .await
}

/// What the room's screen shows: never facilitator notes or expected actions.
#[tauri::command]
#[specta::specta]
pub async fn presenter_view(app: AppHandle, id: String) -> Reply<PresenterView> {
    run(app, move |shell| shell.workspace.presenter_view(&id)).await
}

/// The presenter window's label; the capability file `presenter.json` names it, so this
/// window gets nothing beyond events and Cordon's own commands.
const PRESENTER: &str = "presenter";

/// Opens (or points and raises) the second window for the room's screen. It loads the same UI
/// at `#/presenter/<id>`, which renders only `presenter_view`.
#[tauri::command]
#[specta::specta]
pub async fn open_presenter_window(app: AppHandle, id: String) -> Reply<()> {
    run(app.clone(), move |shell| {
        // Proves the id names an exercise (and is URL-safe) before it goes into a URL.
        shell.workspace.presenter_view(&id)?;
        let path = format!("index.html#/presenter/{id}");
        let failed = |e: tauri::Error| {
            AppError::new(
                ErrorCode::Internal,
                format!("The presenter window could not open ({e}). Try again."),
            )
        };
        if let Some(window) = app.get_webview_window(PRESENTER) {
            // Already open for an earlier exercise or this one: show this one and raise it.
            let url = window.url().map_err(failed)?.join(&format!("/{path}"));
            if let Ok(url) = url {
                window.navigate(url).map_err(failed)?;
            }
            window.set_focus().map_err(failed)?;
            return Ok(());
        }
        WebviewWindowBuilder::new(&app, PRESENTER, WebviewUrl::App(path.into()))
            .title("Cordon — presenter")
            .inner_size(1280.0, 800.0)
            .build()
            .map_err(failed)?;
        Ok(())
    })
    .await
}
