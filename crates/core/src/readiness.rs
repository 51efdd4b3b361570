//! Readiness: how prepared a client is for its next incident, as a list of gaps (each with
//! what to do and where) and a score. Derived, never stored: it is recomputed from the plan,
//! the assets and the incidents whenever it is shown, so it cannot go stale.
//!
//! The checks read plain facts (`ReadinessFacts`) rather than the aggregates themselves, so
//! each aggregate's module decides how its facts are gathered and this module stays a small
//! table of rules that is easy to read and to test.

mod facts;

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use facts::{CRITICAL, ClientRecords, facts, plan_in_force};

/// A contact whose details nobody has confirmed for this long may no longer answer.
pub const CONTACT_VERIFY_DAYS: i64 = 180;

/// A plan not rehearsed for this long is a gap: CISA and most insurers expect a tabletop
/// exercise at least yearly.
pub const EXERCISE_INTERVAL_MONTHS: u32 = 12;

/// Incident types every MSP client should have a playbook for.
pub const COMMON_INCIDENT_TYPES: [&str; 4] = [
    "ransomware",
    "business_email_compromise",
    "phishing",
    "data_breach",
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessFacts {
    pub plan: Option<PlanFacts>,
    pub critical_assets: Vec<AssetFacts>,
    pub open_action_items: Vec<ActionItemFacts>,
    /// Plan change items raised by exercise findings and not yet done.
    pub open_plan_changes: Vec<PlanChangeFacts>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFacts {
    pub plan_id: String,
    pub ever_approved: bool,
    pub next_review_due: Option<NaiveDate>,
    pub roles: Vec<RoleFacts>,
    /// Incident types (template keys such as `ransomware`) that have a playbook.
    pub playbook_types: Vec<String>,
    pub contacts: Vec<ContactFacts>,
    /// Incident types rehearsed by an ended exercise of this client.
    pub exercised_types: Vec<String>,
    /// The day the client's most recent exercise ended.
    pub last_exercise: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFacts {
    pub index: u32,
    pub name: String,
    pub has_primary: bool,
    pub has_backup: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFacts {
    pub index: u32,
    pub name: String,
    pub last_verified: Option<NaiveDate>,
    /// At least one phone, email or other channel is recorded.
    pub has_channel: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetFacts {
    pub asset_id: String,
    pub name: String,
    pub has_owner: bool,
    pub has_rto: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItemFacts {
    pub id: String,
    /// The incident whose review raised it.
    pub incident_id: String,
    pub incident_title: String,
    pub title: String,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChangeFacts {
    pub id: String,
    pub exercise_name: String,
    pub issue: String,
    /// The plan section it changes; the gap links there.
    pub plan_section: String,
    pub due: Option<NaiveDate>,
}

/// Where the user goes to fix a gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "screen", rename_all = "snake_case")]
pub enum GapLink {
    /// A section of the plan editor (`roles`, `contacts`, `playbooks`, `review` ...).
    Plan {
        section: String,
        item: Option<u32>,
    },
    Asset {
        asset_id: String,
    },
    NewPlan,
    ActionItem {
        id: String,
        incident_id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum GapSeverity {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Gap {
    /// Stable key, for tests and for the UI's icons (`plan_never_approved` ...).
    pub kind: String,
    pub severity: GapSeverity,
    /// What is missing and what to do about it.
    pub message: String,
    pub link: GapLink,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Readiness {
    /// 0–100: the weighted share of checks passed.
    pub score: u32,
    pub gaps: Vec<Gap>,
}

struct Check {
    weight: u32,
    passed: bool,
}

/// Computes the gaps and the score. `now` is passed in; nothing here reads a clock.
pub fn assess(facts: &ReadinessFacts, now: DateTime<Utc>) -> Readiness {
    let today = now.date_naive();
    let mut gaps = Vec::new();
    let mut checks = Vec::new();
    let mut gap = |kind: &str, severity, message: String, link| {
        gaps.push(Gap {
            kind: kind.into(),
            severity,
            message,
            link,
        });
    };

    match &facts.plan {
        None => {
            checks.push(Check {
                weight: 60,
                passed: false,
            });
            gap(
                "no_plan",
                GapSeverity::High,
                "There is no incident-response plan; create one from the baseline template".into(),
                GapLink::NewPlan,
            );
        }
        Some(plan) => {
            let plan_link = |section: &str, item: Option<u32>| GapLink::Plan {
                section: section.into(),
                item,
            };
            checks.push(Check {
                weight: 20,
                passed: plan.ever_approved,
            });
            if !plan.ever_approved {
                gap(
                    "plan_never_approved",
                    GapSeverity::High,
                    "The plan has never been approved; review it with the client and approve it"
                        .into(),
                    plan_link("review", None),
                );
            }
            let overdue = plan.next_review_due.filter(|due| *due < today);
            checks.push(Check {
                weight: 10,
                passed: overdue.is_none(),
            });
            if let Some(due) = overdue {
                gap(
                    "plan_review_overdue",
                    GapSeverity::Medium,
                    format!("The plan's review was due on {due}; review it and record the review"),
                    plan_link("review", None),
                );
            }
            let mut staffed = true;
            for role in &plan.roles {
                if !role.has_primary {
                    staffed = false;
                    gap(
                        "role_without_person",
                        GapSeverity::High,
                        format!("{} has nobody named; name a primary person", role.name),
                        plan_link("roles", Some(role.index)),
                    );
                } else if !role.has_backup {
                    staffed = false;
                    gap(
                        "role_without_backup",
                        GapSeverity::Medium,
                        format!(
                            "{} has no backup; name who stands in when the primary is away",
                            role.name
                        ),
                        plan_link("roles", Some(role.index)),
                    );
                }
            }
            checks.push(Check {
                weight: 15,
                passed: staffed && !plan.roles.is_empty(),
            });
            let mut covered = true;
            for kind in COMMON_INCIDENT_TYPES {
                if !plan.playbook_types.iter().any(|t| t == kind) {
                    covered = false;
                    gap(
                        "missing_playbook",
                        GapSeverity::Medium,
                        format!(
                            "No playbook for {}; add one from the templates",
                            kind.replace('_', " ")
                        ),
                        plan_link("playbooks", None),
                    );
                }
            }
            // A playbook nobody has rehearsed is a weaker playbook: the exercise gaps count
            // against the same check as a missing one.
            for (i, kind) in plan.playbook_types.iter().enumerate() {
                if !plan.exercised_types.iter().any(|t| t == kind) {
                    covered = false;
                    gap(
                        "playbook_never_exercised",
                        GapSeverity::Low,
                        format!(
                            "The {} playbook has never been exercised; run a tabletop exercise \
                             of it with the client",
                            kind.replace('_', " ")
                        ),
                        plan_link("playbooks", Some(i as u32)),
                    );
                }
            }
            let exercise_due = plan
                .last_exercise
                .and_then(|d| d.checked_add_months(Months::new(EXERCISE_INTERVAL_MONTHS)));
            if let (Some(last), Some(due)) = (plan.last_exercise, exercise_due)
                && due < today
            {
                covered = false;
                gap(
                    "exercise_overdue",
                    GapSeverity::Medium,
                    format!(
                        "The last exercise ended on {last}, more than {EXERCISE_INTERVAL_MONTHS} \
                         months ago; schedule a tabletop exercise"
                    ),
                    plan_link("review", None),
                );
            }
            checks.push(Check {
                weight: 15,
                passed: covered,
            });
            let stale_before = today - Duration::days(CONTACT_VERIFY_DAYS);
            let mut verified = true;
            for c in plan.contacts.iter().filter(|c| !c.has_channel) {
                verified = false;
                gap(
                    "contact_unreachable",
                    GapSeverity::Medium,
                    format!(
                        "{} has no phone, email or other channel; add how to reach them",
                        c.name
                    ),
                    plan_link("contacts", Some(c.index)),
                );
            }
            // An unreachable contact is already a gap; "verify them" would only repeat it.
            for c in plan.contacts.iter().filter(|c| c.has_channel) {
                let stale = c.last_verified.is_none_or(|d| d < stale_before);
                if stale {
                    verified = false;
                    let when = c.last_verified.map_or("never verified".to_owned(), |d| {
                        format!("last verified {d}")
                    });
                    gap(
                        "contact_unverified",
                        GapSeverity::Low,
                        format!(
                            "{} ({when}); call or email them to confirm their details",
                            c.name
                        ),
                        plan_link("contacts", Some(c.index)),
                    );
                }
            }
            checks.push(Check {
                weight: 10,
                passed: verified,
            });
        }
    }

    let mut assets_ok = true;
    for a in &facts.critical_assets {
        if !a.has_owner || !a.has_rto {
            assets_ok = false;
            let missing = match (a.has_owner, a.has_rto) {
                (false, false) => "an owner and a recovery time objective",
                (false, true) => "an owner",
                _ => "a recovery time objective (RTO)",
            };
            gap(
                "critical_asset_incomplete",
                GapSeverity::Medium,
                format!("Critical asset {} lacks {missing}; fill it in", a.name),
                GapLink::Asset {
                    asset_id: a.asset_id.clone(),
                },
            );
        }
    }
    checks.push(Check {
        weight: 15,
        passed: assets_ok,
    });

    let mut actions_ok = true;
    // Every open item shows until it is closed: the review's lessons are only learned when
    // the work is done. Only late ones cost readiness.
    for item in &facts.open_action_items {
        let link = GapLink::ActionItem {
            id: item.id.clone(),
            incident_id: item.incident_id.clone(),
        };
        if item.due < today {
            actions_ok = false;
            gap(
                "action_item_overdue",
                GapSeverity::Medium,
                format!(
                    "Action item \"{}\" (from \"{}\") was due on {}; finish it or move its date",
                    item.title, item.incident_title, item.due
                ),
                link,
            );
        } else {
            gap(
                "action_item_open",
                GapSeverity::Low,
                format!(
                    "Action item \"{}\" (from \"{}\") is open, due {}",
                    item.title, item.incident_title, item.due
                ),
                link,
            );
        }
    }
    // Exercise findings owe the plan a change; like review action items, each shows until
    // done and only late ones cost readiness.
    for change in &facts.open_plan_changes {
        let link = GapLink::Plan {
            section: change.plan_section.clone(),
            item: None,
        };
        match change.due {
            Some(due) if due < today => {
                actions_ok = false;
                gap(
                    "plan_change_overdue",
                    GapSeverity::Medium,
                    format!(
                        "Plan change \"{}\" (from \"{}\") was due on {due}; make it or move its date",
                        change.issue, change.exercise_name
                    ),
                    link,
                );
            }
            _ => gap(
                "plan_change_open",
                GapSeverity::Low,
                format!(
                    "Plan change \"{}\" (from \"{}\") is open; change the plan and mark it done",
                    change.issue, change.exercise_name
                ),
                link,
            ),
        }
    }
    checks.push(Check {
        weight: 5,
        passed: actions_ok,
    });

    let total: u32 = checks.iter().map(|c| c.weight).sum();
    let earned: u32 = checks.iter().filter(|c| c.passed).map(|c| c.weight).sum();
    gaps.sort_by_key(|g| g.severity);
    Readiness {
        // No checks at all cannot happen (assets and action items always count), but a
        // division by zero would be a panic across IPC, so it reads as "nothing missing".
        score: (earned * 100).checked_div(total).unwrap_or(100),
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-26T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn complete_plan() -> PlanFacts {
        PlanFacts {
            plan_id: "p".into(),
            ever_approved: true,
            next_review_due: Some(date("2027-05-01")),
            roles: vec![RoleFacts {
                index: 0,
                name: "Incident Commander".into(),
                has_primary: true,
                has_backup: true,
            }],
            playbook_types: COMMON_INCIDENT_TYPES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            contacts: vec![ContactFacts {
                index: 0,
                name: "Ana".into(),
                last_verified: Some(date("2026-10-01")),
                has_channel: true,
            }],
            exercised_types: COMMON_INCIDENT_TYPES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            last_exercise: Some(date("2026-03-01")),
        }
    }

    fn kinds(r: &Readiness) -> Vec<&str> {
        r.gaps.iter().map(|g| g.kind.as_str()).collect()
    }

    #[test]
    fn a_complete_client_scores_100_with_no_gaps() {
        let r = assess(
            &ReadinessFacts {
                plan: Some(complete_plan()),
                ..Default::default()
            },
            now(),
        );
        assert_eq!((r.score, r.gaps.len()), (100, 0));
    }

    #[test]
    fn no_plan_is_the_first_gap_and_links_to_a_new_plan() {
        let r = assess(&ReadinessFacts::default(), now());
        assert_eq!(kinds(&r), ["no_plan"]);
        assert_eq!(r.gaps[0].link, GapLink::NewPlan);
        assert_eq!(r.score, 25, "only the asset and action-item checks pass");
    }

    #[test]
    fn each_gap_names_the_item_and_where_to_fix_it() {
        let mut plan = complete_plan();
        plan.ever_approved = false;
        plan.next_review_due = Some(date("2026-11-25"));
        plan.roles.push(RoleFacts {
            index: 1,
            name: "Technical Lead".into(),
            has_primary: true,
            has_backup: false,
        });
        plan.playbook_types.retain(|t| t != "ransomware");
        plan.contacts.push(ContactFacts {
            index: 1,
            name: "Insurer hotline".into(),
            last_verified: Some(date("2026-05-29")),
            has_channel: true,
        });
        let facts = ReadinessFacts {
            plan: Some(plan),
            critical_assets: vec![AssetFacts {
                asset_id: "a1".into(),
                name: "FS-01".into(),
                has_owner: false,
                has_rto: true,
            }],
            open_action_items: vec![
                ActionItemFacts {
                    id: "x".into(),
                    incident_id: "i".into(),
                    incident_title: "Ransomware".into(),
                    title: "Rotate keys".into(),
                    due: date("2026-11-01"),
                },
                ActionItemFacts {
                    id: "y".into(),
                    incident_id: "i".into(),
                    incident_title: "Ransomware".into(),
                    title: "Train staff".into(),
                    due: date("2027-02-01"),
                },
            ],
            open_plan_changes: Vec::new(),
        };
        let r = assess(&facts, now());
        assert_eq!(
            kinds(&r),
            [
                "plan_never_approved",
                "plan_review_overdue",
                "role_without_backup",
                "missing_playbook",
                "critical_asset_incomplete",
                "action_item_overdue",
                "contact_unverified",
                "action_item_open"
            ]
        );
        assert_eq!(
            r.gaps[7].link,
            GapLink::ActionItem {
                id: "y".into(),
                incident_id: "i".into()
            },
            "an open item shows until closed, linked to its incident"
        );
        let backup = &r.gaps[2];
        assert!(backup.message.contains("Technical Lead"));
        assert_eq!(
            backup.link,
            GapLink::Plan {
                section: "roles".into(),
                item: Some(1)
            }
        );
        assert!(
            r.gaps[4]
                .message
                .starts_with("Critical asset FS-01 lacks an owner;"),
            "{}",
            r.gaps[4].message
        );
        assert!(r.score < 50, "{}", r.score);
    }

    #[test]
    fn contacts_go_stale_after_180_days_not_before() {
        let mut plan = complete_plan();
        plan.contacts = vec![
            ContactFacts {
                index: 0,
                name: "Fresh".into(),
                last_verified: Some(date("2026-05-30")),
                has_channel: true,
            },
            ContactFacts {
                index: 1,
                name: "Stale".into(),
                last_verified: Some(date("2026-05-29")),
                has_channel: true,
            },
            ContactFacts {
                index: 2,
                name: "Never".into(),
                last_verified: None,
                has_channel: true,
            },
        ];
        let r = assess(
            &ReadinessFacts {
                plan: Some(plan),
                ..Default::default()
            },
            now(),
        );
        let names: Vec<_> = r
            .gaps
            .iter()
            .map(|g| g.message.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(names, ["Stale", "Never"]);
    }

    #[test]
    fn a_contact_with_no_channel_cannot_be_reached() {
        let mut plan = complete_plan();
        plan.contacts[0].has_channel = false;
        let r = assess(
            &ReadinessFacts {
                plan: Some(plan),
                ..Default::default()
            },
            now(),
        );
        assert_eq!(kinds(&r), ["contact_unreachable"]);
        assert!(
            r.gaps[0].message.starts_with("Ana has no phone"),
            "{}",
            r.gaps[0].message
        );
        assert_eq!(
            r.score,
            80 * 100 / 90,
            "only the contacts check (weight 10 of 90) fails"
        );
    }

    #[test]
    fn unexercised_playbooks_a_stale_last_exercise_and_open_plan_changes_are_gaps() {
        let mut plan = complete_plan();
        plan.exercised_types = vec!["ransomware".into()];
        plan.last_exercise = Some(date("2025-11-25"));
        let r = assess(
            &ReadinessFacts {
                plan: Some(plan),
                open_plan_changes: vec![
                    PlanChangeFacts {
                        id: "c1".into(),
                        exercise_name: "Ransomware drill".into(),
                        issue: "No out-of-band number".into(),
                        plan_section: "communication".into(),
                        due: Some(date("2026-11-01")),
                    },
                    PlanChangeFacts {
                        id: "c2".into(),
                        exercise_name: "Ransomware drill".into(),
                        issue: "Backup for IC".into(),
                        plan_section: "roles".into(),
                        due: None,
                    },
                ],
                ..Default::default()
            },
            now(),
        );
        assert_eq!(
            kinds(&r),
            [
                "exercise_overdue",
                "plan_change_overdue",
                "playbook_never_exercised",
                "playbook_never_exercised",
                "playbook_never_exercised",
                "plan_change_open"
            ]
        );
        assert_eq!(
            r.gaps[2].link,
            GapLink::Plan {
                section: "playbooks".into(),
                item: Some(1)
            }
        );
        assert!(r.gaps[2].message.contains("business email compromise"));
        assert_eq!(
            r.gaps[5].link,
            GapLink::Plan {
                section: "roles".into(),
                item: None
            }
        );
        // The playbook check (15) and the action check (5) fail.
        assert_eq!(r.score, 70 * 100 / 90);

        // Exactly twelve months is not yet overdue.
        let mut fresh = complete_plan();
        fresh.last_exercise = Some(date("2025-11-26"));
        let r = assess(
            &ReadinessFacts {
                plan: Some(fresh),
                ..Default::default()
            },
            now(),
        );
        assert!(r.gaps.is_empty(), "{:?}", kinds(&r));
    }
}
