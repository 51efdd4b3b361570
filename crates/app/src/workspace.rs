//! `Workspace`: the lifecycle of the encrypted store behind one lock, and the use cases.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use cordon_core::search::HitKind;
use cordon_core::{Client, ClientId, ClientInput, ClientSummary, Clock};
use cordon_store::{DirState, KeyChoice, Passphrase, Store, StoreError};
use serde::Serialize;

use crate::error::{AppError, ErrorCode};

/// The wall clock, for the shells. Tests inject their own.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The data folder: `CORDON_DATA_DIR` when set (tests, portable use), else the OS convention
/// (`~/.local/share/cordon`, `~/Library/Application Support/cordon`, `%APPDATA%\cordon`).
pub fn default_data_dir() -> PathBuf {
    match std::env::var_os("CORDON_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("cordon"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Keychain,
    Passphrase,
}

impl From<cordon_store::KeySource> for KeySource {
    fn from(k: cordon_store::KeySource) -> Self {
        match k {
            cordon_store::KeySource::Keychain => KeySource::Keychain,
            cordon_store::KeySource::Passphrase => KeySource::Passphrase,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkspaceInfo {
    pub data_dir: String,
    pub database_path: String,
    pub cipher_version: String,
    pub sqlite_version: String,
    pub key_source: KeySource,
    pub schema_version: u32,
    pub device_id: String,
    pub keychain_available: bool,
    pub client_count: u32,
}

/// What the app shows before anything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WorkspaceStatus {
    /// Unlocked and usable.
    Ready { info: WorkspaceInfo },
    /// No workspace in the data folder yet.
    FirstRun {
        data_dir: String,
        keychain_available: bool,
    },
    /// Closed until the user unlocks it; `reason` says why. `passphrase_needed` false: the
    /// key is in the keychain and one click unlocks (after the user locked it).
    Locked {
        data_dir: String,
        reason: String,
        passphrase_needed: bool,
    },
    /// Cannot be opened by typing anything; `error` says what to restore or move.
    Unavailable { data_dir: String, error: AppError },
}

/// `cordon doctor`: everything a support call needs to know about a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doctor {
    pub info: WorkspaceInfo,
    pub workspace_id: String,
    pub integrity: String,
    pub problems: Vec<String>,
    pub op_count: u32,
    /// Every table equals a replay of the op log, local and remote ops alike.
    pub tables_match_op_log: bool,
    /// The search index holds exactly what the replay indexes.
    pub search_matches_op_log: bool,
}

pub struct Workspace {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
    store: RwLock<Option<Store>>,
    /// Set by `lock`: even a keychain workspace then waits for the user instead of reopening
    /// by itself when the UI asks for the status.
    locked_by_user: AtomicBool,
}

fn passphrase(text: Option<String>) -> Option<Passphrase> {
    text.filter(|t| !t.is_empty()).map(Passphrase::new)
}

impl Workspace {
    pub fn new(dir: impl Into<PathBuf>, clock: Arc<dyn Clock>) -> Workspace {
        Workspace {
            dir: dir.into(),
            clock,
            store: RwLock::new(None),
            locked_by_user: AtomicBool::new(false),
        }
    }

    /// The injected clock's time, for rules that need "now".
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// Where the workspace stands, opening it silently from the keychain when it can.
    pub fn status(&self) -> WorkspaceStatus {
        if self.is_open() {
            return match self.info() {
                Ok(info) => WorkspaceStatus::Ready { info },
                Err(error) => WorkspaceStatus::Unavailable {
                    data_dir: self.dir_text(),
                    error,
                },
            };
        }
        match cordon_store::probe(&self.dir) {
            Ok(DirState::Empty) => WorkspaceStatus::FirstRun {
                data_dir: self.dir_text(),
                keychain_available: cordon_store::keys::keychain_available(),
            },
            Ok(DirState::Existing { key_source }) if self.locked_by_user.load(Ordering::SeqCst) => {
                let passphrase_needed = key_source == cordon_store::KeySource::Passphrase;
                WorkspaceStatus::Locked {
                    data_dir: self.dir_text(),
                    reason: if passphrase_needed {
                        "Cordon is locked. Enter your passphrase to unlock."
                    } else {
                        "Cordon is locked. Unlock to continue; the key is in this computer's keychain."
                    }
                    .into(),
                    passphrase_needed,
                }
            }
            Ok(DirState::Existing { .. }) => match self.unlock(None) {
                Ok(info) => WorkspaceStatus::Ready { info },
                Err(e) if e.code == ErrorCode::PassphraseRequired => WorkspaceStatus::Locked {
                    data_dir: self.dir_text(),
                    reason: "This workspace is protected by a passphrase. Enter it to unlock."
                        .into(),
                    passphrase_needed: true,
                },
                Err(error) => WorkspaceStatus::Unavailable {
                    data_dir: self.dir_text(),
                    error,
                },
            },
            Err(e) => WorkspaceStatus::Unavailable {
                data_dir: self.dir_text(),
                error: e.into(),
            },
        }
    }

    /// Creates the workspace: the key goes to the OS keychain, or is derived from `passphrase`.
    pub fn create(&self, passphrase_text: Option<String>) -> Result<WorkspaceInfo, AppError> {
        let choice = match passphrase(passphrase_text) {
            Some(p) => KeyChoice::Passphrase(p),
            None => KeyChoice::Keychain,
        };
        let store = Store::create(&self.dir, choice, self.clock.clone())?;
        self.install(store)
    }

    /// Opens the workspace: silently from the keychain when `passphrase` is `None`.
    pub fn unlock(&self, passphrase_text: Option<String>) -> Result<WorkspaceInfo, AppError> {
        if self.is_open() {
            return self.info();
        }
        let store = Store::open(&self.dir, passphrase(passphrase_text), self.clock.clone())?;
        self.install(store)
    }

    fn install(&self, store: Store) -> Result<WorkspaceInfo, AppError> {
        crate::exports::clean_stale_parts(&store)?;
        *self.store.write().unwrap_or_else(|p| p.into_inner()) = Some(store);
        self.locked_by_user.store(false, Ordering::SeqCst);
        self.info()
    }

    /// Closes the database and drops the store, and with it the key (zeroised on drop); waits
    /// for a command still running to finish first. Every data call then answers `locked`
    /// until `unlock`, which a keychain workspace accepts without a passphrase.
    pub fn lock(&self) -> WorkspaceStatus {
        let store = self.store.write().unwrap_or_else(|p| p.into_inner()).take();
        self.locked_by_user.store(true, Ordering::SeqCst);
        drop(store);
        self.status()
    }

    /// `Ok` while the workspace is open, else the `locked` error: for a shell that must not
    /// even ask the user for a file while locked.
    pub fn ensure_unlocked(&self) -> Result<(), AppError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(AppError::locked())
        }
    }

    fn is_open(&self) -> bool {
        self.store
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    fn dir_text(&self) -> String {
        self.dir.display().to_string()
    }

    /// Runs `f` on the open store, or says the workspace is locked.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, AppError> {
        let guard = self.store.read().unwrap_or_else(|p| p.into_inner());
        let store = guard.as_ref().ok_or_else(AppError::locked)?;
        Ok(f(store)?)
    }

    pub fn info(&self) -> Result<WorkspaceInfo, AppError> {
        self.with(|s| {
            let info = s.info()?;
            Ok(WorkspaceInfo {
                data_dir: info.data_dir.display().to_string(),
                database_path: info.database_path.display().to_string(),
                cipher_version: info.cipher_version,
                sqlite_version: info.sqlite_version,
                key_source: info.key_source.into(),
                schema_version: info.schema_version,
                device_id: info.device_id.to_string(),
                keychain_available: cordon_store::keys::keychain_available(),
                client_count: s.client_count()?,
            })
        })
    }

    pub fn switch_to_passphrase(&self, next: String) -> Result<WorkspaceInfo, AppError> {
        self.with(|s| s.switch_to_passphrase(Passphrase::new(next)))?;
        self.info()
    }

    pub fn switch_to_keychain(&self, current: String) -> Result<WorkspaceInfo, AppError> {
        self.with(|s| s.switch_to_keychain(Passphrase::new(current)))?;
        self.info()
    }

    pub fn change_passphrase(
        &self,
        current: String,
        next: String,
    ) -> Result<WorkspaceInfo, AppError> {
        self.with(|s| s.change_passphrase(Passphrase::new(current), Passphrase::new(next)))?;
        self.info()
    }

    pub fn doctor(&self) -> Result<Doctor, AppError> {
        let info = self.info()?;
        self.with(|s| {
            let problems = s.integrity_problems()?;
            let mut listed: Vec<Client> = Vec::new();
            for summary in s.list_clients("", true)? {
                listed.push(s.client(summary.id)?);
            }
            Ok(Doctor {
                info,
                workspace_id: s.info()?.workspace_id,
                integrity: if problems.is_empty() {
                    "ok".into()
                } else {
                    format!("{} problem(s)", problems.len())
                },
                problems,
                op_count: s.ops(None)?.len() as u32,
                tables_match_op_log: s.replay_into_scratch()? == listed
                    && s.tables_match_op_log(&cordon_store::RECORD_TABLES)?,
                search_matches_op_log: s.search_index_matches_op_log(&HitKind::ALL)?,
            })
        })
    }

    pub fn list_clients(
        &self,
        query: &str,
        include_archived: bool,
    ) -> Result<Vec<ClientSummary>, AppError> {
        self.with(|s| s.list_clients(query, include_archived))
    }

    pub fn client(&self, id: &str) -> Result<Client, AppError> {
        let id = parse_client_id(id)?;
        self.with(|s| s.client(id))
    }

    pub fn create_client(&self, input: ClientInput) -> Result<Client, AppError> {
        self.with(|s| s.create_client(input))
    }

    pub fn update_client(&self, id: &str, input: ClientInput) -> Result<Client, AppError> {
        let id = parse_client_id(id)?;
        self.with(|s| s.update_client(id, input))
    }

    pub fn archive_client(&self, id: &str) -> Result<Client, AppError> {
        let id = parse_client_id(id)?;
        self.with(|s| s.archive_client(id))
    }

    pub fn restore_client(&self, id: &str) -> Result<Client, AppError> {
        let id = parse_client_id(id)?;
        self.with(|s| s.restore_client(id))
    }
}

pub(crate) fn parse_client_id(id: &str) -> Result<ClientId, AppError> {
    Ok(id.parse::<ClientId>()?)
}
