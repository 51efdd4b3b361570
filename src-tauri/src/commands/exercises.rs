//! Commands over tabletop exercises: one call into the facade each. Every command that
//! changes an exercise returns the whole `ExerciseView` (clock computed for now), so the
//! console replaces its copy instead of guessing what changed.

use cordon_app::{
    ActionMark, ExerciseSummary, ExerciseView, FindingInput, LogEntry, LogEntryInput, Participant,
    PlanChangeItem, PlanChangeStatus, PresenterView, Rating, ScenarioInfo,
};
use cordon_app::{AppError, ErrorCode};
use tauri::{AppHandle, Manager, State, WebviewUrl, WebviewWindowBuilder};

use super::{Reply, Shell, guard};

#[tauri::command(async)]
#[specta::specta]
pub fn exercise_scenarios(shell: State<'_, Shell>) -> Reply<Vec<ScenarioInfo>> {
    guard(|| Ok(shell.workspace.exercise_scenarios()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_exercise(
    shell: State<'_, Shell>,
    client_id: String,
    scenario: String,
) -> Reply<ExerciseView> {
    guard(|| shell.workspace.create_exercise(&client_id, &scenario))
}

#[tauri::command(async)]
#[specta::specta]
pub fn exercise(shell: State<'_, Shell>, id: String) -> Reply<ExerciseView> {
    guard(|| shell.workspace.exercise(&id))
}

/// `client_id` null lists every client's exercises, newest first.
#[tauri::command(async)]
#[specta::specta]
pub fn list_exercises(
    shell: State<'_, Shell>,
    client_id: Option<String>,
) -> Reply<Vec<ExerciseSummary>> {
    guard(|| shell.workspace.list_exercises(client_id.as_deref()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn start_exercise(shell: State<'_, Shell>, id: String) -> Reply<ExerciseView> {
    guard(|| shell.workspace.start_exercise(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn pause_exercise(shell: State<'_, Shell>, id: String) -> Reply<ExerciseView> {
    guard(|| shell.workspace.pause_exercise(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn resume_exercise(shell: State<'_, Shell>, id: String) -> Reply<ExerciseView> {
    guard(|| shell.workspace.resume_exercise(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn end_exercise(shell: State<'_, Shell>, id: String) -> Reply<ExerciseView> {
    guard(|| shell.workspace.end_exercise(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn reveal_inject(shell: State<'_, Shell>, id: String, inject: u32) -> Reply<ExerciseView> {
    guard(|| shell.workspace.reveal_inject(&id, inject))
}

/// `action` counts from 0 within the inject; `mark` null clears it.
#[tauri::command(async)]
#[specta::specta]
pub fn mark_expected_action(
    shell: State<'_, Shell>,
    id: String,
    inject: u32,
    action: u32,
    mark: Option<ActionMark>,
) -> Reply<ExerciseView> {
    guard(|| {
        shell
            .workspace
            .mark_expected_action(&id, inject, action, mark)
    })
}

/// `rating` null clears it; a rating needs a rationale.
#[tauri::command(async)]
#[specta::specta]
pub fn rate_objective(
    shell: State<'_, Shell>,
    id: String,
    objective: String,
    rating: Option<Rating>,
    rationale: String,
) -> Reply<ExerciseView> {
    guard(|| {
        shell
            .workspace
            .rate_objective(&id, &objective, rating, &rationale)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_exercise_review(
    shell: State<'_, Shell>,
    id: String,
    strengths: Vec<String>,
    improvements: Vec<String>,
) -> Reply<ExerciseView> {
    guard(|| {
        shell
            .workspace
            .set_exercise_review(&id, strengths, improvements)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn review_exercise_objective(
    shell: State<'_, Shell>,
    id: String,
    objective: String,
    strengths: Vec<String>,
    improvements: Vec<String>,
) -> Reply<ExerciseView> {
    guard(|| {
        shell
            .workspace
            .review_exercise_objective(&id, &objective, strengths, improvements)
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_exercise_participants(
    shell: State<'_, Shell>,
    id: String,
    participants: Vec<Participant>,
) -> Reply<ExerciseView> {
    guard(|| shell.workspace.set_exercise_participants(&id, participants))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_exercise_log(
    shell: State<'_, Shell>,
    id: String,
    input: LogEntryInput,
) -> Reply<LogEntry> {
    guard(|| shell.workspace.add_exercise_log(&id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_exercise_finding(
    shell: State<'_, Shell>,
    id: String,
    input: FindingInput,
) -> Reply<PlanChangeItem> {
    guard(|| shell.workspace.add_exercise_finding(&id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn plan_change_items(shell: State<'_, Shell>, client_id: String) -> Reply<Vec<PlanChangeItem>> {
    guard(|| shell.workspace.plan_change_items(&client_id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_plan_change_status(
    shell: State<'_, Shell>,
    id: String,
    status: PlanChangeStatus,
) -> Reply<PlanChangeItem> {
    guard(|| shell.workspace.set_plan_change_status(&id, status))
}

/// What the room's screen shows: never facilitator notes or expected actions.
#[tauri::command(async)]
#[specta::specta]
pub fn presenter_view(shell: State<'_, Shell>, id: String) -> Reply<PresenterView> {
    guard(|| shell.workspace.presenter_view(&id))
}

/// The presenter window's label; the capability file `presenter.json` names it, so this
/// window gets nothing beyond events and Cordon's own commands.
const PRESENTER: &str = "presenter";

/// Opens (or points and raises) the second window for the room's screen. It loads the same UI
/// at `#/presenter/<id>`, which renders only `presenter_view`.
#[tauri::command(async)]
#[specta::specta]
pub fn open_presenter_window(app: AppHandle, shell: State<'_, Shell>, id: String) -> Reply<()> {
    guard(|| {
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
}
