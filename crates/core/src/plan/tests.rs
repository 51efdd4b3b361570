use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2026-01-31T09:00:00Z")
}

fn pid(n: u128) -> PlanId {
    PlanId::from_uuid(Uuid::from_u128(n))
}

fn cid() -> ClientId {
    ClientId::from_uuid(Uuid::from_u128(7))
}

/// The baseline with people filled in: what a tailored plan looks like.
fn complete_input() -> PlanInput {
    let (mut input, _) = baseline().plan_input(&[]);
    for (i, r) in input.roles.iter_mut().enumerate() {
        r.primary = format!("Person {i}");
        r.backup = format!("Backup {i}");
    }
    for c in &mut input.contacts {
        c.channels = vec![ContactChannel {
            kind: ChannelKind::Phone,
            value: "+44 20 5550 0000".into(),
        }];
    }
    input
}

fn draft() -> Plan {
    Plan::create(pid(1), cid(), 1, complete_input(), None, now()).unwrap()
}

fn fields(e: &Invalid) -> Vec<&str> {
    e.fields.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn approve_then_edit_makes_the_next_draft_and_supersedes_on_approval() {
    let v1 = draft();
    assert_eq!(v1.status, PlanStatus::Draft);
    let later = at("2026-02-01T10:00:00Z");
    let v1 = v1.approved("Dana Reyes", "signed at QBR", later).unwrap();
    assert_eq!(v1.status, PlanStatus::Approved);
    assert_eq!(v1.approval.as_ref().unwrap().by, "Dana Reyes");
    assert_eq!(v1.approval.as_ref().unwrap().at, later);

    // The approved version is frozen.
    let e = v1.edited(complete_input(), later).unwrap_err();
    assert_eq!(fields(&e), ["status"]);
    assert!(
        v1.approved("X", "", later).is_err(),
        "approving twice fails"
    );

    let v2 = v1.next_draft(pid(2), later).unwrap();
    assert_eq!(
        (v2.version, v2.status, v2.approval.clone(), v2.id),
        (2, PlanStatus::Draft, None, pid(2))
    );
    let mut input = v2.to_input();
    input.escalation[1].after_minutes = Some(45);
    let v2 = v2.edited(input, later).unwrap();
    assert_eq!(v2.escalation[1].after_minutes, Some(45));
    assert_eq!(v1.escalation[1].after_minutes, Some(60), "v1 untouched");

    let v1 = v1.superseded(later);
    assert_eq!(v1.status, PlanStatus::Superseded);
    assert!(
        v1.next_draft(pid(3), later).is_err(),
        "superseded does not start drafts"
    );
    assert_eq!(
        v1.next_review_due(),
        None,
        "superseded versions are not on a clock"
    );
}

#[test]
fn approval_names_the_approver_and_leaves_missing_people_to_readiness() {
    let (input, t) = baseline().plan_input(&[]);
    let plan = Plan::create(pid(1), cid(), 1, input, Some(t), now()).unwrap();
    let e = plan.approved("  ", "", now()).unwrap_err();
    assert_eq!(fields(&e), ["approver"]);
    // The template names no people yet; approval is still possible and readiness lists them.
    let approved = plan.approved("Ingrid Berg", "", now()).unwrap();
    assert_eq!(approved.status, PlanStatus::Approved);
    assert!(approved.roles.iter().any(|r| r.primary.is_empty()));
    let mut empty = plan.clone();
    empty.roles.clear();
    empty.escalation.clear();
    let f = fields(&empty.approved("Ingrid Berg", "", now()).unwrap_err()).join(",");
    assert!(f.contains("roles") && f.contains("escalation"), "{f}");
}

#[test]
fn structural_errors_name_the_field_path() {
    let mut input = complete_input();
    input.roles[1].backup = input.roles[1].primary.clone();
    input.escalation[0].after_minutes = Some(0);
    input.escalation[2].after_minutes = Some(30); // level 2 is 60
    input.escalation[3].severity = Some("SEV9".into());
    input.severity.cells[1][2].criterion = "  ".into();
    input.severity.cells[0][0].level = "P1".into();
    input.playbooks[0].steps[0].owner = "Janitor".into();
    input.contacts[0].channels.push(ContactChannel {
        kind: ChannelKind::Email,
        value: "nobody-at-example".into(),
    });
    input.review_interval_months = 0;
    let e = Plan::create(pid(1), cid(), 1, input, None, now()).unwrap_err();
    let f = fields(&e);
    for want in [
        "review_interval_months",
        "roles.1.backup",
        "contacts.0.channels.1.value",
        "severity.cells.0.0.level",
        "severity.cells.1.2.criterion",
        "escalation.0.after_minutes",
        "escalation.2.after_minutes",
        "escalation.3.severity",
        "playbooks.0.steps.0.owner",
    ] {
        assert!(f.contains(&want), "missing {want} in {f:?}");
    }
    let m = &e
        .fields
        .iter()
        .find(|x| x.field == "escalation.2.after_minutes")
        .unwrap()
        .message;
    assert!(m.contains("level 2 escalates after 60"), "{m}");
}

#[test]
fn empty_rows_are_dropped_not_rejected() {
    let mut input = complete_input();
    let roles = input.roles.len();
    input.roles.push(Role::default());
    input.playbooks[0].steps.push(PlaybookStep {
        phase: Phase::Contain,
        action: " ".into(),
        owner: String::new(),
        evidence: String::new(),
    });
    let steps = input.playbooks[0].steps.len() - 1;
    let p = Plan::create(pid(1), cid(), 1, input, None, now()).unwrap();
    assert_eq!(p.roles.len(), roles);
    assert_eq!(p.playbooks[0].steps.len(), steps);
}

#[test]
fn severity_lookup_gives_level_and_criterion() {
    let m = draft().severity;
    let r = m.rate("critical", "Whole organisation").unwrap();
    assert_eq!((r.level.as_str(), r.rank), ("SEV1", 0));
    // A cell describes the case it covers, suspected or confirmed: a report prints it as the
    // plan's rule, and it must not read as a finding.
    assert!(
        r.criterion.contains("Theft of regulated data"),
        "{}",
        r.criterion
    );
    for row in &m.cells {
        for cell in row {
            assert!(
                !cell.criterion.contains("confirmed")
                    || cell.criterion.contains("suspected or confirmed"),
                "{}",
                cell.criterion
            );
        }
    }
    let r = m.rate("Low", "one user or device").unwrap();
    assert_eq!((r.level.as_str(), r.rank), ("SEV4", 3));
    assert_eq!(m.rate("Huge", "One team or site"), None);
    assert_eq!(m.rate("Low", "Galaxy"), None);
    // A grid that is not square with its labels is refused, with the row named.
    let mut input = complete_input();
    input.severity.cells[2].pop();
    let e = Plan::create(pid(1), cid(), 1, input, None, now()).unwrap_err();
    assert_eq!(fields(&e), ["severity.cells.2"]);
}

#[test]
fn review_due_clamps_at_month_end_and_turns_overdue_after_the_day() {
    let mut input = complete_input();
    input.review_interval_months = 1;
    let p = Plan::create(pid(1), cid(), 1, input, None, now()).unwrap();
    assert_eq!(p.review_state(now()), ReviewState::NotScheduled);
    let p = p.approved("Dana", "", now()).unwrap(); // 31 January
    let feb28 = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    assert_eq!(p.next_review_due(), Some(feb28));
    assert_eq!(
        p.review_state(at("2026-02-28T23:59:00Z")),
        ReviewState::Due {
            due: feb28,
            days_left: 0
        }
    );
    assert_eq!(
        p.review_state(at("2026-03-02T08:00:00Z")),
        ReviewState::Overdue {
            due: feb28,
            days_overdue: 2
        }
    );
    // A review restarts the clock from its own day; the log keeps who and what.
    let p = p
        .reviewed("Sam", "Updated insurer hotline", at("2026-03-31T12:00:00Z"))
        .unwrap();
    assert_eq!(p.next_review_due(), NaiveDate::from_ymd_opt(2026, 4, 30));
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].version, 1);
    let e = p.reviewed("", "", now()).unwrap_err();
    assert_eq!(fields(&e), ["reviewer", "summary"]);
    // Counting months, not days: 28 February stays 28 February across a leap year.
    let mut input = complete_input();
    input.review_interval_months = 12;
    let p = Plan::create(pid(1), cid(), 1, input, None, at("2027-02-28T10:00:00Z"))
        .unwrap()
        .approved("Dana", "", at("2027-02-28T10:00:00Z"))
        .unwrap();
    assert_eq!(p.next_review_due(), NaiveDate::from_ymd_opt(2028, 2, 28));
}

