//! The IPC surface. Each command takes the shell's state, makes one call into the facade and
//! returns `Result<T, AppError>`; a panic is caught here so it reaches the UI as an error
//! instead of a promise that never settles.

pub mod assets;
pub mod exercises;
pub mod incidents;
pub mod plans;
pub mod reports;

use std::panic::{AssertUnwindSafe, catch_unwind};

use cordon_app::{
    AppError, Client, ClientInput, ClientOverview, ClientSummary, ErrorCode, PrivacySettings,
    Readiness, Workspace, WorkspaceInfo, WorkspaceStatus,
};
use tauri::{AppHandle, Manager};

use crate::dialog::{self, Picks};

pub struct Shell {
    pub workspace: Workspace,
    pub seed_demo: bool,
    /// Files the user chose in an open dialog, by the token the UI holds instead of a path.
    pub picks: Picks,
}

pub(crate) type Reply<T> = Result<T, AppError>;

fn internal() -> AppError {
    AppError::new(
        ErrorCode::Internal,
        "Cordon hit an internal error and did not finish that action; nothing was half-written. Try again, and report it if it repeats.",
    )
}

/// Runs one command's work on a blocking thread, never on the async runtime's few workers:
/// Argon2, hashing a large file, a PDF or a CSV import would otherwise stall every other
/// command and the deadline ticker. A panic becomes an error instead of a promise that never
/// settles.
pub(crate) async fn run<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&Shell) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    let reply = tauri::async_runtime::spawn_blocking(move || {
        let shell = app.state::<Shell>();
        catch_unwind(AssertUnwindSafe(|| f(&shell))).unwrap_or_else(|_| Err(internal()))
    })
    .await
    .unwrap_or_else(|_| Err(internal()));
    // The support log gets the code only: a message may quote client data.
    if let Err(e) = &reply {
        tracing::warn!(code = ?e.code, "command failed");
    }
    reply
}

/// `run` for a command that asks the user for a file: refused while the workspace is locked,
/// so a locked app neither opens dialogs nor reads or writes files.
pub(crate) async fn run_unlocked<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppHandle, &Shell) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    let handle = app.clone();
    run(app, move |shell| {
        shell.workspace.ensure_unlocked()?;
        f(&handle, shell)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_status(app: AppHandle) -> Reply<WorkspaceStatus> {
    run(app, move |shell| Ok(shell.workspace.status())).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_workspace(app: AppHandle, passphrase: Option<String>) -> Reply<WorkspaceInfo> {
    run(app, move |shell| {
        shell.workspace.create(passphrase)?;
        if shell.seed_demo {
            cordon_demo::seed(&shell.workspace)?;
        }
        shell.workspace.info()
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_workspace(app: AppHandle, passphrase: String) -> Reply<WorkspaceInfo> {
    run(app, move |shell| shell.workspace.unlock(Some(passphrase))).await
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_info(app: AppHandle) -> Reply<WorkspaceInfo> {
    run(app, move |shell| shell.workspace.info()).await
}

#[tauri::command]
#[specta::specta]
pub async fn switch_to_passphrase(app: AppHandle, passphrase: String) -> Reply<WorkspaceInfo> {
    run(app, move |shell| {
        shell.workspace.switch_to_passphrase(passphrase)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn switch_to_keychain(
    app: AppHandle,
    current_passphrase: String,
) -> Reply<WorkspaceInfo> {
    run(app, move |shell| {
        shell.workspace.switch_to_keychain(current_passphrase)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    app: AppHandle,
    current: String,
    next: String,
) -> Reply<WorkspaceInfo> {
    run(app, move |shell| {
        shell.workspace.change_passphrase(current, next)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_clients(
    app: AppHandle,
    query: String,
    include_archived: bool,
) -> Reply<Vec<ClientSummary>> {
    run(app, move |shell| {
        shell.workspace.list_clients(&query, include_archived)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_client(app: AppHandle, id: String) -> Reply<Client> {
    run(app, move |shell| shell.workspace.client(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_client(app: AppHandle, input: ClientInput) -> Reply<Client> {
    run(app, move |shell| shell.workspace.create_client(input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_client(app: AppHandle, id: String, input: ClientInput) -> Reply<Client> {
    run(app, move |shell| shell.workspace.update_client(&id, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn archive_client(app: AppHandle, id: String) -> Reply<Client> {
    run(app, move |shell| shell.workspace.archive_client(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_client(app: AppHandle, id: String) -> Reply<Client> {
    run(app, move |shell| shell.workspace.restore_client(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn client_overview(
    app: AppHandle,
    query: String,
    include_archived: bool,
) -> Reply<Vec<ClientOverview>> {
    run(app, move |shell| {
        shell.workspace.client_overview(&query, include_archived)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_readiness(app: AppHandle, client_id: String) -> Reply<Readiness> {
    run(app, move |shell| {
        shell.workspace.client_readiness(&client_id)
    })
    .await
}

/// Closes the database and drops the key from memory; the UI returns to the unlock screen.
#[tauri::command]
#[specta::specta]
pub async fn lock_workspace(app: AppHandle) -> Reply<WorkspaceStatus> {
    run(app, move |shell| {
        shell.picks.forget_all();
        Ok(shell.workspace.lock())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn privacy_settings(app: AppHandle) -> Reply<PrivacySettings> {
    run(app, move |shell| shell.workspace.privacy_settings()).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_privacy_settings(
    app: AppHandle,
    settings: PrivacySettings,
) -> Reply<PrivacySettings> {
    run(app, move |shell| {
        shell.workspace.save_privacy_settings(settings)
    })
    .await
}

/// Asks for a file to read (evidence, a CSV to import); the UI gets a token and the file's
/// name, never its path. `None`: the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_file(
    app: AppHandle,
    title: String,
    filter: Option<dialog::Filter>,
) -> Reply<Option<dialog::PickedFile>> {
    run_unlocked(app, move |app, shell| {
        Ok(dialog::open(app, &title, filter.as_ref()).map(|path| shell.picks.remember(path)))
    })
    .await
}
