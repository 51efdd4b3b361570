//! Reports through the facade, read back with poppler-utils: the demo's closed incident in
//! both audiences (nothing internal in the client version), a 300-entry timeline across
//! pages, an incident with nothing recorded, the plan binder, branding and the preview.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use cordon_app::{
    CustodyTransferInput, EntryDraft, EntryKind, ErrorCode, EvidenceInput, IncidentInput,
    IncidentView, Logo, ManualClock, MspBrandingSettings, ReportAudience, ReportControlInput,
    Workspace,
};

fn demo() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::at(now));
    let ws = Workspace::new(dir.path(), clock);
    ws.create(Some("a long enough passphrase".into())).unwrap();
    cordon_demo::seed(&ws).unwrap();
    (dir, ws)
}

fn brightwater(ws: &Workspace) -> String {
    ws.list_clients("brightwater", false).unwrap()[0]
        .id
        .to_string()
}

fn closed_incident(ws: &Workspace) -> IncidentView {
    let page = ws.list_incidents(&brightwater(ws), false, 0, 50).unwrap();
    let id = page
        .items
        .iter()
        .find(|i| i.title == "Payroll mailbox phished via fake DHL notice")
        .unwrap()
        .id;
    ws.incident(&id.to_string()).unwrap()
}

fn tool(name: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(path)
        .args(if name == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text with runs of white space made one space: table cells wrap.
fn text_of(path: &Path) -> String {
    squash(&tool("pdftotext", &["-enc", "UTF-8"], path))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(path: &Path) -> usize {
    tool("pdfinfo", &[], path)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

fn start(s: &str) -> String {
    s.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}

fn export(ws: &Workspace, id: &str, audience: ReportAudience, dir: &Path) -> std::path::PathBuf {
    let path = dir.join(format!("{audience:?}.pdf"));
    let r = ws
        .export_incident_report(
            id,
            audience,
            ReportControlInput::default(),
            path.to_str().unwrap(),
        )
        .unwrap();
    assert_eq!(r.pages as usize, pages(&path));
    assert_eq!(r.bytes as u64, std::fs::metadata(&path).unwrap().len());
    path
}

const SECRET_NOTE: &str = "Suspect the clerk reused her Zalando password";
const HIDDEN_ENTRY: &str =
    "Beacon from TMS Cloud to 185.220.101.4 and login-dhl-paket.com observed";

#[test]
fn the_client_version_shows_the_story_and_nothing_internal() {
    let (dir, ws) = demo();
    let v = closed_incident(&ws);
    let id = v.incident.id.to_string();
    // Internal material of every kind: notes, an unflagged entry with a technique and
    // indicators, evidence with a hash and a custody transfer.
    ws.update_incident_details(
        &id,
        v.incident.title.clone(),
        v.incident.description.clone(),
        v.incident.reported_by.clone(),
        SECRET_NOTE.into(),
    )
    .unwrap();
    ws.add_timeline_entry(
        &id,
        EntryDraft {
            kind: EntryKind::Observation,
            text: HIDDEN_ENTRY.into(),
            occurred_at: Some(v.incident.key_times.detected + Duration::hours(1)),
            client_visible: false,
            technique: Some("T1071.001".into()),
            corrects: None,
        },
    )
    .unwrap();
    let file = dir.path().join("mailbox-audit.csv");
    std::fs::write(&file, "when,who,what\n").unwrap();
    let with_evidence = ws
        .add_evidence(
            &id,
            EvidenceInput {
                title: "Mailbox audit export".into(),
                source: "Exchange Online audit log".into(),
                collected_by: "Jo Fischer".into(),
                collected_at: v.incident.key_times.detected + Duration::hours(3),
                notes: String::new(),
            },
            file.to_str().unwrap(),
            true,
        )
        .unwrap();
    let evidence = &with_evidence.evidence[0].evidence;
    ws.transfer_custody(
        &evidence.id.to_string(),
        CustodyTransferInput {
            from: "Jo Fischer".into(),
            to: "Björn Ødegård (forensics)".into(),
            at: v.incident.key_times.detected + Duration::hours(4),
            reason: "Analysis".into(),
        },
    )
    .unwrap();
    let v = ws.incident(&id).unwrap();

    let client = export(&ws, &id, ReportAudience::Client, dir.path());
    let internal = export(&ws, &id, ReportAudience::Internal, dir.path());
    if let Some(out) = std::env::var_os("CORDON_PREVIEW_OUT") {
        std::fs::copy(
            &internal,
            Path::new(&out).join("internal-with-evidence.pdf"),
        )
        .unwrap();
    }
    let ct = text_of(&client);
    let it = text_of(&internal);

    for title in cordon_report::incident_report::CLIENT_SECTIONS {
        assert!(ct.contains(title), "client version lacks {title:?}");
        assert!(it.contains(title), "internal version lacks {title:?}");
    }
    for title in cordon_report::incident_report::INTERNAL_SECTIONS {
        assert!(it.contains(title), "internal version lacks {title:?}");
        assert!(!ct.contains(title), "client version has {title:?}");
    }
    for e in &v.timeline {
        let words = start(&e.text);
        if e.client_visible {
            assert!(ct.contains(&words), "flagged entry {words:?} missing");
        } else {
            assert!(!ct.contains(&words), "unflagged entry {words:?} leaked");
        }
        assert!(it.contains(&words), "internal lacks entry {words:?}");
    }
    // Status entries (phase changes, notices) are never flagged by the demo.
    assert!(!ct.contains("Phase: Detected"));
    for internal_only in [
        "Zalando",
        "T1114.003",
        "T1071.001",
        "185[.]220[.]101[.]4",
        &evidence.sha256[..16],
        "Björn Ødegård",
        "Mailbox audit export",
        "SHARED",
    ] {
        assert!(!ct.contains(internal_only), "{internal_only:?} in client");
        assert!(
            it.contains(internal_only),
            "{internal_only:?} not in internal"
        );
    }
    // The indicators appendix found both indicators of the hidden entry.
    assert!(it.contains("login-dhl-paket[.]com"));
    assert!(it.contains("Chain verified: intact"));
    // Non-ASCII names, the clocks and their outcomes, the action plan.
    for s in [
        "Anneliese Krüger",
        "Jürgen Weiß",
        "Der Hamburgische Beauftragte für Datenschutz",
        "GDPR breach notification",
        "Met",
        "Enforce MFA on every mailbox",
        "TLP:AMBER",
    ] {
        assert!(ct.contains(s), "client lacks {s:?}");
    }
    assert!(it.contains("TLP:AMBER+STRICT"));
    let info = tool("pdfinfo", &[], &client);
    assert!(info.contains("Post-incident report: Payroll mailbox phished"));
    assert!(info.contains("Brightwater Logistics GmbH"));
    let fonts = tool("pdffonts", &[], &client);
    assert!(
        fonts.contains("Lato") && !fonts.contains(" no  "),
        "{fonts}"
    );
}

#[test]
fn a_300_entry_timeline_spans_pages_with_the_header_on_each() {
    let (dir, ws) = demo();
    let client = brightwater(&ws);
    let v = ws
        .open_incident(
            &client,
            IncidentInput {
                incident_type: "ransomware".into(),
                title: "Long night".into(),
                description: "Many small events.".into(),
                detected_at: Utc.with_ymd_and_hms(2026, 11, 19, 20, 0, 0).unwrap(),
                reported_by: "Night shift".into(),
                affected_assets: vec![],
                scope: String::new(),
            },
        )
        .unwrap();
    let id = v.incident.id.to_string();
    for n in 0..300 {
        ws.add_timeline_entry(
            &id,
            EntryDraft {
                kind: EntryKind::Action,
                text: format!("Step {n:03}: checked host WS-{n:03} and found nothing new"),
                occurred_at: Some(v.incident.key_times.detected + Duration::minutes(n)),
                client_visible: n % 2 == 0,
                technique: None,
                corrects: None,
            },
        )
        .unwrap();
    }
    let path = export(&ws, &id, ReportAudience::Internal, dir.path());
    let n = pages(&path);
    assert!(n >= 12, "300 entries twice should take many pages, got {n}");
    // Every body page repeats the header (client, title, TLP) and says "Page X of N".
    for p in 2..=n {
        let t = squash(&tool(
            "pdftotext",
            &["-f", &p.to_string(), "-l", &p.to_string(), "-enc", "UTF-8"],
            &path,
        ));
        assert!(t.contains("Brightwater Logistics GmbH"), "page {p}");
        assert!(t.contains("TLP:AMBER+STRICT"), "page {p}");
        assert!(t.contains(&format!("Page {p} of {n}")), "page {p}");
    }
    let text = text_of(&path);
    for n in [0, 150, 299] {
        assert!(text.contains(&format!("Step {n:03}:")), "entry {n}");
    }
}

#[test]
fn an_incident_with_nothing_recorded_still_reads_sensibly() {
    let (dir, ws) = demo();
    let v = ws
        .open_incident(
            &brightwater(&ws),
            IncidentInput {
                incident_type: "other".into(),
                title: "Odd login".into(),
                description: String::new(),
                detected_at: Utc.with_ymd_and_hms(2026, 11, 20, 7, 0, 0).unwrap(),
                reported_by: String::new(),
                affected_assets: vec![],
                scope: String::new(),
            },
        )
        .unwrap();
    let id = v.incident.id.to_string();
    for audience in [ReportAudience::Client, ReportAudience::Internal] {
        let t = text_of(&export(&ws, &id, audience, dir.path()));
        assert!(t.contains("The incident is still open"));
        assert!(t.contains("None recorded."));
        assert!(t.contains("The lessons-learned review has not been recorded yet."));
        assert!(t.contains("Not known"));
    }
}

#[test]
fn the_plan_binder_branding_and_preview() {
    let (dir, ws) = demo();
    let client = brightwater(&ws);
    // A 1×1 PNG.
    let png = vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    let bad = ws.save_msp_branding(MspBrandingSettings {
        name: "Nordlicht IT-Sicherheit".into(),
        logo: Some(Logo {
            media_type: "image/gif".into(),
            data: b"GIF89a".to_vec(),
        }),
    });
    let err = bad.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.fields[0].field, "logo");
    let saved = ws
        .save_msp_branding(MspBrandingSettings {
            name: "  Nordlicht IT-Sicherheit ".into(),
            logo: Some(Logo {
                media_type: "image/png".into(),
                data: png,
            }),
        })
        .unwrap();
    assert_eq!(saved.name, "Nordlicht IT-Sicherheit");
    assert_eq!(ws.msp_branding().unwrap(), saved);

    let plan = ws.approved_plan_id(&client).unwrap();
    let path = dir.path().join("binder.pdf");
    let r = ws
        .export_plan_binder(&plan, path.to_str().unwrap())
        .unwrap();
    assert_eq!(r.pages as usize, pages(&path));
    let t = text_of(&path);
    assert!(t.contains("Nordlicht IT-Sicherheit"));
    assert!(t.contains("Contacts and out-of-band channels"));

    let preview = ws.plan_binder_preview(&plan, 2).unwrap();
    assert_eq!(preview.pages, r.pages);
    assert_eq!(preview.page_images.len(), 2);
    assert!(preview.page_images[0].starts_with("data:image/png;base64,"));
    assert_eq!(
        preview.sections[0].title,
        "Contacts and out-of-band channels"
    );

    let v = closed_incident(&ws);
    let p = ws
        .incident_report_preview(
            &v.incident.id.to_string(),
            ReportAudience::Client,
            ReportControlInput {
                version: "1.1".into(),
                approver: "Sam Patel".into(),
                distribution: vec!["Anneliese Krüger".into()],
            },
            2,
        )
        .unwrap();
    assert_eq!(p.page_images.len(), 2);
    assert_eq!(p.sections.len(), 10);
    // To look at the preview as the app draws it: CORDON_PREVIEW_OUT=/some/dir.
    if let Some(out) = std::env::var_os("CORDON_PREVIEW_OUT") {
        use base64::Engine as _;
        for (n, url) in p.page_images.iter().enumerate() {
            let b64 = url.trim_start_matches("data:image/png;base64,");
            let png = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            std::fs::write(Path::new(&out).join(format!("preview-{}.png", n + 1)), png).unwrap();
        }
    }

    // A folder that does not exist is a field error, and no stray file is left.
    let err = ws
        .export_plan_binder(&plan, "/nonexistent-dir/binder.pdf")
        .unwrap_err();
    assert_eq!(err.fields[0].field, "destination");
    assert!(ws.approved_plan_id("not-an-id").is_err());
}

/// A timeline two laptops appended to offline has two latest entries: the internal report
/// prints both hashes (one "last hash" would not be true of the record), and one after the
/// entry that joins them.
#[test]
fn the_internal_report_names_every_latest_entry_of_a_forked_timeline() {
    let (_a_dir, a) = demo();
    let b_dir = tempfile::tempdir().unwrap();
    let b = Workspace::new(
        b_dir.path(),
        Arc::new(ManualClock::at(
            Utc.with_ymd_and_hms(2026, 11, 20, 8, 1, 0).unwrap(),
        )),
    );
    b.create(Some("a long enough passphrase".into())).unwrap();
    b.import_ops(&a.export_ops(None).unwrap().text).unwrap();
    let id = a
        .list_incidents(&brightwater(&a), true, 0, 50)
        .unwrap()
        .items[0]
        .id
        .to_string();
    let note = |text: &str| EntryDraft {
        kind: EntryKind::Observation,
        text: text.into(),
        occurred_at: None,
        client_visible: false,
        technique: None,
        corrects: None,
    };
    a.add_timeline_entry(&id, note("Seen on laptop A")).unwrap();
    b.add_timeline_entry(&id, note("Seen on laptop B")).unwrap();
    a.import_ops(&b.export_ops(Some(&a.ops_cursor().unwrap())).unwrap().text)
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let forked = text_of(&export(&a, &id, ReportAudience::Internal, out.path()));
    let view = a.incident(&id).unwrap();
    let heads = cordon_core::incident::timeline::heads(&view.timeline);
    assert_eq!(heads.len(), 2);
    assert!(forked.contains("Latest entry 1 of 2") && forked.contains("Latest entry 2 of 2"));
    assert!(
        !forked.contains("Last hash"),
        "one last hash is not true of a forked timeline"
    );
    for head in &heads {
        assert!(
            forked.contains(&head.hash[..32]),
            "head {} is printed",
            head.seq
        );
    }
    let joined = a
        .add_timeline_entry(&id, note("After the exchange"))
        .unwrap();
    let last = joined.timeline.iter().max_by_key(|e| e.seq).unwrap();
    let out = tempfile::tempdir().unwrap();
    let whole = text_of(&export(&a, &id, ReportAudience::Internal, out.path()));
    assert!(whole.contains("Last hash") && whole.contains(&last.hash[..32]));
    assert!(!whole.contains("Latest entry 1 of"));
}