#[test]
fn reviews_are_only_logged_against_the_approved_version() {
    let e = draft().reviewed("Sam", "ok", now()).unwrap_err();
    assert_eq!(fields(&e), ["status"]);
}

#[test]
fn diff_reads_like_a_change_log() {
    let old = draft();
    let mut input = old.to_input();
    input.escalation[1].after_minutes = Some(45);
    input.roles[0].primary = "Alex Kim".into();
    input.roles.push(Role {
        name: "Legal Liaison".into(),
        duties: vec!["Talks to counsel".into()],
        primary: "Lee".into(),
        backup: "Kai".into(),
    });
    input.severity.cells[0][0].level = "SEV3".into();
    input.communication.cadence[0].every_minutes = 30;
    let rw = input
        .playbooks
        .iter_mut()
        .find(|p| p.name == "Ransomware")
        .unwrap();
    rw.steps.insert(
        3,
        PlaybookStep {
            phase: Phase::Contain,
            action: "Block outbound traffic to known leak sites".into(),
            owner: "Technical Lead".into(),
            evidence: "Firewall rule export".into(),
        },
    );
    input
        .playbooks
        .retain(|p| p.name != "Lost or stolen device");
    let new = old.edited(input, now()).unwrap();
    let lines: Vec<String> = diff(&old, &new).into_iter().map(|c| c.text).collect();
    for want in [
        "Escalation level 2: after 60 → 45 minutes",
        "Role Incident Commander: primary 'Person 0' → 'Alex Kim'",
        "Role added: Legal Liaison",
        "Severity Low impact × One user or device: SEV4 → SEV3",
        "Updates at SEV1: every 60 → 30 minutes",
        "Playbook Ransomware: step added in Contain: Block outbound traffic to known leak sites",
        "Playbook removed: Lost or stolen device",
    ] {
        assert!(
            lines.iter().any(|l| l == want),
            "missing '{want}' in {lines:#?}"
        );
    }
    assert_eq!(lines.len(), 7, "{lines:#?}");
    assert!(diff(&old, &old).is_empty());
}

