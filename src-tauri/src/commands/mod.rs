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
    AppError, Client, ClientInput, ClientOverview, ClientSummary, ErrorCode, Readiness, Workspace,
    WorkspaceInfo, WorkspaceStatus,
};
use tauri::State;

pub struct Shell {
    pub workspace: Workspace,
    pub seed_demo: bool,
}

pub(crate) type Reply<T> = Result<T, AppError>;

pub(crate) fn guard<T>(f: impl FnOnce() -> Reply<T>) -> Reply<T> {
    let reply = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(AppError::new(
            ErrorCode::Internal,
            "Cordon hit an internal error and did not finish that action; nothing was half-written. Try again, and report it if it repeats.",
        ))
    });
    // The support log gets the code only: a message may quote client data.
    if let Err(e) = &reply {
        tracing::warn!(code = ?e.code, "command failed");
    }
    reply
}

#[tauri::command(async)]
#[specta::specta]
pub fn workspace_status(shell: State<'_, Shell>) -> Reply<WorkspaceStatus> {
    guard(|| Ok(shell.workspace.status()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_workspace(
    shell: State<'_, Shell>,
    passphrase: Option<String>,
) -> Reply<WorkspaceInfo> {
    guard(|| {
        shell.workspace.create(passphrase)?;
        if shell.seed_demo {
            cordon_demo::seed(&shell.workspace)?;
        }
        shell.workspace.info()
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn unlock_workspace(shell: State<'_, Shell>, passphrase: String) -> Reply<WorkspaceInfo> {
    guard(|| shell.workspace.unlock(Some(passphrase)))
}

#[tauri::command(async)]
#[specta::specta]
pub fn workspace_info(shell: State<'_, Shell>) -> Reply<WorkspaceInfo> {
    guard(|| shell.workspace.info())
}

#[tauri::command(async)]
#[specta::specta]
pub fn switch_to_passphrase(shell: State<'_, Shell>, passphrase: String) -> Reply<WorkspaceInfo> {
    guard(|| shell.workspace.switch_to_passphrase(passphrase))
}

#[tauri::command(async)]
#[specta::specta]
pub fn switch_to_keychain(
    shell: State<'_, Shell>,
    current_passphrase: String,
) -> Reply<WorkspaceInfo> {
    guard(|| shell.workspace.switch_to_keychain(current_passphrase))
}

#[tauri::command(async)]
#[specta::specta]
pub fn change_passphrase(
    shell: State<'_, Shell>,
    current: String,
    next: String,
) -> Reply<WorkspaceInfo> {
    guard(|| shell.workspace.change_passphrase(current, next))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_clients(
    shell: State<'_, Shell>,
    query: String,
    include_archived: bool,
) -> Reply<Vec<ClientSummary>> {
    guard(|| shell.workspace.list_clients(&query, include_archived))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_client(shell: State<'_, Shell>, id: String) -> Reply<Client> {
    guard(|| shell.workspace.client(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_client(shell: State<'_, Shell>, input: ClientInput) -> Reply<Client> {
    guard(|| shell.workspace.create_client(input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_client(shell: State<'_, Shell>, id: String, input: ClientInput) -> Reply<Client> {
    guard(|| shell.workspace.update_client(&id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn archive_client(shell: State<'_, Shell>, id: String) -> Reply<Client> {
    guard(|| shell.workspace.archive_client(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn restore_client(shell: State<'_, Shell>, id: String) -> Reply<Client> {
    guard(|| shell.workspace.restore_client(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn client_overview(
    shell: State<'_, Shell>,
    query: String,
    include_archived: bool,
) -> Reply<Vec<ClientOverview>> {
    guard(|| shell.workspace.client_overview(&query, include_archived))
}

#[tauri::command(async)]
#[specta::specta]
pub fn client_readiness(shell: State<'_, Shell>, client_id: String) -> Reply<Readiness> {
    guard(|| shell.workspace.client_readiness(&client_id))
}

/// Writes text the UI already holds (a CSV export) to a path the user chose in the native
/// save dialog. One write, nothing else: the path never comes from anywhere but that dialog.
#[tauri::command(async)]
#[specta::specta]
pub fn save_text_file(path: String, contents: String) -> Reply<()> {
    guard(|| {
        std::fs::write(&path, contents).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("cannot write {path}: {e}; choose another folder"),
            )
        })
    })
}
