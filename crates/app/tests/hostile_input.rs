//! What comes in from users and files, through the facade: size cutoffs of the CSV import
//! and of evidence, names that hide characters refused at their field, CSV exports safe to
//! open in a spreadsheet, and the indicators appendix defanged in the printed PDF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use cordon_app::{
    AppError, ClientInput, EntryDraft, EntryKind, ErrorCode, EvidenceInput, IncidentInput,
    ManualClock, ReportAudience, ReportControlInput, Workspace,
};
use cordon_core::limits::{MAX_CSV_BYTES, MAX_EVIDENCE_BLOB_BYTES};

fn workspace() -> (tempfile::TempDir, Workspace, String) {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(ManualClock::at(now)));
    ws.create(Some("a long enough passphrase".into())).unwrap();
    let client = ws
        .create_client(ClientInput {
            name: "Kestrel Dental".into(),
            jurisdictions: vec!["EU".into()],
            ..Default::default()
        })
        .unwrap();
    (dir, ws, client.id.to_string())
}

fn incident(ws: &Workspace, client: &str) -> String {
    let v = ws
        .open_incident(
            client,
            IncidentInput {
                incident_type: "other".into(),
                title: "Odd sign-ins".into(),
                description: String::new(),
                detected_at: Utc.with_ymd_and_hms(2026, 11, 20, 7, 0, 0).unwrap(),
                reported_by: String::new(),
                affected_assets: Vec::new(),
                scope: String::new(),
            },
        )
        .unwrap();
    v.incident.id.to_string()
}

fn field_error(e: &AppError, field: &str) -> String {
    assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
    e.fields
        .iter()
        .find(|f| f.field == field)
        .unwrap_or_else(|| panic!("no error on {field}: {e:?}"))
        .message
        .clone()
}

