//! Use cases over incidents: open, work (timeline, phases, severity, triggers, tasks, roles,
//! evidence, notices, review), read back as one view with its clocks and timers computed for
//! "now", verify the timeline, list, dashboard and search.
//!
//! The view is computed on every read rather than stored: deadlines and countdowns depend on
//! the clock, and a stored countdown would be wrong a second later.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use cordon_core::incident::{
    self, ChainReport, CustodyTransfer, CustodyTransferInput, Dashboard, DashboardRow, EntryDraft,
    EscalationTimer, Evidence, EvidenceInput, Incident, IncidentInput, IncidentMetrics,
    IncidentPhase, IncidentSummary, KeyTimes, Notice, NoticeInput, PostIncidentReview,
    RoleAssignment, TimelineEntry,
};
use cordon_core::notification::{self, NotificationClock, Trigger};
use cordon_core::search::SearchHit;
use cordon_core::settings::check_incident_settings;
use cordon_core::{AssetId, Client, ClientId, EvidenceId, IncidentId, SeverityLevel};
use cordon_store::{IncidentFilter, IncidentRecords, Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

/// Evidence files larger than this are recorded by hash only (`cordon_core::limits`).
pub use cordon_core::limits::MAX_EVIDENCE_BLOB_BYTES as MAX_STORED_EVIDENCE_BYTES;

/// A clock is "due soon" (amber, and an OS notification) this long before its deadline,
/// unless the user chose another window in Settings.
pub const DEFAULT_WARN_HOURS: u32 = 12;

const WARN_HOURS_KEY: &str = "deadline_warning_hours";
const AUTHOR_KEY: &str = "author_name";

/// An affected asset as the incident screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AffectedAssetView {
    pub id: AssetId,
    pub name: String,
    pub criticality: u32,
    pub data_classes: Vec<cordon_core::asset::DataClass>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceView {
    pub evidence: Evidence,
    pub custody: Vec<CustodyTransfer>,
    /// Who has it now.
    pub holder: String,
}

/// Everything the incident screen shows, with clocks and timers computed for `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentView {
    pub incident: Incident,
    pub client_name: String,
    pub plan_title: Option<String>,
    /// The plan's levels and scopes, for the override and scope pickers.
    pub severity_levels: Vec<SeverityLevel>,
    pub scopes: Vec<String>,
    pub affected: Vec<AffectedAssetView>,
    pub timeline: Vec<TimelineEntry>,
    pub chain: ChainReport,
    pub evidence: Vec<EvidenceView>,
    pub notices: Vec<Notice>,
    pub clocks: Vec<NotificationClock>,
    pub escalations: Vec<EscalationTimer>,
    pub metrics: IncidentMetrics,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentPage {
    pub items: Vec<IncidentSummary>,
    pub total: u32,
}

/// An incident type a new incident may take, for the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentTypeOption {
    pub key: String,
    pub label: String,
    /// The client's plan has a playbook for it (tasks will be spawned).
    pub has_playbook: bool,
}

/// A deadline close enough to warn about; the desktop shell turns it into an OS notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeadlineAlert {
    pub incident_id: IncidentId,
    pub incident_title: String,
    pub client_name: String,
    pub rule_key: String,
    pub clock_name: String,
    pub deadline: DateTime<Utc>,
    pub overdue: bool,
}

/// Incident preferences of this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentSettings {
    /// The name timeline entries are signed with.
    pub author_name: String,
    /// Warn this many hours before a notification deadline.
    pub warn_hours: u32,
}

fn parse_incident_id(id: &str) -> Result<IncidentId, AppError> {
    Ok(id.parse::<IncidentId>()?)
}

