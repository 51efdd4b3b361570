//! The incident-response plan an MSP keeps for each client.
//!
//! A plan is versioned. Each version is its own record (`PlanId`) with a status:
//! `Draft` → `Approved` (approver, time, note) → `Superseded` when the next version is approved.
//! Only a draft is edited; editing an approved plan starts the next draft (version + 1), so what
//! was approved stays exactly as it was signed off. The sections are stored as one document
//! (plans are edited as a whole), and each op carries only the top-level sections that changed.
//!
//! Two levels of checking: `PlanInput` is checked on every save (structure: numbers in range,
//! references that resolve, no empty rows), so autosave keeps a draft sane; approval also
//! demands completeness (every role has a primary person, every contact a way to reach them),
//! because an approved plan is what people follow at 3 a.m.

mod check;
mod diff;
mod template;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::id::{ClientId, PlanId};
use crate::validation::{Checker, Invalid};

use check::{check, check_complete, collapse};

pub use diff::{PlanChange, diff};
pub use template::{
    PlanTemplate, PlaybookTemplate, TemplateInfo, TemplateKind, baseline, plan_template,
    playbook_template, playbook_templates, playbooks_for_sectors, templates,
};

/// Reviews are at least yearly: NIST SP 800-61r3 and most insurers expect an annual review.
pub const MAX_REVIEW_INTERVAL_MONTHS: u32 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Approved,
    Superseded,
}

/// The version of a client's plan in force: the approved one; before any approval, the newest
/// draft. New incidents follow it, readiness measures it, the client list shows it.
///
/// An approval supersedes every approved version its laptop knows of, so two versions are
/// approved at once only when two laptops approved without seeing each other. Then the later
/// approval is in force, and the next approval (made having seen both) supersedes both: `rank`
/// orders approvals by when they were made, then by version and id, so that every replica
/// holding the same versions picks the same one whatever order they arrived in.
pub fn in_force<T, K: Ord>(versions: &[T], rank: impl Fn(&T) -> (PlanStatus, K)) -> Option<&T> {
    let newest = |want: PlanStatus| {
        versions
            .iter()
            .map(|v| (rank(v), v))
            .filter(|((status, _), _)| *status == want)
            .max_by(|(a, _), (b, _)| a.1.cmp(&b.1))
            .map(|(_, v)| v)
    };
    newest(PlanStatus::Approved).or_else(|| newest(PlanStatus::Draft))
}

/// The order `in_force` needs, from what every replica stores of a version: approval time
/// (none for a draft), then version, then id.
pub fn rank(
    status: PlanStatus,
    version: u32,
    approved_at: Option<DateTime<Utc>>,
    id: &str,
) -> (PlanStatus, (Option<DateTime<Utc>>, u32, String)) {
    (status, (approved_at, version, id.to_owned()))
}

impl Plan {
    /// This version's place in `in_force`'s order.
    pub fn rank(&self) -> (PlanStatus, (Option<DateTime<Utc>>, u32, String)) {
        rank(
            self.status,
            self.version,
            self.approval.as_ref().map(|a| a.at),
            &self.id.to_string(),
        )
    }
}

/// A role in the response team. The four standard roles come from the template; custom roles
/// are added per client.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Role {
    pub name: String,
    pub duties: Vec<String>,
    /// The person who takes the role; a name from the contact directory.
    pub primary: String,
    /// Who steps in when the primary cannot be reached.
    pub backup: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Msp,
    Client,
    Insurer,
    LegalCounsel,
    Forensics,
    LawEnforcement,
    Regulator,
    OtherThirdParty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Phone,
    Email,
    SecureMessaging,
    /// A channel that does not depend on the client's possibly compromised systems
    /// (a personal mobile, a Signal group, a bridge line).
    OutOfBand,
}

impl ChannelKind {
    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Phone => "phone",
            ChannelKind::Email => "email",
            ChannelKind::SecureMessaging => "secure messaging",
            ChannelKind::OutOfBand => "out-of-band",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactChannel {
    pub kind: ChannelKind,
    /// The number, address or handle.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contact {
    pub name: String,
    pub kind: ContactKind,
    pub organisation: String,
    /// Their function ("Head of IT", "Breach coach").
    pub role: String,
    pub channels: Vec<ContactChannel>,
    /// When someone last confirmed these details still reach this person.
    pub last_verified: Option<NaiveDate>,
}

/// Which channel is used for what ("Bridge call for the response team": out-of-band).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelUse {
    pub purpose: String,
    pub channel: ChannelKind,
}

