//! `cordon report`, run as a user would on the demo workspace, and the PDFs read back with
//! poppler-utils (`pdftotext`, `pdfinfo`, `pdffonts`; installed by scripts/setup-debian.sh).

use std::path::Path;
use std::process::Command;

mod common;
use common::{cordon, ok_json};

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(pdf);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text with white space runs made single spaces: table cells wrap.
fn text(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn info(pdf: &Path, key: &str) -> String {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("pdfinfo has no {key}"))
        .trim()
        .to_owned()
}

const CLIENT_SECTIONS: [&str; 10] = [
    "Executive summary",
    "Classification and severity",
    "Key times",
    "Scope and impact",
    "Timeline of key events",
    "Response actions",
    "Root cause",
    "Notifications",
    "Lessons learned",
    "Action plan",
];

const INTERNAL_SECTIONS: [&str; 7] = [
    "Full timeline",
    "Evidence and chain of custody",
    "Internal notes",
    "Response team and escalations",
    "ATT&CK techniques",
    "Indicators of compromise",
    "Timeline integrity",
];

#[test]
fn incident_reports_in_both_audiences() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cordon(dir.path(), &["demo"]).status.success());
    let list = ok_json(cordon(dir.path(), &["incidents", "list", "--json"]));
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Payroll mailbox phished via fake DHL notice")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let view = ok_json(cordon(dir.path(), &["incidents", "show", &id, "--json"]));
    let client_pdf = dir.path().join("client.pdf");
    let internal_pdf = dir.path().join("internal.pdf");
    let r = ok_json(cordon(
        dir.path(),
        &[
            "report",
            "incident",
            &id,
            "--audience",
            "client",
            "-o",
            client_pdf.to_str().unwrap(),
            "--approver",
            "Sam Patel",
            "--to",
            "Anneliese Krüger, Managing Director",
            "--json",
        ],
    ));
    let out = cordon(
        dir.path(),
        &[
            "report",
            "incident",
            &id,
            "--audience",
            "internal",
            "-o",
            internal_pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("pages"));

    let ct = text(&client_pdf);
    let it = text(&internal_pdf);
    for s in CLIENT_SECTIONS {
        assert!(ct.contains(s), "client lacks section {s:?}");
        assert!(it.contains(s), "internal lacks section {s:?}");
    }
    for s in INTERNAL_SECTIONS {
        assert!(it.contains(s), "internal lacks section {s:?}");
        assert!(!ct.contains(s), "client has internal section {s:?}");
    }
    let words = |s: &str| s.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    let mut flagged = 0;
    for e in view["timeline"].as_array().unwrap() {
        let start = words(e["text"].as_str().unwrap());
        if e["client_visible"] == true {
            flagged += 1;
            assert!(ct.contains(&start), "flagged entry {start:?} missing");
        } else {
            assert!(!ct.contains(&start), "unflagged entry {start:?} leaked");
            assert!(it.contains(&start), "internal lacks {start:?}");
        }
        if let Some(t) = e["technique"].as_str() {
            assert!(!ct.contains(t) && it.contains(t), "technique {t}");
        }
    }
    assert!(flagged >= 3);
    // Names with diacritics come through as text, not boxes or question marks.
    for name in [
        "Anneliese Krüger",
        "Jürgen Weiß",
        "Der Hamburgische Beauftragte für Datenschutz",
        "Sam Patel",
    ] {
        assert!(ct.contains(name), "{name:?} missing");
    }
    assert!(!ct.contains("Kr?ger") && !ct.contains("Wei?"));

    // Metadata, fonts and a page count that fits the content.
    let pages = info(&client_pdf, "Pages").parse::<u64>().unwrap();
    assert_eq!(Some(pages), r["pages"].as_u64());
    assert!((4..=10).contains(&pages), "{pages} pages");
    assert!(info(&internal_pdf, "Pages").parse::<u64>().unwrap() > pages);
    assert!(info(&client_pdf, "Title").starts_with("Post-incident report: Payroll mailbox"));
    assert_eq!(info(&client_pdf, "Author"), "Northgate IT", "the demo MSP");
    assert!(info(&client_pdf, "Subject").contains("Brightwater Logistics GmbH"));
    assert!(info(&client_pdf, "CreationDate").contains("20"));
    let fonts = poppler("pdffonts", &[], &client_pdf);
    let lato: Vec<&str> = fonts.lines().filter(|l| l.contains("Lato")).collect();
    assert!(!lato.is_empty(), "{fonts}");
    // Columns: name type encoding emb sub uni ...; every Lato face embedded and subset.
    for l in lato {
        let cols: Vec<&str> = l.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{l}");
    }
}

#[test]
fn plan_binder_by_version_or_by_client_and_the_errors() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cordon(dir.path(), &["demo"]).status.success());
    let clients = ok_json(cordon(
        dir.path(),
        &["clients", "list", "--json", "--query", "brightwater"],
    ));
    let client = clients[0]["id"].as_str().unwrap().to_owned();
    let set = cordon(
        dir.path(),
        &["report", "branding", "--name", "Nordlicht IT-Sicherheit"],
    );
    assert!(set.status.success());

    let by_client = dir.path().join("binder.pdf");
    let r = ok_json(cordon(
        dir.path(),
        &[
            "report",
            "plan",
            "--client",
            &client,
            "-o",
            by_client.to_str().unwrap(),
            "--json",
        ],
    ));
    let t = text(&by_client);
    assert!(t.contains("Contacts and out-of-band channels"));
    assert!(t.contains("Prepared by Nordlicht IT-Sicherheit"));
    assert_eq!(info(&by_client, "Author"), "Nordlicht IT-Sicherheit");

    let plans = ok_json(cordon(
        dir.path(),
        &["plans", "list", "--client", &client, "--json"],
    ));
    let plan = plans[0]["id"].as_str().unwrap().to_owned();
    let by_id = dir.path().join("by-id.pdf");
    let again = ok_json(cordon(
        dir.path(),
        &[
            "report",
            "plan",
            &plan,
            "-o",
            by_id.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(again["pages"], r["pages"]);

    let bad = cordon(
        dir.path(),
        &[
            "report",
            "incident",
            "nope",
            "--audience",
            "boss",
            "-o",
            "x.pdf",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use client or internal"));
    let none = cordon(dir.path(), &["report", "plan", "-o", "x.pdf"]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("--client"));
}
