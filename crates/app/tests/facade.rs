//! The facade over a real encrypted workspace in passphrase mode (keychain mode is exercised
//! in crates/store/tests/keychain.rs and the end-to-end journeys).

use std::sync::Arc;

use cordon_app::{ClientInput, ErrorCode, SystemClock, Workspace, WorkspaceStatus};

const PASS: &str = "a long enough passphrase";

#[test]
fn first_run_then_locked_then_ready() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    assert!(matches!(ws.status(), WorkspaceStatus::FirstRun { .. }));
    assert_eq!(
        ws.list_clients("", false).unwrap_err().code,
        ErrorCode::Locked
    );
    let weak = ws.create(Some("short".into())).unwrap_err();
    assert_eq!(
        (weak.code, weak.fields[0].field.as_str()),
        (ErrorCode::WeakPassphrase, "passphrase")
    );
    ws.create(Some(PASS.into())).unwrap();
    let summary = cordon_demo::seed(&ws).unwrap();
    assert!(summary.created.len() >= 3);
    assert!(
        cordon_demo::seed(&ws).unwrap().created.is_empty(),
        "seeding twice adds nothing"
    );

    let again = Workspace::new(dir.path(), Arc::new(SystemClock));
    assert!(matches!(again.status(), WorkspaceStatus::Locked { .. }));
    let wrong = again
        .unlock(Some("the wrong passphrase".into()))
        .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    let info = again.unlock(Some(PASS.into())).unwrap();
    assert_eq!(info.client_count as usize, summary.created.len());
    assert!(
        info.cipher_version.starts_with('4'),
        "{}",
        info.cipher_version
    );
    let doctor = again.doctor().unwrap();
    assert_eq!(doctor.integrity, "ok");
    assert!(doctor.tables_match_op_log);
    // One op per client, plus the demo's plans and assets: at least one each.
    let ops = doctor.op_count as usize;
    assert!(
        ops > 2 * summary.created.len(),
        "{ops} ops for {} clients",
        summary.created.len()
    );
}

#[test]
fn bad_input_comes_back_per_field_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    ws.create(Some(PASS.into())).unwrap();
    let err = ws
        .create_client(ClientInput {
            name: "".into(),
            jurisdictions: vec!["US-XX".into()],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.fields
            .iter()
            .map(|f| f.field.as_str())
            .collect::<Vec<_>>(),
        ["name", "jurisdictions"]
    );
    assert!(
        err.message.starts_with("2 fields need attention"),
        "{}",
        err.message
    );
    assert!(ws.list_clients("", true).unwrap().is_empty());
    assert_eq!(ws.client("nope").unwrap_err().code, ErrorCode::InvalidInput);
    let missing = ws
        .client("0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b")
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

#[test]
fn a_foreign_file_makes_the_workspace_unavailable_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cordon.db"),
        b"SQLite format 3\0 and then some other bytes",
    )
    .unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    match ws.status() {
        WorkspaceStatus::Unavailable { error, .. } => {
            assert_eq!(error.code, ErrorCode::NotACordonDatabase);
            assert!(error.message.contains("move it aside"), "{}", error.message);
        }
        other => panic!("expected unavailable, got {other:?}"),
    }
}
