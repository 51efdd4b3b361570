//! The technician's journey through the facade, on a real encrypted demo workspace with a
//! clock the test moves: clocks count from the recorded trigger, notices settle them, a
//! review's action items reach readiness, and the demo's incidents are in the promised state.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cordon_app::{
    ActionItem, ActionStatus, ClockStatus, EntryDraft, EntryKind, ErrorCode, IncidentInput,
    IncidentPhase, ManualClock, NoticeInput, PostIncidentReview, Trigger, Workspace,
};
use cordon_core::Clock;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap()
}

fn demo() -> (tempfile::TempDir, Workspace, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(start()));
    let ws = Workspace::new(dir.path(), clock.clone());
    ws.create(Some("a long enough passphrase".into())).unwrap();
    cordon_demo::seed(&ws).unwrap();
    (dir, ws, clock)
}

fn brightwater(ws: &Workspace) -> String {
    ws.list_clients("brightwater", false).unwrap()[0]
        .id
        .to_string()
}

fn note(text: &str) -> EntryDraft {
    EntryDraft {
        kind: EntryKind::Observation,
        text: text.into(),
        occurred_at: None,
        client_visible: true,
        technique: None,
        corrects: None,
    }
}

#[test]
fn a_ransomware_incident_from_detection_to_closure() {
    let (_dir, ws, clock) = demo();
    let client = brightwater(&ws);
    let fs = ws
        .list_assets(&client, false)
        .unwrap()
        .into_iter()
        .find(|a| a.name == "FS-01")
        .unwrap();
    let v = ws
        .open_incident(
            &client,
            IncidentInput {
                incident_type: "ransomware".into(),
                title: "Encrypted shares".into(),
                description: String::new(),
                detected_at: start(),
                reported_by: "Dispatch".into(),
                affected_assets: vec![fs.id],
                scope: String::new(),
            },
        )
        .unwrap();
    let id = v.incident.id.to_string();
    assert!(
        !v.incident.tasks.is_empty(),
        "tasks from the ransomware playbook"
    );
    let rating = v.incident.severity.computed.clone().unwrap();
    assert_eq!(rating.impact, "Critical", "FS-01 has criticality 1");
    assert!(!rating.criterion.is_empty());
    let gdpr = |v: &cordon_app::IncidentView| {
        v.clocks
            .iter()
            .find(|c| c.rule_key == "gdpr_art33_supervisory_authority")
            .cloned()
            .expect("an EU client with PII gets the GDPR clock")
    };
    assert_eq!(gdpr(&v).status, ClockStatus::AwaitingTrigger);

    for k in 0..5 {
        clock.advance(Duration::minutes(5));
        ws.add_timeline_entry(&id, note(&format!("entry {k}")))
            .unwrap();
    }
    let aware = start() + Duration::minutes(30);
    let v = ws
        .record_trigger(&id, Trigger::Awareness, Some(aware))
        .unwrap();
    let c = gdpr(&v);
    assert_eq!(c.deadline, Some(aware + Duration::hours(72)));
    assert_eq!(c.status, ClockStatus::Running);

    clock.advance(Duration::hours(1));
    let v = ws
        .move_incident(&id, IncidentPhase::Contained, None, String::new())
        .unwrap();
    assert_eq!(v.incident.key_times.contained, Some(clock.now()));

    clock.advance(Duration::hours(62));
    assert_eq!(
        gdpr(&ws.incident(&id).unwrap()).status,
        ClockStatus::DueSoon
    );
    assert!(
        ws.deadline_alerts()
            .unwrap()
            .iter()
            .any(|a| a.rule_key == "gdpr_art33_supervisory_authority" && !a.overdue)
    );
    let sent = clock.now();
    let v = ws
        .record_notice(
            &id,
            NoticeInput {
                recipient: "HmbBfDI".into(),
                channel: "Online form".into(),
                sent_at: sent,
                summary: "Art. 33 notification".into(),
                reference: "HmbBfDI-1".into(),
                clock: Some("gdpr_art33_supervisory_authority".into()),
                escalation_level: None,
            },
        )
        .unwrap();
    assert_eq!(gdpr(&v).status, ClockStatus::SentOnTime);
    assert_eq!(gdpr(&v).sent_at, Some(sent));

    // Closing before the review is refused with the way to fix it.
    let err = ws
        .move_incident(&id, IncidentPhase::Closed, None, String::new())
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("root cause"), "{}", err.message);

    let due = (clock.now() + Duration::days(30)).date_naive();
    let item = |title: &str| ActionItem {
        id: String::new(),
        title: title.into(),
        owner: "Jürgen Weiß".into(),
        due: Some(due),
        status: ActionStatus::Open,
    };
    let v = ws
        .save_review(
            &id,
            PostIncidentReview {
                root_cause: "SMBv1 exposed on FS-01".into(),
                action_items: vec![item("Disable SMBv1"), item("Offline backups")],
                ..Default::default()
            },
        )
        .unwrap();
    let ids: Vec<&str> = v
        .incident
        .review
        .action_items
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert!(
        ids.iter().all(|i| !i.is_empty()) && ids[0] != ids[1],
        "{ids:?}"
    );
    let v = ws
        .move_incident(&id, IncidentPhase::Closed, None, String::new())
        .unwrap();
    assert_eq!(v.incident.phase, IncidentPhase::Closed);
    assert!(v.chain.intact);
    assert_eq!(v.metrics.time_to_contain, Some(85.0));

    let readiness = ws.client_readiness(&client).unwrap();
    let open: Vec<&str> = readiness
        .gaps
        .iter()
        .filter(|g| g.kind == "action_item_open" || g.kind == "action_item_overdue")
        .map(|g| g.message.as_str())
        .collect();
    assert!(open.iter().any(|m| m.contains("Disable SMBv1")), "{open:?}");
    assert!(
        open.iter().any(|m| m.contains("Offline backups")),
        "{open:?}"
    );

    let dash = ws.incident_dashboard(&client).unwrap();
    assert_eq!(dash.total, 3, "two demo incidents and this one");
}

