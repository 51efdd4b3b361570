//! Incidents: the record a technician works from detection to lessons learned.
//!
//! An `Incident` is a document (its phase, severity, roles, tasks, key times, the clock
//! triggers the user recorded, the post-incident review and its action items) that is edited
//! as the response goes on. Beside it sit append-only records that are never edited: timeline
//! entries (hash-chained, see `timeline`), evidence and its custody transfers, and the notices
//! sent (see `record`). Everything a rule needs is passed in; nothing here reads the clock.

#[cfg(test)]
mod dag_tests;
mod edit;
mod escalation;
mod metrics;
pub mod note;
mod record;
mod severity;
#[cfg(test)]
mod tests;
pub mod timeline;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::plan::{Phase, Plan};
use crate::validation::Checker;
use crate::{AssetId, ClientId, IncidentId, Invalid, PlanId};

pub use escalation::{EscalationStatus, EscalationTimer, escalation_timers};
pub use metrics::{
    Dashboard, DashboardRow, IncidentMetrics, MeasuredCounts, PhaseCount, SeverityCount, dashboard,
    metrics,
};
pub use note::TimelineNote;
pub use record::{
    CustodyTransfer, CustodyTransferInput, Evidence, EvidenceInput, Notice, NoticeInput,
    custody_holder,
};
pub use severity::{AffectedAsset, SeverityAssessment, SeverityOverride, assess};
pub use timeline::{BrokenLink, ChainReport, EntryDraft, EntryKind, TimelineEntry, verify};

/// Where an incident stands, in NIST SP 800-61's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IncidentPhase {
    Detected,
    Analysing,
    Contained,
    Eradicated,
    Recovered,
    Closed,
}

impl IncidentPhase {
    pub const ALL: [IncidentPhase; 6] = [
        IncidentPhase::Detected,
        IncidentPhase::Analysing,
        IncidentPhase::Contained,
        IncidentPhase::Eradicated,
        IncidentPhase::Recovered,
        IncidentPhase::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            IncidentPhase::Detected => "Detected",
            IncidentPhase::Analysing => "Analysing",
            IncidentPhase::Contained => "Contained",
            IncidentPhase::Eradicated => "Eradicated",
            IncidentPhase::Recovered => "Recovered",
            IncidentPhase::Closed => "Closed",
        }
    }

    pub fn parse(text: &str) -> Option<IncidentPhase> {
        let t = text.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|p| p.label().eq_ignore_ascii_case(&t) || format!("{p:?}").to_lowercase() == t)
    }

    pub fn is_open(self) -> bool {
        self != IncidentPhase::Closed
    }

    /// The playbook phase whose tasks are worked while the incident is in this phase.
    pub fn playbook_phase(self) -> Phase {
        match self {
            IncidentPhase::Detected | IncidentPhase::Analysing => Phase::DetectAnalyse,
            IncidentPhase::Contained => Phase::Eradicate,
            IncidentPhase::Eradicated => Phase::Recover,
            IncidentPhase::Recovered | IncidentPhase::Closed => Phase::PostIncident,
        }
    }
}

/// A plan role and who fills it for this incident (copied from the plan, then editable).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RoleAssignment {
    pub role: String,
    pub person: String,
    pub backup: String,
}

/// A playbook step turned into work for this incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Task {
    /// Position in the playbook; stable, so a task is named by it.
    pub index: u32,
    pub phase: Phase,
    pub action: String,
    pub owner_role: String,
    /// The person who holds the owning role in this incident.
    pub assignee: String,
    pub evidence: String,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: String,
}

/// The moments the metrics are measured between. `detected` is always known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeyTimes {
    pub first_malicious_activity: Option<DateTime<Utc>>,
    pub detected: DateTime<Utc>,
    pub reported: Option<DateTime<Utc>>,
    pub contained: Option<DateTime<Utc>>,
    pub eradicated: Option<DateTime<Utc>>,
    pub recovered: Option<DateTime<Utc>>,
    pub closed: Option<DateTime<Utc>>,
}

impl KeyTimes {
    fn slot(&mut self, phase: IncidentPhase) -> Option<&mut Option<DateTime<Utc>>> {
        match phase {
            IncidentPhase::Detected | IncidentPhase::Analysing => None,
            IncidentPhase::Contained => Some(&mut self.contained),
            IncidentPhase::Eradicated => Some(&mut self.eradicated),
            IncidentPhase::Recovered => Some(&mut self.recovered),
            IncidentPhase::Closed => Some(&mut self.closed),
        }
    }
}

