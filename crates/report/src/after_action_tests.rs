//! The after-action report's blocks, read without a PDF: what is printed, what never is, and
//! how an exercise with nothing recorded reads.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use cordon_core::exercise::{
    ActionMark, Exercise, FindingInput, LogEntry, LogEntryInput, LogKind, Participant,
    PlanChangeItem, PlanChangeStatus, Rating, scenario,
};
use cordon_core::plan::baseline;
use cordon_core::{Client, ClientId, ClientInput, ExerciseId, Plan, PlanChangeId, PlanId};
use uuid::Uuid;

use crate::after_action::{ExerciseFacts, SECTIONS, after_action_report};
use crate::binder::MspBranding;
use crate::incident_report::ReportControl;
use crate::model::{Block, Document, Text};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

fn client() -> Client {
    Client::create(
        ClientId::from_uuid(Uuid::from_u128(1)),
        ClientInput {
            name: "Brightwater Logistics GmbH".into(),
            ..Default::default()
        },
        t0(),
    )
    .unwrap()
}

fn plan() -> Plan {
    let (input, tref) = baseline().plan_input(&[]);
    Plan::create(
        PlanId::from_uuid(Uuid::from_u128(7)),
        ClientId::from_uuid(Uuid::from_u128(1)),
        1,
        input,
        Some(tref),
        t0(),
    )
    .unwrap()
}

fn fresh() -> Exercise {
    Exercise::create(
        ExerciseId::from_uuid(Uuid::from_u128(5)),
        &scenario("ransomware").unwrap(),
        &client(),
        Some(&plan()),
        &[],
        t0(),
    )
    .unwrap()
}

fn facts(exercise: Exercise, log: Vec<LogEntry>) -> ExerciseFacts {
    ExerciseFacts {
        exercise,
        client: client(),
        log,
        plan_changes: Vec::new(),
        plan_title: Some("Incident response plan (v1)".into()),
    }
}

/// A session that ran 90 minutes: two ratings, one objective reviewed, a finding, a log.
fn run() -> ExerciseFacts {
    let mut e = fresh();
    e.start(t0()).unwrap();
    e.set_participants(
        vec![Participant {
            name: "Jürgen Weiß".into(),
            role: "Incident Commander".into(),
        }],
        t0(),
    )
    .unwrap();
    e.mark_action(1, 0, Some(ActionMark::Partly), t0()).unwrap();
    e.rate_objective(
        "detect",
        Some(Rating::SomeChallenges),
        "Slow to call it ransomware",
        t0(),
    )
    .unwrap();
    e.rate_objective("escalate", Some(Rating::Performed), "On time", t0())
        .unwrap();
    e.review_objective(
        "detect",
        vec!["EDR alert seen in minutes".into()],
        vec!["Nobody checked the backups".into()],
        t0(),
    )
    .unwrap();
    e.set_review(vec!["Calm leadership".into()], vec![], t0());
    e.add_finding(
        PlanChangeId::from_uuid(Uuid::from_u128(9)),
        FindingInput {
            issue: "Backup checks are not in the playbook".into(),
            corrective_action: "Add a backup integrity step".into(),
            owner: "Jonas Weber".into(),
            due: NaiveDate::from_ymd_opt(2027, 1, 15),
            plan_section: "playbooks".into(),
            objective: Some("detect".into()),
        },
        t0(),
    )
    .unwrap();
    let at = t0() + Duration::minutes(42);
    let entry = LogEntry::new(
        "log-1".into(),
        &e,
        LogEntryInput {
            inject: Some(1),
            kind: LogKind::Decision,
            who: "Jürgen Weiß".into(),
            text: "Declared a major incident".into(),
        },
        at,
    )
    .unwrap();
    e.end(t0() + Duration::minutes(90)).unwrap();
    facts(e, vec![entry])
}

fn text_of(t: &Text) -> String {
    t.iter().map(|s| s.text.as_str()).collect()
}

