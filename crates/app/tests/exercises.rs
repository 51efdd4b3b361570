//! The facilitator's journey through the facade, on a real encrypted demo workspace with a
//! clock the test moves: an exercise built from Brightwater's own plan, run across a restart
//! of the app, evaluated, and its findings back on the plan and the readiness panel.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use cordon_app::{
    ActionMark, ErrorCode, ExerciseStatus, FindingInput, InjectOrigin, LogEntryInput, LogKind,
    ManualClock, PlanChangeStatus, Rating, Workspace,
};

const PASS: &str = "exercise facade passphrase";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

fn demo() -> (tempfile::TempDir, Workspace, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(start()));
    let ws = Workspace::new(dir.path(), clock.clone());
    ws.create(Some(PASS.into())).unwrap();
    cordon_demo::seed(&ws).unwrap();
    (dir, ws, clock)
}

/// A new ransomware exercise for `client`, by id.
fn ransomware_exercise(ws: &Workspace, client: &str) -> String {
    ws.create_exercise(client, "ransomware")
        .unwrap()
        .exercise
        .id
        .to_string()
}

fn brightwater(ws: &Workspace) -> String {
    ws.list_clients("brightwater", false).unwrap()[0]
        .id
        .to_string()
}

fn ops(ws: &Workspace) -> u32 {
    ws.doctor().unwrap().op_count
}

#[test]
fn the_library_lists_six_scenarios() {
    let (_dir, ws, _) = demo();
    let names: Vec<String> = ws
        .exercise_scenarios()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        names,
        [
            "ransomware",
            "business_email_compromise",
            "insider_data_theft",
            "cloud_account_takeover",
            "supplier_compromise",
            "ddos_peak"
        ]
    );
}

#[test]
fn an_exercise_for_brightwater_rehearses_its_own_plan_assets_and_clocks() {
    let (_dir, ws, _) = demo();
    let client = brightwater(&ws);
    let v = ws.create_exercise(&client, "ransomware").unwrap();
    let e = &v.exercise;
    assert_eq!(v.client_name, "Brightwater Logistics GmbH");
    assert!(e.narrative.contains("Brightwater Logistics GmbH"));
    assert!(
        e.narrative
            .contains("FS-01, which holds PII and confidential business data, shows"),
        "{}",
        e.narrative
    );
    assert!(e.plan_version.is_some(), "the approved plan is rehearsed");
    let plan = ws.plan(&e.plan_id.unwrap().to_string()).unwrap();
    let ic = &plan
        .roles
        .iter()
        .find(|r| r.name == "Incident Commander")
        .unwrap()
        .primary;
    assert!(e.injects[0].expected_actions[1].text.contains(ic.as_str()));
    assert!(e.participants.iter().any(|p| &p.name == ic));

    let escalations = e
        .injects
        .iter()
        .filter(|i| i.origin == InjectOrigin::Escalation)
        .count();
    let with_trigger = plan
        .escalation
        .iter()
        .filter(|l| l.severity.is_some() || l.after_minutes.is_some())
        .count();
    assert!(with_trigger > 0);
    assert_eq!(escalations, with_trigger);
    let gdpr = e
        .injects
        .iter()
        .find(|i| i.origin == InjectOrigin::NotificationClock && i.title.contains("GDPR"))
        .expect("the GDPR clock is rehearsed for an EU client holding PII");
    assert!(
        gdpr.text.contains("60 hours since awareness"),
        "{}",
        gdpr.text
    );
    assert_eq!(v.clock.status, ExerciseStatus::NotStarted);
    assert!(v.revealed.is_empty());
    let listed = ws.list_exercises(Some(&client)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, e.id);
}

