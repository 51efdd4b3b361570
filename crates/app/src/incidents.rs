//! Use cases over incidents: open, work (timeline, phases, severity, triggers, tasks, roles,
//! evidence, notices, review), read back as one view with its clocks and timers computed for
//! "now", verify the timeline, list, dashboard and search.
//!
//! The view is computed on every read rather than stored: deadlines and countdowns depend on
//! the clock, and a stored countdown would be wrong a second later.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use cordon_core::incident::{
    self, ChainReport, CustodyTransfer, CustodyTransferInput, Dashboard, DashboardRow, EntryDraft,
    EscalationTimer, Evidence, EvidenceInput, Incident, IncidentInput, IncidentMetrics,
    IncidentPhase, IncidentSummary, KeyTimes, Notice, NoticeInput, PostIncidentReview,
    RoleAssignment, TimelineEntry,
};
use cordon_core::notification::{self, ClockFacts, NotificationClock, RuleTable, Trigger};
use cordon_core::search::SearchHit;
use cordon_core::{AssetId, Client, EvidenceId, IncidentId, Invalid, SeverityLevel};
use cordon_store::{IncidentFilter, IncidentRecords, StatusNote, Store, StoreError, sha256_hex};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

/// Evidence files larger than this are recorded by hash only: the database is not a place for
/// disk images, which belong on the evidence drive whose hash this records.
pub const MAX_STORED_EVIDENCE_BYTES: u64 = 64 * 1024 * 1024;

/// A clock is "due soon" (amber, and an OS notification) this long before its deadline,
/// unless the user chose another window in Settings.
pub const DEFAULT_WARN_HOURS: u32 = 12;

const WARN_HOURS_KEY: &str = "deadline_warning_hours";
pub(crate) const AUTHOR_KEY: &str = "author_name";

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
    id.parse::<IncidentId>()
        .map_err(|inv| StoreError::Invalid(inv).into())
}