/// How often stakeholders hear from the response team at a given severity level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UpdateCadence {
    /// A level of the severity matrix (`SEV1`).
    pub level: String,
    pub every_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Communication {
    pub channels: Vec<ChannelUse>,
    pub cadence: Vec<UpdateCadence>,
    /// The role that keeps the client informed.
    pub informs_client: String,
    /// The roles allowed to speak to press, customers or regulators.
    pub external_speakers: Vec<String>,
}

/// One rung of the escalation ladder; its level number is its position + 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EscalationLevel {
    /// A role or a named person.
    pub who: String,
    /// Escalate to this level at this severity or worse (`SEV2`).
    pub severity: Option<String>,
    /// ... or when the incident is not contained this many minutes after detection.
    pub after_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityLevel {
    /// `SEV1`; levels are listed most severe first.
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityCell {
    pub level: String,
    pub criterion: String,
}

/// Impact (rows) × scope (columns); each cell gives a level and the written reason for it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityMatrix {
    pub levels: Vec<SeverityLevel>,
    /// Row labels, least impact first.
    pub impacts: Vec<String>,
    /// Column labels, narrowest scope first.
    pub scopes: Vec<String>,
    /// `cells[impact][scope]`.
    pub cells: Vec<Vec<SeverityCell>>,
}

/// What the matrix says about one impact and scope: the level and the criterion that matched,
/// which an incident keeps and shows beside its severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityRating {
    pub level: String,
    pub criterion: String,
    pub impact: String,
    pub scope: String,
    /// Position of the level in `levels`: 0 is the most severe.
    pub rank: u32,
}

impl SeverityMatrix {
    /// The rule an incident's severity is computed with: look up the cell for this impact and
    /// scope (labels compared without case). `None` when either label is not in the matrix.
    pub fn rate(&self, impact: &str, scope: &str) -> Option<SeverityRating> {
        let i = self
            .impacts
            .iter()
            .position(|x| x.eq_ignore_ascii_case(impact.trim()))?;
        let j = self
            .scopes
            .iter()
            .position(|x| x.eq_ignore_ascii_case(scope.trim()))?;
        let cell = self.cells.get(i)?.get(j)?;
        Some(SeverityRating {
            level: cell.level.clone(),
            criterion: cell.criterion.clone(),
            impact: self.impacts[i].clone(),
            scope: self.scopes[j].clone(),
            rank: self.rank(&cell.level)?,
        })
    }

