//! The store's promises, checked on real SQLCipher files in temporary folders. Keychain mode is
//! in `keychain.rs`, which needs a running Secret Service.

mod common;

use std::sync::Arc;

use common::{ManualClock, NOV_2026, client, snapshot};
use cordon_core::{Clock, Hlc};
use cordon_store::{Change, DirState, KeyChoice, Passphrase, Store, StoreError, probe};

const PASS: &str = "correct horse battery staple";

fn new_store(dir: &std::path::Path, clock: Arc<dyn Clock>) -> Store {
    Store::create(dir, KeyChoice::Passphrase(Passphrase::new(PASS)), clock)
        .expect("create workspace")
}

fn reopen(dir: &std::path::Path, pass: &str) -> Result<Store, StoreError> {
    Store::open(dir, Some(Passphrase::new(pass)), ManualClock::at(NOV_2026))
}

#[test]
fn the_file_is_encrypted_from_its_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    store
        .create_client(client("Zyxwvut Holdings Unusualname"))
        .unwrap();
    drop(store);
    let bytes = std::fs::read(dir.path().join("cordon.db")).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    let needle = b"Unusualname";
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "client name found in plaintext"
    );
    assert_eq!(
        probe(dir.path()).unwrap(),
        DirState::Existing {
            key_source: cordon_store::KeySource::Passphrase
        }
    );
}

#[test]
fn a_wrong_passphrase_is_named_and_leaves_every_byte_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    store.create_client(client("Acme")).unwrap();
    drop(store);
    let before = snapshot(dir.path());
    let err = reopen(dir.path(), "correct horse battery stapler")
        .err()
        .expect("must not open");
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
    assert!(err.to_string().contains("passphrase is wrong"), "{err}");
    let err = Store::open(dir.path(), None, ManualClock::at(NOV_2026))
        .err()
        .expect("needs a passphrase");
    assert!(matches!(err, StoreError::PassphraseRequired), "{err:?}");
    assert_eq!(snapshot(dir.path()), before);
    assert_eq!(
        reopen(dir.path(), PASS)
            .unwrap()
            .list_clients("", false)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_plain_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let plain = rusqlite::Connection::open(dir.path().join("cordon.db")).unwrap();
        plain
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = snapshot(dir.path());
    let err = reopen(dir.path(), PASS).err().expect("must refuse");
    assert!(
        matches!(err, StoreError::NotACordonDatabase { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("plain, unencrypted SQLite")
            && err.to_string().contains("CORDON_DATA_DIR"),
        "{err}"
    );
    assert!(
        Store::create(
            dir.path(),
            KeyChoice::Passphrase(Passphrase::new(PASS)),
            ManualClock::at(NOV_2026)
        )
        .is_err()
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn random_bytes_with_a_key_file_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_store(dir.path(), ManualClock::at(NOV_2026)));
    std::fs::write(dir.path().join("cordon.db"), vec![0x5a; 8192]).unwrap();
    let before = snapshot(dir.path());
    assert!(matches!(
        reopen(dir.path(), PASS),
        Err(StoreError::WrongPassphrase)
    ));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_missing_key_file_says_what_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_store(dir.path(), ManualClock::at(NOV_2026)));
    std::fs::remove_file(dir.path().join("cordon-keys.json")).unwrap();
    let err = reopen(dir.path(), PASS).err().unwrap();
    assert!(
        err.to_string().contains("cordon-keys.json is missing"),
        "{err}"
    );
}

#[test]
fn changing_the_passphrase_rekeys_and_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    for i in 0..60 {
        store
            .create_client(client(&format!("Client {i:02}")))
            .unwrap();
    }
    let ops_before = store.ops(None).unwrap();
    let header_before = std::fs::read(dir.path().join("cordon.db")).unwrap()[..64].to_vec();
    assert!(matches!(
        store.change_passphrase(
            Passphrase::new("not the passphrase"),
            Passphrase::new("a brand new passphrase")
        ),
        Err(StoreError::WrongPassphrase)
    ));
    assert!(matches!(
        store.change_passphrase(Passphrase::new(PASS), Passphrase::new("short")),
        Err(StoreError::WeakPassphrase)
    ));
    store
        .change_passphrase(
            Passphrase::new(PASS),
            Passphrase::new("a brand new passphrase"),
        )
        .unwrap();
    drop(store);
    assert_ne!(
        std::fs::read(dir.path().join("cordon.db")).unwrap()[..64].to_vec(),
        header_before,
        "pages re-encrypted"
    );
    assert!(matches!(
        reopen(dir.path(), PASS),
        Err(StoreError::WrongPassphrase)
    ));
    let store = reopen(dir.path(), "a brand new passphrase").unwrap();
    let names: Vec<_> = store
        .list_clients("", false)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        names,
        (0..60)
            .map(|i| format!("Client {i:02}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(store.ops(None).unwrap(), ops_before);
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn an_interrupted_passphrase_change_still_opens_with_the_old_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    store.create_client(client("Acme")).unwrap();
    drop(store);
    // The state after step one of a change (new way recorded, old kept as `previous`) but
    // before the re-key: as a crash at that instant would leave it.
    let key_path = dir.path().join("cordon-keys.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
    let old_kdf = file["kdf"].clone();
    file["previous"] = serde_json::json!({"key_source": "passphrase", "kdf": old_kdf});
    file["kdf"]["salt"] = serde_json::json!("AAAAAAAAAAAAAAAAAAAAAA==");
    std::fs::write(&key_path, file.to_string()).unwrap();

    let store = reopen(dir.path(), PASS).expect("the old passphrase still opens it");
    assert_eq!(store.list_clients("", false).unwrap().len(), 1);
    drop(store);
    let healed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
    assert_eq!(
        healed["kdf"], old_kdf,
        "the key file is rolled back to the key the database has"
    );
    assert!(healed.get("previous").is_none());
}

#[test]
fn the_clock_never_goes_backwards_even_when_the_wall_clock_does() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(NOV_2026);
    let store = new_store(dir.path(), clock.clone());
    let acme = store.create_client(client("Acme")).unwrap();
    clock.set(NOV_2026 - 3_600_000); // someone sets the laptop an hour back
    store.update_client(acme.id, client("Acme Ltd")).unwrap();
    store.archive_client(acme.id).unwrap();
    drop(store);
    // and after a restart, still earlier
    clock.set(NOV_2026 - 7_200_000);
    let store = Store::open(dir.path(), Some(Passphrase::new(PASS)), clock.clone()).unwrap();
    store.restore_client(acme.id).unwrap();
    let ops = store.ops(Some(&acme.id.to_string())).unwrap();
    assert_eq!(ops.len(), 4);
    let stamps: Vec<Hlc> = ops.iter().map(|o| o.hlc.parse().unwrap()).collect();
    assert!(stamps.windows(2).all(|w| w[0] < w[1]), "{stamps:?}");
    assert_eq!(
        ops.iter().map(|o| o.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4],
        "dense per-device sequence"
    );
    assert!(
        stamps.iter().all(|h| h.wall_ms == NOV_2026 as u64),
        "wall part held at the latest seen"
    );
}

#[test]
fn an_operation_and_its_table_change_land_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    let acme = store.create_client(client("Acme")).unwrap();
    let ops = store.ops(None).unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(
        (ops[0].entity.as_str(), ops[0].kind.as_str()),
        ("client", "upsert")
    );
    assert_eq!(ops[0].fields["name"], "Acme");

    // A write that records an op and then fails leaves neither the op nor the row.
    let failed: Result<(), StoreError> = store.write(|w| {
        let _ = w.new_id();
        Err(StoreError::Io("injected failure after the op".into()))
    });
    assert!(failed.is_err());
    let rename = store.update_client(acme.id, client("   "));
    assert!(matches!(rename, Err(StoreError::Invalid(_))));
    store.create_client(client("Beta")).unwrap();
    let clash = store.update_client(acme.id, client("beta"));
    let Err(StoreError::Invalid(inv)) = clash else {
        panic!("expected a name clash, got {clash:?}")
    };
    assert_eq!(inv.fields[0].field, "name");
    assert_eq!(
        store.ops(None).unwrap().len(),
        2,
        "only the two creates were logged"
    );
    assert_eq!(store.client(acme.id).unwrap().name, "Acme");
}

#[test]
fn a_failing_projection_rolls_back_its_op() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    // An upsert whose fields cannot make a client: the projection fails after the op insert.
    let result = store.write(|w| {
        w.record_by_name(
            "client",
            "0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b",
            Change::Upsert(serde_json::Map::new()),
        )
    });
    assert!(result.is_err());
    assert!(store.ops(None).unwrap().is_empty());
    assert!(store.list_clients("", true).unwrap().is_empty());
}