/// Every word the document would print, title page included, one block a line.
fn words(doc: &Document) -> String {
    let mut out = Vec::new();
    if let Some(tp) = &doc.title_page {
        out.push(format!("{} {} {}", tp.kicker, tp.title, tp.subtitle));
        for (k, v) in &tp.facts {
            out.push(format!("{k}: {v}"));
        }
        if let Some(n) = &tp.notice {
            out.push(format!("{} {}", n.title, text_of(&n.body)));
        }
    }
    for b in &doc.blocks {
        out.push(match b {
            Block::Heading { text, .. } => text.clone(),
            Block::Paragraph(t) => text_of(t),
            Block::Bullets(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" | "),
            Block::KeyValue(rows) => rows
                .iter()
                .map(|(k, v)| format!("{k}: {}", text_of(v)))
                .collect::<Vec<_>>()
                .join(" | "),
            Block::Table(t) => t
                .rows
                .iter()
                .map(|r| r.iter().map(text_of).collect::<Vec<_>>().join(" ; "))
                .collect::<Vec<_>>()
                .join(" | "),
            Block::Callout(c) => format!("{} {}", c.title, text_of(&c.body)),
            _ => String::new(),
        });
    }
    out.join("\n")
}

fn report(f: &ExerciseFacts, at: DateTime<Utc>) -> String {
    let msp = MspBranding {
        name: "Northwind Security".into(),
        logo: None,
    };
    let (doc, _) = after_action_report(f, &ReportControl::default(), &msp, at);
    words(&doc)
}

#[test]
fn facilitator_notes_never_print() {
    let mut f = run();
    for (n, i) in f.exercise.injects.iter_mut().enumerate() {
        i.facilitator_notes = format!("SECRET-SCRIPT-{n}");
    }
    let w = report(&f, t0() + Duration::hours(3));
    assert!(!w.contains("SECRET-SCRIPT"), "{w}");
    // The injects themselves are there, so the absence above is not an empty log.
    assert!(w.contains(&format!("Inject 1: {}", f.exercise.injects[0].title)));
    assert!(w.contains(&f.exercise.injects[0].text));
}

#[test]
fn every_section_ratings_review_and_finding_are_printed() {
    let w = report(&run(), t0() + Duration::hours(3));
    for s in SECTIONS {
        assert!(w.lines().any(|l| l == s), "section {s} missing:\n{w}");
    }
    assert!(w.contains("S: Performed with some challenges"), "{w}");
    assert!(w.contains("P: Performed without challenges"));
    assert!(w.contains("Of the six objectives, one was performed without challenges (P), one was performed with some challenges (S) and four are not rated yet."), "{w}");
    assert!(w.contains("Slow to call it ransomware"));
    assert!(w.contains("EDR alert seen in minutes"));
    assert!(w.contains("Nobody checked the backups"));
    assert!(w.contains("Calm leadership"));
    assert!(
        w.contains("T+00:42 ; Jürgen Weiß ; Decision: Declared a major incident"),
        "{w}"
    );
    assert!(w.contains("Jonas Weber ; 15 Jan 2027"), "{w}");
    assert!(w.contains("holds one item, owned by Jonas Weber and due on 15 Jan 2027"));
    assert!(w.contains("Final: the exercise has ended"));
    assert!(w.contains("26 Nov 2026, 09:00 to 10:30 UTC"), "{w}");
    // A rated objective keeps its sub-headings even when they are empty.
    assert!(w.contains("No strengths recorded for this objective."));
    assert!(w.contains("Partly"));
    assert!(w.contains("Not assessed"));
}

#[test]
fn unrated_objectives_say_not_rated() {
    let w = report(&run(), t0() + Duration::hours(3));
    // Four of six objectives were not rated: each row of the table says so.
    let table = w
        .lines()
        .find(|l| l.contains("S: Performed with some challenges") && l.contains(" | "))
        .expect("the ratings table");
    assert_eq!(table.matches("Not rated").count(), 4, "{table}");
    assert!(w.contains("The objective has not been rated."));
}