    /// 0 for the most severe level; `None` for a name that is not a level.
    pub fn rank(&self, level: &str) -> Option<u32> {
        self.levels
            .iter()
            .position(|l| l.name.eq_ignore_ascii_case(level))
            .map(|p| p as u32)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    DetectAnalyse,
    Contain,
    Eradicate,
    Recover,
    PostIncident,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::DetectAnalyse,
        Phase::Contain,
        Phase::Eradicate,
        Phase::Recover,
        Phase::PostIncident,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Phase::DetectAnalyse => "Detect & analyse",
            Phase::Contain => "Contain",
            Phase::Eradicate => "Eradicate",
            Phase::Recover => "Recover",
            Phase::PostIncident => "Post-incident",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlaybookStep {
    pub phase: Phase,
    pub action: String,
    /// The role that owns the step; a role name of this plan.
    pub owner: String,
    /// What to keep as evidence of the step (logs, screenshots, hashes).
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Playbook {
    /// The incident type key (`ransomware`, `business_email_compromise` ...).
    pub incident_type: String,
    pub name: String,
    pub summary: String,
    pub steps: Vec<PlaybookStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Approval {
    pub by: String,
    pub at: DateTime<Utc>,
    pub note: String,
}

/// One entry of the review log: who reviewed, when, and what changed (or "no changes").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Review {
    pub by: String,
    pub at: DateTime<Utc>,
    pub summary: String,
    /// The plan version that was reviewed.
    pub version: u32,
}

/// Which template a plan started from, so a later template update can be offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TemplateRef {
    pub name: String,
    pub version: String,
}

/// What a person edits: every section of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanInput {
    pub title: String,
    pub roles: Vec<Role>,
    pub contacts: Vec<Contact>,
    pub communication: Communication,
    pub escalation: Vec<EscalationLevel>,
    pub severity: SeverityMatrix,
    pub playbooks: Vec<Playbook>,
    pub review_interval_months: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Plan {
    pub id: PlanId,
    pub client_id: ClientId,
    pub version: u32,
    pub status: PlanStatus,
    pub template: Option<TemplateRef>,
    pub title: String,
    pub roles: Vec<Role>,
    pub contacts: Vec<Contact>,
    pub communication: Communication,
    pub escalation: Vec<EscalationLevel>,
    pub severity: SeverityMatrix,
    pub playbooks: Vec<Playbook>,
    pub review_interval_months: u32,
    pub approval: Option<Approval>,
    pub superseded_at: Option<DateTime<Utc>>,
    /// Carried from version to version: the plan's whole review history.
    pub reviews: Vec<Review>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of a client's plan history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanSummary {
    pub id: PlanId,
    pub client_id: ClientId,
    pub version: u32,
    pub status: PlanStatus,
    pub title: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub next_review_due: Option<NaiveDate>,
    pub playbook_count: u32,
    pub updated_at: DateTime<Utc>,
}

/// Where a plan stands against its review interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReviewState {
    /// Drafts and superseded versions are not on a review clock.
    NotScheduled,
    Due {
        due: NaiveDate,
        days_left: u32,
    },
    Overdue {
        due: NaiveDate,
        days_overdue: u32,
    },
}

impl Plan {
    /// A first (or next) draft from what was typed or a template produced.
    pub fn create(
        id: PlanId,
        client_id: ClientId,
        version: u32,
        input: PlanInput,
        template: Option<TemplateRef>,
        now: DateTime<Utc>,
    ) -> Result<Plan, Invalid> {
        let input = check(input)?;
        Ok(Plan {
            id,
            client_id,
            version,
            status: PlanStatus::Draft,
            template,
            title: input.title,
            roles: input.roles,
            contacts: input.contacts,
            communication: input.communication,
            escalation: input.escalation,
            severity: input.severity,
            playbooks: input.playbooks,
            review_interval_months: input.review_interval_months,
            approval: None,
            superseded_at: None,
            reviews: Vec::new(),
            created_at: now,
            updated_at: now,
        })
    }

    pub fn to_input(&self) -> PlanInput {
        PlanInput {
            title: self.title.clone(),
            roles: self.roles.clone(),
            contacts: self.contacts.clone(),
            communication: self.communication.clone(),
            escalation: self.escalation.clone(),
            severity: self.severity.clone(),
            playbooks: self.playbooks.clone(),
            review_interval_months: self.review_interval_months,
        }
    }

    /// This draft with its sections replaced. Approved and superseded versions are not edited
    /// in place: use `next_draft` on the approved one.
    pub fn edited(&self, input: PlanInput, now: DateTime<Utc>) -> Result<Plan, Invalid> {
        if self.status != PlanStatus::Draft {
            return Err(Invalid::one(
                "status",
                format!(
                    "version {} is {}; edit the current draft, or start a new draft from the approved version",
                    self.version,
                    self.status_word()
                ),
            ));
        }
        let input = check(input)?;
        Ok(Plan {
            title: input.title,
            roles: input.roles,
            contacts: input.contacts,
            communication: input.communication,
            escalation: input.escalation,
            severity: input.severity,
            playbooks: input.playbooks,
            review_interval_months: input.review_interval_months,
            updated_at: now,
            ..self.clone()
        })
    }

    /// The draft that editing this approved version starts: same content, version + 1.
    pub fn next_draft(&self, id: PlanId, now: DateTime<Utc>) -> Result<Plan, Invalid> {
        if self.status != PlanStatus::Approved {
            return Err(Invalid::one(
                "status",
                format!(
                    "only the approved version starts a new draft; version {} is {}",
                    self.version,
                    self.status_word()
                ),
            ));
        }
        Ok(Plan {
            id,
            version: self.version + 1,
            status: PlanStatus::Draft,
            approval: None,
            superseded_at: None,
            created_at: now,
            updated_at: now,
            ..self.clone()
        })
    }

