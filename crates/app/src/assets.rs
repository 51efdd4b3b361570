//! Use cases over assets: the list in the responder's order, create/edit/archive, and the CSV
//! import in two steps (preview with a suggested column mapping and a per-row report, then
//! import of the valid rows only, in one transaction) and export.

use cordon_core::asset::{Asset, AssetInput};
use cordon_core::asset_csv::{self, AssetField, ColumnMapping, RowError, TextEncoding};
use std::path::Path;

use cordon_core::limits::MAX_CSV_BYTES;
use cordon_core::{AssetId, ClientId, FieldError};
use cordon_store::{Store, StoreError};
use serde::Serialize;

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

/// Rows shown in the preview table; the rest are counted.
const SAMPLE_ROWS: usize = 20;

/// What the import dialog shows before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPreview {
    pub encoding: TextEncoding,
    /// "," ";" or "\t".
    pub delimiter: String,
    pub headers: Vec<String>,
    /// What Cordon guessed from the header texts.
    pub suggested_mapping: Vec<Option<AssetField>>,
    /// The mapping these counts and errors were computed with (the given one, else the guess).
    pub mapping: Vec<Option<AssetField>>,
    /// Non-empty data rows in the file.
    pub total_rows: u32,
    pub valid_count: u32,
    /// Per rejected row: row number as the spreadsheet shows it, column header, what to fix.
    pub errors: Vec<RowError>,
    /// The first valid rows, as they would be stored.
    pub sample: Vec<AssetInput>,
    /// Why the mapping cannot be used (no Name column, a field mapped twice); when not empty,
    /// no row was read and an import with this mapping is refused. The dialog shows these
    /// above the mapping so the person can fix it.
    pub mapping_errors: Vec<FieldError>,
}

/// What an import did: the valid rows are stored, the rest are reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportResult {
    pub imported: u32,
    pub total_rows: u32,
    pub rejected: Vec<RowError>,
}

/// Parsed, checked rows of a file: the inputs the store will accept, and the report.
struct Checked {
    preview: ImportPreview,
    valid: Vec<AssetInput>,
}

fn check_file(
    store: &Store,
    client: ClientId,
    bytes: &[u8],
    mapping: Option<ColumnMapping>,
) -> Result<Checked, StoreError> {
    store.client(client)?; // an unknown client is "not found", not a file of rejected rows
    let table = asset_csv::read(bytes)?;
    let suggested = asset_csv::suggest_mapping(&table.headers);
    let mapping = mapping.unwrap_or_else(|| suggested.clone());
    let total_rows = table.rows.iter().filter(|r| !r.is_empty()).count() as u32;
    if let Err(inv) = asset_csv::check_mapping(&table.headers, &mapping) {
        // Still a preview: the headers are what the person needs to fix the mapping.
        return Ok(Checked {
            preview: ImportPreview {
                encoding: table.encoding,
                delimiter: table.delimiter.to_string(),
                headers: table.headers,
                suggested_mapping: suggested,
                mapping,
                total_rows,
                valid_count: 0,
                errors: Vec::new(),
                sample: Vec::new(),
                mapping_errors: inv.fields,
            },
            valid: Vec::new(),
        });
    }
    let (parsed, mut errors) = asset_csv::parse_rows(&table, &mapping)?;
    let inputs: Vec<AssetInput> = parsed.iter().map(|p| p.input.clone()).collect();
    let vetted = store.vet_assets(client, &inputs)?;
    let mut valid = Vec::new();
    for ((p, input), problems) in parsed.iter().zip(inputs).zip(vetted) {
        if problems.is_empty() {
            valid.push(input);
            continue;
        }
        for FieldError { field, message } in problems {
            let column = AssetField::of_input_field(&field)
                .map(|f| asset_csv::column_of(&table.headers, &mapping, f))
                .unwrap_or_default();
            errors.push(RowError {
                row: p.row,
                column,
                message,
            });
        }
    }
    errors.sort_by_key(|e| e.row);
    Ok(Checked {
        preview: ImportPreview {
            encoding: table.encoding,
            delimiter: table.delimiter.to_string(),
            headers: table.headers,
            suggested_mapping: suggested,
            mapping,
            total_rows,
            valid_count: valid.len() as u32,
            errors,
            sample: valid.iter().take(SAMPLE_ROWS).cloned().collect(),
            mapping_errors: Vec::new(),
        },
        valid,
    })
}

fn read_csv(path: &Path) -> Result<Vec<u8>, AppError> {
    crate::intake::read_bounded(path, MAX_CSV_BYTES)
        .map_err(|e| crate::intake::refusal(e, path, asset_csv::too_large_message))
}

fn from_base64(text: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine as _;
    // 4 characters carry 3 bytes: refuse before decoding what could only be too large.
    if text.trim().len() as u64 / 4 * 3 > MAX_CSV_BYTES + 2 {
        return Err(asset_csv::too_large().into());
    }
    base64::engine::general_purpose::STANDARD
        .decode(text.trim().as_bytes())
        .map_err(|_| AppError::file("file", "the file did not arrive intact; pick it again"))
}