fn label(key: &str) -> String {
    let mut s = key.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// Every clock that applies to this incident, started from its recorded trigger and settled by
/// the first notice recorded against it.
pub(crate) fn clocks_of(
    client: &Client,
    r: &IncidentRecords,
    now: DateTime<Utc>,
    warn: Duration,
) -> Vec<NotificationClock> {
    let mut classes: Vec<_> = r
        .affected
        .iter()
        .flat_map(|a| a.data_classes.iter().copied())
        .collect();
    classes.sort();
    classes.dedup();
    let facts = ClockFacts {
        jurisdictions: &client.jurisdictions,
        sectors: &client.sectors,
        data_classes: &classes,
        contract_notice_hours: client.contract_notice_hours,
        insurer: client.insurer.as_ref(),
    };
    notification::applicable(RuleTable::builtin(), &facts)
        .iter()
        .map(|rule| {
            let first_sent = |key: &str| {
                r.notices
                    .iter()
                    .filter(|n| n.clock.as_deref() == Some(key))
                    .map(|n| n.sent_at)
                    .min()
            };
            let start = rule.clock_start(r.incident.trigger_at(rule.trigger), first_sent);
            notification::clock(rule, start, first_sent(&rule.key), now, warn)
        })
        .collect()
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

    pub fn save_incident_settings(
        &self,
        settings: IncidentSettings,
    ) -> Result<IncidentSettings, AppError> {
        let mut c = cordon_core::validation::Checker::default();
        if settings.author_name.trim().is_empty() {
            c.fail(
                "author_name",
                "type your name: every timeline entry you add is signed with it",
            );
        }
        if !(1..=168).contains(&settings.warn_hours) {
            c.fail("warn_hours", "choose between 1 and 168 hours (a week)");
        }
        c.finish(()).map_err(StoreError::Invalid)?;
        self.with(|s| {
            s.set_setting(AUTHOR_KEY, settings.author_name.trim())?;
            s.set_setting(WARN_HOURS_KEY, &settings.warn_hours.to_string())
        })?;
        self.incident_settings()
    }

    /// The incident types a new incident for this client may have, its plan's first.
    pub fn incident_types(&self, client_id: &str) -> Result<Vec<IncidentTypeOption>, AppError> {
        let client = parse_client_id(client_id)?;
        self.with(|s| {
            let plan = current_plan(s, client)?;
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
                let at = at.unwrap_or(now);
                let (new, text) = old.moved_to(phase, at, &reason, now)?;
                Ok((new, StatusNote::at(text, at)))
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
                let (new, text) =
                    old.overridden(ctx.plan, level.as_deref(), &reason, author, now)?;
                Ok((new, StatusNote::now(text)))
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
                let at = at.unwrap_or(now);
                let new = old.triggered(trigger, at, author, now)?;
                let text = format!(
                    "{} recorded at {} UTC; the clocks that count from it are running",
                    trigger.label(),
                    at.format("%Y-%m-%d %H:%M")
                );
                Ok((new, StatusNote::at(text, at)))
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
        let file_error =
            |why: String| -> AppError { StoreError::Invalid(Invalid::one("file", why)).into() };
        let meta = std::fs::metadata(path).map_err(|e| {
            file_error(format!(
                "cannot read {}: {e}; pick the file again",
                path.display()
            ))
        })?;
        if !meta.is_file() {
            return Err(file_error(format!(
                "{} is not a file; pick a file",
                path.display()
            )));
        }
        let keep = keep_content && meta.len() <= MAX_STORED_EVIDENCE_BYTES;
        if keep_content && !keep {
            return Err(file_error(format!(
                "the file is {} MiB, more than the {} MiB Cordon keeps inside the workspace; choose 'hash only' and keep the file on the evidence drive",
                meta.len() / (1024 * 1024),
                MAX_STORED_EVIDENCE_BYTES / (1024 * 1024)
            )));
        }
        let (sha, content) = hash_file(path, keep).map_err(|e| {
            file_error(format!(
                "cannot read {}: {e}; pick the file again",
                path.display()
            ))
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
                &sha,
                meta.len(),
                content.as_deref(),
                author,
            )
            .map(drop)
        })
    }

    /// Writes a piece of evidence's kept file to `dest`, after checking it against its hash.
    pub fn export_evidence(&self, evidence_id: &str, dest: &str) -> Result<String, AppError> {
        let id = evidence_id
            .parse::<EvidenceId>()
            .map_err(|inv| AppError::from(StoreError::Invalid(inv)))?;
        let (e, bytes) = self.with(|s| s.evidence_content(id))?;
        std::fs::write(dest, &bytes).map_err(|err| {
            AppError::from(StoreError::Invalid(Invalid::one(
                "destination",
                format!("cannot write {dest}: {err}; choose another folder"),
            )))
        })?;
        Ok(e.sha256)
    }

    pub fn transfer_custody(
        &self,
        evidence_id: &str,
        input: CustodyTransferInput,
    ) -> Result<IncidentView, AppError> {
        let id = evidence_id
            .parse::<EvidenceId>()
            .map_err(|inv| AppError::from(StoreError::Invalid(inv)))?;
        self.with(|s| {
            let author = self.author(s)?;
            s.transfer_custody(id, input, &author)?;
            let incident = incident_of_evidence(s, id)?;
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
        std::fs::write(dest, csv).map_err(|err| {
            AppError::from(StoreError::Invalid(Invalid::one(
                "destination",
                format!("cannot write {dest}: {err}; choose another folder"),
            )))
        })
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

    /// Deadlines of open incidents that are overdue or within the warning window.
    pub fn deadline_alerts(&self) -> Result<Vec<DeadlineAlert>, AppError> {
        let now = self.now();
        self.with(|s| {
            let warn = self.warn_window(s)?;
            let mut out = Vec::new();
            for i in s
                .incidents_of(None)?
                .into_iter()
                .filter(|i| i.phase.is_open())
            {
                let r = s.incident_records(i.id)?;
                let client = s.client(i.client_id)?;
                for c in clocks_of(&client, &r, now, warn) {
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

fn hash_file(path: &Path, keep: bool) -> std::io::Result<(String, Option<Vec<u8>>)> {
    use sha2::Digest as _;
    use std::io::Read as _;
    if keep {
        let bytes = std::fs::read(path)?;
        return Ok((sha256_hex(&bytes), Some(bytes)));
    }
    // Hash-only evidence may be a disk image: stream it instead of reading it whole.
    let mut f = std::fs::File::open(path)?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let digest = hasher.finalize();
    Ok((digest.iter().map(|b| format!("{b:02x}")).collect(), None))
}

/// The plan version a new incident follows: the approved one, else the draft being written.
fn current_plan(
    s: &Store,
    client: cordon_core::ClientId,
) -> Result<Option<cordon_core::Plan>, StoreError> {
    use cordon_core::PlanStatus::{Approved, Draft};
    let plans = s.list_plans(client)?;
    let pick = |status| plans.iter().find(|p| p.status == status).map(|p| p.id);
    pick(Approved)
        .or_else(|| pick(Draft))
        .map(|id| s.plan(id))
        .transpose()
}

/// The incident a piece of evidence belongs to.
fn incident_of_evidence(s: &Store, id: EvidenceId) -> Result<IncidentId, StoreError> {
    for i in s.incidents_of(None)? {
        if s.incident_records(i.id)?
            .evidence
            .iter()
            .any(|(e, _)| e.id == id)
        {
            return Ok(i.id);
        }
    }
    Err(StoreError::NotFound {
        entity: "evidence",
        id: id.to_string(),
    })
}

fn default_author() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty() && u != "root")
        .unwrap_or_else(|| "Technician".into())
}
