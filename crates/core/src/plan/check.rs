//! Checking a plan: the structure on every save, completeness on approval. Each failure names
//! the field path the editor shows it under (`roles.2.primary`, `severity.cells.1.2.criterion`).

use super::{
    ChannelKind, Contact, MAX_REVIEW_INTERVAL_MONTHS, Plan, PlanInput, Playbook, Role,
    SeverityMatrix,
};
use crate::validation::{Checker, Invalid};

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Structural checks, on every save. Trims text and drops fully empty rows.
pub(super) fn check(input: PlanInput) -> Result<PlanInput, Invalid> {
    let mut ck = Checker::default();
    let title = collapse(&input.title);
    ck.name("title", &title);
    if title.is_empty() {
        ck.fail(
            "title",
            "give the plan a title, e.g. 'Incident response plan'",
        );
    }
    if input.review_interval_months == 0
        || input.review_interval_months > MAX_REVIEW_INTERVAL_MONTHS
    {
        ck.fail(
            "review_interval_months",
            format!(
                "review the plan every 1 to {MAX_REVIEW_INTERVAL_MONTHS} months; 12 is usual, 6 for high-risk clients"
            ),
        );
    }

    let mut roles: Vec<Role> = Vec::new();
    for (i, r) in input.roles.into_iter().enumerate() {
        let role = Role {
            name: collapse(&r.name),
            duties: r
                .duties
                .iter()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .collect(),
            primary: collapse(&r.primary),
            backup: collapse(&r.backup),
        };
        if role == Role::default() {
            continue;
        }
        ck.name(format!("roles.{i}.name"), &role.name);
        ck.name(format!("roles.{i}.primary"), &role.primary);
        ck.name(format!("roles.{i}.backup"), &role.backup);
        if role.name.is_empty() {
            ck.fail(
                format!("roles.{i}.name"),
                "name the role (e.g. 'Incident Commander') or remove the row",
            );
        } else if roles
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&role.name))
        {
            ck.fail(
                format!("roles.{i}.name"),
                format!("'{}' is listed twice; merge the two rows", role.name),
            );
        }
        if !role.primary.is_empty() && role.primary.eq_ignore_ascii_case(&role.backup) {
            ck.fail(
                format!("roles.{i}.backup"),
                "the backup must be someone other than the primary; name a second person",
            );
        }
        roles.push(role);
    }
    let role_known = |name: &str| {
        roles
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(name.trim()))
    };

    let mut contacts: Vec<Contact> = Vec::new();
    for (i, mut c) in input.contacts.into_iter().enumerate() {
        c.name = collapse(&c.name);
        c.organisation = collapse(&c.organisation);
        c.role = collapse(&c.role);
        for ch in &mut c.channels {
            ch.value = ch.value.trim().to_owned();
        }
        c.channels.retain(|ch| !ch.value.is_empty());
        if c.name.is_empty() && c.organisation.is_empty() && c.channels.is_empty() {
            continue;
        }
        ck.name(format!("contacts.{i}.name"), &c.name);
        ck.name(format!("contacts.{i}.organisation"), &c.organisation);
        ck.name(format!("contacts.{i}.role"), &c.role);
        if c.name.is_empty() && c.organisation.is_empty() {
            ck.fail(
                format!("contacts.{i}.name"),
                "name the person or the organisation, or remove the row",
            );
        }
        for (k, ch) in c.channels.iter().enumerate() {
            ck.name(format!("contacts.{i}.channels.{k}.value"), &ch.value);
            if ch.kind == ChannelKind::Email && !looks_like_email(&ch.value) {
                ck.fail(
                    format!("contacts.{i}.channels.{k}.value"),
                    format!(
                        "'{}' is not an email address; use name@example.com",
                        ch.value
                    ),
                );
            }
        }
        contacts.push(c);
    }

    let mut communication = input.communication;
    communication.informs_client = collapse(&communication.informs_client);
    communication.external_speakers = communication
        .external_speakers
        .iter()
        .map(|s| collapse(s))
        .filter(|s| !s.is_empty())
        .collect();
    communication.channels.retain(|c| !blank(&c.purpose));
    if !communication.informs_client.is_empty() && !role_known(&communication.informs_client) {
        ck.fail(
            "communication.informs_client",
            format!(
                "'{}' is not a role of this plan; pick one of the roles",
                communication.informs_client
            ),
        );
    }
    for (i, s) in communication.external_speakers.iter().enumerate() {
        if !role_known(s) {
            ck.fail(
                format!("communication.external_speakers.{i}"),
                format!("'{s}' is not a role of this plan; pick one of the roles"),
            );
        }
    }

    let severity = input.severity;
    check_severity(&severity, &mut ck);
    let level_known = |l: &str| severity.rank(l.trim()).is_some();
    for (i, c) in communication.cadence.iter().enumerate() {
        if !level_known(&c.level) {
            ck.fail(
                format!("communication.cadence.{i}.level"),
                format!("'{}' is not a severity level of this plan", c.level),
            );
        }
        if c.every_minutes == 0 {
            ck.fail(
                format!("communication.cadence.{i}.every_minutes"),
                "an update every 0 minutes cannot be kept; give the minutes between updates",
            );
        }
    }

    let mut escalation = Vec::new();
    let mut last_minutes: Option<(usize, u32)> = None;
    for (i, mut e) in input.escalation.into_iter().enumerate() {
        e.who = collapse(&e.who);
        ck.name(format!("escalation.{i}.who"), &e.who);
        e.severity = e
            .severity
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        if e.who.is_empty() {
            ck.fail(
                format!("escalation.{i}.who"),
                "say who is called at this level (a role or a person)",
            );
        }
        if e.severity.is_none() && e.after_minutes.is_none() {
            ck.fail(
                format!("escalation.{i}.after_minutes"),
                "give a trigger: a severity, minutes without containment, or both",
            );
        }
        if let Some(s) = &e.severity
            && !level_known(s)
        {
            ck.fail(
                format!("escalation.{i}.severity"),
                format!("'{s}' is not a severity level of this plan"),
            );
        }
        match e.after_minutes {
            Some(0) => ck.fail(
                format!("escalation.{i}.after_minutes"),
                "0 minutes escalates at once; give a severity instead, or the minutes to wait",
            ),
            Some(m) => {
                if let Some((prev, pm)) = last_minutes
                    && m <= pm
                {
                    ck.fail(
                        format!("escalation.{i}.after_minutes"),
                        format!(
                            "level {} escalates after {pm} minutes, so this level must wait longer than {pm}",
                            prev + 1
                        ),
                    );
                }
                last_minutes = Some((i, m));
            }
            None => {}
        }
        escalation.push(e);
    }

    let mut playbooks: Vec<Playbook> = Vec::new();
    for (p, mut pb) in input.playbooks.into_iter().enumerate() {
        pb.name = collapse(&pb.name);
        ck.name(format!("playbooks.{p}.name"), &pb.name);
        pb.incident_type = pb.incident_type.trim().to_owned();
        pb.summary = pb.summary.trim().to_owned();
        if pb.name.is_empty() {
            ck.fail(
                format!("playbooks.{p}.name"),
                "name the playbook after the incident type",
            );
        } else if playbooks
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&pb.name))
        {
            ck.fail(
                format!("playbooks.{p}.name"),
                format!("there are two playbooks named '{}'; rename one", pb.name),
            );
        }
        let mut steps = Vec::new();
        for (s, mut st) in pb.steps.into_iter().enumerate() {
            st.action = st.action.trim().to_owned();
            st.owner = collapse(&st.owner);
            st.evidence = st.evidence.trim().to_owned();
            if st.action.is_empty() && st.owner.is_empty() && st.evidence.is_empty() {
                continue;
            }
            if st.action.is_empty() {
                ck.fail(
                    format!("playbooks.{p}.steps.{s}.action"),
                    "describe what to do in this step, or remove it",
                );
            }
            if !st.owner.is_empty() && !role_known(&st.owner) {
                ck.fail(
                    format!("playbooks.{p}.steps.{s}.owner"),
                    format!(
                        "'{}' is not a role of this plan; pick one of the roles or add it",
                        st.owner
                    ),
                );
            }
            steps.push(st);
        }
        pb.steps = steps;
        playbooks.push(pb);
    }

    ck.finish(PlanInput {
        title,
        roles,
        contacts,
        communication,
        escalation,
        severity,
        playbooks,
        review_interval_months: input.review_interval_months,
    })
}

