//! `cordon incidents` and `cordon search`, run as a user would: open an incident, add to its
//! timeline, read its clocks, and have `verify` fail after the database is altered.

use std::sync::Arc;

mod common;
use common::{PASS, cordon, ok_json};

fn brightwater(dir: &std::path::Path) -> String {
    let list = ok_json(cordon(
        dir,
        &["clients", "list", "--json", "--query", "brightwater"],
    ));
    list[0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn create_show_timeline_verify_and_search() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cordon(dir.path(), &["demo"]).status.success());
    let client = brightwater(dir.path());

    let v = ok_json(cordon(
        dir.path(),
        &[
            "incidents",
            "create",
            "--client",
            &client,
            "--type",
            "ransomware",
            "--title",
            "Encrypted shares on FS-01",
            "--asset",
            "fs-01",
            "--detected-at",
            "2026-01-05 08:00",
            "--json",
        ],
    ));
    let id = v["incident"]["id"].as_str().unwrap().to_owned();
    assert_eq!(v["incident"]["phase"], "detected");
    let level = v["incident"]["severity"]["computed"]["level"]
        .as_str()
        .unwrap();
    assert!(level.starts_with("SEV"), "{level}");
    assert!(
        !v["incident"]["severity"]["computed"]["criterion"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    // FS-01 holds PII and the client is in the EU: GDPR's clock applies, waiting for awareness.
    let gdpr = v["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule_key"] == "gdpr_art33_supervisory_authority")
        .expect("GDPR clock");
    assert_eq!(gdpr["status"], "awaiting_trigger");

    let out = cordon(
        dir.path(),
        &[
            "incidents",
            "trigger",
            &id,
            "--trigger",
            "awareness",
            "--at",
            "2026-01-05T09:30:00Z",
            "--json",
        ],
    );
    let clocks = ok_json(out);
    let gdpr = clocks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule_key"] == "gdpr_art33_supervisory_authority")
        .unwrap();
    assert_eq!(
        gdpr["deadline"], "2026-01-08T09:30:00Z",
        "72 h from awareness"
    );

    for (kind, text) in [
        ("observation", "Ransom note in every share"),
        ("action", "Port disabled"),
    ] {
        let e = ok_json(cordon(
            dir.path(),
            &[
                "incidents",
                "timeline",
                "add",
                &id,
                "--kind",
                kind,
                "--text",
                text,
                "--client-visible",
                "--json",
            ],
        ));
        assert_eq!(e["text"], text);
        assert_eq!(e["client_visible"], true);
    }
    let out = cordon(
        dir.path(),
        &[
            "incidents",
            "timeline",
            "add",
            &id,
            "--kind",
            "gossip",
            "--text",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "bad input exits 2");
    assert!(String::from_utf8_lossy(&out.stderr).contains("kind"));
    let out = cordon(
        dir.path(),
        &[
            "incidents",
            "timeline",
            "add",
            &id,
            "--kind",
            "action",
            "--text",
            "x",
            "--at",
            "2999-01-01 00:00",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("future"));

    let show = ok_json(cordon(dir.path(), &["incidents", "show", &id, "--json"]));
    assert_eq!(
        show["timeline"].as_array().unwrap().len(),
        4,
        "opening, trigger, 2 entries"
    );
    assert_eq!(show["chain"]["intact"], true);
    let out = cordon(dir.path(), &["incidents", "verify", &id]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("intact: 4 entries"));

    let hits = ok_json(cordon(dir.path(), &["search", "ransom note", "--json"]));
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["kind"] == "timeline_entry" && h["incident_id"] == id.as_str()),
        "{hits}"
    );
    let csv = cordon(dir.path(), &["incidents", "timeline", "export", &id]);
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 5);

    // Someone with the key edits entry 3 directly in the database: verify exits 1 and names it.
    let store = cordon_store::Store::open(
        dir.path(),
        Some(cordon_store::Passphrase::new(PASS)),
        Arc::new(Wall),
    )
    .unwrap();
    store
        .read(|c| {
            c.execute(
                "UPDATE timeline_entries SET doc = json_set(doc, '$.text', 'Port left open') WHERE seq = 3 AND incident_id = ?1",
                [&id],
            )?;
            Ok(())
        })
        .unwrap();
    drop(store);
    let out = cordon(dir.path(), &["incidents", "verify", &id]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("BROKEN at entry #3"), "{stdout}");
    let doctor = cordon(dir.path(), &["doctor"]);
    assert!(
        !doctor.status.success(),
        "the tables no longer match the op log"
    );
}

struct Wall;

impl cordon_core::Clock for Wall {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}
