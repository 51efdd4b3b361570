//! `cordon exercises`, run as a user would: the library, an exercise created for the demo's
//! EU client with its own names and clocks, listing and showing it, bad input refused, and
//! `cordon search` finding an exercise and its log.

use std::sync::Arc;

use chrono::NaiveDate;
use cordon_app::{FindingInput, LogEntryInput, LogKind, SystemClock, Workspace};

mod common;
use common::{PASS, cordon, ok_json};

fn op_count(dir: &std::path::Path) -> u64 {
    ok_json(cordon(dir, &["doctor", "--json"]))["op_count"]
        .as_u64()
        .unwrap()
}

/// A demo workspace in `dir` and a new ransomware exercise for its EU client, as JSON.
fn demo_ransomware_exercise(dir: &std::path::Path) -> serde_json::Value {
    assert!(cordon(dir, &["demo"]).status.success());
    let clients = ok_json(cordon(
        dir,
        &["clients", "list", "--json", "--query", "brightwater"],
    ));
    let client = clients[0]["id"].as_str().unwrap();
    ok_json(cordon(
        dir,
        &[
            "exercises",
            "create",
            "--client",
            client,
            "--scenario",
            "ransomware",
            "--json",
        ],
    ))
}

#[test]
fn scenarios_create_list_show_and_refuse_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let lib = ok_json(cordon(dir.path(), &["exercises", "scenarios", "--json"]));
    let names: Vec<&str> = lib
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 6);
    assert!(names.contains(&"ransomware") && names.contains(&"ddos_peak"));
    assert!(lib[0]["source"].as_str().unwrap().contains("HSEEP"));

    assert!(cordon(dir.path(), &["demo"]).status.success());
    let list = ok_json(cordon(
        dir.path(),
        &["clients", "list", "--json", "--query", "brightwater"],
    ));
    let client = list[0]["id"].as_str().unwrap().to_owned();

    let before = op_count(dir.path());
    let bad = cordon(
        dir.path(),
        &[
            "exercises",
            "create",
            "--client",
            &client,
            "--scenario",
            "meteor",
            "--json",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("scenario"), "{err}");
    assert_eq!(op_count(dir.path()), before);

    let v = ok_json(cordon(
        dir.path(),
        &[
            "exercises",
            "create",
            "--client",
            &client,
            "--scenario",
            "ransomware",
            "--json",
        ],
    ));
    let e = &v["exercise"];
    let id = e["id"].as_str().unwrap().to_owned();
    assert!(
        e["narrative"]
            .as_str()
            .unwrap()
            .contains("FS-01, which holds PII")
    );
    let injects = e["injects"].as_array().unwrap();
    assert!(injects.len() > 7, "scenario injects plus the client's own");
    assert!(injects.iter().any(|i| i["origin"] == "escalation"));
    assert!(injects.iter().any(|i| {
        i["origin"] == "notification_clock"
            && i["text"]
                .as_str()
                .unwrap()
                .contains("60 hours since awareness")
    }));

    let listed = ok_json(cordon(
        dir.path(),
        &["exercises", "list", "--client", &client, "--json"],
    ));
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["status"], "not_started");

    assert!(
        cordon(dir.path(), &["exercises", "start", &id])
            .status
            .success()
    );
    let shown = ok_json(cordon(dir.path(), &["exercises", "show", &id, "--json"]));
    assert_eq!(shown["clock"]["status"], "running");
    assert_eq!(shown["current"], 1);

    let presenter = ok_json(cordon(dir.path(), &["exercises", "presenter", &id]));
    let text = presenter.to_string();
    assert!(!text.contains("facilitator_notes") && !text.contains("expected_actions"));
    assert_eq!(presenter["current"]["number"], 1);

    let twice = cordon(dir.path(), &["exercises", "start", &id]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("status"));
}

/// `cordon search` finds an exercise by the owner of one of its findings (written through the
/// facade, as the desktop does), and a log line by its text.
#[test]
fn search_finds_an_exercise_by_a_findings_owner_and_a_log_line_by_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let created = demo_ransomware_exercise(dir.path());
    let id = created["exercise"]["id"].as_str().unwrap().to_owned();
    let name = created["exercise"]["name"].as_str().unwrap().to_owned();
    {
        let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
        ws.unlock(Some(PASS.into())).unwrap();
        ws.add_exercise_finding(
            &id,
            FindingInput {
                issue: "The insurer's hotline number was out of date".into(),
                corrective_action: "Confirm the number each quarter".into(),
                owner: "Henrietta Okonkwo".into(),
                due: NaiveDate::from_ymd_opt(2027, 1, 31),
                plan_section: "contacts".into(),
                objective: None,
            },
        )
        .unwrap();
        ws.add_exercise_log(
            &id,
            LogEntryInput {
                inject: Some(1),
                kind: LogKind::Decision,
                who: "Incident lead".into(),
                text: "Isolate the Hamburg depot's VLAN first".into(),
            },
        )
        .unwrap();
    }

    let hits = ok_json(cordon(dir.path(), &["search", "okonkwo", "--json"]));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["kind"], "exercise");
    assert_eq!(hits[0]["id"], id.as_str());
    assert_eq!(hits[0]["exercise_id"], id.as_str());
    assert_eq!(hits[0]["client_name"], "Brightwater Logistics GmbH");
    assert_eq!(hits[0]["title"], name.as_str());

    let hits = ok_json(cordon(dir.path(), &["search", "hamburg depot", "--json"]));
    let line = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "exercise_log_entry")
        .expect("the log line is found");
    assert_eq!(line["exercise_id"], id.as_str());

    // The table for people names the kind and the exercise.
    let out = cordon(dir.path(), &["search", "okonkwo"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("exercise "), "{text}");
    assert!(text.contains(&name), "{text}");
}

