//! Re-keys that fail part-way, with the faults injected through `db::fault` (on this thread
//! only). Whatever fails, the workspace must open afterwards the way
//! it did before, and nothing may be forgotten until a fresh connection has proven the new key.

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use cordon_core::{ClientInput, ManualClock};

use crate::db::fault;
use crate::keys::{KEY_FILE_NAME, KeychainEntry, keychain_available};
use crate::{KeyChoice, KeySource, Passphrase, Store, StoreError};

const OLD: &str = "correct horse battery staple";
const NEW: &str = "maple rocket lantern orbit";

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
    ))
}

fn client(name: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        jurisdictions: vec!["EU".into()],
        ..Default::default()
    }
}

fn with_passphrase(dir: &Path) -> Store {
    let store = Store::create(dir, KeyChoice::Passphrase(Passphrase::new(OLD)), clock()).unwrap();
    store.create_client(client("Acme")).unwrap();
    store
}

fn open(dir: &Path, pass: Option<&str>) -> Result<Store, StoreError> {
    Store::open(dir, pass.map(Passphrase::new), clock())
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .list_clients("", false)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

fn key_file(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(KEY_FILE_NAME)).unwrap()
}

/// Runs `f` with SQLCipher's silent rollback injected, and always clears it again.
fn rewrite_rolled_back<T>(f: impl FnOnce() -> T) -> T {
    fault::REWRITE_ROLLED_BACK.set(true);
    let out = f();
    fault::REWRITE_ROLLED_BACK.set(false);
    out
}

#[test]
fn a_passphrase_change_whose_rewrite_rolled_back_is_refused_and_the_old_passphrase_opens() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_passphrase(dir.path());
    let before = key_file(dir.path());

    let err =
        rewrite_rolled_back(|| store.change_passphrase(Passphrase::new(OLD), Passphrase::new(NEW)))
            .unwrap_err();
    assert!(matches!(err, StoreError::RekeyFailed { .. }), "{err:?}");
    assert!(err.to_string().contains("the key was not changed"), "{err}");
    assert_eq!(key_file(dir.path()), before, "the old way in is kept");
    // The working connection still writes, to a file the old key opens.
    store.create_client(client("Globex")).unwrap();
    assert_eq!(store.info().unwrap().key_source, KeySource::Passphrase);
    drop(store);

    assert!(matches!(
        open(dir.path(), Some(NEW)),
        Err(StoreError::WrongPassphrase)
    ));
    assert_eq!(
        names(&open(dir.path(), Some(OLD)).unwrap()),
        ["Acme", "Globex"]
    );
}

#[test]
fn a_rekey_without_room_on_the_disk_is_refused_before_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_passphrase(dir.path());
    let before = key_file(dir.path());

    fault::AVAILABLE_BYTES.set(Some(1_500_000));
    let err = store.change_passphrase(Passphrase::new(OLD), Passphrase::new(NEW));
    fault::AVAILABLE_BYTES.set(None);
    let err = err.unwrap_err();
    let StoreError::NoRoomToRekey {
        needed_mb,
        available_mb,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*available_mb, 1);
    assert!(
        *needed_mb > 4,
        "the database and SQLite's slack: {needed_mb}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&format!("MB free in {}", dir.path().display()))
            && text.contains("free space and try again"),
        "{text}"
    );
    assert_eq!(key_file(dir.path()), before);
    drop(store);
    assert_eq!(names(&open(dir.path(), Some(OLD)).unwrap()), ["Acme"]);
}

#[test]
fn switching_to_a_passphrase_twice_is_refused_without_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_passphrase(dir.path());
    let before = key_file(dir.path());
    let err = store
        .switch_to_passphrase(Passphrase::new(NEW))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::KeySourceAlready(KeySource::Passphrase)),
        "{err:?}"
    );
    assert!(err.to_string().contains("Change passphrase"), "{err}");
    assert_eq!(key_file(dir.path()), before);
    drop(store);
    assert!(matches!(
        open(dir.path(), Some(NEW)),
        Err(StoreError::WrongPassphrase)
    ));
    assert_eq!(names(&open(dir.path(), Some(OLD)).unwrap()), ["Acme"]);
}

fn keychain_or_skip() -> bool {
    if keychain_available() {
        return true;
    }
    assert!(
        std::env::var_os("CORDON_REQUIRE_KEYCHAIN").is_none(),
        "no Secret Service is reachable; run these tests through `make test`"
    );
    eprintln!("keychain re-key tests did not run: no Secret Service here (use `make test`)");
    false
}

#[test]
fn a_switch_from_the_keychain_whose_rewrite_rolled_back_keeps_the_keychain_entry() {
    if !keychain_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), KeyChoice::Keychain, clock()).unwrap();
    store.create_client(client("Acme")).unwrap();
    let entry = KeychainEntry::for_workspace(&store.workspace_id);

    let err = rewrite_rolled_back(|| store.switch_to_passphrase(Passphrase::new(NEW))).unwrap_err();
    assert!(matches!(err, StoreError::RekeyFailed { .. }), "{err:?}");
    assert!(entry.get().is_ok(), "the keychain entry must survive");
    drop(store);

    let store = open(dir.path(), None).expect("opens from the keychain as before");
    assert_eq!(store.info().unwrap().key_source, KeySource::Keychain);
    assert_eq!(names(&store), ["Acme"]);
    drop(store);
    entry.delete().unwrap();
}

#[test]
fn a_switch_to_the_keychain_whose_rewrite_rolled_back_keeps_the_passphrase() {
    if !keychain_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = with_passphrase(dir.path());
    let entry = KeychainEntry::for_workspace(&store.workspace_id);

    let err = rewrite_rolled_back(|| store.switch_to_keychain(Passphrase::new(OLD))).unwrap_err();
    assert!(matches!(err, StoreError::RekeyFailed { .. }), "{err:?}");
    drop(store);
    assert!(matches!(
        open(dir.path(), None),
        Err(StoreError::PassphraseRequired)
    ));
    assert_eq!(names(&open(dir.path(), Some(OLD)).unwrap()), ["Acme"]);
    let _ = entry.delete();
}
