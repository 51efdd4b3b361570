//! A readable diff between two plan versions: one line per change, grouped by section, in the
//! words a reviewer would use ("Escalation level 2: after 30 → 45 minutes"). Rows are matched
//! by name where they have one (roles, contacts, playbooks, severity levels) so reordering is
//! not reported as a change; escalation levels and matrix cells are matched by position,
//! because their position is their meaning.

use serde::{Deserialize, Serialize};

use super::{Plan, Playbook, PlaybookStep};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanChange {
    /// `title`, `roles`, `contacts`, `communication`, `escalation`, `severity`, `playbooks`,
    /// `review`: which section of the editor the line is about.
    pub section: String,
    pub text: String,
}

struct Out(Vec<PlanChange>);

impl Out {
    fn push(&mut self, section: &str, text: String) {
        self.0.push(PlanChange {
            section: section.into(),
            text,
        });
    }
}

fn show(s: &str) -> String {
    if s.is_empty() {
        "(none)".into()
    } else {
        format!("'{s}'")
    }
}

fn opt_min(m: Option<u32>) -> String {
    m.map_or("no time trigger".into(), |m| format!("{m}"))
}

/// What changed from `old` to `new`.
pub fn diff(old: &Plan, new: &Plan) -> Vec<PlanChange> {
    let mut out = Out(Vec::new());
    if old.title != new.title {
        out.push(
            "title",
            format!("Title: {} → {}", show(&old.title), show(&new.title)),
        );
    }
    roles(old, new, &mut out);
    contacts(old, new, &mut out);
    communication(old, new, &mut out);
    escalation(old, new, &mut out);
    severity(old, new, &mut out);
    playbooks(old, new, &mut out);
    if old.review_interval_months != new.review_interval_months {
        out.push(
            "review",
            format!(
                "Review interval: {} → {} months",
                old.review_interval_months, new.review_interval_months
            ),
        );
    }
    out.0
}

fn roles(old: &Plan, new: &Plan, out: &mut Out) {
    for r in &new.roles {
        match old.roles.iter().find(|o| o.name == r.name) {
            None => out.push("roles", format!("Role added: {}", r.name)),
            Some(o) => {
                if o.primary != r.primary {
                    out.push(
                        "roles",
                        format!(
                            "Role {}: primary {} → {}",
                            r.name,
                            show(&o.primary),
                            show(&r.primary)
                        ),
                    );
                }
                if o.backup != r.backup {
                    out.push(
                        "roles",
                        format!(
                            "Role {}: backup {} → {}",
                            r.name,
                            show(&o.backup),
                            show(&r.backup)
                        ),
                    );
                }
                for d in r.duties.iter().filter(|d| !o.duties.contains(d)) {
                    out.push("roles", format!("Role {}: duty added: {d}", r.name));
                }
                for d in o.duties.iter().filter(|d| !r.duties.contains(d)) {
                    out.push("roles", format!("Role {}: duty removed: {d}", r.name));
                }
            }
        }
    }
    for o in old
        .roles
        .iter()
        .filter(|o| !new.roles.iter().any(|r| r.name == o.name))
    {
        out.push("roles", format!("Role removed: {}", o.name));
    }
}