#[test]
fn a_restart_mid_exercise_resumes_the_clock_and_loses_nothing() {
    let (dir, ws, clock) = demo();
    let client = brightwater(&ws);
    let id = ransomware_exercise(&ws, &client);
    ws.start_exercise(&id).unwrap();
    clock.advance(Duration::minutes(12));
    ws.add_exercise_log(
        &id,
        LogEntryInput {
            inject: Some(1),
            kind: LogKind::Decision,
            who: "Incident Commander".into(),
            text: "Declared a SEV1 incident and opened the bridge".into(),
        },
    )
    .unwrap();
    ws.reveal_inject(&id, 4).unwrap();
    ws.mark_expected_action(&id, 1, 0, Some(ActionMark::Done))
        .unwrap();
    let before = ws.exercise(&id).unwrap();
    assert_eq!(before.clock.elapsed_seconds, 720);
    assert_eq!(before.current, Some(4));
    drop(ws);

    // The app was killed; ten minutes later it starts again on the same folder.
    clock.advance(Duration::minutes(10));
    let again = Workspace::new(dir.path(), clock.clone());
    again.unlock(Some(PASS.into())).unwrap();
    let after = again.exercise(&id).unwrap();
    assert_eq!(after.clock.status, ExerciseStatus::Running);
    assert_eq!(
        after.clock.elapsed_seconds,
        22 * 60,
        "the clock kept running"
    );
    assert_eq!(after.log.len(), 1);
    assert_eq!(after.log[0].elapsed_seconds, 720);
    assert!(after.revealed.contains(&4));
    assert_eq!(
        after.exercise.injects[0].expected_actions[0].mark,
        Some(ActionMark::Done)
    );

    // Paused time does not count, across a restart too.
    again.pause_exercise(&id).unwrap();
    clock.advance(Duration::hours(2));
    assert_eq!(again.exercise(&id).unwrap().clock.elapsed_seconds, 22 * 60);
    again.resume_exercise(&id).unwrap();
    clock.advance(Duration::minutes(1));
    assert_eq!(again.exercise(&id).unwrap().clock.elapsed_seconds, 23 * 60);
    assert!(again.doctor().unwrap().tables_match_op_log);
}

