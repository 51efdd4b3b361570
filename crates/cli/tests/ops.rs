//! Issue 12's CLI journey: two data folders, A seeded by `cordon demo` and B created empty by
//! `cordon init`, carry their ops to each other in files. Both then work the same incident
//! offline (a timeline entry each, each moves it to another phase), exchange again both ways,
//! and agree on the incident, its timeline, the search and the chain; doctor passes on both.
//! Damaged files are refused naming the line, and nothing of them is applied.

use std::path::Path;

mod common;
use common::{cordon, ok_json};

fn export(dir: &Path, file: &Path) -> String {
    let out = cordon(dir, &["ops", "export", "-o", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

fn import(dir: &Path, file: &Path) -> serde_json::Value {
    ok_json(cordon(
        dir,
        &["ops", "import", file.to_str().unwrap(), "--json"],
    ))
}

fn op_count(dir: &Path) -> u64 {
    ok_json(cordon(dir, &["doctor", "--json"]))["op_count"]
        .as_u64()
        .unwrap()
}

/// What both laptops must agree on: the record and its timeline, not what is computed for
/// the moment it is shown (clocks, timers).
fn shown(dir: &Path, id: &str) -> serde_json::Value {
    let v = ok_json(cordon(dir, &["incidents", "show", id, "--json"]));
    serde_json::json!({
        "incident": v["incident"],
        "timeline": v["timeline"],
        "chain": v["chain"],
    })
}

#[test]
fn two_folders_exchange_ops_files_and_agree() {
    let (a, b, stick) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (a, b) = (a.path(), b.path());
    assert!(cordon(a, &["demo"]).status.success());
    let init = cordon(b, &["init"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert_eq!(
        cordon(b, &["init"]).status.code(),
        Some(1),
        "a second init is refused"
    );
    assert_eq!(op_count(b), 0);

    let first = stick.path().join("a-1.jsonl");
    let said = export(a, &first);
    assert!(said.contains("plaintext"), "{said}");
    let again = cordon(a, &["ops", "export", "-o", first.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwritten"));

    let taken = import(b, &first);
    assert_eq!(taken["new"].as_u64(), Some(op_count(a)));
    assert_eq!(taken["known"], 0);
    assert_eq!(
        import(b, &first)["new"],
        0,
        "the same file twice brings nothing new"
    );

    let client = ok_json(cordon(
        b,
        &["clients", "list", "--json", "--query", "brightwater"],
    ))[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let list = ok_json(cordon(
        b,
        &["incidents", "list", "--client", &client, "--open", "--json"],
    ));
    // One that both laptops can still move forward, to different phases.
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| ["detected", "analysing", "contained"].contains(&i["phase"].as_str().unwrap()))
        .expect("an open demo incident before eradication")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        shown(a, &id),
        shown(b, &id),
        "B holds A's incident as A does"
    );

    // Offline on both laptops: an entry each, and each moves it on.
    for (dir, text, phase) in [
        (a, "Laptop A saw beaconing to 203.0.113.7", "recovered"),
        (b, "Laptop B isolated the file server", "eradicated"),
    ] {
        let out = cordon(
            dir,
            &[
                "incidents",
                "timeline",
                "add",
                &id,
                "--kind",
                "observation",
                "--text",
                text,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = cordon(dir, &["incidents", "move", &id, "--phase", phase]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (to_b, to_a) = (
        stick.path().join("a-2.jsonl"),
        stick.path().join("b-1.jsonl"),
    );
    export(a, &to_b);
    export(b, &to_a);
    assert!(import(a, &to_a)["new"].as_u64().unwrap() > 0);
    assert!(import(b, &to_b)["new"].as_u64().unwrap() > 0);

    let (on_a, on_b) = (shown(a, &id), shown(b, &id));
    assert_eq!(on_a, on_b);
    let texts: Vec<&str> = on_a["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("Laptop A"))
            && texts.iter().any(|t| t.contains("Laptop B")),
        "{texts:?}"
    );
    assert_eq!(on_a["chain"]["intact"], true);
    for dir in [a, b] {
        assert_eq!(
            cordon(dir, &["incidents", "verify", &id]).status.code(),
            Some(0)
        );
        let d = ok_json(cordon(dir, &["doctor", "--json"]));
        assert_eq!(
            (
                d["tables_match_op_log"].clone(),
                d["search_matches_op_log"].clone()
            ),
            (true.into(), true.into())
        );
    }
    assert_eq!(
        ok_json(cordon(a, &["search", "laptop", "--json"])),
        ok_json(cordon(b, &["search", "laptop", "--json"]))
    );
    assert_eq!(op_count(a), op_count(b));
    outsider_verifies(a, &id);

    // A damaged file is refused naming its line; nothing of it lands.
    let text = std::fs::read_to_string(&to_b).unwrap();
    let before = op_count(b);
    let cut = stick.path().join("cut.jsonl");
    std::fs::write(&cut, &text[..text.len() * 2 / 3]).unwrap();
    let out = cordon(b, &["ops", "import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<&str> = text.lines().collect();
    let edited_line = lines[2].replacen("\"scope\":\"", "\"scope\":\"x", 1);
    assert_ne!(edited_line, lines[2]);
    lines[2] = &edited_line;
    let edited = stick.path().join("edited.jsonl");
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let out = cordon(b, &["ops", "import", edited.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 3"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(op_count(b), before);
}

/// docs/verify_timeline.py, the outsider's check in another language, agrees with Cordon on
/// the forked timeline, and catches an edited entry.
fn outsider_verifies(dir: &Path, id: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/verify_timeline.py");
    let shown = cordon(dir, &["incidents", "show", id, "--json"]);
    assert!(shown.status.success());
    let run = |json: &[u8]| {
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg("-")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs (scripts/setup-debian.sh installs it)");
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), json).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let mut v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let entries = v["timeline"].as_array().unwrap().len();
    let seqs: Vec<u64> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    let numbers: std::collections::HashSet<&u64> = seqs.iter().collect();
    assert!(
        numbers.len() < seqs.len(),
        "the two laptops' entries fork the timeline: {seqs:?}"
    );
    assert_eq!(
        run(&shown.stdout),
        (Some(0), format!("intact: {entries} entries\n"))
    );
    let last = entries - 1;
    v["timeline"][last]["text"] = "nothing happened".into();
    let (code, said) = run(v.to_string().as_bytes());
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("changed after it was recorded"), "{said}");
}
