//! Readiness per client and the overview row the client list shows: facts gathered from the
//! client's current plan, its assets, incidents and exercises, judged by
//! `cordon_core::readiness`.

use cordon_core::exercise::{ExerciseStatus, PlanChangeStatus};
use cordon_core::incident::ActionStatus;
use cordon_core::plan::{Plan, PlanStatus, ReviewState};
use cordon_core::readiness::{
    self, ActionItemFacts, AssetFacts, ContactFacts, PlanChangeFacts, PlanFacts, Readiness,
    ReadinessFacts, RoleFacts,
};
use cordon_core::{ClientId, ClientSummary};
use cordon_store::{Store, StoreError};
use serde::Serialize;

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

/// Criticality 1 is "the business stops without it": those assets must have an owner and RTO.
const CRITICAL: u32 = 1;

/// One row of the home screen: the client, its readiness and where its plan stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientOverview {
    pub client: ClientSummary,
    pub readiness_score: u32,
    pub gap_count: u32,
    /// The status of the plan in force: the approved version, else the newest draft.
    pub plan_status: Option<PlanStatus>,
    pub plan_version: Option<u32>,
    pub review: ReviewState,
}

/// The version that is in force: the approved one; before any approval, the newest draft.
fn current_plan(plans: &[Plan]) -> Option<&Plan> {
    plans
        .iter()
        .filter(|p| p.status == PlanStatus::Approved)
        .max_by_key(|p| p.version)
        .or_else(|| plans.iter().max_by_key(|p| p.version))
}

fn facts(store: &Store, client: ClientId, plans: &[Plan]) -> Result<ReadinessFacts, StoreError> {
    // Only ended exercises count as rehearsals: a session abandoned halfway proved nothing.
    let ended: Vec<(chrono::NaiveDate, Vec<String>)> = store
        .exercises_of(Some(client))?
        .into_iter()
        .filter_map(|e| {
            let clock = e.clock_state(e.updated_at);
            (clock.status == ExerciseStatus::Ended)
                .then_some(clock.ended_at)
                .flatten()
                .map(|at| (at.date_naive(), e.incident_types))
        })
        .collect();
    let mut exercised_types: Vec<String> =
        ended.iter().flat_map(|(_, t)| t.iter().cloned()).collect();
    exercised_types.sort();
    exercised_types.dedup();
    let last_exercise = ended.iter().map(|(d, _)| *d).max();
    let open_plan_changes = store
        .plan_change_items(client)?
        .into_iter()
        .filter(|c| c.status == PlanChangeStatus::Open)
        .map(|c| PlanChangeFacts {
            id: c.id.to_string(),
            exercise_name: c.exercise_name,
            issue: c.issue,
            plan_section: c.plan_section,
            due: c.due,
        })
        .collect();
    let plan = current_plan(plans).map(|p| PlanFacts {
        plan_id: p.id.to_string(),
        ever_approved: plans.iter().any(|v| v.approval.is_some()),
        next_review_due: p.next_review_due(),
        roles: p
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| RoleFacts {
                index: i as u32,
                name: r.name.clone(),
                has_primary: !r.primary.trim().is_empty(),
                has_backup: !r.backup.trim().is_empty(),
            })
            .collect(),
        playbook_types: p
            .playbooks
            .iter()
            .map(|b| b.incident_type.clone())
            .collect(),
        contacts: p
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| ContactFacts {
                index: i as u32,
                // Template contacts start as a slot ("Cyber insurer") before a name is known.
                name: [&c.name, &c.organisation, &c.role]
                    .into_iter()
                    .map(|s| s.trim())
                    .find(|s| !s.is_empty())
                    .map_or_else(|| format!("Contact {}", i + 1), str::to_owned),
                last_verified: c.last_verified,
                has_channel: !c.channels.is_empty(),
            })
            .collect(),
        exercised_types,
        last_exercise,
    });
    let critical_assets = store
        .list_assets(client, false)?
        .into_iter()
        .filter(|a| a.criticality == CRITICAL)
        .map(|a| AssetFacts {
            asset_id: a.id.to_string(),
            name: a.name.clone(),
            has_owner: !a.owner.trim().is_empty(),
            has_rto: a.rto_minutes.is_some(),
        })
        .collect();
    let open_action_items = store
        .incidents_of(Some(client))?
        .into_iter()
        .flat_map(|i| {
            let (incident_id, incident_title) = (i.id.to_string(), i.title.clone());
            i.review
                .action_items
                .into_iter()
                .filter(|a| a.status != ActionStatus::Done)
                .filter_map(move |a| {
                    Some(ActionItemFacts {
                        id: a.id,
                        incident_id: incident_id.clone(),
                        incident_title: incident_title.clone(),
                        title: a.title,
                        due: a.due?,
                    })
                })
        })
        .collect();
    Ok(ReadinessFacts {
        plan,
        critical_assets,
        open_action_items,
        open_plan_changes,
    })
}

fn client_plans(store: &Store, client: ClientId) -> Result<Vec<Plan>, StoreError> {
    store
        .list_plans(client)?
        .into_iter()
        .map(|s| store.plan(s.id))
        .collect()
}

impl Workspace {
    /// The client's gaps, each with its fix and where to make it, and the score.
    pub fn client_readiness(&self, client_id: &str) -> Result<Readiness, AppError> {
        let client = parse_client_id(client_id)?;
        let now = self.now();
        self.with(|s| {
            s.client(client)?; // an unknown id is "not found", not a perfect score
            let plans = client_plans(s, client)?;
            Ok(readiness::assess(&facts(s, client, &plans)?, now))
        })
    }

    /// The client list with readiness and plan status, for the home screen.
    pub fn client_overview(
        &self,
        query: &str,
        include_archived: bool,
    ) -> Result<Vec<ClientOverview>, AppError> {
        let now = self.now();
        self.with(|s| {
            s.list_clients(query, include_archived)?
                .into_iter()
                .map(|client| {
                    let plans = client_plans(s, client.id)?;
                    let assessed = readiness::assess(&facts(s, client.id, &plans)?, now);
                    let current = current_plan(&plans);
                    Ok(ClientOverview {
                        readiness_score: assessed.score,
                        gap_count: assessed.gaps.len() as u32,
                        plan_status: current.map(|p| p.status),
                        plan_version: current.map(|p| p.version),
                        review: current.map_or(ReviewState::NotScheduled, |p| p.review_state(now)),
                        client,
                    })
                })
                .collect()
        })
    }
}
