//! `cordon clients create|show|edit|archive|restore`, the exit-code rule across subcommands,
//! and text that attacks its reader: refused in names, shown visibly in human output.

mod common;
use common::{cordon, ok_json};

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A workspace with one client made through the CLI; returns its id.
fn with_client(dir: &std::path::Path) -> String {
    let c = ok_json(cordon(
        dir,
        &[
            "clients",
            "create",
            "--name",
            "Nordlicht Praxis GmbH",
            "--sector",
            "healthcare",
            "--jurisdiction",
            "EU",
            "--contact",
            "Anja Brandt|Practice manager|anja@nordlicht.example|+49 40 1234",
            "--notice-hours",
            "24",
            "--insurer",
            "Hanse Cyber AG",
            "--insurer-notice-hours",
            "48",
            "--json",
        ],
    ));
    c["id"].as_str().unwrap().to_owned()
}

#[test]
fn create_show_edit_archive_and_restore_a_client() {
    let dir = tempfile::tempdir().unwrap();
    // The first command creates the passphrase workspace (CORDON_PASSPHRASE, no keychain).
    let id = with_client(dir.path());
    let c = ok_json(cordon(dir.path(), &["clients", "show", &id, "--json"]));
    assert_eq!(c["name"], "Nordlicht Praxis GmbH");
    assert_eq!(c["sectors"][0], "healthcare");
    assert_eq!(c["jurisdictions"][0], "EU");
    assert_eq!(c["contacts"][0]["email"], "anja@nordlicht.example");
    assert_eq!(c["contract_notice_hours"], 24);
    assert_eq!(c["insurer"]["notice_hours"], 48);

    // Only the fields given change.
    let c = ok_json(cordon(
        dir.path(),
        &[
            "clients",
            "edit",
            &id,
            "--name",
            "Nordlicht Praxisgemeinschaft",
            "--jurisdiction",
            "EU",
            "--jurisdiction",
            "UK",
            "--json",
        ],
    ));
    assert_eq!(c["name"], "Nordlicht Praxisgemeinschaft");
    assert_eq!(c["jurisdictions"].as_array().unwrap().len(), 2);
    assert_eq!(c["contacts"][0]["name"], "Anja Brandt", "contacts kept");
    assert_eq!(c["insurer"]["name"], "Hanse Cyber AG", "insurer kept");

    let out = cordon(dir.path(), &["clients", "archive", &id]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("archived"));
    let listed = ok_json(cordon(dir.path(), &["clients", "list", "--json"]));
    assert_eq!(
        listed.as_array().unwrap().len(),
        0,
        "archived leaves the list"
    );
    let listed = ok_json(cordon(
        dir.path(),
        &["clients", "list", "--archived", "--json"],
    ));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let c = ok_json(cordon(dir.path(), &["clients", "restore", &id, "--json"]));
    assert!(c["archived_at"].is_null());
}