#[test]
fn the_presenter_view_never_carries_facilitator_text() {
    let (_dir, ws, clock) = demo();
    let client = brightwater(&ws);
    let v = ws
        .create_exercise(&client, "business_email_compromise")
        .unwrap();
    let id = v.exercise.id.to_string();
    ws.start_exercise(&id).unwrap();
    for minutes in [0, 15, 45, 200] {
        clock.advance(Duration::minutes(minutes));
        let p = ws.presenter_view(&id).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        for i in &v.exercise.injects {
            assert!(!json.contains(&i.facilitator_notes));
            for a in &i.expected_actions {
                assert!(!json.contains(&a.text), "{}", a.text);
            }
        }
        assert!(p.current.is_some());
    }
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let (_dir, ws, _) = demo();
    let client = brightwater(&ws);
    let n = ops(&ws);
    let err = ws.create_exercise(&client, "volcano").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.fields[0].field, "scenario");
    assert!(err.fields[0].message.contains("ransomware"));
    assert_eq!(ops(&ws), n);

    let id = ransomware_exercise(&ws, &client);
    let n = ops(&ws);
    let err = ws
        .rate_objective(&id, "detect", Some(Rating::MajorChallenges), "  ")
        .unwrap_err();
    assert_eq!(err.fields[0].field, "rationale");
    let err = ws.pause_exercise(&id).unwrap_err();
    assert_eq!(err.fields[0].field, "status");
    let err = ws
        .add_exercise_log(
            &id,
            LogEntryInput {
                inject: Some(400),
                kind: LogKind::Observation,
                who: String::new(),
                text: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.fields[0].field, "inject");
    let err = ws
        .add_exercise_finding(
            &id,
            FindingInput {
                issue: String::new(),
                corrective_action: "x".into(),
                owner: String::new(),
                due: None,
                plan_section: "roles".into(),
                objective: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.fields[0].field, "issue");
    assert_eq!(ops(&ws), n);
    assert_eq!(
        ws.exercise("not-an-id").unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn findings_become_plan_changes_and_readiness_follows_the_exercises() {
    let (_dir, ws, clock) = demo();
    let client = brightwater(&ws);
    let gaps = |ws: &Workspace| -> Vec<String> {
        ws.client_readiness(&client)
            .unwrap()
            .gaps
            .into_iter()
            .map(|g| format!("{} {}", g.kind, g.message))
            .collect()
    };
    let never = |gaps: &[String], kind: &str| {
        gaps.iter().any(|g| {
            g.starts_with("playbook_never_exercised") && g.contains(&format!("The {kind} "))
        })
    };
    assert!(never(&gaps(&ws), "ransomware"));

    let id = ransomware_exercise(&ws, &client);
    ws.start_exercise(&id).unwrap();
    clock.advance(Duration::minutes(90));
    ws.rate_objective(
        &id,
        "communicate",
        Some(Rating::MajorChallenges),
        "Nobody had the out-of-band number to hand",
    )
    .unwrap();
    ws.set_exercise_review(
        &id,
        vec!["Hosts isolated within ten minutes".into()],
        vec!["Out-of-band contact details".into()],
    )
    .unwrap();
    let item = ws
        .add_exercise_finding(
            &id,
            FindingInput {
                issue: "The out-of-band bridge number was not known".into(),
                corrective_action: "Print the Signal group and bridge line on every role card"
                    .into(),
                owner: "Jürgen Weiß".into(),
                due: NaiveDate::from_ymd_opt(2027, 1, 31),
                plan_section: "communication".into(),
                objective: Some("communicate".into()),
            },
        )
        .unwrap();
    // Not ended yet: a half-run exercise does not count as a rehearsal.
    assert!(never(&gaps(&ws), "ransomware"));
    let ended = ws.end_exercise(&id).unwrap();
    assert_eq!(ended.clock.status, ExerciseStatus::Ended);
    assert_eq!(ended.exercise.findings.len(), 1);
    assert_eq!(
        ended.exercise.objectives[2].rating,
        Some(Rating::MajorChallenges)
    );

    let items = ws.plan_change_items(&client).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].id, item.id);
    assert_eq!(items[0].status, PlanChangeStatus::Open);
    let g = gaps(&ws);
    assert!(!never(&g, "ransomware"), "{g:?}");
    assert!(
        g.iter()
            .any(|g| g.starts_with("plan_change_open") && g.contains("out-of-band bridge number")),
        "{g:?}"
    );

    ws.set_plan_change_status(&item.id.to_string(), PlanChangeStatus::Done)
        .unwrap();
    assert!(!gaps(&ws).iter().any(|g| g.starts_with("plan_change")));

    // A year and a day later the exercise is stale.
    clock.advance(Duration::days(367));
    assert!(gaps(&ws).iter().any(|g| g.starts_with("exercise_overdue")));
    assert!(ws.doctor().unwrap().tables_match_op_log);
}

/// The demo ships one finished exercise (Calder & Finch, business email compromise, six weeks
/// ago), so a first look shows an after-action report and the change items it left; seeding
/// again adds nothing.
#[test]
fn the_demo_has_a_finished_exercise_whose_findings_are_on_the_plan() {
    let (_dir, ws, clock) = demo();
    let calder = ws.list_clients("calder", false).unwrap()[0].id.to_string();
    let list = ws.list_exercises(Some(&calder)).unwrap();
    assert_eq!(list.len(), 1);
    let v = ws.exercise(&list[0].id.to_string()).unwrap();
    assert_eq!(v.clock.status, ExerciseStatus::Ended);
    let started = v.clock.started_at.unwrap();
    assert!(started < start() - Duration::days(30), "{started}");
    // The session ran 92 minutes, whatever the clock says now.
    clock.advance(Duration::days(3));
    let later = ws.exercise(&list[0].id.to_string()).unwrap();
    assert_eq!(later.clock.elapsed_seconds, 92 * 60);
    assert!(
        v.exercise
            .objectives
            .iter()
            .all(|o| o.rating.is_some() && !o.rationale.is_empty() && !o.strengths.is_empty())
    );
    // Log lines sit at their own exercise times, each against a revealed inject.
    let times: Vec<u32> = v.log.iter().map(|l| l.elapsed_seconds).collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    assert!(
        v.log
            .iter()
            .all(|l| l.inject.is_some_and(|n| v.revealed.contains(&n)))
    );

    let items = ws.plan_change_items(&calder).unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(
        items
            .iter()
            .filter(|i| i.status == PlanChangeStatus::Done)
            .count(),
        1
    );
    let gaps: Vec<String> = ws
        .client_readiness(&calder)
        .unwrap()
        .gaps
        .into_iter()
        .map(|g| g.kind)
        .collect();
    assert!(gaps.iter().any(|k| k == "plan_change_overdue"), "{gaps:?}");

    let ops = ws.doctor().unwrap().op_count;
    cordon_demo::seed(&ws).unwrap();
    assert_eq!(ws.list_exercises(Some(&calder)).unwrap().len(), 1);
    assert_eq!(ws.doctor().unwrap().op_count, ops);
}
