//! The `cordon` binary, run as a user would, on a passphrase-protected workspace.

use std::process::Command;

fn cordon(dir: &std::path::Path, pass: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cordon"));
    cmd.env("CORDON_DATA_DIR", dir)
        .env_remove("CORDON_PASSPHRASE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    if let Some(p) = pass {
        cmd.env("CORDON_PASSPHRASE", p);
    }
    cmd
}

#[test]
fn demo_then_list_then_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let pass = "demo workspace passphrase";
    let out = cordon(dir.path(), Some(pass)).arg("demo").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = cordon(dir.path(), Some(pass))
        .args(["clients", "list", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.len() >= 3 && names.contains(&"Brightwater Logistics GmbH"),
        "{names:?}"
    );
    assert!(list[0]["jurisdictions"].is_array());

    let out = cordon(dir.path(), Some(pass))
        .args(["clients", "list"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let zone_of = |name: &str| {
        let line = text.lines().find(|l| l.contains(name)).unwrap_or("");
        line.split_whitespace().last().unwrap_or("").to_owned()
    };
    assert_eq!(zone_of("Brightwater"), "Europe/Berlin", "{text}");
    assert_eq!(zone_of("Meridian"), "America/New_York", "{text}");

    let out = cordon(dir.path(), Some(pass))
        .args(["clients", "list", "--json", "--query", "harbour"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    let out = cordon(dir.path(), Some(pass))
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["integrity"], "ok");
    assert_eq!(d["info"]["key_source"], "passphrase");
    assert_eq!(d["tables_match_op_log"], true);
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../store/src/sql"))
        .unwrap()
        .count();
    assert_eq!(
        d["info"]["schema_version"], migrations,
        "every migration applied"
    );
}

#[test]
fn locked_and_wrong_passphrase_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        cordon(dir.path(), Some("demo workspace passphrase"))
            .arg("demo")
            .status()
            .unwrap()
            .success()
    );
    let out = cordon(dir.path(), None)
        .args(["clients", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("set CORDON_PASSPHRASE"));
    let out = cordon(dir.path(), Some("not the passphrase"))
        .args(["clients", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase is wrong"));
}

#[test]
fn no_keychain_and_no_passphrase_explains_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let out = cordon(dir.path(), None).arg("demo").output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("CORDON_PASSPHRASE"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("cordon.db").exists());
}
