//! The edits a technician makes to an open incident besides moving its phase and severity:
//! clock triggers, key times, tasks, roles, details and the post-incident review. Each returns
//! the edited incident or the field errors, and never touches the one it was given.

use chrono::{DateTime, Utc};

use super::{
    ActionStatus, Incident, KeyTimes, PostIncidentReview, RoleAssignment, TimelineNote,
    TriggerRecord, check_when, required, role_holder,
};
use crate::Invalid;
use crate::validation::Checker;

impl Incident {
    /// Records (or moves) when a clock's trigger happened.
    pub fn triggered(
        &self,
        trigger: crate::notification::Trigger,
        at: DateTime<Utc>,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(Incident, TimelineNote), Invalid> {
        let mut c = Checker::default();
        check_when(&mut c, "at", at, now);
        c.finish(())?;
        let mut next = self.clone();
        next.triggers.retain(|t| t.trigger != trigger);
        next.triggers.push(TriggerRecord {
            trigger,
            at,
            by: by.to_owned(),
        });
        if trigger == crate::notification::Trigger::Detection {
            next.key_times.detected = at;
        }
        next.updated_at = now;
        Ok((next, super::note::triggered(trigger, at)))
    }

    pub fn trigger_at(&self, trigger: crate::notification::Trigger) -> Option<DateTime<Utc>> {
        self.triggers
            .iter()
            .find(|t| t.trigger == trigger)
            .map(|t| t.at)
    }

    /// Key times typed or corrected by hand; each must be ordered after the one before it.
    pub fn with_key_times(&self, times: KeyTimes, now: DateTime<Utc>) -> Result<Incident, Invalid> {
        let mut c = Checker::default();
        let ordered = [
            ("first_malicious_activity", times.first_malicious_activity),
            ("detected", Some(times.detected)),
            ("reported", times.reported),
            ("contained", times.contained),
            ("eradicated", times.eradicated),
            ("recovered", times.recovered),
            ("closed", times.closed),
        ];
        for (field, at) in ordered {
            if let Some(at) = at {
                check_when(&mut c, field, at, now);
            }
        }
        if let Some(first) = times.first_malicious_activity
            && first > times.detected
        {
            c.fail(
                "first_malicious_activity",
                "first malicious activity is after detection; it must come first",
            );
        }
        for (field, at) in &ordered[2..] {
            if let Some(at) = at
                && *at < times.detected
            {
                c.fail(
                    *field,
                    "this is before detection; use a time after the incident was detected",
                );
            }
        }
        c.finish(())?;
        let mut next = self.clone();
        if next.key_times.detected != times.detected {
            next.triggers
                .retain(|t| t.trigger != crate::notification::Trigger::Detection);
            next.triggers.push(TriggerRecord {
                trigger: crate::notification::Trigger::Detection,
                at: times.detected,
                by: String::new(),
            });
        }
        next.key_times = times;
        next.updated_at = now;
        Ok(next)
    }

    /// Marks a task done (or not done again).
    pub fn with_task(
        &self,
        index: u32,
        done: bool,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident, Invalid> {
        let mut next = self.clone();
        let Some(task) = next.tasks.iter_mut().find(|t| t.index == index) else {
            return Err(Invalid::one(
                "task",
                format!(
                    "this incident has no task {index}; reload the incident and pick a listed task"
                ),
            ));
        };
        if done {
            task.done_at = Some(now);
            task.done_by = by.to_owned();
        } else {
            task.done_at = None;
            task.done_by.clear();
        }
        next.updated_at = now;
        Ok(next)
    }

    /// Reassigns roles; tasks follow their owning role to the new person.
    pub fn with_roles(
        &self,
        roles: Vec<RoleAssignment>,
        now: DateTime<Utc>,
    ) -> Result<Incident, Invalid> {
        let mut c = Checker::default();
        for (i, r) in roles.iter().enumerate() {
            c.name(format!("roles.{i}.role"), r.role.trim());
            c.name(format!("roles.{i}.person"), r.person.trim());
            c.name(format!("roles.{i}.backup"), r.backup.trim());
            if r.role.trim().is_empty() {
                c.fail(
                    format!("roles.{i}.role"),
                    "the role has no name; name it or remove the row",
                );
            }
        }
        c.finish(())?;
        let mut next = self.clone();
        next.roles = roles
            .into_iter()
            .map(|r| RoleAssignment {
                role: r.role.trim().to_owned(),
                person: r.person.trim().to_owned(),
                backup: r.backup.trim().to_owned(),
            })
            .collect();
        for t in &mut next.tasks {
            t.assignee = role_holder(&next.roles, &t.owner_role);
        }
        next.updated_at = now;
        Ok(next)
    }

    /// Title, description, reporter and internal notes.
    pub fn with_details(
        &self,
        title: &str,
        description: &str,
        reported_by: &str,
        internal_notes: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident, Invalid> {
        let mut c = Checker::default();
        super::check_title(&mut c, title);
        c.name("reported_by", reported_by.trim());
        c.finish(())?;
        let mut next = self.clone();
        next.title = title.trim().to_owned();
        next.description = description.trim().to_owned();
        next.reported_by = reported_by.trim().to_owned();
        next.internal_notes = internal_notes.trim_end().to_owned();
        next.updated_at = now;
        Ok(next)
    }

    /// The review as written; action items need a title, and an owner and a due date unless
    /// they are done. New items arrive with an empty id and get `new_id()`.
    pub fn with_review(
        &self,
        mut review: PostIncidentReview,
        mut new_id: impl FnMut() -> String,
        now: DateTime<Utc>,
    ) -> Result<Incident, Invalid> {
        let mut c = Checker::default();
        for (i, a) in review.action_items.iter_mut().enumerate() {
            a.title = a.title.trim().to_owned();
            a.owner = a.owner.trim().to_owned();
            c.name(format!("review.action_items.{i}.title"), &a.title);
            c.name(format!("review.action_items.{i}.owner"), &a.owner);
            if a.title.is_empty() {
                c.fail(
                    format!("review.action_items.{i}.title"),
                    "the action item has no title; say what must change, or remove it",
                );
            }
            if a.status != ActionStatus::Done {
                if a.owner.is_empty() {
                    c.fail(
                        format!("review.action_items.{i}.owner"),
                        "an open action item needs an owner; name who will do it",
                    );
                }
                if a.due.is_none() {
                    c.fail(
                        format!("review.action_items.{i}.due"),
                        "an open action item needs a due date, so readiness can flag it when late",
                    );
                }
            }
            if a.id.trim().is_empty() {
                a.id = new_id();
            }
        }
        c.finish(())?;
        let mut next = self.clone();
        next.review = review;
        next.updated_at = now;
        Ok(next)
    }
}
