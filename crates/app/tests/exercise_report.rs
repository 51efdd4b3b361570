//! The after-action report through the facade, as the desktop's Export button calls it: the
//! file appears whole under the chosen name or not at all, and the preview draws pages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use cordon_app::{ManualClock, ReportControlInput, Workspace};

#[test]
fn export_writes_the_whole_file_or_nothing_and_the_preview_draws_pages() {
    let dir = tempfile::tempdir().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::at(start));
    let ws = Workspace::new(dir.path(), clock.clone());
    ws.create(Some("a long enough passphrase".into())).unwrap();
    cordon_demo::seed(&ws).unwrap();
    let client = ws.list_clients("brightwater", false).unwrap()[0]
        .id
        .to_string();
    let id = ws
        .create_exercise(&client, "ransomware")
        .unwrap()
        .exercise
        .id
        .to_string();
    ws.start_exercise(&id).unwrap();
    clock.advance(Duration::minutes(30));
    ws.end_exercise(&id).unwrap();

    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("AAR Brightwater.pdf");
    let r = ws
        .export_exercise_report(&id, ReportControlInput::default(), dest.to_str().unwrap())
        .unwrap();
    let bytes = std::fs::read(&dest).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(r.bytes as usize, bytes.len());
    assert!(r.pages >= 5, "{} pages", r.pages);
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["AAR Brightwater.pdf"], "no .part left behind");

    let missing = out.path().join("no such folder").join("aar.pdf");
    let err = ws
        .export_exercise_report(
            &id,
            ReportControlInput::default(),
            missing.to_str().unwrap(),
        )
        .unwrap_err();
    assert!(
        err.message.contains("choose another folder"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);

    let p = ws
        .exercise_report_preview(&id, ReportControlInput::default(), 2)
        .unwrap();
    assert_eq!(p.page_images.len(), 2);
    assert!(p.page_images[0].starts_with("data:image/png;base64,"));
    assert_eq!(p.sections[0].title, "Exercise overview");
    assert_eq!(p.sections.len(), 6);
    assert!(p.title.starts_with("Ransomware on a Monday morning"));
}