/// A CSV of exactly `len` bytes: a header, one asset, then blank lines (which are not rows).
fn csv_of_len(path: &Path, len: u64) {
    let mut bytes = b"Name,Criticality\nFS-01,1\n".to_vec();
    bytes.resize(len as usize, b'\n');
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn the_csv_import_reads_a_file_of_the_limit_and_refuses_one_byte_more() {
    let (dir, ws, client) = workspace();
    let path = dir.path().join("assets.csv");
    csv_of_len(&path, MAX_CSV_BYTES);
    let p = ws.preview_asset_import_file(&client, &path, None).unwrap();
    assert_eq!(p.valid_count, 1);
    csv_of_len(&path, MAX_CSV_BYTES + 1);
    let e = ws
        .preview_asset_import_file(&client, &path, None)
        .unwrap_err();
    assert!(
        field_error(&e, "file").contains("larger than 20 MiB"),
        "{e}"
    );
    let e = ws.import_assets_file(&client, &path, None).unwrap_err();
    assert!(field_error(&e, "file").contains("split it"), "{e}");
    assert!(ws.list_assets(&client, true).unwrap().is_empty());

    // 1 GB on paper (sparse): refused by its size before a byte is read.
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let started = std::time::Instant::now();
    let e = ws.import_assets_file(&client, &huge, None).unwrap_err();
    assert!(field_error(&e, "file").contains("larger than"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

fn evidence_input() -> EvidenceInput {
    EvidenceInput {
        title: "Sign-in log".into(),
        source: "Entra ID".into(),
        collected_by: "Jo Fischer".into(),
        collected_at: Utc.with_ymd_and_hms(2026, 11, 20, 7, 30, 0).unwrap(),
        notes: String::new(),
    }
}

#[test]
fn evidence_is_kept_up_to_the_blob_limit_and_hashed_only_beyond() {
    let (dir, ws, client) = workspace();
    let id = incident(&ws, &client);
    let path = dir.path().join("disk.img");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_EVIDENCE_BLOB_BYTES).unwrap();
    let v = ws
        .add_evidence(&id, evidence_input(), path.to_str().unwrap(), true)
        .unwrap();
    let kept = &v.evidence[0].evidence;
    assert!(kept.content_stored);
    assert_eq!(kept.size_bytes, MAX_EVIDENCE_BLOB_BYTES as f64);

    f.set_len(MAX_EVIDENCE_BLOB_BYTES + 1).unwrap();
    let e = ws
        .add_evidence(&id, evidence_input(), path.to_str().unwrap(), true)
        .unwrap_err();
    assert!(field_error(&e, "file").contains("hash only"), "{e}");
    let v = ws
        .add_evidence(&id, evidence_input(), path.to_str().unwrap(), false)
        .unwrap();
    // Both items were collected at the same moment, so find the second by what it is.
    let hashed = v
        .evidence
        .iter()
        .map(|x| &x.evidence)
        .find(|x| x.id != kept.id)
        .expect("the hash-only item is listed");
    assert!(!hashed.content_stored);
    assert_eq!(hashed.size_bytes, (MAX_EVIDENCE_BLOB_BYTES + 1) as f64);
    assert_ne!(hashed.sha256, kept.sha256);
}

#[test]
fn names_with_hidden_characters_are_refused_at_their_field_and_free_text_keeps_them() {
    let (dir, ws, client) = workspace();
    let e = ws
        .create_client(ClientInput {
            name: "Kestrel\u{202E}latneD".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(field_error(&e, "name").contains("<U+202E>"));

    let id = incident(&ws, &client);
    // An evidence file whose name hides its type.
    let path = dir.path().join("invoice\u{202E}fdp.exe");
    std::fs::write(&path, b"MZ").unwrap();
    let e = ws
        .add_evidence(&id, evidence_input(), path.to_str().unwrap(), true)
        .unwrap_err();
    assert!(field_error(&e, "file").contains("rename the file"), "{e}");
    assert!(
        ws.incident(&id).unwrap().evidence.is_empty(),
        "nothing stored"
    );

    let text = "Mail said \u{202E}gnitset\u{202C} and \u{1b}[31mred\u{1b}[0m";
    let v = ws
        .add_timeline_entry(
            &id,
            EntryDraft {
                kind: EntryKind::Observation,
                text: text.into(),
                occurred_at: None,
                client_visible: false,
                technique: None,
                corrects: None,
            },
        )
        .unwrap();
    assert_eq!(v.timeline.last().unwrap().text, text);
}

#[test]
fn csv_exports_neutralise_formulas_and_read_back_exactly() {
    let (_dir, ws, client) = workspace();
    let id = incident(&ws, &client);
    let formula = "=HYPERLINK(\"http://evil.example\",\"open\")";
    ws.add_timeline_entry(
        &id,
        EntryDraft {
            kind: EntryKind::Observation,
            text: formula.into(),
            occurred_at: None,
            client_visible: false,
            technique: None,
            corrects: None,
        },
    )
    .unwrap();
    let csv = ws.timeline_csv(&id).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let text_col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    let cells: Vec<String> = r
        .records()
        .map(|rec| rec.unwrap()[text_col].to_owned())
        .collect();
    assert!(cells.contains(&format!("'{formula}")), "{cells:?}");
    assert!(cells.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])));

    ws.create_asset(
        &client,
        cordon_app::AssetInput {
            name: "@SUM(A1:A2)".into(),
            owner: "-1+1".into(),
            criticality: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let exported = ws.export_assets_csv(&client).unwrap();
    assert!(exported.contains("'@SUM(A1:A2)") && exported.contains("'-1+1"));
    let p = ws
        .preview_asset_import(&client, exported.as_bytes(), None)
        .unwrap();
    // Read back, the quote is gone: the row is the asset that is already there.
    assert_eq!(p.total_rows, 1);
    assert!(
        p.errors[0].message.contains("an asset named '@SUM(A1:A2)'"),
        "{:?}",
        p.errors
    );
}

#[test]
fn both_reports_print_indicators_defanged_everywhere() {
    let (dir, ws, client) = workspace();
    let id = incident(&ws, &client);
    ws.add_timeline_entry(
        &id,
        EntryDraft {
            kind: EntryKind::Observation,
            text: "Phish linked https://login-micros0ft.net/owa?x=1 sent from \
                   billing@dhl-express.info; beacon to 185.220.101.4"
                .into(),
            occurred_at: Some(
                Utc.with_ymd_and_hms(2026, 11, 20, 7, 10, 0).unwrap() + Duration::zero(),
            ),
            client_visible: true,
            technique: None,
            corrects: None,
        },
    )
    .unwrap();
    let printed = |audience: ReportAudience, name: &str| {
        let pdf = dir.path().join(name);
        ws.export_incident_report(
            &id,
            audience,
            ReportControlInput::default(),
            pdf.to_str().unwrap(),
        )
        .unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs (install poppler-utils)");
        let text = String::from_utf8(out.stdout).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let text = printed(ReportAudience::Internal, "internal.pdf");
    let client = printed(ReportAudience::Client, "client.pdf");
    // The appendix: from its heading (last mention, after the contents page) to the next.
    let from = text.rfind("Indicators of compromise").unwrap();
    let to = text.rfind("Timeline integrity").unwrap();
    let appendix = &text[from..to];
    for defanged in [
        "hxxps://login-micros0ft[.]net/owa?x=1",
        "login-micros0ft[.]net",
        "billing[@]dhl-express[.]info",
        "185[.]220[.]101[.]4",
    ] {
        assert!(
            appendix.contains(defanged),
            "{defanged:?} not in: {appendix}"
        );
    }
    // Nowhere in either version, the timeline tables included, is one of them live.
    for defanged in [
        "hxxps://login-micros0ft[.]net/owa?x=1",
        "185[.]220[.]101[.]4",
    ] {
        assert!(client.contains(defanged), "{defanged:?} not in: {client}");
    }
    for live in [
        "https://login",
        "login-micros0ft.net",
        "@dhl-express.info",
        "185.220.101.4",
    ] {
        assert!(!text.contains(live), "{live:?} printed live in: {text}");
        assert!(!client.contains(live), "{live:?} printed live in: {client}");
    }
}