fn check_severity(m: &SeverityMatrix, ck: &mut Checker) {
    if m.levels.is_empty() {
        ck.fail(
            "severity.levels",
            "list the severity levels, most severe first (e.g. SEV1 to SEV4)",
        );
    }
    for (i, l) in m.levels.iter().enumerate() {
        if blank(&l.name) {
            ck.fail(
                format!("severity.levels.{i}.name"),
                "name the level (e.g. SEV2)",
            );
        } else if m.levels[..i]
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(l.name.trim()))
        {
            ck.fail(
                format!("severity.levels.{i}.name"),
                format!(
                    "'{}' is listed twice; each level needs its own name",
                    l.name
                ),
            );
        }
    }
    if m.impacts.is_empty() || m.impacts.iter().any(|s| blank(s)) {
        ck.fail(
            "severity.impacts",
            "label every impact row (e.g. Low, Moderate, High, Critical)",
        );
    }
    if m.scopes.is_empty() || m.scopes.iter().any(|s| blank(s)) {
        ck.fail(
            "severity.scopes",
            "label every scope column (e.g. One user, One site, Whole organisation)",
        );
    }
    if m.cells.len() != m.impacts.len() {
        ck.fail(
            "severity.cells",
            format!(
                "the grid has {} rows but {} impact labels; add or remove a row",
                m.cells.len(),
                m.impacts.len()
            ),
        );
    }
    for (i, row) in m.cells.iter().enumerate() {
        if row.len() != m.scopes.len() {
            ck.fail(
                format!("severity.cells.{i}"),
                format!(
                    "row {} has {} cells but there are {} scope columns; fill every column",
                    i + 1,
                    row.len(),
                    m.scopes.len()
                ),
            );
        }
        for (j, cell) in row.iter().enumerate() {
            if m.rank(cell.level.trim()).is_none() {
                ck.fail(
                    format!("severity.cells.{i}.{j}.level"),
                    format!("'{}' is not one of the levels; pick a level", cell.level),
                );
            }
            if blank(&cell.criterion) {
                ck.fail(
                    format!("severity.cells.{i}.{j}.criterion"),
                    "write the criterion that puts an incident in this cell, so responders rate alike",
                );
            }
        }
    }
}

/// What an approved plan must have beyond a sane structure: the skeleton that makes it usable.
pub(super) fn check_complete(plan: &Plan, ck: &mut Checker) {
    if plan.roles.is_empty() {
        ck.fail(
            "roles",
            "add the response roles (at least an Incident Commander)",
        );
    }
    // Named people and contact channels are not demanded here: they change more often than
    // the plan is re-approved, and the readiness panel lists each one that is missing
    // ("role without a named person or backup"), so an approved plan can still show the gap.
    if plan.escalation.is_empty() {
        ck.fail("escalation", "add at least one escalation level");
    }
    if plan.communication.informs_client.is_empty() {
        ck.fail(
            "communication.informs_client",
            "choose the role that keeps the client informed",
        );
    }
    for (p, pb) in plan.playbooks.iter().enumerate() {
        if pb.steps.is_empty() {
            ck.fail(
                format!("playbooks.{p}.steps"),
                format!(
                    "the playbook '{}' has no steps; add them or remove it",
                    pb.name
                ),
            );
        }
        for (s, st) in pb.steps.iter().enumerate() {
            if st.owner.is_empty() {
                ck.fail(
                    format!("playbooks.{p}.steps.{s}.owner"),
                    "give every step an owning role",
                );
            }
        }
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}
