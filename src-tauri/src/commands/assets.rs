//! Commands over assets: one call into the facade each. CSV files travel as base64 so that
//! Windows-1252 bytes reach the importer's decoder unchanged.

use cordon_app::{Asset, AssetField, AssetInput, ImportPreview, ImportResult};
use tauri::State;

use super::{Reply, Shell, guard};

#[tauri::command(async)]
#[specta::specta]
pub fn list_assets(
    shell: State<'_, Shell>,
    client_id: String,
    include_archived: bool,
) -> Reply<Vec<Asset>> {
    guard(|| shell.workspace.list_assets(&client_id, include_archived))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_asset(shell: State<'_, Shell>, id: String) -> Reply<Asset> {
    guard(|| shell.workspace.asset(&id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_asset(shell: State<'_, Shell>, client_id: String, input: AssetInput) -> Reply<Asset> {
    guard(|| shell.workspace.create_asset(&client_id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_asset(shell: State<'_, Shell>, id: String, input: AssetInput) -> Reply<Asset> {
    guard(|| shell.workspace.update_asset(&id, input))
}

#[tauri::command(async)]
#[specta::specta]
pub fn archive_asset(shell: State<'_, Shell>, id: String) -> Reply<Asset> {
    guard(|| shell.workspace.archive_asset(&id))
}

/// Reads the file and reports what an import would do; writes nothing. `mapping`: one entry
/// per column (null = ignore), or null to use the suggested mapping.
#[tauri::command(async)]
#[specta::specta]
pub fn preview_asset_import(
    shell: State<'_, Shell>,
    client_id: String,
    file_base64: String,
    mapping: Option<Vec<Option<AssetField>>>,
) -> Reply<ImportPreview> {
    guard(|| {
        shell
            .workspace
            .preview_asset_import_base64(&client_id, &file_base64, mapping)
    })
}

/// Imports the valid rows (one transaction) and reports the rejected ones.
#[tauri::command(async)]
#[specta::specta]
pub fn import_assets(
    shell: State<'_, Shell>,
    client_id: String,
    file_base64: String,
    mapping: Option<Vec<Option<AssetField>>>,
) -> Reply<ImportResult> {
    guard(|| {
        shell
            .workspace
            .import_assets_base64(&client_id, &file_base64, mapping)
    })
}

/// The client's assets as CSV text (UTF-8); the UI saves it as a file.
#[tauri::command(async)]
#[specta::specta]
pub fn export_assets_csv(shell: State<'_, Shell>, client_id: String) -> Reply<String> {
    guard(|| shell.workspace.export_assets_csv(&client_id))
}
