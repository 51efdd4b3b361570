use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::*;
use crate::asset::{Asset, AssetInput, DataClass};
use crate::client::{Client, ClientInput, Insurer, Sector};
use crate::plan::{Plan, baseline};
use crate::{AssetId, PlanChangeId};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    t("2026-11-26T09:00:00Z")
}

fn client() -> Client {
    Client::create(
        ClientId::from_uuid(Uuid::from_u128(1)),
        ClientInput {
            name: "Brightwater Logistics GmbH".into(),
            sectors: vec![Sector::Transport],
            jurisdictions: vec!["EU".into()],
            contract_notice_hours: Some(4),
            insurer: Some(Insurer {
                name: "Hanseatic Cyber".into(),
                policy_number: "HC-1".into(),
                notice_hours: Some(48),
                claims_contact: String::new(),
            }),
            ..Default::default()
        },
        now(),
    )
    .unwrap()
}

fn plan() -> Plan {
    let (mut input, tref) = baseline().plan_input(&[]);
    input.roles[0].primary = "Ana Müller".into();
    input.roles[1].primary = "Jonas Weber".into();
    input.roles[2].primary = "Tomás Ruiz".into();
    Plan::create(
        crate::PlanId::from_uuid(Uuid::from_u128(7)),
        ClientId::from_uuid(Uuid::from_u128(1)),
        1,
        input,
        Some(tref),
        now(),
    )
    .unwrap()
}

fn asset(n: u128, name: &str, criticality: u32, classes: Vec<DataClass>) -> Asset {
    Asset::create(
        AssetId::from_uuid(Uuid::from_u128(n)),
        ClientId::from_uuid(Uuid::from_u128(1)),
        AssetInput {
            name: name.into(),
            criticality,
            data_classes: classes,
            ..Default::default()
        },
        &|_| None,
        now(),
    )
    .unwrap()
}

fn exercise() -> Exercise {
    let assets = [
        asset(10, "PRINT-02", 3, vec![]),
        asset(11, "FS-01", 1, vec![DataClass::Pii]),
    ];
    Exercise::create(
        ExerciseId::from_uuid(Uuid::from_u128(5)),
        &scenario("ransomware").unwrap(),
        &client(),
        Some(&plan()),
        &assets,
        now(),
    )
    .unwrap()
}

#[test]
fn create_fills_the_clients_names_assets_and_roles() {
    let e = exercise();
    let all = serde_json::to_string(&e).unwrap();
    // Every placeholder was filled, in every text.
    assert!(
        !PLACEHOLDERS
            .iter()
            .any(|p| all.contains(&format!("{{{p}}}")))
    );
    assert!(e.narrative.contains("Brightwater Logistics GmbH"));
    assert!(
        e.narrative.contains("FS-01, which holds PII, shows"),
        "{}",
        e.narrative
    );
    let first = &e.injects[0];
    assert!(first.expected_actions[1].text.contains("Ana Müller"));
    assert_eq!(
        e.name,
        "Ransomware on a Monday morning — Brightwater Logistics GmbH"
    );
    assert_eq!(e.participants[0].name, "Ana Müller");
    assert_eq!(e.participants[0].role, "Incident Commander");
    // Numbers follow the offsets.
    let offsets: Vec<u32> = e.injects.iter().map(|i| i.offset_minutes).collect();
    let mut sorted = offsets.clone();
    sorted.sort();
    assert_eq!(offsets, sorted);
    assert!(
        e.injects
            .iter()
            .enumerate()
            .all(|(n, i)| i.number == n as u32 + 1)
    );
}

#[test]
fn create_adds_an_inject_per_escalation_level_and_per_clock() {
    let e = exercise();
    let esc: Vec<&Inject> = e
        .injects
        .iter()
        .filter(|i| i.origin == InjectOrigin::Escalation)
        .collect();
    let levels = plan().escalation.len();
    assert_eq!(esc.len(), levels);
    assert!(
        esc[1].title.contains("Incident Commander"),
        "{}",
        esc[1].title
    );
    assert!(
        esc[1].text.contains("1 hour since detection"),
        "{}",
        esc[1].text
    );
    assert_eq!(esc[1].objectives, vec!["escalate".to_owned()]);

    let clocks: Vec<&Inject> = e
        .injects
        .iter()
        .filter(|i| i.origin == InjectOrigin::NotificationClock)
        .collect();
    let gdpr = clocks
        .iter()
        .find(|i| i.title.contains("GDPR"))
        .expect("an EU client with PII rehearses the GDPR clock");
    assert!(
        gdpr.text.contains("60 hours since awareness"),
        "{}",
        gdpr.text
    );
    // A 4-hour contract window is set five sixths in, in words a person would use.
    let contract = clocks
        .iter()
        .find(|i| i.title.contains("contract"))
        .expect("the contract's notice window is a clock");
    assert!(
        contract.text.contains("now 3 hours 20 minutes since"),
        "{}",
        contract.text
    );
    assert!(
        clocks
            .iter()
            .all(|i| !i.text.contains(" 1 hours") && !i.text.contains(" 1 days")),
    );
    assert!(clocks.iter().any(|i| i.title.contains("insurer")));
    assert!(
        clocks
            .iter()
            .all(|i| i.objectives == vec!["notify".to_owned()])
    );
    // Added injects come after the scenario's last one, so the story is told first.
    let last_scenario = e
        .injects
        .iter()
        .filter(|i| i.origin == InjectOrigin::Scenario)
        .map(|i| i.offset_minutes)
        .max()
        .unwrap();
    assert!(clocks.iter().all(|i| i.offset_minutes > last_scenario));
}