    /// The draft, approved. Approval needs a complete plan: the errors name what is missing.
    pub fn approved(&self, by: &str, note: &str, now: DateTime<Utc>) -> Result<Plan, Invalid> {
        let mut ck = Checker::default();
        if self.status != PlanStatus::Draft {
            ck.fail(
                "status",
                format!(
                    "version {} is already {}; only a draft is approved",
                    self.version,
                    self.status_word()
                ),
            );
        }
        let by = collapse(by);
        ck.name("approver", &by);
        if by.is_empty() {
            ck.fail(
                "approver",
                "name who approves the plan (the client's signatory or the MSP's lead)",
            );
        }
        check_complete(self, &mut ck);
        ck.finish(())?;
        Ok(Plan {
            status: PlanStatus::Approved,
            approval: Some(Approval {
                by,
                at: now,
                note: note.trim().to_owned(),
            }),
            updated_at: now,
            ..self.clone()
        })
    }

    /// The previously approved version once a newer one is approved.
    pub fn superseded(&self, now: DateTime<Utc>) -> Plan {
        Plan {
            status: PlanStatus::Superseded,
            superseded_at: Some(now),
            updated_at: now,
            ..self.clone()
        }
    }

    /// Logs a review of the approved version; the review clock restarts from `now`.
    pub fn reviewed(&self, by: &str, summary: &str, now: DateTime<Utc>) -> Result<Plan, Invalid> {
        let mut ck = Checker::default();
        if self.status != PlanStatus::Approved {
            ck.fail(
                "status",
                format!(
                    "version {} is {}; reviews are logged against the approved version",
                    self.version,
                    self.status_word()
                ),
            );
        }
        let by = collapse(by);
        ck.name("reviewer", &by);
        if by.is_empty() {
            ck.fail("reviewer", "name who reviewed the plan");
        }
        let summary = summary.trim().to_owned();
        if summary.is_empty() {
            ck.fail(
                "summary",
                "say what changed, or write 'no changes' if the plan still holds",
            );
        }
        ck.finish(())?;
        let mut reviews = self.reviews.clone();
        reviews.push(Review {
            by,
            at: now,
            summary,
            version: self.version,
        });
        Ok(Plan {
            reviews,
            updated_at: now,
            ..self.clone()
        })
    }

    /// The day the next review is due: the interval counted from the last review or, if none
    /// since approval, from the approval. Month arithmetic clamps to the month's last day
    /// (approved 31 January, 1 month → 28/29 February).
    pub fn next_review_due(&self) -> Option<NaiveDate> {
        if self.status != PlanStatus::Approved {
            return None;
        }
        let approved = self.approval.as_ref()?.at;
        let from = self
            .reviews
            .iter()
            .map(|r| r.at)
            .filter(|at| *at >= approved)
            .max()
            .unwrap_or(approved);
        from.date_naive()
            .checked_add_months(Months::new(self.review_interval_months))
    }

    /// Due or overdue, as seen at `now`. Due on the day itself is not yet overdue.
    pub fn review_state(&self, now: DateTime<Utc>) -> ReviewState {
        let Some(due) = self.next_review_due() else {
            return ReviewState::NotScheduled;
        };
        let today = now.date_naive();
        let days = (due - today).num_days();
        if days >= 0 {
            ReviewState::Due {
                due,
                days_left: days as u32,
            }
        } else {
            ReviewState::Overdue {
                due,
                days_overdue: (-days) as u32,
            }
        }
    }

    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            id: self.id,
            client_id: self.client_id,
            version: self.version,
            status: self.status,
            title: self.title.clone(),
            approved_by: self.approval.as_ref().map(|a| a.by.clone()),
            approved_at: self.approval.as_ref().map(|a| a.at),
            next_review_due: self.next_review_due(),
            playbook_count: self.playbooks.len() as u32,
            updated_at: self.updated_at,
        }
    }

    fn status_word(&self) -> &'static str {
        match self.status {
            PlanStatus::Draft => "a draft",
            PlanStatus::Approved => "approved",
            PlanStatus::Superseded => "superseded",
        }
    }
}

#[cfg(test)]
mod tests;
