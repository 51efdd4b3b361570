//! Commands over assets: one call into the facade each. A CSV to import is read here from the
//! file the user chose, so its Windows-1252 bytes reach the importer's decoder unchanged.

use cordon_app::{Asset, AssetField, AssetInput, ImportPreview, ImportResult};
use tauri::AppHandle;

use super::{Reply, run, run_unlocked};
use crate::dialog::{self, SavedFile};

#[tauri::command]
#[specta::specta]
pub async fn list_assets(
    app: AppHandle,
    client_id: String,
    include_archived: bool,
) -> Reply<Vec<Asset>> {
    run(app, move |shell| {
        shell.workspace.list_assets(&client_id, include_archived)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_asset(app: AppHandle, id: String) -> Reply<Asset> {
    run(app, move |shell| shell.workspace.asset(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_asset(app: AppHandle, client_id: String, input: AssetInput) -> Reply<Asset> {
    run(app, move |shell| {
        shell.workspace.create_asset(&client_id, input)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn update_asset(app: AppHandle, id: String, input: AssetInput) -> Reply<Asset> {
    run(app, move |shell| shell.workspace.update_asset(&id, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn archive_asset(app: AppHandle, id: String) -> Reply<Asset> {
    run(app, move |shell| shell.workspace.archive_asset(&id)).await
}

/// Reads the file the user chose (`pick`, from `choose_file`) and reports what an import
/// would do; writes nothing. `mapping`: one entry per column (null = ignore), or null to use
/// the suggested mapping.
#[tauri::command]
#[specta::specta]
pub async fn preview_asset_import(
    app: AppHandle,
    client_id: String,
    pick: String,
    mapping: Option<Vec<Option<AssetField>>>,
) -> Reply<ImportPreview> {
    run_unlocked(app, move |_, shell| {
        let chosen = shell.picks.path(&pick)?;
        shell.workspace.preview_asset_import_file(
            &client_id,
            std::path::Path::new(dialog::text(&chosen)?),
            mapping,
        )
    })
    .await
}

/// Imports the valid rows of the chosen file (one transaction) and reports the rejected ones.
#[tauri::command]
#[specta::specta]
pub async fn import_assets(
    app: AppHandle,
    client_id: String,
    pick: String,
    mapping: Option<Vec<Option<AssetField>>>,
) -> Reply<ImportResult> {
    run_unlocked(app, move |_, shell| {
        let chosen = shell.picks.path(&pick)?;
        shell.workspace.import_assets_file(
            &client_id,
            std::path::Path::new(dialog::text(&chosen)?),
            mapping,
        )
    })
    .await
}

/// Asks where to save the client's assets as CSV (UTF-8) and writes them there. `None`: the
/// user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_assets_csv(
    app: AppHandle,
    client_id: String,
    suggested_name: String,
) -> Reply<Option<SavedFile>> {
    run_unlocked(app, move |app, shell| {
        dialog::save_with(
            app,
            "Save the assets as CSV",
            &suggested_name,
            Some(dialog::CSV),
            |path, dest| {
                shell.workspace.export_assets_csv_to(&client_id, dest)?;
                Ok(SavedFile::at(path))
            },
        )
    })
    .await
}