#[test]
fn without_plan_or_assets_the_texts_still_read() {
    let e = Exercise::create(
        ExerciseId::from_uuid(Uuid::from_u128(5)),
        &scenario("ddos_peak").unwrap(),
        &client(),
        None,
        &[],
        now(),
    )
    .unwrap();
    assert!(e.narrative.contains("the main file server"));
    assert!(e.participants.is_empty());
    assert!(
        e.injects
            .iter()
            .all(|i| i.origin != InjectOrigin::Escalation)
    );
}

#[test]
fn the_clock_is_computed_from_events_and_survives_pauses() {
    let mut e = exercise();
    assert_eq!(e.clock_state(now()).status, ExerciseStatus::NotStarted);
    assert!(e.pause(now()).is_err());
    e.start(now()).unwrap();
    let later = now() + Duration::minutes(10);
    assert_eq!(e.clock_state(later).elapsed_seconds, 600);
    e.pause(later).unwrap();
    // Paused: time passes outside, the exercise clock stands still.
    assert_eq!(
        e.clock_state(later + Duration::hours(1)).elapsed_seconds,
        600
    );
    let resumed = later + Duration::hours(1);
    e.resume(resumed).unwrap();
    assert_eq!(
        e.clock_state(resumed + Duration::seconds(30))
            .elapsed_seconds,
        630
    );
    let err = e.start(resumed).unwrap_err();
    assert_eq!(err.fields[0].field, "status");
    e.end(resumed + Duration::minutes(5)).unwrap();
    let st = e.clock_state(resumed + Duration::days(1));
    assert_eq!(
        (st.status, st.elapsed_seconds),
        (ExerciseStatus::Ended, 900)
    );
    // A clock set backwards never gives negative time.
    let mut f = exercise();
    f.start(now()).unwrap();
    assert_eq!(f.clock_state(now() - Duration::hours(1)).elapsed_seconds, 0);
}

#[test]
fn injects_appear_on_schedule_or_by_hand() {
    let mut e = exercise();
    assert!(e.revealed(now()).is_empty());
    e.start(now()).unwrap();
    assert_eq!(e.current_inject(now()).unwrap().number, 1);
    let at = now() + Duration::minutes(12);
    assert_eq!(e.revealed(at).len(), 2);
    // Reveal inject 4 early: it becomes the current one.
    e.reveal(4, at).unwrap();
    assert_eq!(e.current_inject(at).unwrap().number, 4);
    assert_eq!(e.revealed(at).len(), 3);
    assert!(e.reveal(99, at).is_err());
}

#[test]
fn presenter_view_carries_no_facilitator_only_text() {
    let mut e = exercise();
    e.start(now()).unwrap();
    let end = now() + Duration::hours(5);
    // Every inject revealed: the view could leak any of them.
    let v = presenter_view(&e, end);
    assert_eq!(v.revealed_count, v.inject_count);
    let json = serde_json::to_string(&v).unwrap();
    for i in &e.injects {
        assert!(
            !json.contains(&i.facilitator_notes),
            "notes of {}",
            i.number
        );
        for a in &i.expected_actions {
            assert!(
                !json.contains(&a.text),
                "action of {}: {}",
                i.number,
                a.text
            );
        }
        assert!(!json.contains(&i.tests));
    }
    for key in [
        "facilitator_notes",
        "expected_actions",
        "tests",
        "rationale",
    ] {
        assert!(!json.contains(key), "{key}");
    }
    assert_eq!(v.current.unwrap().number, e.injects.len() as u32);
}

