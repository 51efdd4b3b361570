use chrono::{DateTime, Duration, TimeZone as _, Utc};
use uuid::Uuid;

use super::*;
use crate::asset::DataClass;
use crate::notification::Trigger;
use crate::plan::{Plan, baseline};
use crate::{EntryId, EvidenceId, NoticeId};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub(super) fn now() -> DateTime<Utc> {
    t("2026-11-20T10:00:00Z")
}

fn plan() -> Plan {
    let (mut input, tref) = baseline().plan_input(&[]);
    input.roles[0].primary = "Ana Müller".into();
    input.roles[2].primary = "Tomás Ruiz".into();
    Plan::create(
        crate::PlanId::from_uuid(Uuid::from_u128(7)),
        crate::ClientId::from_uuid(Uuid::from_u128(1)),
        1,
        input,
        Some(tref),
        now(),
    )
    .unwrap()
}

fn fs01(criticality: u32) -> AffectedAsset {
    AffectedAsset {
        name: "FS-01".into(),
        criticality,
        data_classes: vec![DataClass::Pii],
    }
}

fn input() -> IncidentInput {
    IncidentInput {
        incident_type: "ransomware".into(),
        title: "Ransomware on the file server".into(),
        description: "Files renamed .lock".into(),
        detected_at: t("2026-11-20T08:00:00Z"),
        reported_by: "Front desk".into(),
        affected_assets: vec![crate::AssetId::from_uuid(Uuid::from_u128(9))],
        scope: "One team or site".into(),
    }
}

fn open() -> Incident {
    let p = plan();
    Incident::open(
        IncidentId::from_uuid(Uuid::from_u128(3)),
        p.client_id,
        Some(&p),
        input(),
        &[fs01(2)],
        "tech",
        now(),
    )
    .unwrap()
    .0
}

#[test]
fn opening_spawns_tasks_from_the_playbook_with_the_role_holders() {
    let i = open();
    let p = plan();
    let playbook = p
        .playbooks
        .iter()
        .find(|b| b.incident_type == "ransomware")
        .unwrap();
    assert_eq!(i.tasks.len(), playbook.steps.len());
    assert_eq!(i.tasks[0].owner_role, "Technical Lead");
    assert_eq!(i.tasks[0].assignee, "Tomás Ruiz");
    assert_eq!(i.tasks[1].assignee, "Ana Müller");
    assert_eq!(i.roles.len(), p.roles.len());
    assert_eq!(
        i.trigger_at(Trigger::Detection),
        Some(t("2026-11-20T08:00:00Z"))
    );
    assert_eq!(i.plan_version, Some(1));
}

#[test]
fn bad_input_names_each_field() {
    let p = plan();
    let mut bad = input();
    bad.incident_type = "alien invasion".into();
    bad.title = "  ".into();
    bad.detected_at = now() + Duration::hours(2);
    bad.scope = "Galaxy".into();
    let err = Incident::open(
        IncidentId::from_uuid(Uuid::from_u128(3)),
        p.client_id,
        Some(&p),
        bad,
        &[],
        "tech",
        now(),
    )
    .unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["incident_type", "title", "detected_at", "scope"]);
    assert!(err.fields[0].message.contains("ransomware"), "{err}");
    assert!(err.fields[2].message.contains("future"), "{err}");
}

#[test]
fn severity_comes_from_the_most_critical_asset_and_the_scope() {
    let i = open();
    let p = plan();
    let expected = p.severity.rate("High", "One team or site").unwrap();
    assert_eq!(i.severity.computed.as_ref(), Some(&expected));
    assert_eq!(i.severity_level(), Some(expected.level.as_str()));
    assert!(
        i.severity.basis.contains("FS-01 (criticality 2)"),
        "{}",
        i.severity.basis
    );
    assert!(i.severity.basis.contains("PII"));

    // A criticality-1 asset joins and the scope widens: recomputed, not kept.
    let dc = AffectedAsset {
        name: "DC-01".into(),
        criticality: 1,
        data_classes: vec![],
    };
    let wider = i
        .rescoped(
            Some(&p),
            vec![],
            &[fs01(2), dc],
            "whole organisation",
            now(),
        )
        .unwrap()
        .0;
    let expected = p.severity.rate("Critical", "Whole organisation").unwrap();
    assert_eq!(wider.severity.computed, Some(expected));
    assert_eq!(wider.scope, "Whole organisation");
}

