//! Keychain mode against a real Secret Service (gnome-keyring in a private D-Bus session, as
//! `make test` starts it). Without one, these tests fail when CORDON_REQUIRE_KEYCHAIN is set
//! (as in `make test` and CI) and otherwise say they could not run.

mod common;

use common::{ManualClock, NOV_2026, client, snapshot};
use cordon_store::keys::{KeychainEntry, keychain_available};
use cordon_store::{KeyChoice, KeySource, Passphrase, Store, StoreError};

fn keychain_or_skip() -> bool {
    if keychain_available() {
        return true;
    }
    assert!(
        std::env::var_os("CORDON_REQUIRE_KEYCHAIN").is_none(),
        "no Secret Service is reachable; run these tests through `make test`, which starts gnome-keyring in a private D-Bus session"
    );
    eprintln!("keychain tests did not run: no Secret Service here (use `make test`)");
    false
}

fn workspace_id(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(dir.join("cordon-keys.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["workspace_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_keychain_workspace_opens_silently_and_survives_restarts() {
    if !keychain_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), KeyChoice::Keychain, ManualClock::at(NOV_2026)).unwrap();
    store.create_client(client("Acme")).unwrap();
    assert_eq!(store.info().unwrap().key_source, KeySource::Keychain);
    drop(store);
    let store = Store::open(dir.path(), None, ManualClock::at(NOV_2026)).unwrap();
    assert_eq!(store.list_clients("", false).unwrap()[0].name, "Acme");
    drop(store);
    KeychainEntry::for_workspace(&workspace_id(dir.path()))
        .delete()
        .unwrap();
}

#[test]
fn a_missing_keychain_entry_is_named_and_the_file_is_untouched() {
    if !keychain_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), KeyChoice::Keychain, ManualClock::at(NOV_2026)).unwrap();
    store.create_client(client("Acme")).unwrap();
    drop(store);
    let entry = KeychainEntry::for_workspace(&workspace_id(dir.path()));
    entry.delete().unwrap();
    let before = snapshot(dir.path());
    let err = Store::open(dir.path(), None, ManualClock::at(NOV_2026))
        .err()
        .expect("must not open");
    assert!(
        matches!(err, StoreError::KeychainEntryMissing(_)),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("keychain entry") && text.contains("is missing") && text.contains("restore"),
        "{text}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn switching_keychain_to_passphrase_and_back_rekeys_and_keeps_every_record() {
    if !keychain_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), KeyChoice::Keychain, ManualClock::at(NOV_2026)).unwrap();
    for i in 0..25 {
        store
            .create_client(client(&format!("Client {i:02}")))
            .unwrap();
    }
    let entry = KeychainEntry::for_workspace(&workspace_id(dir.path()));
    store
        .switch_to_passphrase(Passphrase::new("a passphrase for the road"))
        .unwrap();
    assert_eq!(store.info().unwrap().key_source, KeySource::Passphrase);
    assert!(
        matches!(entry.get(), Err(StoreError::KeychainEntryMissing(_))),
        "the keychain no longer holds a key"
    );
    drop(store);

    assert!(matches!(
        Store::open(dir.path(), None, ManualClock::at(NOV_2026)),
        Err(StoreError::PassphraseRequired)
    ));
    let store = Store::open(
        dir.path(),
        Some(Passphrase::new("a passphrase for the road")),
        ManualClock::at(NOV_2026),
    )
    .unwrap();
    assert_eq!(store.list_clients("", false).unwrap().len(), 25);
    assert!(matches!(
        store.switch_to_keychain(Passphrase::new("not the passphrase!")),
        Err(StoreError::WrongPassphrase)
    ));
    store
        .switch_to_keychain(Passphrase::new("a passphrase for the road"))
        .unwrap();
    drop(store);

    let store = Store::open(dir.path(), None, ManualClock::at(NOV_2026)).unwrap();
    assert_eq!(store.info().unwrap().key_source, KeySource::Keychain);
    assert_eq!(store.list_clients("", false).unwrap().len(), 25);
    assert!(store.integrity_problems().unwrap().is_empty());
    drop(store);
    entry.delete().unwrap();
}