/// When the user recorded the event a notification clock starts from (awareness, the
/// materiality determination ...). Detection is recorded at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TriggerRecord {
    pub trigger: crate::notification::Trigger,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
}

/// Something the review decided must change; open ones show on the client's readiness panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionItem {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
}

/// The lessons-learned meeting, written down.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostIncidentReview {
    pub root_cause: String,
    pub contributing_factors: String,
    pub what_worked: String,
    pub what_did_not: String,
    pub lessons_learned: String,
    pub action_items: Vec<ActionItem>,
}

/// What the technician types to open an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentInput {
    /// A playbook's incident type (`ransomware`); picks the playbook tasks come from.
    pub incident_type: String,
    pub title: String,
    pub description: String,
    pub detected_at: DateTime<Utc>,
    pub reported_by: String,
    pub affected_assets: Vec<AssetId>,
    /// A scope label from the plan's severity matrix; empty means the narrowest.
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Incident {
    pub id: IncidentId,
    pub client_id: ClientId,
    /// The plan version the response follows (the approved one when the incident opened).
    pub plan_id: Option<PlanId>,
    pub plan_version: Option<u32>,
    pub incident_type: String,
    pub title: String,
    pub description: String,
    pub reported_by: String,
    pub phase: IncidentPhase,
    pub affected_assets: Vec<AssetId>,
    pub scope: String,
    pub severity: SeverityAssessment,
    pub roles: Vec<RoleAssignment>,
    pub tasks: Vec<Task>,
    pub key_times: KeyTimes,
    pub triggers: Vec<TriggerRecord>,
    /// Working notes for the MSP's team; never in the client's report.
    pub internal_notes: String,
    pub review: PostIncidentReview,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of an incident list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IncidentSummary {
    pub id: IncidentId,
    pub client_id: ClientId,
    pub client_name: String,
    pub incident_type: String,
    pub title: String,
    pub phase: IncidentPhase,
    pub severity: Option<String>,
    /// 0 is the most severe level of the plan's matrix.
    pub severity_rank: Option<u32>,
    pub detected_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How far in the future a time typed by a person may be: clocks on two laptops disagree by
/// a little, never by this much.
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// The incident types a new incident may have for this plan: its playbooks' types, the
/// built-in templates' types and `other` (no playbook: no tasks).
pub fn known_types(plan: Option<&Plan>) -> Vec<String> {
    let mut types: Vec<String> = plan
        .map(|p| {
            p.playbooks
                .iter()
                .map(|b| b.incident_type.clone())
                .collect()
        })
        .unwrap_or_default();
    for t in crate::plan::playbook_templates() {
        types.push(t.name.clone());
    }
    types.push("other".into());
    let mut seen = std::collections::HashSet::new();
    types.retain(|t| seen.insert(t.clone()));
    types
}

fn check_when(c: &mut Checker, field: &str, at: DateTime<Utc>, now: DateTime<Utc>) {
    if at > now + chrono::Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
        c.fail(
            field,
            format!(
                "{} is in the future; record when it actually happened (now is {} UTC)",
                at.format("%Y-%m-%d %H:%M UTC"),
                now.format("%Y-%m-%d %H:%M")
            ),
        );
    }
}

/// An incident's title: one line a reader can trust, short enough for a report heading.
pub(crate) fn check_title(c: &mut Checker, title: &str) {
    required(c, "title", title, "The title");
    if title.chars().count() > crate::limits::MAX_NAME_CHARS {
        c.fail(
            "title",
            format!(
                "the title is longer than {} characters; put the detail in the description",
                crate::limits::MAX_NAME_CHARS
            ),
        );
    }
    c.name("title", title.trim());
}

fn required(c: &mut Checker, field: &str, value: &str, what: &str) {
    if value.trim().is_empty() {
        c.fail(field, format!("{what} is empty; {}", hint(field)));
    }
}

fn hint(field: &str) -> &'static str {
    match field {
        "title" => "give the incident a short title, like 'Ransomware on file server'",
        "reason" => "say why, so the timeline explains the change",
        _ => "fill it in",
    }
}

