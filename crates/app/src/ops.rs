//! Ops between laptops without a server: a workspace's ops written to a file, and a file's ops
//! taken in, all or nothing. A cursor (the highest op number seen per device) lets the next
//! export carry only what is new. Sealing these files with the team's keys comes with the sync
//! server; until then they are plaintext and the shells say so.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{AppError, ErrorCode};
use crate::workspace::Workspace;

/// Each table that follows the op log, by name, with its (id, doc) rows.
pub type TableRows = Vec<(String, Vec<(String, serde_json::Value)>)>;

/// What `import_ops` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpsImported {
    /// Ops the workspace did not have.
    pub new: usize,
    /// Ops it already had.
    pub known: usize,
    /// Records waiting for changes that have not arrived yet.
    pub waiting: usize,
    /// One sentence per device whose clock runs ahead of this computer's.
    pub warnings: Vec<String>,
}

/// Two edits of the same value made on laptops that had not seen each other's: the record
/// holds `kept` (the later clock), and a person decides whether `other` should win instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// `incident`, `client`, `plan` ...
    pub entity: String,
    pub id: String,
    pub client_id: String,
    /// The field (`title`), or an item of a list (`tasks/3`).
    pub path: String,
    pub kept: cordon_core::merge::ConflictSide,
    pub other: cordon_core::merge::ConflictSide,
}

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Kept,
    Other,
}

/// An ops file, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpsExport {
    pub text: String,
    pub count: usize,
    /// What to pass as `since` next time, to export only what is newer.
    pub cursor: String,
}

/// A cursor as text: `device:seq` pairs joined by commas, sorted by device.
fn cursor_text(cursor: &BTreeMap<String, i64>) -> String {
    cursor
        .iter()
        .map(|(d, s)| format!("{d}:{s}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_cursor(text: &str) -> Result<BTreeMap<String, i64>, AppError> {
    let bad = || {
        AppError::from(cordon_core::Invalid::one(
            "since",
            format!(
                "'{text}' is not a cursor; pass the cursor an earlier export printed (device:number pairs separated by commas)"
            ),
        ))
    };
    let mut out = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (device, seq) = pair.rsplit_once(':').ok_or_else(bad)?;
        if device.parse::<cordon_core::DeviceId>().is_err() {
            return Err(bad());
        }
        out.insert(device.to_owned(), seq.parse().map_err(|_| bad())?);
    }
    Ok(out)
}

impl Workspace {
    /// Every table that follows the op log, as (id, doc) rows: what replicas compare to show
    /// they hold the same records.
    #[doc(hidden)]
    pub fn table_rows(&self) -> Result<TableRows, AppError> {
        self.with(|s| {
            cordon_store::RECORD_TABLES
                .iter()
                .map(|t| Ok(((*t).to_owned(), s.table_rows(t)?)))
                .collect()
        })
    }

    /// What this workspace holds, as a cursor: another workspace's `export_ops(since)` with it
    /// carries only what this one lacks.
    pub fn ops_cursor(&self) -> Result<String, AppError> {
        self.with(|s| Ok(cursor_text(&s.cursor()?)))
    }

    /// Every conflict between laptops, the same list on every laptop holding the same ops.
    pub fn conflicts(&self) -> Result<Vec<Conflict>, AppError> {
        self.with(|s| {
            Ok(s.conflicts()?
                .into_iter()
                .map(|c| Conflict {
                    entity: c.entity,
                    id: c.id,
                    client_id: c.scope,
                    path: c.conflict.path,
                    kept: c.conflict.kept,
                    other: c.conflict.other,
                })
                .collect())
        })
    }

    /// Settles the conflict at `path` of a record by keeping one side: a normal change, which
    /// settles it on every laptop it reaches.
    pub fn keep_conflict(
        &self,
        entity: &str,
        id: &str,
        path: &str,
        side: Side,
    ) -> Result<(), AppError> {
        let found = self
            .conflicts()?
            .into_iter()
            .find(|c| c.entity == entity && c.id == id && c.path == path)
            .ok_or_else(|| {
                AppError::from(cordon_core::Invalid::one(
                    "path",
                    format!("{entity} {id} has no conflict at '{path}'; `cordon ops conflicts` lists them"),
                ))
            })?;
        let value = match side {
            Side::Kept => found.kept.value,
            Side::Other => found.other.value,
        };
        self.with(|s| s.keep_value(entity, id, path, value))
    }

    /// The ops file of this workspace: every op, or those newer than `since`.
    pub fn export_ops(&self, since: Option<&str>) -> Result<OpsExport, AppError> {
        let since = since.map(parse_cursor).transpose()?.unwrap_or_default();
        let now = self
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let (workspace, ops, cursor) =
            self.with(|s| Ok((s.info()?.workspace_id, s.ops_since(&since)?, s.cursor()?)))?;
        let mut text = Vec::new();
        cordon_store::ops_file::write(&mut text, &workspace, &now, &ops).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot build the ops file: {e}"),
            )
        })?;
        Ok(OpsExport {
            text: String::from_utf8(text).unwrap_or_default(),
            count: ops.len(),
            cursor: cursor_text(&cursor),
        })
    }

    /// Takes an ops file in, all or nothing: a damaged file is refused naming its line, and
    /// nothing of it is applied.
    pub fn import_ops(&self, text: &str) -> Result<OpsImported, AppError> {
        self.import_ops_until(text, None)
    }

    /// As `import_ops`, failing after `fail_after` new ops were applied: the tests' way to
    /// kill a replica mid-import.
    #[doc(hidden)]
    pub fn import_ops_until(
        &self,
        text: &str,
        fail_after: Option<usize>,
    ) -> Result<OpsImported, AppError> {
        let ops = cordon_store::ops_file::read(text)
            .map_err(|e| AppError::file("file", format!("the ops file is refused at {e}")))?;
        let done = self.with(|s| s.ingest_until(&ops, fail_after))?;
        Ok(OpsImported {
            new: done.new,
            known: done.known,
            waiting: done.waiting,
            warnings: done
                .clocks_ahead
                .iter()
                .map(|c| {
                    format!(
                        "device {} stamps its changes {} minutes ahead of this computer's clock; set that device's date and time right",
                        c.device,
                        c.ahead_ms / 60_000
                    )
                })
                .collect(),
        })
    }
}
