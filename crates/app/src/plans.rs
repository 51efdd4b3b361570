//! Use cases over plans: parse the ids that arrive as text, call the store, map errors.

use cordon_core::plan::templates;
use cordon_core::{Plan, PlanChange, PlanId, PlanInput, PlanSummary, ReviewState, TemplateInfo};

use crate::error::AppError;
use crate::workspace::{Workspace, parse_client_id};

pub(crate) fn parse_plan_id(id: &str) -> Result<PlanId, AppError> {
    Ok(id.parse::<PlanId>()?)
}

impl Workspace {
    /// The built-in templates: the baseline plan and the playbooks, each with its version.
    /// They are compiled in, so this works on a locked workspace too.
    pub fn plan_templates(&self) -> Vec<TemplateInfo> {
        templates()
    }

    /// A new draft plan for the client from a template (`baseline`), with the playbooks that
    /// fit the client's sectors.
    pub fn create_plan_from_template(
        &self,
        client_id: &str,
        template: &str,
    ) -> Result<Plan, AppError> {
        let client_id = parse_client_id(client_id)?;
        self.with(|s| s.create_plan_from_template(client_id, template))
    }

    /// The client's plan versions, newest first.
    pub fn list_plans(&self, client_id: &str) -> Result<Vec<PlanSummary>, AppError> {
        let client_id = parse_client_id(client_id)?;
        self.with(|s| {
            s.client(client_id)?; // an unknown client is "not found", not an empty list
            s.list_plans(client_id)
        })
    }

    pub fn plan(&self, id: &str) -> Result<Plan, AppError> {
        let id = parse_plan_id(id)?;
        self.with(|s| s.plan(id))
    }

    /// Autosave of the editor. On an approved version this starts the next draft and returns
    /// it, so the caller switches to the returned id.
    pub fn update_plan(&self, id: &str, input: PlanInput) -> Result<Plan, AppError> {
        let id = parse_plan_id(id)?;
        self.with(|s| s.update_plan(id, input))
    }

    pub fn approve_plan(&self, id: &str, approver: &str, note: &str) -> Result<Plan, AppError> {
        let id = parse_plan_id(id)?;
        self.with(|s| s.approve_plan(id, approver, note))
    }

    pub fn plan_diff(&self, from_id: &str, to_id: &str) -> Result<Vec<PlanChange>, AppError> {
        let from = parse_plan_id(from_id)?;
        let to = parse_plan_id(to_id)?;
        self.with(|s| s.plan_diff(from, to))
    }

    pub fn record_plan_review(
        &self,
        id: &str,
        reviewer: &str,
        summary: &str,
    ) -> Result<Plan, AppError> {
        let id = parse_plan_id(id)?;
        self.with(|s| s.record_plan_review(id, reviewer, summary))
    }

    /// Adds a built-in playbook to the plan; on an approved version this starts the next
    /// draft (like `update_plan`), which is returned.
    pub fn add_playbook_from_template(&self, id: &str, template: &str) -> Result<Plan, AppError> {
        let id = parse_plan_id(id)?;
        self.with(|s| s.add_playbook_from_template(id, template))
    }

    /// Whether the plan version's review is due or overdue, as of the workspace's clock.
    pub fn plan_review_state(&self, id: &str) -> Result<ReviewState, AppError> {
        let id = parse_plan_id(id)?;
        let now = self.now();
        self.with(|s| Ok(s.plan(id)?.review_state(now)))
    }
}
