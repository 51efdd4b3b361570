//! The facts readiness is judged on, taken from a client's records: the plan in force, its
//! criticality-1 assets, the action items its incidents left open, the plan changes its
//! exercises asked for, and which incident types it has rehearsed.

use chrono::NaiveDate;

use super::{
    ActionItemFacts, AssetFacts, ContactFacts, PlanChangeFacts, PlanFacts, ReadinessFacts,
    RoleFacts,
};
use crate::asset::Asset;
use crate::exercise::{Exercise, ExerciseStatus, PlanChangeItem, PlanChangeStatus};
use crate::incident::{ActionStatus, Incident};
use crate::plan::{Plan, in_force};

/// Criticality 1 is "the business stops without it": those assets must have an owner and RTO.
pub const CRITICAL: u32 = 1;

/// A client's records, as loaded for readiness.
#[derive(Debug, Clone, Copy)]
pub struct ClientRecords<'a> {
    pub plans: &'a [Plan],
    pub exercises: &'a [Exercise],
    pub plan_changes: &'a [PlanChangeItem],
    pub assets: &'a [Asset],
    pub incidents: &'a [Incident],
}

/// The version in force among a client's plan versions.
pub fn plan_in_force(plans: &[Plan]) -> Option<&Plan> {
    in_force(plans, Plan::rank)
}

pub fn facts(r: ClientRecords<'_>) -> ReadinessFacts {
    // Only ended exercises count as rehearsals: a session abandoned halfway proved nothing.
    let ended: Vec<(NaiveDate, &[String])> = r
        .exercises
        .iter()
        .filter_map(|e| {
            let clock = e.clock_state(e.updated_at);
            (clock.status == ExerciseStatus::Ended)
                .then_some(clock.ended_at)
                .flatten()
                .map(|at| (at.date_naive(), e.incident_types.as_slice()))
        })
        .collect();
    let mut exercised_types: Vec<String> =
        ended.iter().flat_map(|(_, t)| t.iter().cloned()).collect();
    exercised_types.sort();
    exercised_types.dedup();
    let last_exercise = ended.iter().map(|(d, _)| *d).max();
    let open_plan_changes = r
        .plan_changes
        .iter()
        .filter(|c| c.status == PlanChangeStatus::Open)
        .map(|c| PlanChangeFacts {
            id: c.id.to_string(),
            exercise_name: c.exercise_name.clone(),
            issue: c.issue.clone(),
            plan_section: c.plan_section.clone(),
            due: c.due,
        })
        .collect();
    let plan = plan_in_force(r.plans).map(|p| PlanFacts {
        plan_id: p.id.to_string(),
        ever_approved: r.plans.iter().any(|v| v.approval.is_some()),
        next_review_due: p.next_review_due(),
        roles: p
            .roles
            .iter()
            .enumerate()
            .map(|(i, role)| RoleFacts {
                index: i as u32,
                name: role.name.clone(),
                has_primary: !role.primary.trim().is_empty(),
                has_backup: !role.backup.trim().is_empty(),
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
    let critical_assets = r
        .assets
        .iter()
        .filter(|a| a.criticality == CRITICAL)
        .map(|a| AssetFacts {
            asset_id: a.id.to_string(),
            name: a.name.clone(),
            has_owner: !a.owner.trim().is_empty(),
            has_rto: a.rto_minutes.is_some(),
        })
        .collect();
    let open_action_items = r
        .incidents
        .iter()
        .flat_map(|i| {
            i.review
                .action_items
                .iter()
                .filter(|a| a.status != ActionStatus::Done)
                .filter_map(move |a| {
                    Some(ActionItemFacts {
                        id: a.id.clone(),
                        incident_id: i.id.to_string(),
                        incident_title: i.title.clone(),
                        title: a.title.clone(),
                        due: a.due?,
                    })
                })
        })
        .collect();
    ReadinessFacts {
        plan,
        critical_assets,
        open_action_items,
        open_plan_changes,
    }
}
