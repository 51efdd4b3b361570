//! What a desktop app is expected to do beyond its window: remember where the window was, stay
//! one instance (a second launch focuses the first, so one database is never opened twice), and
//! keep a support log a user can send. The log holds what happened (start, versions, which
//! command failed with which code), never secrets, passphrases or client data.

use std::path::{Path, PathBuf};

use tauri::{Manager, Runtime};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};

/// The support log's folder inside the data folder (Settings → About shows it).
pub const LOG_DIR: &str = "logs";
/// Days of log kept; older files are deleted as new ones start.
const KEEP_DAYS: usize = 7;

/// The plugins for these conventions. Single instance goes first so that a second launch
/// stops before it opens anything.
pub fn plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            tracing::info!("a second launch was redirected to this window");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
}

/// Starts the rotating support log in `data_dir/logs`. The guard must live as long as the app:
/// dropping it flushes the last lines. None when the folder cannot be written (the app runs
/// on without a log rather than refusing to start).
pub fn start_support_log(data_dir: &Path) -> Option<WorkerGuard> {
    let dir = log_dir(data_dir);
    std::fs::create_dir_all(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("cordon")
        .filename_suffix("log")
        .max_log_files(KEEP_DAYS)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    // Where a panic happened, not what it said: a message may quote what a user typed.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(at, "panic");
        default_hook(info);
    }));
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        "Cordon started"
    );
    Some(guard)
}

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_lands_in_the_data_folder_and_holds_no_message_text() {
        let dir = tempfile::tempdir().unwrap();
        let guard = start_support_log(dir.path()).expect("log started");
        tracing::warn!(code = "invalid_input", "command failed");
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(log_dir(dir.path()))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "one log file: {files:?}");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("Cordon started"), "{text}");
        assert!(text.contains("code=\"invalid_input\""), "{text}");
        let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("cordon.") && name.ends_with(".log"),
            "{name}"
        );
    }
}