#[test]
fn an_override_needs_a_known_level_and_a_reason_and_survives_recomputation() {
    let i = open();
    let p = plan();
    let err = i
        .overridden(Some(&p), Some("SEV9"), "", "ana", now())
        .unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["level", "reason"]);
    let (o, text) = i
        .overridden(Some(&p), Some("sev1"), "Payroll due tomorrow", "ana", now())
        .unwrap();
    assert_eq!(o.severity_level(), Some("SEV1"));
    assert_eq!(o.severity.criterion(), Some("Payroll due tomorrow"));
    assert!(text.text().contains("Payroll due tomorrow"));
    let again = o
        .rescoped(Some(&p), vec![], &[fs01(4)], "", now())
        .unwrap()
        .0;
    assert_eq!(again.severity_level(), Some("SEV1"));
    assert_ne!(again.severity.computed, o.severity.computed);
    let (cleared, _) = again.overridden(Some(&p), None, "", "ana", now()).unwrap();
    assert_eq!(cleared.severity_level(), cleared.severity.computed_level());
}

#[test]
fn phases_move_forward_freely_and_back_only_with_a_reason() {
    let i = open();
    let at = t("2026-11-20T09:00:00Z");
    let (c, text) = i.moved_to(IncidentPhase::Contained, at, "", now()).unwrap();
    assert_eq!(c.phase, IncidentPhase::Contained);
    assert_eq!(c.key_times.contained, Some(at));
    assert_eq!(text.text(), "Phase: Detected → Contained");

    let err = c
        .moved_to(IncidentPhase::Analysing, now(), " ", now())
        .unwrap_err();
    assert_eq!(err.fields[0].field, "reason");
    let (back, text) = c
        .moved_to(
            IncidentPhase::Analysing,
            now(),
            "Second host found encrypting",
            now(),
        )
        .unwrap();
    assert_eq!(
        back.key_times.contained, None,
        "containment is measured again"
    );
    assert!(text.text().ends_with("Second host found encrypting"));

    let err = c
        .moved_to(IncidentPhase::Closed, now(), "", now())
        .unwrap_err();
    assert!(err.fields[0].message.contains("root cause"), "{err}");
    let err = c
        .moved_to(
            IncidentPhase::Eradicated,
            t("2026-11-19T00:00:00Z"),
            "",
            now(),
        )
        .unwrap_err();
    assert_eq!(err.fields[0].field, "at");
}

#[test]
fn closing_after_a_review_records_every_skipped_key_time() {
    let mut review = PostIncidentReview {
        root_cause: "RDP exposed without MFA".into(),
        ..Default::default()
    };
    review.action_items.push(ActionItem {
        id: String::new(),
        title: "Put RDP behind the VPN".into(),
        owner: "Tomás".into(),
        due: Some("2026-12-01".parse().unwrap()),
        status: ActionStatus::Open,
    });
    let mut n = 0;
    let i = open()
        .with_review(
            review,
            || {
                n += 1;
                format!("item-{n}")
            },
            now(),
        )
        .unwrap();
    assert_eq!(i.review.action_items[0].id, "item-1");
    let (closed, _) = i.moved_to(IncidentPhase::Closed, now(), "", now()).unwrap();
    let k = &closed.key_times;
    assert_eq!(
        [k.contained, k.eradicated, k.recovered, k.closed],
        [Some(now()); 4]
    );
}

#[test]
fn open_action_items_need_an_owner_and_a_due_date() {
    let review = PostIncidentReview {
        action_items: vec![ActionItem {
            id: String::new(),
            title: "".into(),
            owner: "".into(),
            due: None,
            status: ActionStatus::Open,
        }],
        ..Default::default()
    };
    let err = open().with_review(review, String::new, now()).unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "review.action_items.0.title",
            "review.action_items.0.owner",
            "review.action_items.0.due"
        ]
    );
}

