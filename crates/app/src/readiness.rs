//! Readiness per client and the overview row the client list shows: facts gathered from the
//! client's current plan, its assets, incidents and exercises, judged by
//! `cordon_core::readiness`.

use cordon_core::plan::{Plan, PlanStatus, ReviewState};
use cordon_core::readiness::{self, ClientRecords, Readiness, ReadinessFacts, plan_in_force};
use cordon_core::{ClientId, ClientSummary};
use cordon_store::{Store, StoreError};
use serde::Serialize;

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

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

/// What readiness is judged on, loaded for one client and turned into facts by core.
fn facts(store: &Store, client: ClientId, plans: &[Plan]) -> Result<ReadinessFacts, StoreError> {
    let exercises = store.exercises_of(Some(client))?;
    let plan_changes = store.plan_change_items(client)?;
    let assets = store.list_assets(client, false)?;
    let incidents = store.incidents_of(Some(client))?;
    Ok(readiness::facts(ClientRecords {
        plans,
        exercises: &exercises,
        plan_changes: &plan_changes,
        assets: &assets,
        incidents: &incidents,
    }))
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
                    let current = plan_in_force(&plans);
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
