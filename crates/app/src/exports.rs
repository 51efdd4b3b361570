//! Finished files (PDFs) written to a path the user chose: bytes go to `<name>.cordon.part`
//! beside it, are synced, and are renamed over the chosen name, then the folder is synced; so
//! the chosen name holds either nothing new or the whole file, even across a power cut.
//!
//! A killed export leaves its `.part` behind, beside the user's file, in a folder Cordon does
//! not own. Cordon cannot sweep the user's folders for names that merely look like its own, so
//! it records each `.part` path (in the encrypted settings, because a path can name a client)
//! before writing it, forgets it once renamed, and removes whatever is still recorded the next
//! time the workspace is opened. Only recorded paths that still end in Cordon's own suffix
//! are removed: a user's file is never touched.

use std::path::{Path, PathBuf};

use cordon_core::Invalid;
use cordon_store::{Store, StoreError};

use crate::error::AppError;
use crate::workspace::Workspace;

const PART_SUFFIX: &str = ".cordon.part";
const PENDING_KEY: &str = "exports_in_progress";

fn cannot(dest: &str, e: std::io::Error) -> AppError {
    AppError::file(
        "destination",
        format!("cannot write {dest}: {e}; choose another folder"),
    )
}

fn pending(store: &Store) -> Result<Vec<PathBuf>, StoreError> {
    Ok(store
        .setting(PENDING_KEY)?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

fn set_pending(store: &Store, paths: &[PathBuf]) -> Result<(), StoreError> {
    let text = serde_json::to_string(paths).unwrap_or_else(|_| "[]".into());
    store.set_setting(PENDING_KEY, &text)
}

/// Removes the `.part` files of exports that were killed before they finished.
pub(crate) fn clean_stale_parts(store: &Store) -> Result<(), StoreError> {
    let stale = pending(store)?;
    if stale.is_empty() {
        return Ok(());
    }
    for path in &stale {
        if path.to_string_lossy().ends_with(PART_SUFFIX) {
            let _ = std::fs::remove_file(path);
        }
    }
    set_pending(store, &[])
}

/// Where the bytes for `dest` are written until they are complete.
pub(crate) fn part_path(dest: &Path) -> PathBuf {
    let mut part = dest.as_os_str().to_owned();
    part.push(PART_SUFFIX);
    PathBuf::from(part)
}

impl Workspace {
    pub(crate) fn write_export(&self, dest: &str, bytes: &[u8]) -> Result<(), AppError> {
        let path = Path::new(dest);
        let part = part_path(path);
        self.with(|s| {
            let mut all = pending(s)?;
            all.push(part.clone());
            set_pending(s, &all)
        })?;
        let written = write_synced(&part, bytes)
            .and_then(|()| cordon_store::files::rename_durably(&part, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        self.with(|s| {
            let mut all = pending(s)?;
            all.retain(|p| p != &part);
            set_pending(s, &all)
        })?;
        written.map_err(|e| cannot(dest, e))
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{TimeZone, Utc};
    use cordon_core::ManualClock;

    use super::*;

    fn workspace(dir: &Path) -> Workspace {
        let clock = Arc::new(ManualClock::at(
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
        ));
        Workspace::new(dir, clock)
    }

    #[test]
    fn a_killed_export_leaves_no_part_file_once_cordon_starts_again() {
        let data = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let pass = Some("correct horse battery staple".to_owned());
        let ws = workspace(data.path());
        ws.create(pass.clone()).unwrap();
        let dest = out.path().join("Acme report.pdf");
        let dest_text = dest.display().to_string();
        ws.write_export(&dest_text, b"%PDF-1.7 whole").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"%PDF-1.7 whole");

        // What a kill between the recording and the rename leaves: a recorded, partial .part.
        let part = part_path(&dest);
        ws.with(|s| set_pending(s, std::slice::from_ref(&part)))
            .unwrap();
        std::fs::write(&part, b"%PDF-1.7 ha").unwrap();
        let users_own = out.path().join("notes.cordon.part.txt");
        std::fs::write(&users_own, b"mine").unwrap();
        drop(ws);

        let ws = workspace(data.path());
        ws.unlock(pass).unwrap();
        assert!(!part.exists(), "the stale .part is removed at start");
        assert_eq!(std::fs::read(&dest).unwrap(), b"%PDF-1.7 whole");
        assert!(
            users_own.exists(),
            "files Cordon did not record are left alone"
        );
        assert!(ws.with(pending).unwrap().is_empty());
    }
}
