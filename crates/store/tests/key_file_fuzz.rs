//! The key file parser against anything a disk, an editor or an attacker can put there: any
//! bytes give either a key file within Cordon's bounds or `KeyFileCorrupt`, never a panic.

use cordon_store::StoreError;
use cordon_store::keys::KeyFile;
use proptest::prelude::*;

const GOOD: &str = r#"{"format":1,"workspace_id":"0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b","key_source":"passphrase","kdf":{"algorithm":"argon2id","salt":"AAECAwQFBgcICQoLDA0ODw==","memory_kib":65536,"iterations":3,"parallelism":1},"previous":{"key_source":"keychain","kdf":null}}"#;

fn judged(bytes: &[u8]) {
    match KeyFile::parse(bytes) {
        Ok(file) => {
            for kdf in [
                file.kdf.as_ref(),
                file.previous.as_ref().and_then(|p| p.kdf.as_ref()),
            ]
            .into_iter()
            .flatten()
            {
                assert!((8192..=1_048_576).contains(&kdf.memory_kib), "{kdf:?}");
                assert!((1..=16).contains(&kdf.iterations), "{kdf:?}");
                assert!((1..=16).contains(&kdf.parallelism), "{kdf:?}");
            }
        }
        Err(StoreError::KeyFileCorrupt(why)) => assert!(!why.is_empty()),
        Err(other) => panic!("not a key-file error: {other:?}"),
    }
}

#[test]
fn the_good_file_parses() {
    assert!(KeyFile::parse(GOOD.as_bytes()).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        judged(&bytes);
    }

    /// Bytes of the good file changed, cut or extended: near-misses reach deeper than noise.
    #[test]
    fn a_damaged_good_file(
        edits in proptest::collection::vec((0..GOOD.len(), any::<u8>()), 0..6),
        cut in 0..=GOOD.len(),
        tail in proptest::collection::vec(any::<u8>(), 0..20),
    ) {
        let mut bytes = GOOD.as_bytes().to_vec();
        for (at, b) in edits {
            bytes[at] = b;
        }
        bytes.truncate(cut);
        bytes.extend(tail);
        judged(&bytes);
    }

    /// Every number field set to any number JSON can hold.
    #[test]
    fn any_numbers(
        memory in prop_oneof![any::<i64>(), 0i64..=5_000_000],
        iterations in prop_oneof![any::<u64>(), 0u64..=40],
        parallelism in prop_oneof![any::<u32>(), 0u32..=40],
        format in prop_oneof![any::<i64>(), 0i64..=2],
    ) {
        let text = GOOD
            .replace("\"memory_kib\":65536", &format!("\"memory_kib\":{memory}"))
            .replace("\"iterations\":3", &format!("\"iterations\":{iterations}"))
            .replace("\"parallelism\":1", &format!("\"parallelism\":{parallelism}"))
            .replace("\"format\":1", &format!("\"format\":{format}"));
        judged(text.as_bytes());
    }
}

#[test]
fn a_huge_file_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = GOOD.to_owned();
    text.push_str(&" ".repeat(10 * 1024 * 1024));
    std::fs::write(dir.path().join("cordon-keys.json"), text).unwrap();
    let err = KeyFile::read(dir.path()).unwrap_err();
    assert!(err.to_string().contains("longer than"), "{err}");
}