#[test]
fn marks_ratings_review_and_findings() {
    let mut e = exercise();
    e.mark_action(1, 0, Some(ActionMark::Partly), now())
        .unwrap();
    assert_eq!(
        e.injects[0].expected_actions[0].mark,
        Some(ActionMark::Partly)
    );
    assert_eq!(
        e.mark_action(1, 9, None, now()).unwrap_err().fields[0].field,
        "action"
    );

    let err = e
        .rate_objective("detect", Some(Rating::SomeChallenges), " ", now())
        .unwrap_err();
    assert_eq!(err.fields[0].field, "rationale");
    assert!(e.objectives[0].rating.is_none());
    e.rate_objective(
        "detect",
        Some(Rating::SomeChallenges),
        "Slow to call it",
        now(),
    )
    .unwrap();
    assert_eq!(e.objectives[0].rating, Some(Rating::SomeChallenges));
    assert_eq!(
        e.rate_objective("nope", None, "", now())
            .unwrap_err()
            .fields[0]
            .field,
        "objective"
    );
    assert_eq!(Rating::parse("m"), Some(Rating::MajorChallenges));
    assert_eq!(Rating::parse("performed"), Some(Rating::Performed));

    e.set_review(vec!["Fast isolation".into(), " ".into()], vec![], now());
    assert_eq!(e.strengths, vec!["Fast isolation".to_owned()]);
    e.review_objective(
        "detect",
        vec!["EDR alert seen in minutes".into(), "".into()],
        vec!["Nobody checked the backups".into()],
        now(),
    )
    .unwrap();
    assert_eq!(e.objectives[0].strengths, ["EDR alert seen in minutes"]);
    assert_eq!(e.objectives[0].improvements, ["Nobody checked the backups"]);
    assert!(e.objectives[1].strengths.is_empty());
    let err = e
        .review_objective("nope", vec!["x".into()], vec![], now())
        .unwrap_err();
    assert_eq!(err.fields[0].field, "objective");
    assert!(err.fields[0].message.contains("detect"));

    let bad = e
        .add_finding(
            PlanChangeId::from_uuid(Uuid::from_u128(8)),
            FindingInput {
                issue: String::new(),
                corrective_action: String::new(),
                owner: String::new(),
                due: None,
                plan_section: "kitchen".into(),
                objective: None,
            },
            now(),
        )
        .unwrap_err();
    let fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["issue", "corrective_action", "owner", "due", "plan_section"]
    );
    let item = e
        .add_finding(
            PlanChangeId::from_uuid(Uuid::from_u128(8)),
            FindingInput {
                issue: "Nobody had the out-of-band number".into(),
                corrective_action: "Add the Signal group to every role card".into(),
                owner: "Ana Müller".into(),
                due: NaiveDate::from_ymd_opt(2027, 1, 31),
                plan_section: "Communication".into(),
                objective: Some("communicate".into()),
            },
            now(),
        )
        .unwrap();
    assert_eq!(item.status, PlanChangeStatus::Open);
    assert_eq!(item.plan_section, "communication");
    assert_eq!(e.findings.len(), 1);
}

#[test]
fn log_entries_name_a_real_inject_and_carry_the_clock() {
    let mut e = exercise();
    e.start(now()).unwrap();
    let at = now() + Duration::minutes(3);
    let entry = LogEntry::new(
        "x".into(),
        &e,
        LogEntryInput {
            inject: Some(1),
            kind: LogKind::Decision,
            who: "Ana Müller".into(),
            text: "Declared an incident".into(),
        },
        at,
    )
    .unwrap();
    assert_eq!(entry.elapsed_seconds, 180);
    let err = LogEntry::new(
        "y".into(),
        &e,
        LogEntryInput {
            inject: Some(99),
            kind: LogKind::Observation,
            who: String::new(),
            text: String::new(),
        },
        at,
    )
    .unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["text", "inject"]);
}

/// Minutes since the story's start that an inject's text states: "It is now 8 hours since",
/// "it is now 20 days since", or a scenario's own "07:40." clock (relative to its first).
fn stated_minutes(text: &str, first_clock: Option<u32>) -> Option<u32> {
    let lower = text.to_lowercase();
    if let Some(start) = lower.find("it is now ") {
        let rest = &lower[start + "it is now ".len()..];
        let phrase = &rest[..rest.find(" since")?];
        let words: Vec<&str> = phrase.split_whitespace().collect();
        let mut total = 0;
        for pair in words.chunks(2) {
            let n: u32 = pair.first()?.parse().ok()?;
            let unit = pair.get(1)?;
            total += n * match unit.trim_end_matches('s') {
                "minute" => 1,
                "hour" => 60,
                "day" | "business" => 1440,
                _ => return None,
            };
        }
        return Some(total);
    }
    let (h, m) = text.get(..5)?.split_once(':')?;
    let clock = h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?;
    Some(clock - first_clock?)
}

#[test]
fn the_story_clock_never_runs_backwards() {
    let e = exercise();
    let first = stated_minutes(&e.injects[0].text, Some(0));
    let mut last = (0, String::new());
    for i in &e.injects {
        if let Some(m) = stated_minutes(&i.text, first) {
            assert!(
                m >= last.0,
                "inject {} ({}) says {m} min after inject saying {} min: {}",
                i.number,
                i.title,
                last.0,
                last.1
            );
            last = (m, i.title.clone());
        }
    }
    assert!(
        last.0 >= 8 * 60,
        "the escalation at 8 hours is in the story"
    );
    // Exercise time follows the story: offsets never decrease in inject order.
    assert!(
        e.injects
            .windows(2)
            .all(|w| w[0].offset_minutes <= w[1].offset_minutes)
    );
}