fn contacts(old: &Plan, new: &Plan, out: &mut Out) {
    let key = |c: &super::Contact| format!("{}|{}", c.name, c.organisation);
    let label = |c: &super::Contact| match (c.name.is_empty(), c.organisation.is_empty()) {
        (false, false) => format!("{} ({})", c.name, c.organisation),
        (false, true) => c.name.clone(),
        _ => c.organisation.clone(),
    };
    for c in &new.contacts {
        match old.contacts.iter().find(|o| key(o) == key(c)) {
            None => out.push("contacts", format!("Contact added: {}", label(c))),
            Some(o) => {
                if o.role != c.role {
                    out.push(
                        "contacts",
                        format!(
                            "Contact {}: role {} → {}",
                            label(c),
                            show(&o.role),
                            show(&c.role)
                        ),
                    );
                }
                for ch in c.channels.iter().filter(|ch| !o.channels.contains(ch)) {
                    out.push(
                        "contacts",
                        format!(
                            "Contact {}: {} added: {}",
                            label(c),
                            ch.kind.label(),
                            ch.value
                        ),
                    );
                }
                for ch in o.channels.iter().filter(|ch| !c.channels.contains(ch)) {
                    out.push(
                        "contacts",
                        format!(
                            "Contact {}: {} removed: {}",
                            label(c),
                            ch.kind.label(),
                            ch.value
                        ),
                    );
                }
                if o.last_verified != c.last_verified {
                    let d = |v: Option<chrono::NaiveDate>| {
                        v.map_or("never".to_string(), |d| d.to_string())
                    };
                    out.push(
                        "contacts",
                        format!(
                            "Contact {}: last verified {} → {}",
                            label(c),
                            d(o.last_verified),
                            d(c.last_verified)
                        ),
                    );
                }
            }
        }
    }
    for o in old
        .contacts
        .iter()
        .filter(|o| !new.contacts.iter().any(|c| key(c) == key(o)))
    {
        out.push("contacts", format!("Contact removed: {}", label(o)));
    }
}

fn communication(old: &Plan, new: &Plan, out: &mut Out) {
    let (o, n) = (&old.communication, &new.communication);
    if o.informs_client != n.informs_client {
        out.push(
            "communication",
            format!(
                "Who informs the client: {} → {}",
                show(&o.informs_client),
                show(&n.informs_client)
            ),
        );
    }
    if o.external_speakers != n.external_speakers {
        out.push(
            "communication",
            format!(
                "Who may speak externally: {} → {}",
                show(&o.external_speakers.join(", ")),
                show(&n.external_speakers.join(", "))
            ),
        );
    }
    for c in &n.channels {
        match o.channels.iter().find(|x| x.purpose == c.purpose) {
            None => out.push(
                "communication",
                format!("Channel added: {} by {}", c.purpose, c.channel.label()),
            ),
            Some(x) if x.channel != c.channel => out.push(
                "communication",
                format!(
                    "Channel for {}: {} → {}",
                    c.purpose,
                    x.channel.label(),
                    c.channel.label()
                ),
            ),
            Some(_) => {}
        }
    }
    for x in o
        .channels
        .iter()
        .filter(|x| !n.channels.iter().any(|c| c.purpose == x.purpose))
    {
        out.push("communication", format!("Channel removed: {}", x.purpose));
    }
    for c in &n.cadence {
        match o.cadence.iter().find(|x| x.level == c.level) {
            None => out.push(
                "communication",
                format!(
                    "Updates at {}: every {} minutes (new)",
                    c.level, c.every_minutes
                ),
            ),
            Some(x) if x.every_minutes != c.every_minutes => out.push(
                "communication",
                format!(
                    "Updates at {}: every {} → {} minutes",
                    c.level, x.every_minutes, c.every_minutes
                ),
            ),
            Some(_) => {}
        }
    }
    for x in o
        .cadence
        .iter()
        .filter(|x| !n.cadence.iter().any(|c| c.level == x.level))
    {
        out.push("communication", format!("Updates at {}: removed", x.level));
    }
}

fn escalation(old: &Plan, new: &Plan, out: &mut Out) {
    let len = old.escalation.len().max(new.escalation.len());
    for i in 0..len {
        let n = i + 1;
        match (old.escalation.get(i), new.escalation.get(i)) {
            (Some(o), Some(e)) => {
                if o.who != e.who {
                    out.push(
                        "escalation",
                        format!(
                            "Escalation level {n}: who {} → {}",
                            show(&o.who),
                            show(&e.who)
                        ),
                    );
                }
                if o.after_minutes != e.after_minutes {
                    out.push(
                        "escalation",
                        format!(
                            "Escalation level {n}: after {} → {} minutes",
                            opt_min(o.after_minutes),
                            opt_min(e.after_minutes)
                        ),
                    );
                }
                if o.severity != e.severity {
                    out.push(
                        "escalation",
                        format!(
                            "Escalation level {n}: at severity {} → {}",
                            show(o.severity.as_deref().unwrap_or_default()),
                            show(e.severity.as_deref().unwrap_or_default())
                        ),
                    );
                }
            }
            (None, Some(e)) => out.push(
                "escalation",
                format!("Escalation level {n} added: {}", e.who),
            ),
            (Some(o), None) => out.push(
                "escalation",
                format!("Escalation level {n} removed: {}", o.who),
            ),
            (None, None) => {}
        }
    }
}

