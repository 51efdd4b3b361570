//! The native open and save dialogs, opened from Rust inside the command that reads or writes
//! the file, so that no path ever comes from the web view: a compromised page can ask for a
//! dialog, but only the user can choose what it reads or where it writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cordon_app::{AppError, ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// The save dialog's filter for a CSV file.
pub const CSV: (&str, &[&str]) = ("CSV", &["csv"]);

/// A file type the dialog offers, e.g. `{ name: "CSV", extensions: ["csv"] }`.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct Filter {
    pub name: String,
    pub extensions: Vec<String>,
}

/// A file the user chose to read. `pick` is what a later command is given instead of a path.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PickedFile {
    pub pick: String,
    pub name: String,
    pub size_bytes: f64,
}

/// Where a file was saved, for the message that says so.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SavedFile {
    pub path: String,
    pub name: String,
}

impl SavedFile {
    pub fn at(path: &Path) -> SavedFile {
        SavedFile {
            path: path.display().to_string(),
            name: file_name(path),
        }
    }
}

/// The files chosen since the workspace was unlocked, by token.
#[derive(Default)]
pub struct Picks {
    files: Mutex<HashMap<String, PathBuf>>,
    next: Mutex<u64>,
}

impl Picks {
    pub fn remember(&self, path: PathBuf) -> PickedFile {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        *next += 1;
        let pick = format!("pick-{}", *next);
        let name = file_name(&path);
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(pick.clone(), path);
        PickedFile {
            pick,
            name,
            size_bytes: size as f64,
        }
    }

    /// The path behind a token the UI was given, or a field error asking to choose again.
    pub fn path(&self, pick: &str) -> Result<PathBuf, AppError> {
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(pick)
            .cloned()
            .ok_or_else(|| file_error("that file choice has expired; choose the file again".into()))
    }

    /// Locking forgets every choice: after unlocking, the user chooses again.
    pub fn forget_all(&self) {
        self.files.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// A path as the facade's `&str` argument; a name that is not UTF-8 is refused plainly.
pub fn text(path: &Path) -> Result<&str, AppError> {
    path.to_str().ok_or_else(|| {
        file_error(format!(
            "{} has characters Cordon cannot read in a file name; rename it or choose another folder",
            path.display()
        ))
    })
}

fn file_error(message: String) -> AppError {
    AppError {
        code: ErrorCode::InvalidInput,
        message: format!("file: {message}"),
        fields: vec![FieldError {
            field: "file".into(),
            message,
        }],
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The open dialog for one file; `None` when the user cancels. Call from a blocking thread.
pub fn open(app: &AppHandle, title: &str, filter: Option<&Filter>) -> Option<PathBuf> {
    if let Some(answer) = seam::answer() {
        return answer;
    }
    let mut d = app.dialog().file().set_title(title);
    if let Some(f) = filter {
        let exts: Vec<&str> = f.extensions.iter().map(String::as_str).collect();
        d = d.add_filter(&f.name, &exts);
    }
    if let Some(main) = app.get_webview_window("main") {
        d = d.set_parent(&main);
    }
    d.blocking_pick_file()?.into_path().ok()
}

/// The save dialog, proposing `suggested_name` (only its last component: the page names a
/// file, never a folder); `None` when the user cancels. Call from a blocking thread.
pub fn save(
    app: &AppHandle,
    title: &str,
    suggested_name: &str,
    filter: Option<(&str, &[&str])>,
) -> Option<PathBuf> {
    if let Some(answer) = seam::answer() {
        return answer;
    }
    let name = file_name(Path::new(suggested_name));
    let mut d = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .set_can_create_directories(true);
    if let Some((label, exts)) = filter {
        d = d.add_filter(label, exts);
    }
    if let Some(main) = app.get_webview_window("main") {
        d = d.set_parent(&main);
    }
    d.blocking_save_file()?.into_path().ok()
}

/// `save`, then `write` with the chosen path (and its text for the facade); `None` when the
/// user cancelled.
pub fn save_with<T>(
    app: &AppHandle,
    title: &str,
    suggested_name: &str,
    filter: Option<(&str, &[&str])>,
    write: impl FnOnce(&Path, &str) -> Result<T, AppError>,
) -> Result<Option<T>, AppError> {
    let Some(dest) = save(app, title, suggested_name, filter) else {
        return Ok(None);
    };
    write(&dest, text(&dest)?).map(Some)
}

mod seam {
    use std::path::PathBuf;

    /// No seam: the real dialog answers.
    pub fn answer() -> Option<Option<PathBuf>> {
        None
    }
}
