//! Readiness through the facade, on a real encrypted demo workspace.

use std::sync::Arc;

use cordon_app::{ClientInput, ErrorCode, SystemClock, Workspace};
use cordon_core::plan::PlanStatus;

fn demo() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    ws.create(Some("a long enough passphrase".into())).unwrap();
    cordon_demo::seed(&ws).unwrap();
    (dir, ws)
}

#[test]
fn the_overview_shows_each_demo_client_with_its_approved_plan_and_a_score() {
    let (_dir, ws) = demo();
    let rows = ws.client_overview("", false).unwrap();
    assert!(rows.len() >= 3);
    for row in &rows {
        assert_eq!(
            row.plan_status,
            Some(PlanStatus::Approved),
            "{}",
            row.client.name
        );
        assert!(row.readiness_score <= 100);
        let detail = ws.client_readiness(&row.client.id.to_string()).unwrap();
        assert_eq!(
            detail.score, row.readiness_score,
            "list and detail agree for {}",
            row.client.name
        );
        assert_eq!(detail.gaps.len() as u32, row.gap_count);
    }
    assert!(
        rows.iter().any(|r| r.gap_count > 0),
        "the demo keeps at least one open gap to show"
    );
}

#[test]
fn a_client_without_a_plan_is_told_to_create_one() {
    let (_dir, ws) = demo();
    let c = ws
        .create_client(ClientInput {
            name: "Nordlicht Bakery".into(),
            ..Default::default()
        })
        .unwrap();
    let r = ws.client_readiness(&c.id.to_string()).unwrap();
    assert_eq!(r.gaps[0].kind, "no_plan");
    assert!(r.score < 50);
    let row = ws.client_overview("nordlicht", false).unwrap();
    assert_eq!((row.len(), row[0].plan_status), (1, None));
}

#[test]
fn an_unknown_client_is_not_found_rather_than_perfect() {
    let (_dir, ws) = demo();
    let err = ws
        .client_readiness("0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