fn label(key: &str) -> String {
    let mut s = key.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// Every clock that applies to this incident, as core counts them.
fn clocks_of(
    client: &Client,
    r: &IncidentRecords,
    now: DateTime<Utc>,
    warn: Duration,
) -> Vec<NotificationClock> {
    notification::incident_clocks(client, &r.incident, &r.affected, &r.notices, now, warn)
}

fn view(
    store: &Store,
    r: IncidentRecords,
    now: DateTime<Utc>,
    warn: Duration,
) -> Result<IncidentView, StoreError> {
    let client = store.client(r.incident.client_id)?;
    let clocks = clocks_of(&client, &r, now, warn);
    let escalations = r
        .plan
        .as_ref()
        .map(|p| {
            incident::escalation_timers(&p.escalation, &p.severity, &r.incident, &r.notices, now)
        })
        .unwrap_or_default();
    let affected = r
        .incident
        .affected_assets
        .iter()
        .zip(&r.affected)
        .map(|(id, a)| AffectedAssetView {
            id: *id,
            name: a.name.clone(),
            criticality: a.criticality,
            data_classes: a.data_classes.clone(),
        })
        .collect();
    Ok(IncidentView {
        client_name: client.name,
        plan_title: r
            .plan
            .as_ref()
            .map(|p| format!("{} (v{})", p.title, p.version)),
        severity_levels: r
            .plan
            .as_ref()
            .map(|p| p.severity.levels.clone())
            .unwrap_or_default(),
        scopes: r
            .plan
            .as_ref()
            .map(|p| p.severity.scopes.clone())
            .unwrap_or_default(),
        affected,
        chain: incident::verify(&r.timeline),
        metrics: incident::metrics(&r.incident.key_times),
        evidence: r
            .evidence
            .iter()
            .map(|(e, custody)| EvidenceView {
                holder: incident::custody_holder(e, custody).to_owned(),
                evidence: e.clone(),
                custody: custody.clone(),
            })
            .collect(),
        timeline: r.timeline,
        notices: r.notices,
        clocks,
        escalations,
        incident: r.incident,
        now,
    })
}

impl Workspace {
    fn warn_window(&self, s: &Store) -> Result<Duration, StoreError> {
        let hours = s
            .setting(WARN_HOURS_KEY)?
            .and_then(|h| h.parse::<u32>().ok())
            .unwrap_or(DEFAULT_WARN_HOURS);
        Ok(Duration::hours(hours.into()))
    }

    fn author(&self, s: &Store) -> Result<String, StoreError> {
        Ok(s.setting(AUTHOR_KEY)?
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(default_author))
    }

    fn incident_view(&self, s: &Store, id: IncidentId) -> Result<IncidentView, StoreError> {
        let now = self.now();
        let warn = self.warn_window(s)?;
        view(s, s.incident_records(id)?, now, warn)
    }

    /// Runs a store change, then reads the incident back as the screen shows it.
    fn changed(
        &self,
        id: &str,
        f: impl FnOnce(&Store, IncidentId, &str) -> Result<(), StoreError>,
    ) -> Result<IncidentView, AppError> {
        let id = parse_incident_id(id)?;
        self.with(|s| {
            let author = self.author(s)?;
            f(s, id, &author)?;
            self.incident_view(s, id)
        })
    }

    pub fn incident_settings(&self) -> Result<IncidentSettings, AppError> {
        self.with(|s| {
            Ok(IncidentSettings {
                author_name: self.author(s)?,
                warn_hours: (self.warn_window(s)?.num_hours()) as u32,
            })
        })
    }

    /// Whether someone has typed the name timeline entries are signed with (otherwise the
    /// login name, or "Technician", stands in).
    pub fn author_chosen(&self) -> Result<bool, AppError> {
        self.with(|s| Ok(s.setting(AUTHOR_KEY)?.is_some()))
    }

    pub fn save_incident_settings(
        &self,
        settings: IncidentSettings,
    ) -> Result<IncidentSettings, AppError> {
        let author = check_incident_settings(&settings.author_name, settings.warn_hours)?;
        self.with(|s| {
            s.set_setting(AUTHOR_KEY, &author)?;
            s.set_setting(WARN_HOURS_KEY, &settings.warn_hours.to_string())
        })?;
        self.incident_settings()
    }

    /// The incident types a new incident for this client may have, its plan's first.
    pub fn incident_types(&self, client_id: &str) -> Result<Vec<IncidentTypeOption>, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            let plan = s.current_plan(client)?;
            let with_playbook: Vec<String> = plan
                .as_ref()
                .map(|p| {
                    p.playbooks
                        .iter()
                        .map(|b| b.incident_type.clone())
                        .collect()
                })
                .unwrap_or_default();
            Ok(incident::known_types(plan.as_ref())
                .into_iter()
                .map(|key| IncidentTypeOption {
                    has_playbook: with_playbook.contains(&key),
                    label: label(&key),
                    key,
                })
                .collect())
        })
    }

    pub fn open_incident(
        &self,
        client_id: &str,
        input: IncidentInput,
    ) -> Result<IncidentView, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            let author = self.author(s)?;
            let i = s.open_incident(client, input, &author)?;
            self.incident_view(s, i.id)
        })
    }

    pub fn incident(&self, id: &str) -> Result<IncidentView, AppError> {
        let id = parse_incident_id(id)?;
        self.with(|s| self.incident_view(s, id))
    }

    /// A page of incidents, newest detection first; `client_id` empty means every client.
    pub fn list_incidents(
        &self,
        client_id: &str,
        open_only: bool,
        page: u32,
        page_size: u32,
    ) -> Result<IncidentPage, AppError> {
        let client = if client_id.trim().is_empty() {
            None
        } else {
            Some(parse_client_id(client_id)?)
        };
        let page_size = page_size.clamp(1, 500);
        self.with(|s| {
            if let Some(c) = client {
                s.client(c)?; // an unknown client is "not found", not an empty list
            }
            let (items, total) = s.list_incidents(&IncidentFilter {
                client,
                open_only,
                limit: page_size,
                offset: page.saturating_mul(page_size),
            })?;
            Ok(IncidentPage { items, total })
        })
    }

    pub fn add_timeline_entry(
        &self,
        id: &str,
        draft: EntryDraft,
    ) -> Result<IncidentView, AppError> {
        self.changed(id, |s, id, author| {
            s.add_timeline_entry(id, draft, author).map(drop)
        })
    }

    /// Moves the incident to another phase (`at` defaults to now); back needs a reason.
    pub fn move_incident(
        &self,
        id: &str,
        phase: IncidentPhase,
        at: Option<DateTime<Utc>>,
        reason: String,
    ) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, _| {
                let (new, note) = old.moved_to(phase, at.unwrap_or(now), &reason, now)?;
                Ok((new, Some(note)))
            })
            .map(drop)
        })
    }

    pub fn rescope_incident(
        &self,
        id: &str,
        assets: Vec<AssetId>,
        scope: String,
    ) -> Result<IncidentView, AppError> {
        self.changed(id, |s, id, author| {
            s.rescope_incident(id, assets, &scope, author).map(drop)
        })
    }

    /// Sets (or, with `level` None, removes) a severity override.
    pub fn override_severity(
        &self,
        id: &str,
        level: Option<String>,
        reason: String,
    ) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, ctx| {
                let (new, note) =
                    old.overridden(ctx.plan, level.as_deref(), &reason, author, now)?;
                Ok((new, Some(note)))
            })
            .map(drop)
        })
    }

    /// Records when a clock's trigger happened (awareness, the materiality determination ...).
    pub fn record_trigger(
        &self,
        id: &str,
        trigger: Trigger,
        at: Option<DateTime<Utc>>,
    ) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, _| {
                let (new, note) = old.triggered(trigger, at.unwrap_or(now), author, now)?;
                Ok((new, Some(note)))
            })
            .map(drop)
        })
    }

    pub fn set_key_times(&self, id: &str, times: KeyTimes) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, _| {
                Ok((old.with_key_times(times, now)?, None))
            })
            .map(drop)
        })
    }

    pub fn set_task_done(&self, id: &str, task: u32, done: bool) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, _| {
                Ok((old.with_task(task, done, author, now)?, None))
            })
            .map(drop)
        })
    }

    pub fn assign_roles(
        &self,
        id: &str,
        roles: Vec<RoleAssignment>,
    ) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, _| Ok((old.with_roles(roles, now)?, None)))
                .map(drop)
        })
    }

    pub fn update_incident_details(
        &self,
        id: &str,
        title: String,
        description: String,
        reported_by: String,
        internal_notes: String,
    ) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, _| {
                let new =
                    old.with_details(&title, &description, &reported_by, &internal_notes, now)?;
                Ok((new, None))
            })
            .map(drop)
        })
    }

    pub fn save_review(
        &self,
        id: &str,
        review: PostIncidentReview,
    ) -> Result<IncidentView, AppError> {
        let now = self.now();
        self.changed(id, |s, id, author| {
            s.change_incident(id, author, |old, ctx| {
                let new = old.with_review(review, || ctx.new_id(), now)?;
                Ok((new, None))
            })
            .map(drop)
        })
    }

    /// Records evidence from a file: its SHA-256 is computed here, and its bytes are kept
    /// (encrypted with the workspace) when `keep_content` and the file is not too large.
    pub fn add_evidence(
        &self,
        id: &str,
        input: EvidenceInput,
        path: &str,
        keep_content: bool,
    ) -> Result<IncidentView, AppError> {
        let path = Path::new(path);
        let limit = MAX_STORED_EVIDENCE_BYTES;
        let hashed =
            crate::intake::hash_file(path, keep_content.then_some(limit)).map_err(|e| {
                crate::intake::refusal(e, path, || {
                    format!(
                        "the file is larger than {}, the most Cordon keeps inside the workspace; choose 'hash only' and keep the file on the evidence drive",
                        cordon_core::limits::describe_bytes(limit)
                    )
                })
            })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.changed(id, |s, id, author| {
            s.add_evidence(
                id,
                input,
                &name,
                &hashed.sha256,
                hashed.size,
                hashed.content.as_deref(),
                author,
            )
            .map(drop)
        })
    }

    /// Writes a piece of evidence's kept file to `dest`, after checking it against its hash.
    pub fn export_evidence(&self, evidence_id: &str, dest: &str) -> Result<String, AppError> {
        let id = evidence_id.parse::<EvidenceId>()?;
        let (e, bytes) = self.with(|s| s.evidence_content(id))?;
        self.write_export(dest, &bytes)?;
        Ok(e.sha256)
    }

    pub fn transfer_custody(
        &self,
        evidence_id: &str,
        input: CustodyTransferInput,
    ) -> Result<IncidentView, AppError> {
        let id = evidence_id.parse::<EvidenceId>()?;
        self.with(|s| {
            let author = self.author(s)?;
            let incident = s.incident_of_evidence(id)?;
            s.transfer_custody(id, input, &author)?;
            self.incident_view(s, incident)
        })
    }

    pub fn record_notice(&self, id: &str, input: NoticeInput) -> Result<IncidentView, AppError> {
        self.changed(id, |s, id, author| {
            s.record_notice(id, input, author).map(drop)
        })
    }

    pub fn verify_incident(&self, id: &str) -> Result<ChainReport, AppError> {
        let id = parse_incident_id(id)?;
        self.with(|s| Ok(incident::verify(&s.incident_records(id)?.timeline)))
    }

    pub fn timeline_csv(&self, id: &str) -> Result<String, AppError> {
        let id = parse_incident_id(id)?;
        self.with(|s| {
            Ok(incident::timeline::to_csv(
                &s.incident_records(id)?.timeline,
            ))
        })
    }

    /// Writes the timeline as CSV to a path the user chose in a save dialog.
    pub fn export_timeline_csv(&self, id: &str, dest: &str) -> Result<(), AppError> {
        let csv = self.timeline_csv(id)?;
        self.write_export(dest, csv.as_bytes())
    }

    /// Counts and median response times; `client_id` empty means every client.
    pub fn incident_dashboard(&self, client_id: &str) -> Result<Dashboard, AppError> {
        let client = if client_id.trim().is_empty() {
            None
        } else {
            Some(parse_client_id(client_id)?)
        };
        self.with(|s| {
            let all = s.incidents_of(client)?;
            Ok(incident::dashboard(all.iter().map(|i| DashboardRow {
                phase: i.phase,
                severity: i.severity_level().zip(i.severity.rank()),
                key_times: &i.key_times,
            })))
        })
    }

    /// Deadlines of open incidents that are overdue or within the warning window. Called
    /// every minute by the desktop, so it reads only what clocks are computed from.
    pub fn deadline_alerts(&self) -> Result<Vec<DeadlineAlert>, AppError> {
        let now = self.now();
        self.with(|s| {
            let warn = self.warn_window(s)?;
            let mut clients: HashMap<ClientId, Client> = HashMap::new();
            let mut out = Vec::new();
            for r in s.open_incident_clocks()? {
                let i = &r.incident;
                let client = match clients.entry(i.client_id) {
                    Entry::Occupied(known) => known.into_mut(),
                    Entry::Vacant(slot) => slot.insert(s.client(i.client_id)?),
                };
                let clocks =
                    notification::incident_clocks(client, i, &r.affected, &r.notices, now, warn);
                for c in clocks {
                    use notification::ClockStatus::{DueSoon, Overdue};
                    if let (Some(deadline), DueSoon | Overdue) = (c.deadline, c.status) {
                        out.push(DeadlineAlert {
                            incident_id: i.id,
                            incident_title: i.title.clone(),
                            client_name: client.name.clone(),
                            rule_key: c.rule_key.clone(),
                            clock_name: c.name.clone(),
                            deadline,
                            overdue: c.status == Overdue,
                        });
                    }
                }
            }
            out.sort_by_key(|a| a.deadline);
            Ok(out)
        })
    }

    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>, AppError> {
        self.with(|s| s.search(query, 50))
    }
}

fn default_author() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty() && u != "root")
        .unwrap_or_else(|| "Technician".into())
}