pub(super) fn draft(text: &str) -> EntryDraft {
    EntryDraft {
        kind: EntryKind::Observation,
        text: text.into(),
        occurred_at: None,
        client_visible: false,
        technique: None,
        corrects: None,
    }
}

pub(super) fn chain(n: u32) -> Vec<TimelineEntry> {
    let incident = IncidentId::from_uuid(Uuid::from_u128(3));
    let mut out: Vec<TimelineEntry> = Vec::new();
    for k in 0..n {
        let e = TimelineEntry::append(
            EntryId::from_uuid(Uuid::from_u128(100 + k as u128)),
            incident,
            &timeline::heads(&out),
            draft(&format!("entry {k}")),
            "tech",
            now() + Duration::minutes(k.into()),
        )
        .unwrap();
        out.push(e);
    }
    out
}

#[test]
fn the_timeline_chain_verifies_and_names_the_first_tampered_entry() {
    let mut entries = chain(5);
    assert_eq!(entries[0].prev_hash, timeline::GENESIS);
    assert_eq!(entries[3].prev_hash, entries[2].hash);
    let report = verify(&entries);
    assert!(report.intact);
    assert_eq!(report.entries, 5);

    entries[2].text = "nothing happened".into();
    let report = verify(&entries);
    assert!(!report.intact);
    let broken = report.broken_at.unwrap();
    assert_eq!(broken.seq, 3);
    assert!(broken.reason.contains("changed after it was recorded"));

    // Re-hashing the edited entry does not hide it: the next link no longer matches.
    entries[2].hash = entries[2].content_hash();
    let broken = verify(&entries).broken_at.unwrap();
    assert_eq!(broken.seq, 4);
    assert!(broken.reason.contains("does not point back"));

    let mut gap = chain(5);
    gap.remove(1);
    assert_eq!(verify(&gap).broken_at.unwrap().seq, 3);
}

/// The first entry of `chain` as it was written before layout v2: a chain link only.
pub(super) fn v1(mut e: TimelineEntry, prev: &str) -> TimelineEntry {
    e.parents.clear();
    e.prev_hash = prev.to_owned();
    e.hash = e.content_hash();
    e
}

#[test]
fn the_hashed_layouts_are_frozen() {
    // If either changes, every stored timeline stops verifying: add a v3 instead. The
    // expected hashes were computed outside Rust (Python's hashlib over exactly this text), so
    // they check the layout, not this code against itself:
    // {"v":1,"incident":"00000000-0000-0000-0000-000000000003","seq":1,
    //  "occurred_at":"2026-11-20T10:00:00.000Z","recorded_at":"2026-11-20T10:00:00.000Z",
    //  "author":"tech","kind":"observation","text":"entry 0","client_visible":false,
    //  "technique":null,"corrects":null,"prev":"000…0"} (no spaces, 64 zeros)
    let e = chain(1).remove(0);
    assert_eq!(
        v1(e.clone(), timeline::GENESIS).hash,
        "aebb70dadfb2e6c0a37a2ff023874e8c7e61ff7956f3868e7f80cf5ddb98fb32"
    );
    // v2: the same, with "parents":["000…0"] in place of "prev" (docs/timeline-hash.md).
    assert_eq!(e.parents, [timeline::GENESIS]);
    assert_eq!(
        e.hash,
        "1634ec82d24989281cb3505d3691db20ee3baffdab306dcc2798bc54ada58baa"
    );
}

