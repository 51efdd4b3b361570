//! Protocol v1's JSON and its sealed chunk, frozen: a change here breaks laptops and servers
//! of the other version, so it needs a new protocol version, not an edit of the golden file.
//! `CORDON_BLESS=1 cargo test -p cordon-sync --test golden` rewrites the files on purpose.

use std::collections::BTreeMap;

use cordon_sync::api;
use cordon_sync::keys::SecretKey;
use cordon_sync::wire;

fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("CORDON_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(actual, expected, "{name} changed: protocol v1 is frozen");
}

#[test]
fn the_v1_api_json_is_frozen() {
    let device = "0195f0a0-0000-7000-8000-000000000002".to_owned();
    let scope = "0f".repeat(16);
    let doc = serde_json::json!({
        "join_request": api::JoinRequest {
            invite: "abcd-efgh-ijkl".into(),
            device: device.clone(),
            name: "Laptop B".into(),
            public_key: "11".repeat(32),
            recovery: None,
        },
        "joined": api::Joined {
            team: "t1".into(),
            team_name: "Acme MSP".into(),
            token: "token".into(),
            admin: false,
            first: false,
        },
        "grants": api::Grants {
            grants: vec![api::Grant { device: device.clone(), scope: scope.clone(), epoch: 2, wrapped: "AAEC".into() }],
        },
        "status": api::Status {
            scopes: BTreeMap::from([(scope.clone(), api::ScopeStatus { epoch: 2, newest: 9, devices: BTreeMap::from([(device.clone(), 41)]) })]),
            newest: 9,
        },
        "pushed": api::Pushed { stored: 1, known: 0, numbers: vec![api::Numbered { scope: scope.clone(), prev: 8, n: 9 }] },
        "manifest": api::BlobManifest { total: 3, present: vec![0, 2] },
        "error": api::ApiError { code: "overlap".into(), message: "…".into(), server_last_seq: Some(40) },
    });
    golden(
        "api_v1.json",
        &(serde_json::to_string_pretty(&doc).unwrap() + "\n"),
    );
    // And it reads back: the server's and the laptop's types agree with the file.
    let read: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/golden/api_v1.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let _: api::JoinRequest = serde_json::from_value(read["join_request"].clone()).unwrap();
    let _: api::Status = serde_json::from_value(read["status"].clone()).unwrap();
    let _: api::Pushed = serde_json::from_value(read["pushed"].clone()).unwrap();
}

#[test]
fn the_v1_chunk_is_frozen() {
    let key = SecretKey::from_bytes([4; 32]);
    let sealed = wire::seal_chunk(&key, 2, "b1", 1, 3, b"evidence part", [5; 24]);
    golden("chunk_v1.hex", &(hex::encode(&sealed) + "\n"));
    let frozen = hex::decode(
        std::fs::read_to_string(format!(
            "{}/tests/golden/chunk_v1.hex",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .trim(),
    )
    .unwrap();
    assert_eq!(
        wire::open_chunk(&key, "b1", 1, 3, &frozen).unwrap(),
        b"evidence part"
    );
}