#[test]
fn diff_names_contact_and_channel_changes() {
    let old = draft();
    let mut input = old.to_input();
    input.contacts[2].channels.push(ContactChannel {
        kind: ChannelKind::Email,
        value: "claims@insurer.example".into(),
    });
    input.contacts[2].last_verified = NaiveDate::from_ymd_opt(2026, 1, 15);
    input.communication.channels[0].channel = ChannelKind::SecureMessaging;
    input.communication.informs_client = "Incident Commander".into();
    input.severity.cells[1][2].criterion = "Several sites degraded".into();
    let new = old.edited(input, now()).unwrap();
    let lines: Vec<(String, String)> = diff(&old, &new)
        .into_iter()
        .map(|c| (c.section, c.text))
        .collect();
    let want = [
        (
            "contacts",
            "Contact Cyber insurer claims line: email added: claims@insurer.example",
        ),
        (
            "contacts",
            "Contact Cyber insurer claims line: last verified never → 2026-01-15",
        ),
        (
            "communication",
            "Who informs the client: 'Communications Coordinator' → 'Incident Commander'",
        ),
        (
            "communication",
            "Channel for Response team bridge while email may be compromised: out-of-band → secure messaging",
        ),
        (
            "severity",
            "Severity Moderate impact × Whole organisation: criterion now \"Several sites degraded\"",
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(lines, want);
}

#[test]
fn the_newest_approved_version_is_in_force_else_the_newest_draft() {
    use PlanStatus::{Approved, Draft, Superseded};
    let pick = |v: &[(PlanStatus, u32)]| in_force(v, |p| *p).map(|p| p.1);
    assert_eq!(pick(&[(Superseded, 1), (Approved, 2), (Draft, 3)]), Some(2));
    assert_eq!(pick(&[(Draft, 1), (Draft, 2)]), Some(2));
    assert_eq!(pick(&[(Superseded, 1)]), None);
    assert_eq!(pick(&[]), None);
}

#[test]
fn of_two_approvals_that_did_not_see_each_other_the_later_is_in_force_in_any_order() {
    use PlanStatus::{Approved, Draft, Superseded};
    use chrono::TimeZone as _;
    let at = |m: u32| Some(Utc.with_ymd_and_hms(2026, 12, 1, 9, m, 0).unwrap());
    // Two laptops each made version 3 from version 2 and approved it, B a minute after A.
    let a = rank(Approved, 3, at(10), "a");
    let b = rank(Approved, 3, at(11), "b");
    let old = rank(Superseded, 2, at(1), "o");
    let draft = rank(Draft, 4, None, "d");
    let mut versions = vec![a.clone(), old, b.clone(), draft];
    for _ in 0..versions.len() {
        versions.rotate_left(1);
        assert_eq!(in_force(&versions, |v| v.clone()), Some(&b));
        let reversed: Vec<_> = versions.iter().rev().cloned().collect();
        assert_eq!(in_force(&reversed, |v| v.clone()), Some(&b));
    }
    // A later approval of an older version (made without seeing version 3) is still the
    // later decision; equal times fall to the version, then the id, never to arrival order.
    let late_v2 = rank(Approved, 2, at(12), "z");
    assert_eq!(
        in_force(&[b.clone(), late_v2.clone()], |v| v.clone()),
        Some(&late_v2)
    );
    let same_time = rank(Approved, 3, at(11), "c");
    assert_eq!(
        in_force(&[same_time.clone(), b.clone()], |v| v.clone()),
        Some(&same_time)
    );
    assert_eq!(
        in_force(&[b.clone(), same_time.clone()], |v| v.clone()),
        Some(&same_time)
    );
}