#[test]
fn bad_entries_are_refused_with_the_field_named() {
    let incident = IncidentId::from_uuid(Uuid::from_u128(3));
    let id = EntryId::from_uuid(Uuid::from_u128(1));
    let mut d = draft("  ");
    d.occurred_at = Some(now() + Duration::minutes(30));
    d.technique = Some("X1234".into());
    let err = TimelineEntry::append(id, incident, &[], d, "tech", now()).unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["text", "occurred_at", "technique"]);

    // Within the tolerance for clock skew, and a sub-technique.
    let mut d = draft("Shadow copies deleted");
    d.occurred_at = Some(now() + Duration::minutes(2));
    d.technique = Some("t1490".into());
    let e = TimelineEntry::append(id, incident, &[], d, "tech", now()).unwrap();
    assert_eq!(e.technique.as_deref(), Some("T1490"));
    assert!(EntryKind::parse("decision").is_ok());
    assert!(
        EntryKind::parse("status").is_err(),
        "status entries are Cordon's own"
    );
}

#[test]
fn timeline_csv_has_a_row_per_entry_with_its_hash() {
    let entries = chain(3);
    let csv = timeline::to_csv(&entries);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("seq,occurred_at"));
    assert!(lines[3].ends_with(&entries[2].hash));
}

#[test]
fn escalation_levels_become_timers() {
    let p = plan();
    let i = open(); // severity from High × One team or site
    let rank = i.severity.rank().unwrap();
    let detected = i.key_times.detected;
    let timers = escalation_timers(&p.escalation, &p.severity, &i, &[], detected);
    assert_eq!(timers.len(), 4);
    for (timer, level) in timers.iter().zip(&p.escalation) {
        let threshold = level.severity.as_deref().and_then(|s| p.severity.rank(s));
        if threshold.is_some_and(|th| rank <= th) {
            assert_eq!(timer.status, EscalationStatus::Due, "{timer:?}");
            assert_eq!(timer.due_at, Some(detected + Duration::minutes(15)));
        }
    }
    // Level 2: SEV3 or not contained after 60 min. Look at a level that is time-only.
    let levels = vec![crate::plan::EscalationLevel {
        who: "MD".into(),
        severity: None,
        after_minutes: Some(60),
    }];
    let at = |m: i64| detected + Duration::minutes(m);
    let timer = |inc: &Incident, now, notices: &[Notice]| {
        escalation_timers(&levels, &p.severity, inc, notices, now)[0].clone()
    };
    assert_eq!(timer(&i, at(30), &[]).status, EscalationStatus::Pending);
    assert_eq!(timer(&i, at(61), &[]).status, EscalationStatus::Overdue);
    let (contained, _) = i
        .moved_to(IncidentPhase::Contained, at(45), "", now())
        .unwrap();
    assert_eq!(
        timer(&contained, at(90), &[]).status,
        EscalationStatus::NotRequired
    );
    let notice = Notice::record(
        NoticeId::from_uuid(Uuid::from_u128(5)),
        i.id,
        NoticeInput {
            recipient: "MD".into(),
            channel: "phone".into(),
            sent_at: at(62),
            summary: "Briefed".into(),
            reference: String::new(),
            clock: None,
            escalation_level: Some(1),
        },
        "tech",
        now(),
    )
    .unwrap()
    .0;
    let done = timer(&i, at(70), &[notice]);
    assert_eq!(done.status, EscalationStatus::Done);
    assert_eq!(done.done_at, Some(at(62)));
}

#[test]
fn metrics_are_measured_between_known_times_only() {
    let k = KeyTimes {
        first_malicious_activity: Some(t("2026-11-18T08:00:00Z")),
        detected: t("2026-11-20T08:00:00Z"),
        reported: Some(t("2026-11-20T08:30:00Z")),
        contained: Some(t("2026-11-20T10:00:00Z")),
        eradicated: Some(t("2026-11-21T08:00:00Z")),
        recovered: None,
        closed: None,
    };
    let m = metrics(&k);
    assert_eq!(m.time_to_detect, Some(2880.0));
    assert_eq!(m.time_to_report, Some(30.0));
    assert_eq!(m.time_to_contain, Some(120.0));
    assert_eq!(m.time_to_recover, None);
    assert_eq!(m.dwell_time, Some(4320.0));

    let other = KeyTimes {
        contained: Some(t("2026-11-20T12:00:00Z")),
        ..k.clone()
    };
    let third = KeyTimes {
        contained: Some(t("2026-11-20T14:00:00Z")),
        ..k.clone()
    };
    let d = dashboard([
        DashboardRow {
            phase: IncidentPhase::Contained,
            severity: Some(("SEV2", 1)),
            key_times: &k,
        },
        DashboardRow {
            phase: IncidentPhase::Closed,
            severity: Some(("SEV1", 0)),
            key_times: &other,
        },
        DashboardRow {
            phase: IncidentPhase::Detected,
            severity: Some(("SEV1", 0)),
            key_times: &third,
        },
    ]);
    assert_eq!((d.total, d.open), (3, 2));
    assert_eq!(d.median.time_to_contain, Some(240.0));
    assert_eq!(d.measured.time_to_contain, 3);
    assert_eq!(
        d.open_by_severity
            .iter()
            .map(|s| (s.level.as_str(), s.count))
            .collect::<Vec<_>>(),
        [("SEV1", 1), ("SEV2", 1)]
    );
}