/// A whole session from the command line, as a facilitator writing up paper notes would: who
/// took part, the clock, a reveal, the log, a mark, ratings, strengths, a finding; bad values
/// are refused by name and write nothing.
#[test]
fn a_session_is_run_and_evaluated_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let created = demo_ransomware_exercise(d);
    let id = created["exercise"]["id"].as_str().unwrap().to_owned();
    let objective = created["exercise"]["objectives"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = |args: &[&str]| {
        let mut all = vec!["exercises"];
        all.extend_from_slice(args);
        let out = cordon(d, &all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "participants",
        &id,
        "--participant",
        "Jürgen Weiß=Communications Coordinator",
        "--participant",
        "Sam Patel=Incident Commander",
    ]);
    run(&["start", &id]);
    run(&["reveal", &id, "3"]);
    run(&[
        "log",
        &id,
        "Isolate the Hamburg depot first",
        "--inject",
        "3",
        "--who",
        "Sam Patel",
    ]);
    run(&["mark", &id, "1", "2", "partly"]);

    // Bad values: each names what to give instead, and nothing is written.
    let before = op_count(d);
    for (args, says) in [
        (vec!["rate", &id, &objective, "S"], "rationale"),
        (
            vec!["rate", &id, &objective, "Q", "--why", "x"],
            "P, S, M, U",
        ),
        (vec!["mark", &id, "1", "0", "done"], "from 1"),
        (
            vec!["log", &id, "x", "--kind", "musing"],
            "decision or observation",
        ),
        (
            vec![
                "finding",
                &id,
                "--issue",
                "i",
                "--action",
                "a",
                "--owner",
                "o",
                "--due",
                "next week",
                "--section",
                "roles",
            ],
            "YYYY-MM-DD",
        ),
        (
            vec![
                "finding",
                &id,
                "--issue",
                "i",
                "--action",
                "a",
                "--owner",
                "o",
                "--due",
                "2027-01-31",
                "--section",
                "kitchen",
            ],
            "plan_section",
        ),
    ] {
        let mut all = vec!["exercises"];
        all.extend_from_slice(&args);
        let out = cordon(d, &all);
        assert!(!out.status.success(), "{args:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(op_count(d), before);

    run(&[
        "rate",
        &id,
        &objective,
        "M",
        "--why",
        "The backup restore was never tested",
    ]);
    run(&[
        "review",
        &id,
        "--objective",
        &objective,
        "--strength",
        "EDR alert seen in minutes",
        "--improvement",
        "Nobody owned the backups",
    ]);
    run(&["review", &id, "--strength", "Calm, clear leadership"]);
    run(&[
        "finding",
        &id,
        "--issue",
        "Backups were never restored in a test",
        "--action",
        "Quarterly restore test of FS-01",
        "--owner",
        "Jürgen Weiß",
        "--due",
        "2027-03-31",
        "--section",
        "playbooks",
        "--objective",
        &objective,
    ]);
    run(&["end", &id]);

    let v = ok_json(cordon(d, &["exercises", "show", &id, "--json"]));
    let e = &v["exercise"];
    assert_eq!(v["clock"]["status"], "ended");
    assert_eq!(e["participants"][0]["name"], "Jürgen Weiß");
    assert_eq!(e["participants"][1]["role"], "Incident Commander");
    assert!(v["revealed"].as_array().unwrap().contains(&3.into()));
    assert_eq!(e["injects"][0]["expected_actions"][1]["mark"], "partly");
    assert_eq!(e["objectives"][0]["rating"], "major_challenges");
    assert_eq!(
        e["objectives"][0]["strengths"][0],
        "EDR alert seen in minutes"
    );
    assert_eq!(
        e["objectives"][0]["improvements"][0],
        "Nobody owned the backups"
    );
    assert_eq!(e["strengths"][0], "Calm, clear leadership");
    assert_eq!(e["findings"][0]["due"], "2027-03-31");
    let log = v["log"].as_array().unwrap();
    assert!(log.iter().any(|l| l["inject"] == 3
        && l["who"] == "Sam Patel"
        && l["text"] == "Isolate the Hamburg depot first"));
}