impl Incident {
    /// A new incident: roles copied from the plan, tasks spawned from the playbook of its
    /// type (owner role → the person holding it), severity computed from the matrix.
    pub fn open(
        id: IncidentId,
        client_id: ClientId,
        plan: Option<&Plan>,
        input: IncidentInput,
        affected: &[AffectedAsset],
        author: &str,
        now: DateTime<Utc>,
    ) -> Result<(Incident, TimelineNote), Invalid> {
        let mut c = Checker::default();
        let types = known_types(plan);
        let incident_type = input.incident_type.trim().to_lowercase();
        if !types.contains(&incident_type) {
            c.fail(
                "incident_type",
                format!(
                    "'{}' is not an incident type of this client's plan; use one of: {}",
                    input.incident_type.trim(),
                    types.join(", ")
                ),
            );
        }
        check_title(&mut c, &input.title);
        check_when(&mut c, "detected_at", input.detected_at, now);
        let scope = check_scope(&mut c, plan, &input.scope);
        let input = c.finish(input)?;

        let roles: Vec<RoleAssignment> = plan
            .map(|p| {
                p.roles
                    .iter()
                    .map(|r| RoleAssignment {
                        role: r.name.clone(),
                        person: r.primary.clone(),
                        backup: r.backup.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tasks = plan
            .and_then(|p| {
                p.playbooks
                    .iter()
                    .find(|b| b.incident_type == incident_type)
            })
            .map(|b| {
                b.steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Task {
                        index: i as u32,
                        phase: s.phase,
                        action: s.action.clone(),
                        owner_role: s.owner.clone(),
                        assignee: role_holder(&roles, &s.owner),
                        evidence: s.evidence.clone(),
                        done_at: None,
                        done_by: String::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let severity = assess(plan.map(|p| &p.severity), affected, &scope, None);
        let incident = Incident {
            id,
            client_id,
            plan_id: plan.map(|p| p.id),
            plan_version: plan.map(|p| p.version),
            incident_type,
            title: input.title.trim().to_owned(),
            description: input.description.trim().to_owned(),
            reported_by: input.reported_by.trim().to_owned(),
            phase: IncidentPhase::Detected,
            affected_assets: input.affected_assets,
            scope,
            severity,
            roles,
            tasks,
            key_times: KeyTimes {
                first_malicious_activity: None,
                detected: input.detected_at,
                reported: None,
                contained: None,
                eradicated: None,
                recovered: None,
                closed: None,
            },
            triggers: vec![TriggerRecord {
                trigger: crate::notification::Trigger::Detection,
                at: input.detected_at,
                by: author.to_owned(),
            }],
            internal_notes: String::new(),
            review: PostIncidentReview::default(),
            created_at: now,
            updated_at: now,
        };
        let note = note::opened(&incident);
        Ok((incident, note))
    }

    /// The severity in force: the override when there is one, else the computed level.
    pub fn severity_level(&self) -> Option<&str> {
        self.severity.level()
    }

    /// Moves to another phase. Forward moves may skip phases (a ransomware host pulled off the
    /// network goes straight to contained); a move back needs a reason, and clears the key
    /// times of the phases it leaves so they are measured again. Closing needs a root cause.
    /// Returns the incident and the timeline note that records the move.
    pub fn moved_to(
        &self,
        to: IncidentPhase,
        at: DateTime<Utc>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(Incident, TimelineNote), Invalid> {
        let mut c = Checker::default();
        if to == self.phase {
            c.fail(
                "phase",
                format!("the incident is already {}; pick another phase", to.label()),
            );
        }
        let back = to < self.phase;
        if back {
            required(&mut c, "reason", reason, "The reason for going back");
        }
        check_when(&mut c, "at", at, now);
        if at < self.key_times.detected {
            c.fail(
                "at",
                "this is before the incident was detected; use a time after detection",
            );
        }
        if to == IncidentPhase::Closed && self.review.root_cause.trim().is_empty() {
            c.fail(
                "phase",
                "the post-incident review has no root cause; write it in the Review section before closing",
            );
        }
        c.finish(())?;
        let mut next = self.clone();
        if back {
            for p in IncidentPhase::ALL.into_iter().filter(|p| *p > to) {
                if let Some(slot) = next.key_times.slot(p) {
                    *slot = None;
                }
            }
        } else {
            // Skipped phases are reached too: contained implies analysed.
            for p in IncidentPhase::ALL
                .into_iter()
                .filter(|p| *p > self.phase && *p <= to)
            {
                if let Some(slot) = next.key_times.slot(p) {
                    slot.get_or_insert(at);
                }
            }
        }
        next.phase = to;
        next.updated_at = now;
        let note = note::moved(self.phase, to, reason, at);
        Ok((next, note))
    }

    /// New affected assets or scope: severity is computed again (an override stays). The
    /// timeline hears of it when the scope or the severity in force changed.
    pub fn rescoped(
        &self,
        plan: Option<&Plan>,
        assets: Vec<AssetId>,
        affected: &[AffectedAsset],
        scope: &str,
        now: DateTime<Utc>,
    ) -> Result<(Incident, Option<TimelineNote>), Invalid> {
        let mut c = Checker::default();
        let scope = check_scope(&mut c, plan, scope);
        c.finish(())?;
        let mut next = self.clone();
        next.affected_assets = assets;
        next.severity = assess(
            plan.map(|p| &p.severity),
            affected,
            &scope,
            self.severity.overridden.clone(),
        );
        next.scope = scope;
        next.updated_at = now;
        let note = note::rescoped(self, &next);
        Ok((next, note))
    }

    /// A person's judgement over the matrix: needs a level of the matrix and a reason.
    /// `None` removes the override.
    pub fn overridden(
        &self,
        plan: Option<&Plan>,
        level: Option<&str>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(Incident, TimelineNote), Invalid> {
        let mut next = self.clone();
        next.updated_at = now;
        let Some(level) = level else {
            next.severity.overridden = None;
            return Ok((next, note::override_removed(&self.severity)));
        };
        let mut c = Checker::default();
        let levels: Vec<String> = plan
            .map(|p| p.severity.levels.iter().map(|l| l.name.clone()).collect())
            .unwrap_or_default();
        let canonical = levels.iter().find(|l| l.eq_ignore_ascii_case(level.trim()));
        if canonical.is_none() {
            c.fail(
                "level",
                format!(
                    "'{}' is not a severity level of this plan; use one of: {}",
                    level.trim(),
                    if levels.is_empty() {
                        "(the plan has no severity matrix)".into()
                    } else {
                        levels.join(", ")
                    }
                ),
            );
        }
        required(
            &mut c,
            "reason",
            reason,
            "The reason for overriding the matrix",
        );
        c.finish(())?;
        let level = canonical.cloned().unwrap_or_default();
        let rank = plan.and_then(|p| p.severity.rank(&level)).unwrap_or(0);
        next.severity.overridden = Some(SeverityOverride {
            level: level.clone(),
            rank,
            reason: reason.trim().to_owned(),
            by: by.to_owned(),
            at: now,
        });
        let note = note::overridden(&self.severity, &level, reason);
        Ok((next, note))
    }

    pub fn summary(&self, client_name: &str) -> IncidentSummary {
        IncidentSummary {
            id: self.id,
            client_id: self.client_id,
            client_name: client_name.to_owned(),
            incident_type: self.incident_type.clone(),
            title: self.title.clone(),
            phase: self.phase,
            severity: self.severity.level().map(str::to_owned),
            severity_rank: self.severity.rank(),
            detected_at: self.key_times.detected,
            updated_at: self.updated_at,
        }
    }
}

/// Who holds `role` in this incident (roles matched without case); empty when nobody does.
fn role_holder(roles: &[RoleAssignment], role: &str) -> String {
    roles
        .iter()
        .find(|r| r.role.eq_ignore_ascii_case(role.trim()))
        .map(|r| r.person.clone())
        .unwrap_or_default()
}

fn check_scope(c: &mut Checker, plan: Option<&Plan>, scope: &str) -> String {
    let scopes = plan.map(|p| p.severity.scopes.as_slice()).unwrap_or(&[]);
    let scope = scope.trim();
    if scope.is_empty() {
        return scopes.first().cloned().unwrap_or_default();
    }
    match scopes.iter().find(|s| s.eq_ignore_ascii_case(scope)) {
        Some(s) => s.clone(),
        None => {
            c.fail(
                "scope",
                format!(
                    "'{scope}' is not a scope of this plan's severity matrix; use one of: {}",
                    scopes.join(", ")
                ),
            );
            String::new()
        }
    }
}