#[test]
fn custody_must_start_from_the_current_holder() {
    let e = Evidence::record(
        EvidenceId::from_uuid(Uuid::from_u128(8)),
        IncidentId::from_uuid(Uuid::from_u128(3)),
        EvidenceInput {
            title: "Ransom note".into(),
            source: "FS-01".into(),
            collected_by: "Tomás".into(),
            collected_at: t("2026-11-20T09:00:00Z"),
            notes: String::new(),
        },
        "note.txt",
        &"ab".repeat(32),
        120,
        true,
        now(),
    )
    .unwrap()
    .0;
    let input = |from: &str| CustodyTransferInput {
        from: from.into(),
        to: "Forensics Ltd".into(),
        at: t("2026-11-20T09:30:00Z"),
        reason: "Disk imaging".into(),
    };
    let err = CustodyTransfer::record(&e, "Tomás", input("Ana"), now()).unwrap_err();
    assert!(err.fields[0].message.contains("held by Tomás"), "{err}");
    let (ok, _) = CustodyTransfer::record(&e, "Tomás", input("tomás"), now()).unwrap();
    assert_eq!(ok.from, "Tomás");
    let bad_hash = Evidence::record(
        e.id,
        e.incident_id,
        EvidenceInput {
            title: "x".into(),
            source: String::new(),
            collected_by: "a".into(),
            collected_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
            notes: String::new(),
        },
        "x",
        "nothex",
        1,
        false,
        now(),
    )
    .unwrap_err();
    assert_eq!(bad_hash.fields[0].field, "sha256");
}

