//! Lock: the database is closed and the store (with its key) dropped, every data call then
//! answers `locked`, the status asks for the passphrase, and unlocking brings the data back.

use std::sync::Arc;

use cordon_app::{AppError, ErrorCode, PrivacySettings, SystemClock, Workspace, WorkspaceStatus};

const PASS: &str = "a long enough passphrase";

fn locked<T: std::fmt::Debug>(what: &str, r: Result<T, AppError>) {
    match r {
        Err(e) => assert_eq!(e.code, ErrorCode::Locked, "{what}: {}", e.message),
        Ok(v) => panic!("{what} answered while locked: {v:?}"),
    }
}

#[test]
fn after_lock_every_data_call_is_refused_until_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    ws.create(Some(PASS.into())).unwrap();
    ws.seed_demo().unwrap();
    let clients = ws.list_clients("", false).unwrap();
    let client = clients[0].id.to_string();
    let incident = ws.list_incidents("", false, 0, 1).unwrap().items[0]
        .id
        .to_string();
    let wal = dir.path().join("cordon.db-wal");
    assert!(
        wal.exists(),
        "an open workspace in WAL mode has its -wal file"
    );

    let status = ws.lock();
    assert!(
        matches!(
            status,
            WorkspaceStatus::Locked {
                passphrase_needed: true,
                ..
            }
        ),
        "{status:?}"
    );
    // SQLite removes the -wal file when the last connection closes: the store was dropped,
    // not merely hidden behind a flag.
    assert!(!wal.exists(), "the database is still open after lock");

    locked("info", ws.info());
    locked("ensure_unlocked", ws.ensure_unlocked());
    locked("list_clients", ws.list_clients("", true));
    locked("client", ws.client(&client));
    locked("client_overview", ws.client_overview("", true));
    locked("client_readiness", ws.client_readiness(&client));
    locked("list_plans", ws.list_plans(&client));
    locked("list_assets", ws.list_assets(&client, true));
    locked("export_assets_csv", ws.export_assets_csv(&client));
    locked("list_incidents", ws.list_incidents("", false, 0, 10));
    locked("incident", ws.incident(&incident));
    locked("timeline_csv", ws.timeline_csv(&incident));
    locked("incident_dashboard", ws.incident_dashboard(""));
    locked("deadline_alerts", ws.deadline_alerts());
    locked("search", ws.search("kestrel"));
    locked("list_exercises", ws.list_exercises(None));
    locked("incident_settings", ws.incident_settings());
    locked("privacy_settings", ws.privacy_settings());
    locked("msp_branding", ws.msp_branding());
    // Asking again does not reopen it by itself.
    assert!(matches!(ws.status(), WorkspaceStatus::Locked { .. }));

    let wrong = ws
        .unlock(Some("not the passphrase at all".into()))
        .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    ws.unlock(Some(PASS.into())).unwrap();
    assert_eq!(ws.list_clients("", false).unwrap(), clients);
    assert!(matches!(ws.status(), WorkspaceStatus::Ready { .. }));
}

#[test]
fn privacy_settings_default_to_never_and_no_names_and_refuse_other_idle_times() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    ws.create(Some(PASS.into())).unwrap();
    assert_eq!(
        ws.privacy_settings().unwrap(),
        PrivacySettings {
            idle_lock_minutes: 0,
            names_in_notifications: false
        }
    );
    let chosen = PrivacySettings {
        idle_lock_minutes: 15,
        names_in_notifications: true,
    };
    assert_eq!(ws.save_privacy_settings(chosen.clone()).unwrap(), chosen);
    let bad = ws
        .save_privacy_settings(PrivacySettings {
            idle_lock_minutes: 7,
            names_in_notifications: false,
        })
        .unwrap_err();
    assert_eq!(bad.fields[0].field, "idle_lock_minutes");
    assert_eq!(
        ws.privacy_settings().unwrap(),
        chosen,
        "a refused save changes nothing"
    );
}