pub(crate) fn parse_asset_id(id: &str) -> Result<AssetId, AppError> {
    Ok(id.parse::<AssetId>()?)
}

impl Workspace {
    /// The client's assets, criticality 1 first, then the highest risk score.
    pub fn list_assets(
        &self,
        client_id: &str,
        include_archived: bool,
    ) -> Result<Vec<Asset>, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            s.client(client)?;
            s.list_assets(client, include_archived)
        })
    }

    pub fn asset(&self, id: &str) -> Result<Asset, AppError> {
        let id = parse_asset_id(id)?;
        self.with(|s| s.asset(id))
    }

    pub fn create_asset(&self, client_id: &str, input: AssetInput) -> Result<Asset, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| s.create_asset(client, input))
    }

    pub fn update_asset(&self, id: &str, input: AssetInput) -> Result<Asset, AppError> {
        let id = parse_asset_id(id)?;
        self.with(|s| s.update_asset(id, input))
    }

    pub fn archive_asset(&self, id: &str) -> Result<Asset, AppError> {
        let id = parse_asset_id(id)?;
        self.with(|s| s.archive_asset(id))
    }

    /// Reads a CSV file and reports what an import would do. Writes nothing.
    pub fn preview_asset_import(
        &self,
        client_id: &str,
        bytes: &[u8],
        mapping: Option<ColumnMapping>,
    ) -> Result<ImportPreview, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| Ok(check_file(s, client, bytes, mapping)?.preview))
    }

    /// Imports the valid rows of a CSV file in one transaction and reports the rejected ones.
    pub fn import_assets(
        &self,
        client_id: &str,
        bytes: &[u8],
        mapping: Option<ColumnMapping>,
    ) -> Result<ImportResult, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            let checked = check_file(s, client, bytes, mapping)?;
            if !checked.preview.mapping_errors.is_empty() {
                return Err(cordon_core::Invalid {
                    fields: checked.preview.mapping_errors,
                }
                .into());
            }
            let imported = if checked.valid.is_empty() {
                0
            } else {
                s.import_assets(client, checked.valid)?
            };
            Ok(ImportResult {
                imported,
                total_rows: checked.preview.total_rows,
                rejected: checked.preview.errors,
            })
        })
    }

    /// `preview_asset_import` of the file at `path` (picked in a native dialog by the shell):
    /// measured first and read no further than the limit, so a huge file is refused before
    /// it takes the memory.
    pub fn preview_asset_import_file(
        &self,
        client_id: &str,
        path: &Path,
        mapping: Option<ColumnMapping>,
    ) -> Result<ImportPreview, AppError> {
        self.preview_asset_import(client_id, &read_csv(path)?, mapping)
    }

    /// `import_assets` of the file at `path`, read as `preview_asset_import_file` reads it.
    pub fn import_assets_file(
        &self,
        client_id: &str,
        path: &Path,
        mapping: Option<ColumnMapping>,
    ) -> Result<ImportResult, AppError> {
        self.import_assets(client_id, &read_csv(path)?, mapping)
    }

    /// `preview_asset_import` for a UI that sends the file's bytes as base64 (so Windows-1252
    /// bytes arrive unchanged). Prefer `preview_asset_import_file`: this way the whole file
    /// has already crossed IPC; the length is still checked before decoding.
    pub fn preview_asset_import_base64(
        &self,
        client_id: &str,
        file_base64: &str,
        mapping: Option<ColumnMapping>,
    ) -> Result<ImportPreview, AppError> {
        self.preview_asset_import(client_id, &from_base64(file_base64)?, mapping)
    }

    pub fn import_assets_base64(
        &self,
        client_id: &str,
        file_base64: &str,
        mapping: Option<ColumnMapping>,
    ) -> Result<ImportResult, AppError> {
        self.import_assets(client_id, &from_base64(file_base64)?, mapping)
    }

    /// Writes `export_assets_csv` to a path the user chose in a save dialog.
    pub fn export_assets_csv_to(&self, client_id: &str, dest: &str) -> Result<(), AppError> {
        let csv = self.export_assets_csv(client_id)?;
        self.write_export(dest, csv.as_bytes())
    }

    /// The client's current (not archived) assets as CSV text that `import_assets` reads back.
    pub fn export_assets_csv(&self, client_id: &str) -> Result<String, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            s.client(client)?;
            let all = s.list_assets(client, true)?;
            let current: Vec<Asset> = all
                .iter()
                .filter(|a| a.archived_at.is_none())
                .cloned()
                .collect();
            let name_of = |id: &AssetId| all.iter().find(|a| a.id == *id).map(|a| a.name.clone());
            Ok(asset_csv::export(&current, &name_of))
        })
    }
}