#[test]
fn the_table_is_what_the_log_says() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    let a = store.create_client(client("Harbour Dental")).unwrap();
    store
        .update_client(
            a.id,
            cordon_core::ClientInput {
                sectors: vec![cordon_core::Sector::Healthcare],
                ..client("Harbour Dental Group")
            },
        )
        .unwrap();
    store.archive_client(a.id).unwrap();
    let rebuilt = store.replay_into_scratch().unwrap();
    assert_eq!(rebuilt, vec![store.client(a.id).unwrap()]);
}

#[test]
fn search_folds_case_and_diacritics_and_matches_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), ManualClock::at(NOV_2026));
    let mut m = client("Müller Feinmechanik GmbH");
    m.contacts = vec![cordon_core::ClientContact {
        name: "José Núñez".into(),
        phone: "+49 89 1234".into(),
        ..Default::default()
    }];
    store.create_client(m).unwrap();
    store.create_client(client("Harbour Dental Group")).unwrap();
    let names = |q: &str| {
        store
            .list_clients(q, false)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("muller"), ["Müller Feinmechanik GmbH"]);
    assert_eq!(names("FEIN"), ["Müller Feinmechanik GmbH"]);
    assert_eq!(names("nunez"), ["Müller Feinmechanik GmbH"]);
    assert_eq!(names("harb den"), ["Harbour Dental Group"]);
    assert!(names("dental müller").is_empty());
    assert_eq!(
        names("\"\"OR*(").len(),
        0,
        "FTS syntax in input is only text"
    );
    assert_eq!(names("").len(), 2);
}
