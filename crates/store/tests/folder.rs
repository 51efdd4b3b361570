//! The data folder as the file system holds it: private modes whoever made it, a key file that
//! is never written over, commits that reach the disk.

mod common;

use std::path::Path;

use common::{ManualClock, NOV_2026, client};
use cordon_store::{KeyChoice, Passphrase, Store, StoreError, probe};

const PASS: &str = "correct horse battery staple";

fn create(dir: &Path) -> Result<Store, StoreError> {
    Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new(PASS)),
        ManualClock::at(NOV_2026),
    )
}

fn open(dir: &Path) -> Result<Store, StoreError> {
    Store::open(dir, Some(Passphrase::new(PASS)), ManualClock::at(NOV_2026))
}

#[test]
fn a_key_file_without_its_database_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = create(dir.path()).unwrap();
    store.create_client(client("Acme")).unwrap();
    drop(store);
    let keys = dir.path().join("cordon-keys.json");
    let before = std::fs::read(&keys).unwrap();
    let aside = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path().join("cordon.db"), aside.path().join("cordon.db")).unwrap();

    let err = create(dir.path()).err().expect("must refuse");
    assert!(
        matches!(err, StoreError::KeyFileWithoutDatabase { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&dir.path().join("cordon.db").display().to_string())
            && text.contains("restore cordon.db")
            && text.contains("move")
            && text.contains("aside"),
        "{text}"
    );
    assert_eq!(std::fs::read(&keys).unwrap(), before);
    assert!(matches!(
        probe(dir.path()),
        Err(StoreError::KeyFileWithoutDatabase { .. })
    ));

    // Put back, the database opens with its own key file.
    std::fs::rename(aside.path().join("cordon.db"), dir.path().join("cordon.db")).unwrap();
    assert_eq!(
        open(dir.path())
            .unwrap()
            .list_clients("", false)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_creation_cut_short_before_the_database_moved_into_place_can_be_redone() {
    let dir = tempfile::tempdir().unwrap();
    // What a crash between writing the key file and the final rename leaves.
    drop(create(dir.path()).unwrap());
    std::fs::rename(
        dir.path().join("cordon.db"),
        dir.path().join("cordon.db.creating"),
    )
    .unwrap();
    let store = create(dir.path()).expect("an interrupted creation is redone");
    assert!(store.list_clients("", false).unwrap().is_empty());
    assert!(!dir.path().join("cordon.db.creating").exists());
}

#[test]
fn every_commit_is_synced_to_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store = create(dir.path()).unwrap();
    let synchronous: i64 = store
        .read(|c| Ok(c.query_row("PRAGMA synchronous", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(synchronous, 2, "2 is FULL");
}

#[cfg(unix)]
mod modes {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn set(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    const FILES: [&str; 4] = [
        "cordon.db",
        "cordon.db-wal",
        "cordon.db-shm",
        "cordon-keys.json",
    ];

    #[test]
    fn a_folder_someone_else_made_becomes_private_with_every_file_in_it() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("cordon");
        std::fs::create_dir(&dir).unwrap();
        set(&dir, 0o755);
        let store = create(&dir).unwrap();
        store.create_client(client("Acme")).unwrap();
        assert_eq!(mode(&dir), 0o700);
        for name in FILES {
            assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
        }
        drop(store);

        // Loosened by a restore or a careless chmod: tightened again on the next open.
        set(&dir, 0o755);
        set(&dir.join("cordon.db"), 0o644);
        set(&dir.join("cordon-keys.json"), 0o666);
        let store = open(&dir).unwrap();
        store.create_client(client("Globex")).unwrap();
        assert_eq!(mode(&dir), 0o700);
        for name in FILES {
            assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
        }
    }
}

#[test]
fn argon2_settings_beyond_reason_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()).unwrap());
    let keys = dir.path().join("cordon-keys.json");
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&keys).unwrap()).unwrap();
    for (field, value, named) in [
        ("memory_kib", 4_194_304u64, "kdf.memory_kib is 4194304"),
        ("memory_kib", 0, "kdf.memory_kib is 0"),
        ("iterations", 1_000_000, "kdf.iterations is 1000000"),
        ("parallelism", 255, "kdf.parallelism is 255"),
    ] {
        let mut bad = good.clone();
        bad["kdf"][field] = value.into();
        std::fs::write(&keys, bad.to_string()).unwrap();
        let err = open(dir.path()).err().expect("must refuse");
        assert!(matches!(err, StoreError::KeyFileCorrupt(_)), "{err:?}");
        assert!(err.to_string().contains(named), "{err}");
    }
    std::fs::write(&keys, good.to_string()).unwrap();
    assert!(open(dir.path()).is_ok());
}