fn severity(old: &Plan, new: &Plan, out: &mut Out) {
    let (o, n) = (&old.severity, &new.severity);
    for l in &n.levels {
        match o.levels.iter().find(|x| x.name == l.name) {
            None => out.push("severity", format!("Severity level added: {}", l.name)),
            Some(x) if x.description != l.description => out.push(
                "severity",
                format!("Severity level {}: description changed", l.name),
            ),
            Some(_) => {}
        }
    }
    for x in o
        .levels
        .iter()
        .filter(|x| !n.levels.iter().any(|l| l.name == x.name))
    {
        out.push("severity", format!("Severity level removed: {}", x.name));
    }
    if o.impacts != n.impacts || o.scopes != n.scopes {
        out.push(
            "severity",
            format!(
                "Severity grid: {}×{} ({} / {}) → {}×{} ({} / {})",
                o.impacts.len(),
                o.scopes.len(),
                o.impacts.join(", "),
                o.scopes.join(", "),
                n.impacts.len(),
                n.scopes.len(),
                n.impacts.join(", "),
                n.scopes.join(", ")
            ),
        );
        return; // cells of a reshaped grid do not line up
    }
    for (i, row) in n.cells.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            let Some(before) = o.cells.get(i).and_then(|r| r.get(j)) else {
                continue;
            };
            let place = format!("{} impact × {}", n.impacts[i], n.scopes[j]);
            if before.level != cell.level {
                out.push(
                    "severity",
                    format!("Severity {place}: {} → {}", before.level, cell.level),
                );
            }
            if before.criterion != cell.criterion {
                out.push(
                    "severity",
                    format!("Severity {place}: criterion now \"{}\"", cell.criterion),
                );
            }
        }
    }
}

fn playbooks(old: &Plan, new: &Plan, out: &mut Out) {
    for p in &new.playbooks {
        match old.playbooks.iter().find(|o| o.name == p.name) {
            None => out.push(
                "playbooks",
                format!("Playbook added: {} ({} steps)", p.name, p.steps.len()),
            ),
            Some(o) => steps(o, p, out),
        }
    }
    for o in old
        .playbooks
        .iter()
        .filter(|o| !new.playbooks.iter().any(|p| p.name == o.name))
    {
        out.push("playbooks", format!("Playbook removed: {}", o.name));
    }
}

fn steps(old: &Playbook, new: &Playbook, out: &mut Out) {
    // A step is identified by its phase and action; an edited action reads as removed + added,
    // which is what it is to the person following the playbook.
    let same = |a: &PlaybookStep, b: &PlaybookStep| a.phase == b.phase && a.action == b.action;
    for s in &new.steps {
        match old.steps.iter().find(|o| same(o, s)) {
            None => out.push(
                "playbooks",
                format!(
                    "Playbook {}: step added in {}: {}",
                    new.name,
                    s.phase.label(),
                    s.action
                ),
            ),
            Some(o) => {
                if o.owner != s.owner {
                    out.push(
                        "playbooks",
                        format!(
                            "Playbook {}: step \"{}\" owner {} → {}",
                            new.name,
                            s.action,
                            show(&o.owner),
                            show(&s.owner)
                        ),
                    );
                }
                if o.evidence != s.evidence {
                    out.push(
                        "playbooks",
                        format!(
                            "Playbook {}: step \"{}\" evidence now: {}",
                            new.name, s.action, s.evidence
                        ),
                    );
                }
            }
        }
    }
    for o in old
        .steps
        .iter()
        .filter(|o| !new.steps.iter().any(|s| same(o, s)))
    {
        out.push(
            "playbooks",
            format!(
                "Playbook {}: step removed from {}: {}",
                new.name,
                o.phase.label(),
                o.action
            ),
        );
    }
}
