//! `cordon report exercise`, as a user would run it after a session: the demo workspace, a
//! ransomware exercise for Brightwater run through the facade with a clock the test moves
//! (the CLI has no console), then the after-action report written by the CLI and read back
//! with poppler-utils.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use cordon_app::{
    ActionMark, FindingInput, LogEntryInput, LogKind, ManualClock, Rating, ReportControlInput,
    Workspace,
};

mod common;
use common::{PASS, cordon};

fn poppler(tool: &str, pdf: &Path) -> String {
    let mut cmd = Command::new(tool);
    if tool == "pdftotext" {
        cmd.args(["-enc", "UTF-8"]).arg(pdf).arg("-");
    } else {
        cmd.arg(pdf);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text with runs of white space made one space: table cells wrap.
fn text(pdf: &Path) -> String {
    poppler("pdftotext", pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn log(ws: &Workspace, id: &str, inject: Option<u32>, kind: LogKind, who: &str, what: &str) {
    ws.add_exercise_log(
        id,
        LogEntryInput {
            inject,
            kind,
            who: who.into(),
            text: what.into(),
        },
    )
    .unwrap();
}

/// A 95-minute session of the ransomware scenario, evaluated: what a facilitator records.
/// Returns the exercise id and the opening words of every inject's facilitator notes.
fn rehearse(dir: &Path) -> (String, Vec<String>) {
    assert!(cordon(dir, &["demo"]).status.success());
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::at(start));
    let at = |minutes: i64| {
        clock.set(start + Duration::minutes(minutes));
    };
    let ws = Workspace::new(dir, clock.clone());
    ws.unlock(Some(PASS.into())).unwrap();
    let client = ws.list_clients("brightwater", false).unwrap()[0]
        .id
        .to_string();
    let id = ws
        .create_exercise(&client, "ransomware")
        .unwrap()
        .exercise
        .id
        .to_string();
    let notes: Vec<String> = ws
        .exercise(&id)
        .unwrap()
        .exercise
        .injects
        .iter()
        .map(|i| {
            let words: Vec<&str> = i.facilitator_notes.split_whitespace().take(6).collect();
            words.join(" ")
        })
        .collect();
    // Their absence from the PDF means something only if the scenario has notes.
    assert!(notes.iter().all(|n| n.split(' ').count() == 6), "{notes:?}");
    ws.start_exercise(&id).unwrap();
    at(4);
    log(
        &ws,
        &id,
        Some(1),
        LogKind::Decision,
        "Jo Fischer",
        "Treat it as ransomware; isolate FS-01 from the network.",
    );
    ws.mark_expected_action(&id, 1, 0, Some(ActionMark::Done))
        .unwrap();
    ws.mark_expected_action(&id, 1, 1, Some(ActionMark::Partly))
        .unwrap();
    at(14);
    log(
        &ws,
        &id,
        Some(2),
        LogKind::Observation,
        "",
        "Nobody knew where the EDR console's isolation button was.",
    );
    at(27);
    log(
        &ws,
        &id,
        Some(4),
        LogKind::Decision,
        "Jürgen Weiß",
        "Move the team to the Signal group from the out-of-band card.",
    );
    at(45);
    log(
        &ws,
        &id,
        None,
        LogKind::Observation,
        "Rita Okoye",
        "Ten-minute break; the room asked for the contact sheet.",
    );
    ws.pause_exercise(&id).unwrap();
    at(55);
    ws.resume_exercise(&id).unwrap();
    at(70);
    log(
        &ws,
        &id,
        Some(8),
        LogKind::Observation,
        "Sam Patel",
        "The last tested restore of FS-01 is eleven months old.",
    );
    at(105);
    ws.end_exercise(&id).unwrap();

    ws.rate_objective(
        &id,
        "detect",
        Some(Rating::Performed),
        "Called it ransomware within five minutes.",
    )
    .unwrap();
    ws.rate_objective(
        &id,
        "communicate",
        Some(Rating::SomeChallenges),
        "Moved to Signal, but staff heard nothing for an hour.",
    )
    .unwrap();
    ws.rate_objective(
        &id,
        "recover",
        Some(Rating::MajorChallenges),
        "No recent restore test; the RTO could not be promised.",
    )
    .unwrap();
    ws.review_exercise_objective(
        &id,
        "recover",
        vec!["Backups are kept offline".into()],
        vec!["Test a restore of FS-01 every quarter".into()],
    )
    .unwrap();
    ws.set_exercise_review(
        &id,
        vec!["The team used the out-of-band channel without prompting".into()],
        vec!["Restore testing".into()],
    )
    .unwrap();
    ws.add_exercise_finding(
        &id,
        FindingInput {
            issue: "No restore test in the last year".into(),
            corrective_action: "Add a quarterly restore test of FS-01 to the recovery playbook"
                .into(),
            owner: "Jo Fischer".into(),
            due: NaiveDate::from_ymd_opt(2027, 1, 31),
            plan_section: "playbooks".into(),
            objective: Some("recover".into()),
        },
    )
    .unwrap();
    (id, notes)
}

#[test]
fn the_after_action_report_of_a_run_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let (id, notes) = rehearse(dir.path());
    let pdf = dir.path().join("aar.pdf");
    let out = cordon(
        dir.path(),
        &[
            "report",
            "exercise",
            &id,
            "-o",
            pdf.to_str().unwrap(),
            "--approver",
            "Anneliese Krüger",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("pages"));
    let t = text(&pdf);
    for s in cordon_report_sections() {
        assert!(t.contains(s), "section {s:?} missing");
    }
    assert!(
        t.contains("AFTER-ACTION REPORT / IMPROVEMENT PLAN"),
        "the kicker, set in capitals"
    );
    assert!(t.contains("Ransomware on a Monday morning — Brightwater Logistics GmbH"));
    for rating in [
        "P: Performed without challenges",
        "S: Performed with some challenges",
        "M: Performed with major challenges",
    ] {
        assert!(t.contains(rating), "{rating}");
    }
    assert!(
        t.contains("Not rated"),
        "three objectives were left unrated"
    );
    assert!(
        t.contains("Jo Fischer 31 Jan 2027"),
        "the finding's owner and due date"
    );
    assert!(t.contains("holds one item, owned by Jo Fischer and due on 31 Jan 2027"));
    assert!(t.contains("Jürgen Weiß") && t.contains("Anneliese Krüger"));
    assert!(!t.contains("Wei?") && !t.contains("Kr?ger"));
    assert!(
        t.contains("T+00:27 Jürgen Weiß Decision: Move the team"),
        "log with exercise time"
    );
    assert!(
        t.contains("20 Nov 2026, 09:00 to 10:45 UTC"),
        "the exercise's date and times"
    );
    assert!(
        t.contains("1 h 35 min"),
        "105 minutes less a 10-minute pause"
    );
    for n in &notes {
        assert!(!t.contains(n.as_str()), "facilitator notes printed: {n}");
    }
    let info = poppler("pdfinfo", &pdf);
    assert!(
        info.contains("After-action report: Ransomware on a Monday morning"),
        "{info}"
    );
    assert!(!dir.path().join("aar.pdf.part").exists());
}

fn cordon_report_sections() -> [&'static str; 6] {
    [
        "Exercise overview",
        "Executive summary",
        "Objective ratings",
        "Analysis of objectives",
        "Inject log",
        "Improvement plan",
    ]
}

#[test]
fn an_unknown_exercise_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cordon(dir.path(), &["demo"]).status.success());
    let pdf = dir.path().join("none.pdf");
    for id in ["nope", "01a21857-aeac-7ccd-a52b-229b3b41f42a"] {
        let out = cordon(
            dir.path(),
            &["report", "exercise", id, "-o", pdf.to_str().unwrap()],
        );
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.to_lowercase().contains("exercise") || err.contains("id"),
            "{err}"
        );
        assert!(!pdf.exists() && !dir.path().join("none.pdf.part").exists());
    }
    // The facade refuses the same way, for the desktop's Export button.
    let ws = Workspace::new(dir.path(), Arc::new(ManualClock::at(DateTime::UNIX_EPOCH)));
    ws.unlock(Some(PASS.into())).unwrap();
    assert!(
        ws.exercise_report_pdf("nope", ReportControlInput::default())
            .is_err()
    );
}