#[test]
fn an_exercise_not_yet_run_reads_as_a_draft_with_sentences_not_bare_headings() {
    let w = report(&facts(fresh(), Vec::new()), t0());
    assert!(w.contains("Draft: the exercise has not started"), "{w}");
    assert!(
        w.contains("None of the six objectives are rated yet."),
        "{w}"
    );
    assert!(w.contains("No participants were recorded."));
    assert!(w.contains("No exercise-wide strengths were recorded."));
    assert!(w.contains("Nothing was recorded for this objective: no strengths"));
    assert!(!w.contains("No observations recorded for this objective."));
    assert!(w.contains("No injects were revealed: the exercise has not started."));
    assert!(w.contains("No improvement items were recorded in this exercise."));
    assert!(
        !w.contains("None recorded."),
        "the generic empty-table text: {w}"
    );
}

#[test]
fn a_running_exercise_is_a_draft() {
    let mut e = fresh();
    e.start(t0()).unwrap();
    let w = report(&facts(e, Vec::new()), t0() + Duration::minutes(20));
    assert!(w.contains("Draft: the exercise has not ended"), "{w}");
    assert!(w.contains("20 min so far"), "{w}");
    assert!(
        w.contains("began rehearsing its incident response plan (version 1)")
            && w.contains("The exercise has not ended: 20 min of exercise time so far."),
        "{w}"
    );
    assert!(w.contains("Injects not reached"));
}

#[test]
fn renders_to_a_pdf() {
    let msp = MspBranding {
        name: "Northwind Security".into(),
        logo: None,
    };
    let pdf = crate::render_after_action_report(
        &run(),
        &ReportControl::default(),
        &msp,
        t0() + Duration::hours(3),
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn several_findings_name_the_earliest_due_date_and_sort_by_it() {
    let mut f = run();
    let mut second = f.exercise.findings[0].clone();
    second.issue = "Contact sheet out of date".into();
    second.owner = "Rita Okoye".into();
    second.due = NaiveDate::from_ymd_opt(2026, 12, 10);
    f.exercise.findings.push(second);
    let w = report(&f, t0() + Duration::hours(3));
    assert!(
        w.contains(
            "holds two items, each with an owner and a due date; the earliest is due on 10 Dec 2026"
        ),
        "{w}"
    );
    let plan = &w[w.rfind("\nImprovement plan").unwrap()..];
    assert!(
        plan.find("Contact sheet").unwrap() < plan.find("Backup checks").unwrap(),
        "soonest first: {plan}"
    );
}

#[test]
fn an_open_item_past_its_date_reads_as_overdue_and_a_done_one_as_done() {
    let mut f = run();
    let mut late = f.exercise.findings[0].clone();
    late.issue = "Contact sheet out of date".into();
    late.plan_change_id = PlanChangeId::from_uuid(Uuid::from_u128(10));
    late.due = NaiveDate::from_ymd_opt(2026, 12, 10);
    f.exercise.findings.push(late);
    let item = |id: u128, status| PlanChangeItem {
        id: PlanChangeId::from_uuid(Uuid::from_u128(id)),
        client_id: f.exercise.client_id,
        exercise_id: f.exercise.id,
        exercise_name: f.exercise.name.clone(),
        issue: String::new(),
        corrective_action: String::new(),
        owner: String::new(),
        due: None,
        plan_section: "playbooks".into(),
        status,
        created_at: t0(),
        updated_at: t0(),
    };
    f.plan_changes = vec![
        item(9, PlanChangeStatus::Open),
        item(10, PlanChangeStatus::Open),
    ];
    let status_of = |w: &str, issue: &str| -> String {
        let plan = &w[w.rfind("\nImprovement plan").unwrap()..];
        let row = &plan[plan.find(issue).unwrap()..];
        row.lines().take(8).collect::<Vec<_>>().join(" ")
    };
    // On 20 Dec 2026 the 10 Dec item is late; the January one is not.
    let at = NaiveDate::from_ymd_opt(2026, 12, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc();
    let w = report(&f, at);
    assert!(status_of(&w, "Contact sheet").contains("Overdue"), "{w}");
    assert!(!status_of(&w, "Backup checks").contains("Overdue"), "{w}");
    f.plan_changes[1].status = PlanChangeStatus::Done;
    let w = report(&f, at);
    assert!(status_of(&w, "Contact sheet").contains("Done"), "{w}");
}