#[test]
fn the_demo_has_an_open_incident_with_running_clocks_and_a_reviewed_closed_one() {
    let (_dir, ws, _) = demo();
    let page = ws.list_incidents(&brightwater(&ws), false, 0, 50).unwrap();
    assert_eq!(page.total, 2);
    let open = page.items.iter().find(|i| i.phase.is_open()).unwrap();
    let v = ws.incident(&open.id.to_string()).unwrap();
    assert!(v.affected.iter().any(|a| a.name == "FS-01"));
    assert!(v.clocks.iter().any(|c| c.status == ClockStatus::Running));
    assert!(v.clocks.iter().any(|c| c.status == ClockStatus::SentOnTime));
    assert!(v.chain.intact);

    let closed = page.items.iter().find(|i| !i.phase.is_open()).unwrap();
    let v = ws.incident(&closed.id.to_string()).unwrap();
    assert!(!v.incident.review.root_cause.is_empty());
    assert_eq!(v.incident.review.action_items.len(), 3);
    assert!(v.metrics.dwell_time.is_some() && v.metrics.time_to_detect.is_some());
    let gdpr = v
        .clocks
        .iter()
        .find(|c| c.rule_key == "gdpr_art33_supervisory_authority")
        .unwrap();
    assert_eq!(gdpr.status, ClockStatus::SentOnTime);
    assert!(
        v.clocks.iter().all(|c| c.status == ClockStatus::SentOnTime),
        "the closed demo incident met every duty: {:?}",
        v.clocks
            .iter()
            .map(|c| (&c.rule_key, c.status))
            .collect::<Vec<_>>()
    );

    // Seeding again adds nothing.
    cordon_demo::seed(&ws).unwrap();
    assert_eq!(ws.list_incidents("", false, 0, 50).unwrap().total, 2);
}