#[test]
fn exit_codes_follow_one_rule_and_help_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let help = cordon(dir.path(), &["--help"]);
    assert_eq!(code(&help), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for line in [
        "0  done",
        "1  failed",
        "2  bad input or usage",
        "3 the chain could not be checked",
    ] {
        assert!(text.contains(line), "--help lacks {line:?}:\n{text}");
    }

    // Usage: an unknown subcommand, a missing argument, an unknown flag.
    for args in [
        &["clients", "frobnicate"][..],
        &["clients", "show"],
        &["incidents", "verify"],
        &["assets", "list", "--client", "x", "--bogus"],
    ] {
        assert_eq!(code(&cordon(dir.path(), args)), Some(2), "{args:?}");
    }

    let id = with_client(dir.path());
    let missing = "00000000-0000-4000-8000-000000000000";
    // Bad input: a value that is wrong, or names nothing, in each family of subcommands.
    for args in [
        &["clients", "create", "--name", ""][..],
        &["clients", "create", "--name", "X", "--sector", "piracy"],
        &["clients", "edit", &id, "--contact", "a|b|c|d|e"],
        &["clients", "show", "not-an-id"],
        &["clients", "show", missing],
        &["clients", "archive", missing],
        &["assets", "list", "--client", missing],
        &["plans", "show", missing],
        &["incidents", "show", missing],
        &["incidents", "verify", missing],
        &["incidents", "list", "--client", "not-an-id"],
        &["incidents", "list", "--client", missing],
        &["plans", "list", "--client", missing],
        &["assets", "import", "--client", missing, "Cargo.toml"],
        &["exercises", "list", "--client", missing],
        &["report", "plan", "--client", missing, "-o", "x.pdf"],
        &["demo", "--scale", "enormous"],
    ] {
        let out = cordon(dir.path(), args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("cordon: "), "{args:?}");
    }

    // Failed: the workspace cannot do it (here: locked, no passphrase given).
    let locked = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cordon"))
            .env("CORDON_DATA_DIR", dir.path())
            .env_remove("CORDON_PASSPHRASE")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["clients", "list"][..],
        &["doctor"],
        &["incidents", "list"],
    ] {
        assert_eq!(code(&locked(args)), Some(1), "{args:?}");
    }
    // `verify` keeps 1 for a broken chain (tests/incidents.rs); not checking at all is 3.
    let out = locked(&["incidents", "verify", missing]);
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
}

#[test]
fn names_refuse_hidden_characters_and_human_output_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let id = with_client(dir.path());
    let out = cordon(
        dir.path(),
        &["clients", "create", "--name", "Acme\u{202E}gpj.exe"],
    );
    assert_eq!(code(&out), Some(2));
    let err = stderr(&out);
    assert!(err.contains("name: contains <U+202E>"), "{err}");
    assert!(
        !err.contains('\u{202E}'),
        "the override reached the terminal"
    );
    let out = cordon(
        dir.path(),
        &[
            "clients",
            "edit",
            &id,
            "--contact",
            "Eve\u{1b}[2J|boss|eve@x.example|",
        ],
    );
    assert_eq!(code(&out), Some(2));
    assert!(stderr(&out).contains("contacts.0.name"), "{}", stderr(&out));

    // Free text keeps them; a terminal sees them escaped, JSON stays exact.
    let terms = "Notify \u{1b}]0;pwned\u{7}within \u{202E}24h";
    let out = cordon(
        dir.path(),
        &["clients", "edit", &id, "--contract-terms", terms, "--json"],
    );
    assert_eq!(ok_json(out)["contract_terms"], terms);
    let listed = cordon(dir.path(), &["clients", "show", &id]);
    assert_eq!(code(&listed), Some(0));
    let shown = String::from_utf8_lossy(&listed.stdout);
    assert!(
        shown.contains("Notify <U+001B>]0;pwned<U+0007>within <U+202E>24h"),
        "{shown}"
    );
    assert!(!shown.contains(['\u{1b}', '\u{7}', '\u{202E}']));

    let v = ok_json(cordon(
        dir.path(),
        &[
            "incidents",
            "create",
            "--client",
            &id,
            "--type",
            "other",
            "--title",
            "Odd mail",
            "--json",
        ],
    ));
    let incident = v["incident"]["id"].as_str().unwrap().to_owned();
    let text = "Header said \u{1b}[31mURGENT\u{1b}[0m\rfrom: ceo \u{2066}evil\u{2069}";
    let out = cordon(
        dir.path(),
        &[
            "incidents",
            "timeline",
            "add",
            &incident,
            "--kind",
            "observation",
            "--text",
            text,
        ],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let shown = cordon(dir.path(), &["incidents", "show", &incident]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains(
            "Header said <U+001B>[31mURGENT<U+001B>[0m<U+000D>from: ceo <U+2066>evil<U+2069>"
        ),
        "{shown}"
    );
    let exact = ok_json(cordon(
        dir.path(),
        &["incidents", "show", &incident, "--json"],
    ));
    let last = exact["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["text"], text);
    // Piped (not a terminal), the CSV export is the exact data.
    let csv = cordon(dir.path(), &["incidents", "timeline", "export", &incident]);
    assert!(String::from_utf8_lossy(&csv.stdout).contains(text));
}