/// Every sentence Cordon writes on a timeline by itself, from core alone: the words of a
/// record that may be read out in a dispute change only when this list does.
#[test]
fn every_sentence_core_writes_on_the_timeline() {
    let p = plan();
    let (i, opened) = Incident::open(
        IncidentId::from_uuid(Uuid::from_u128(3)),
        p.client_id,
        Some(&p),
        input(),
        &[fs01(2)],
        "tech",
        now(),
    )
    .unwrap();
    let (contained, moved) = i
        .moved_to(
            IncidentPhase::Contained,
            t("2026-11-20T09:00:00Z"),
            "",
            now(),
        )
        .unwrap();
    let (_, moved_back) = contained
        .moved_to(IncidentPhase::Analysing, now(), "Second host found", now())
        .unwrap();
    let (wider, rescoped) = i
        .rescoped(Some(&p), vec![], &[fs01(1)], "whole organisation", now())
        .unwrap();
    let (_, same_scope) = wider
        .rescoped(Some(&p), vec![], &[fs01(1)], "whole organisation", now())
        .unwrap();
    let (over, overridden) = i
        .overridden(Some(&p), Some("SEV1"), "Payroll due tomorrow", "ana", now())
        .unwrap();
    let (_, removed) = over.overridden(Some(&p), None, "", "ana", now()).unwrap();
    let (_, triggered) = i
        .triggered(Trigger::Awareness, t("2026-11-20T08:30:00Z"), "ana", now())
        .unwrap();
    let (e, evidence) = Evidence::record(
        EvidenceId::from_uuid(Uuid::from_u128(8)),
        i.id,
        EvidenceInput {
            title: "Ransom note".into(),
            source: "FS-01".into(),
            collected_by: "Tomás".into(),
            collected_at: t("2026-11-20T09:00:00Z"),
            notes: String::new(),
        },
        "note.txt",
        &"ab".repeat(32),
        120,
        true,
        now(),
    )
    .unwrap();
    let (_, custody) = CustodyTransfer::record(
        &e,
        "Tomás",
        CustodyTransferInput {
            from: "Tomás".into(),
            to: "Forensics Ltd".into(),
            at: t("2026-11-20T09:30:00Z"),
            reason: "Disk imaging".into(),
        },
        now(),
    )
    .unwrap();
    let notice = |channel: &str, reference: &str| {
        Notice::record(
            NoticeId::from_uuid(Uuid::from_u128(5)),
            i.id,
            NoticeInput {
                recipient: "ICO".into(),
                channel: channel.into(),
                sent_at: t("2026-11-20T09:45:00Z"),
                summary: "Initial report".into(),
                reference: reference.into(),
                clock: None,
                escalation_level: None,
            },
            "tech",
            now(),
        )
        .unwrap()
        .1
    };
    assert_eq!(
        same_scope, None,
        "an unchanged scope and severity say nothing"
    );
    let level = i.severity_level().unwrap().to_owned();
    let wide = wider.severity_level().unwrap().to_owned();
    let computed = i.severity.computed_level().unwrap().to_owned();
    let said: Vec<(String, Option<DateTime<Utc>>)> = [
        opened,
        moved,
        moved_back,
        rescoped.unwrap(),
        overridden,
        removed,
        triggered,
        evidence,
        custody,
        notice("", ""),
        notice("web form", "IC-2026-1"),
    ]
    .into_iter()
    .map(|n| (n.text().to_owned(), n.occurred_at()))
    .collect();
    let expected = [
        (
            format!("Incident opened: Ransomware on the file server — {level}"),
            Some(t("2026-11-20T08:00:00Z")),
        ),
        (
            "Phase: Detected → Contained".to_owned(),
            Some(t("2026-11-20T09:00:00Z")),
        ),
        (
            "Phase: Contained → Analysing — Second host found".to_owned(),
            Some(now()),
        ),
        (
            format!("Scope: 0 asset(s), Whole organisation; severity {wide}"),
            None,
        ),
        (
            format!(
                "Severity set to SEV1 by override (matrix says {computed}): Payroll due tomorrow"
            ),
            None,
        ),
        (
            format!("Severity override removed; computed severity {computed} applies"),
            None,
        ),
        (
            "Awareness recorded at 2026-11-20 08:30 UTC; the clocks that count from it are running"
                .to_owned(),
            Some(t("2026-11-20T08:30:00Z")),
        ),
        (
            "Evidence recorded: Ransom note (note.txt, SHA-256 abababababab…)".to_owned(),
            Some(t("2026-11-20T09:00:00Z")),
        ),
        (
            "Custody of 'Ransom note': Tomás → Forensics Ltd (Disk imaging)".to_owned(),
            Some(t("2026-11-20T09:30:00Z")),
        ),
        (
            "Notice sent to ICO: Initial report".to_owned(),
            Some(t("2026-11-20T09:45:00Z")),
        ),
        (
            "Notice sent to ICO by web form (ref. IC-2026-1): Initial report".to_owned(),
            Some(t("2026-11-20T09:45:00Z")),
        ),
    ];
    assert_eq!(said, expected);
    for words in note::FIXED_WORDS {
        assert!(
            said.iter().any(|(text, _)| text.contains(words)),
            "'{words}' is in no sentence: FIXED_WORDS has drifted"
        );
    }
    let draft = said_draft(&i);
    assert_eq!(draft.kind, EntryKind::Status);
    assert!(!draft.client_visible, "status sentences are internal");
}

fn said_draft(i: &Incident) -> EntryDraft {
    i.moved_to(IncidentPhase::Contained, now(), "", now())
        .unwrap()
        .1
        .into_draft()
}
