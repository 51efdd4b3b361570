//! `cordon exercises`, run as a user would: the library, an exercise created for the demo's
//! EU client with its own names and clocks, listing and showing it, and bad input refused.

use std::process::{Command, Output};

const PASS: &str = "exercise cli passphrase";

fn cordon(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .env("CORDON_DATA_DIR", dir)
        .env("CORDON_PASSPHRASE", PASS)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(args)
        .output()
        .unwrap()
}

fn ok_json(out: Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn op_count(dir: &std::path::Path) -> u64 {
    ok_json(cordon(dir, &["doctor", "--json"]))["op_count"]
        .as_u64()
        .unwrap()
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
