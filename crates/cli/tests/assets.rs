//! `cordon assets` run as a user would, on a passphrase-protected workspace: exit code 0 when
//! every row is valid, 2 when any row is rejected; a dry run writes nothing; a real import
//! stores the valid rows and says which were not.

use std::process::Output;

mod common;
use common::cordon;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn client_id(dir: &std::path::Path, query: &str) -> String {
    let out = cordon(dir, &["clients", "list", "--json", "--query", query]);
    json(&out)[0]["id"].as_str().unwrap().to_owned()
}

fn asset_count(dir: &std::path::Path, client: &str) -> usize {
    let out = cordon(dir, &["assets", "list", "--client", client, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out).as_array().unwrap().len()
}

#[test]
fn import_exit_codes_dry_run_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ws");
    assert!(cordon(&data, &["demo"]).status.success());
    let client = client_id(&data, "saint aldric");
    let seeded = asset_count(&data, &client);
    assert!(seeded >= 4);

    // Windows-1252, semicolons, one bad row (criticality 5).
    let mixed = dir.path().join("mixed.csv");
    let text = "Asset name;Criticality;Owner\r\nLibrary PCs;3;Zoë Brontë\r\nSafe-CCTV;5;Jørgen\r\n";
    let bytes = latin1(text);
    std::fs::write(&mixed, bytes).unwrap();
    let mixed = mixed.to_str().unwrap();

    let out = cordon(
        &data,
        &["assets", "import", "--client", &client, mixed, "--dry-run"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .contains("row 3, column 'Criticality': criticality must be 1 (highest) to 4; use 1–4"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing was written"), "{stdout}");
    assert_eq!(
        asset_count(&data, &client),
        seeded,
        "a dry run writes nothing"
    );

    let out = cordon(
        &data,
        &["assets", "import", "--client", &client, mixed, "--json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let r = json(&out);
    assert_eq!(r["imported"], 1);
    assert_eq!(r["rejected"][0]["row"], 3);
    assert_eq!(r["rejected"][0]["column"], "Criticality");
    assert!(String::from_utf8_lossy(&out.stderr).contains("the 1 valid row(s) were imported"));
    assert_eq!(asset_count(&data, &client), seeded + 1);
    let out = cordon(&data, &["assets", "list", "--client", &client, "--json"]);
    let list = json(&out);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|a| a["owner"] == "Zoë Brontë"),
        "é/ë survive Windows-1252"
    );

    // All valid: exit 0.
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "Name,Criticality\nReception PC,4\n").unwrap();
    let out = cordon(
        &data,
        &[
            "assets",
            "import",
            "--client",
            &client,
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 1 of 1 row(s)"));

    // A header Cordon does not know, mapped by hand.
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "Gizmo,Tier,Notes\nTill 1,2,front desk\n").unwrap();
    let odd = odd.to_str().unwrap();
    let out = cordon(
        &data,
        &["assets", "import", "--client", &client, odd, "--dry-run"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "no Name column: the mapping is refused"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no column is mapped to Name"));
    let args = [
        "assets",
        "import",
        "--client",
        &client,
        odd,
        "--map",
        "gizmo=name",
        "--map",
        "Notes=location",
    ];
    let out = cordon(&data, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cordon(&data, &["assets", "list", "--client", &client, "--json"]);
    assert!(
        json(&out)
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "Till 1" && a["location"] == "front desk")
    );

    // Export to a file, import into a fresh client: all valid.
    let exported = dir.path().join("export.csv");
    let out = cordon(
        &data,
        &[
            "assets",
            "export",
            "--client",
            &client,
            "-o",
            exported.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read(&exported)
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFName,")
    );
    let other = client_id(&data, "meridian");
    let before = asset_count(&data, &other);
    let out = cordon(
        &data,
        &[
            "assets",
            "import",
            "--client",
            &other,
            exported.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(asset_count(&data, &other), before);
}

/// Windows-1252 bytes for text made of Latin-1 characters (what a Western Excel writes).
/// (Its Latin-1 letters have the same bytes in Windows-1252.)
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect()
}
