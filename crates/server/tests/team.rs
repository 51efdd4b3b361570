//! A team on a real `cordon-server` process, on both storage engines: what a device may reach,
//! and how bad input (a wrong or expired invitation, a tampered batch, a batch for a scope the
//! device is not assigned, a server of another protocol version) is refused with nothing applied.

mod common;

use common::{Engine, Laptop, Server};
use cordon_app::{Clients, ErrorCode, Workspace};
use cordon_sync::SyncError;
use cordon_sync::api;
use cordon_sync::client::Remote;
use cordon_sync::keys::{DeviceSecret, SecretKey};
use cordon_sync::wire::{self, BatchHeader, PROTOCOL};

/// A device that speaks the protocol by hand, to try what the app never sends.
struct Raw {
    remote: Remote,
    device: String,
    team: String,
}

fn raw_join(url: &str, invite: &str, seed: u8) -> (Raw, String) {
    let me = DeviceSecret::from_key(&SecretKey::from_bytes([seed; 32]));
    let device = uuid::Uuid::now_v7().to_string();
    let joined = Remote::new(url, None)
        .unwrap()
        .join(&api::JoinRequest {
            invite: invite.into(),
            device: device.clone(),
            name: format!("raw {seed}"),
            public_key: me.public().to_hex(),
            recovery: None,
        })
        .unwrap();
    let raw = Raw {
        remote: Remote::new(url, Some(&joined.token)).unwrap(),
        device,
        team: joined.team,
    };
    (raw, me.public().fingerprint())
}

fn frame(raw: &Raw, scope: &str, first: i64, last: i64, prev: i64) -> wire::Frame {
    let header = BatchHeader {
        v: PROTOCOL,
        team: raw.team.clone(),
        scope: scope.into(),
        device: raw.device.clone(),
        first_seq: first,
        last_seq: last,
        prev_last_seq: prev,
        epoch: 1,
        count: (last - first + 1) as u32,
    };
    wire::seal(&SecretKey::from_bytes([9; 32]), &header, b"{}\n", [1; 24]).unwrap()
}

fn status_of(e: SyncError) -> (u16, String) {
    match e {
        SyncError::Server { status, code, .. } => (status, code),
        other => panic!("expected a refusal from the server, got {other:?}"),
    }
}

/// A team: the admin's laptop with the demo data, joined and synced.
fn team(server: &Server) -> Laptop {
    let admin = Laptop::demo();
    let invite = server.team("Test MSP", "1h");
    admin
        .ws
        .sync_join(&server.url, &invite, "Admin laptop")
        .unwrap();
    admin.ws.sync().unwrap();
    admin
}

/// A laptop that joined the admin's team at `url` and was approved for `clients`.
fn member(url: &str, admin: &Laptop, clients: Clients) -> Laptop {
    let b = Laptop::empty();
    let joined =
        b.ws.sync_join(url, &admin.ws.sync_invite().unwrap().code, "B")
            .unwrap();
    admin
        .ws
        .sync_approve(&joined.device, &joined.fingerprint, &clients)
        .unwrap();
    b
}

fn client_ids(ws: &Workspace) -> Vec<String> {
    ws.list_clients("", true)
        .unwrap()
        .into_iter()
        .map(|c| c.id.to_string())
        .collect()
}

fn one_client_only(engine: Engine) {
    let server = Server::start(engine);
    let admin = team(&server);
    let clients = client_ids(&admin.ws);
    let (x, y) = (&clients[0], &clients[1]);

    let b = Laptop::empty();
    let joined =
        b.ws.sync_join(&server.url, &admin.ws.sync_invite().unwrap().code, "B")
            .unwrap();
    assert!(!joined.admin);
    admin
        .ws
        .sync_approve(
            &joined.device,
            &joined.fingerprint,
            &Clients::Some(vec![x.clone()]),
        )
        .unwrap();
    b.ws.sync().unwrap();
    assert_eq!(
        client_ids(&b.ws),
        vec![x.clone()],
        "B holds the one client it is assigned"
    );
    let incidents =
        b.ws.table_rows()
            .unwrap()
            .into_iter()
            .find(|(t, _)| t == "incidents")
            .unwrap()
            .1;
    assert!(
        incidents
            .iter()
            .all(|(_, doc)| doc["client_id"] == x.as_str()),
        "no other client's incident reached B"
    );

    let (raw, fingerprint) = raw_join(&server.url, &admin.ws.sync_invite().unwrap().code, 3);
    admin
        .ws
        .sync_approve(&raw.device, &fingerprint, &Clients::Some(vec![x.clone()]))
        .unwrap();
    let (sx, sy) = (
        admin.ws.sync_scope_id(x).unwrap(),
        admin.ws.sync_scope_id(y).unwrap(),
    );
    assert!(raw.remote.status().unwrap().scopes.contains_key(&sx));
    assert!(
        !raw.remote.status().unwrap().scopes.contains_key(&sy),
        "the status lists only assigned scopes"
    );
    assert_eq!(
        status_of(raw.remote.pull(&sy, 0, 10, |_| Ok(())).unwrap_err()),
        (403, "scope_forbidden".into())
    );
    assert_eq!(
        status_of(raw.remote.push(&[frame(&raw, &sy, 1, 1, 0)]).unwrap_err()),
        (403, "scope_forbidden".into())
    );
    let nobody = "ab".repeat(16);
    assert_eq!(
        status_of(
            raw.remote
                .push(&[frame(&raw, &nobody, 1, 1, 0)])
                .unwrap_err()
        ),
        (403, "scope_forbidden".into())
    );
    // An admin-only call from a member is refused too.
    assert_eq!(
        status_of(raw.remote.invite().unwrap_err()),
        (403, "admin_only".into())
    );
    assert_eq!(client_ids(&b.ws), vec![x.clone()]);
}

#[test]
fn a_device_assigned_one_client_reaches_that_client_only_sqlite() {
    one_client_only(Engine::Sqlite);
}

#[test]
fn a_device_assigned_one_client_reaches_that_client_only_postgres() {
    one_client_only(Engine::Postgres);
}

fn sequences(engine: Engine) {
    let server = Server::start(engine);
    let invite = server.team("Seq MSP", "1h");
    let (raw, _) = raw_join(&server.url, &invite, 4);
    // The raw device is the admin: it may grant itself a scope.
    let scope = "cd".repeat(16);
    raw.remote
        .grant(&api::Grants {
            grants: vec![api::Grant {
                device: raw.device.clone(),
                scope: scope.clone(),
                epoch: 1,
                wrapped: "AA==".into(),
            }],
        })
        .unwrap();
    let first = frame(&raw, &scope, 1, 2, 0);
    let pushed = raw.remote.push(std::slice::from_ref(&first)).unwrap();
    assert_eq!(
        (pushed.stored, pushed.known, pushed.numbers[0].prev),
        (1, 0, 0)
    );
    let replay = raw.remote.push(&[first]).unwrap();
    assert_eq!(
        (replay.stored, replay.known),
        (0, 1),
        "a replay is acknowledged"
    );
    match raw
        .remote
        .push(&[frame(&raw, &scope, 4, 5, 3)])
        .unwrap_err()
    {
        SyncError::Server {
            status: 409,
            code,
            server_last_seq,
            ..
        } => {
            assert_eq!(code, "overlap");
            assert_eq!(
                server_last_seq,
                Some(2),
                "the refusal names what the server holds"
            );
        }
        other => panic!("a gap was not refused: {other:?}"),
    }
    let next = raw.remote.push(&[frame(&raw, &scope, 3, 5, 2)]).unwrap();
    assert_eq!(next.stored, 1);
    assert_eq!(
        next.numbers[0].prev, pushed.numbers[0].n,
        "each batch names the one before it in its scope"
    );
    let mut numbers = Vec::new();
    raw.remote
        .pull(&scope, 0, 10, |(n, f)| {
            numbers.push((n, f.header.first_seq));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        numbers.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        vec![1, 3]
    );
    let after = numbers[0].0;
    let mut rest = 0;
    raw.remote
        .pull(&scope, after, 10, |_| {
            rest += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(rest, 1, "a pull resumes after the number it is given");
    let status = raw.remote.status().unwrap();
    assert_eq!(status.scopes[&scope].devices[&raw.device], 5);
}

#[test]
fn replays_are_acknowledged_and_gaps_refused_sqlite() {
    sequences(Engine::Sqlite);
}

#[test]
fn replays_are_acknowledged_and_gaps_refused_postgres() {
    sequences(Engine::Postgres);
}

fn bad_input(engine: Engine) {
    let server = Server::start(engine);
    let admin = team(&server);

    let c = Laptop::empty();
    let e =
        c.ws.sync_join(&server.url, "aaaa-bbbb-cccc", "C")
            .unwrap_err();
    assert_eq!(e.code, ErrorCode::SyncRefused);
    assert!(
        e.message.contains("not one the server issued"),
        "{}",
        e.message
    );
    assert!(
        !c.ws.sync_status().unwrap().joined,
        "a refused join leaves the workspace out of any team"
    );

    let short = server.team("Short-lived MSP", "1s");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let e = c.ws.sync_join(&server.url, &short, "C").unwrap_err();
    assert!(e.message.contains("expired"), "{}", e.message);

    let e =
        c.ws.sync_join("ftp://example.invalid", "x", "C")
            .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.starts_with("server:"), "{}", e.message);

    // A batch altered on the server is refused on the laptop; nothing of it is applied.
    let b = member(&server.url, &admin, Clients::All);
    b.ws.sync().unwrap();
    let before = b.ws.table_rows().unwrap();
    let client = client_ids(&admin.ws)[0].clone();
    let mut input = admin.ws.client(&client).unwrap().to_input();
    input.contract_terms = "Notify the client's DPO within 24 hours".into();
    admin.ws.update_client(&client, input).unwrap();
    admin.ws.sync().unwrap();
    server.tamper_newest_batch();
    for _ in 0..2 {
        let e = b.ws.sync().unwrap_err();
        assert_eq!(e.code, ErrorCode::SyncRefused);
        assert!(e.message.contains("altered"), "{}", e.message);
        assert_eq!(
            b.ws.table_rows().unwrap(),
            before,
            "nothing of a tampered batch is applied"
        );
    }
    assert!(
        b.ws.sync_status()
            .unwrap()
            .last_error
            .unwrap()
            .contains("altered")
    );
    let doctor = b.ws.doctor().unwrap();
    assert!(doctor.tables_match_op_log && doctor.search_matches_op_log);

    // A token the server never issued (or issued to a device that left) is refused by name.
    let stranger = Remote::new(&server.url, Some("not-a-token-this-server-issued")).unwrap();
    match stranger.status().unwrap_err() {
        SyncError::Server {
            status: 401,
            code,
            message,
            ..
        } => {
            assert_eq!(code, "token_unknown");
            assert!(message.contains("join again"), "{message}");
        }
        other => panic!("an unknown token was not refused: {other:?}"),
    }

    // A request of another protocol version is refused with a clear error.
    let resp = ureq::get(&format!("{}/v1/status", server.url))
        .header("cordon-protocol", "2")
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: api::ApiError = resp.into_body().read_json().unwrap();
    assert_eq!(body.code, "protocol");
    assert!(
        body.message.contains("speaks sync protocol 1"),
        "{}",
        body.message
    );
}

#[test]
fn bad_input_is_refused_and_nothing_is_applied_sqlite() {
    bad_input(Engine::Sqlite);
}

#[test]
fn bad_input_is_refused_and_nothing_is_applied_postgres() {
    bad_input(Engine::Postgres);
}

/// A server of another protocol version, injected as a fault: a socket that answers
/// `/version` as a future server would.
#[test]
fn a_server_of_another_protocol_version_is_refused_before_joining() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().take(1) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = r#"{"server":"9.0.0","protocols":[2]}"#;
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let c = Laptop::empty();
    let e = c.ws.sync_join(&url, "aaaa-bbbb", "C").unwrap_err();
    assert_eq!(e.code, ErrorCode::SyncRefused);
    assert!(
        e.message.contains("speaks protocol [2]") && e.message.contains("update"),
        "{}",
        e.message
    );
    assert!(!c.ws.sync_status().unwrap().joined);
}

/// Two server processes on one PostgreSQL database: a laptop on each, one team. A change pushed
/// through one wakes a long-poll waiting on the other.
#[test]
fn two_servers_on_one_postgres_serve_one_team() {
    let first = Server::start(Engine::Postgres);
    let second = first.another();
    let admin = team(&first);
    let b = member(&second.url, &admin, Clients::All);
    b.ws.sync().unwrap();
    assert_eq!(
        b.ws.table_rows().unwrap(),
        admin.ws.table_rows().unwrap(),
        "B, on the second server, holds what A pushed to the first"
    );

    let newest = b.ws.sync_wait(0, std::time::Duration::ZERO).unwrap();
    std::thread::scope(|s| {
        let waiting = s.spawn(|| {
            b.ws.sync_wait(newest, std::time::Duration::from_secs(20))
                .unwrap()
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        let client = client_ids(&admin.ws)[0].clone();
        let mut input = admin.ws.client(&client).unwrap().to_input();
        input.contract_terms = "Call the client's CISO first".into();
        admin.ws.update_client(&client, input).unwrap();
        admin.ws.sync().unwrap();
        assert!(
            waiting.join().unwrap() > newest,
            "the long-poll on the second server woke for a push to the first"
        );
    });
    b.ws.sync().unwrap();
    assert_eq!(b.ws.table_rows().unwrap(), admin.ws.table_rows().unwrap());
}

fn recovery(engine: Engine) {
    let server = Server::start(engine);
    let admin = Laptop::demo();
    let joined = admin
        .ws
        .sync_join(&server.url, &server.team("Lost Laptop MSP", "1h"), "Admin")
        .unwrap();
    let phrase = joined
        .recovery_phrase
        .clone()
        .expect("the team's first device gets the phrase");
    assert_eq!(phrase.split(' ').count(), 24);
    admin.ws.sync().unwrap();
    let rows = admin.ws.table_rows().unwrap();
    assert!(
        admin
            .ws
            .sync_devices()
            .unwrap()
            .iter()
            .all(|d| d.device != "recovery"),
        "the phrase is not listed as a device"
    );
    drop(admin); // the laptop is lost

    let invite = || {
        let out = server.admin(&["invite", "--team", "Lost Laptop MSP", "--admin", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["invite"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let new = Laptop::empty();
    let other = cordon_sync::keys::RecoveryPhrase::from_entropy([1; 32]);
    let e = new
        .ws
        .sync_recover(&server.url, &invite(), "New", other.words())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.message.contains("not this team's recovery phrase"),
        "{}",
        e.message
    );
    assert!(
        !new.ws.sync_status().unwrap().joined,
        "a failed recovery leaves no account behind"
    );

    new.ws
        .sync_recover(&server.url, &invite(), "New", &phrase)
        .unwrap();
    new.ws.sync().unwrap();
    assert_eq!(
        new.ws.table_rows().unwrap(),
        rows,
        "every record is back on the new laptop"
    );
    assert!(
        new.ws.sync_invite().is_ok(),
        "the new laptop is the team's admin"
    );
}

#[test]
fn the_recovery_phrase_brings_a_lost_admin_laptops_records_back_sqlite() {
    recovery(Engine::Sqlite);
}

#[test]
fn the_recovery_phrase_brings_a_lost_admin_laptops_records_back_postgres() {
    recovery(Engine::Postgres);
}

fn files(engine: Engine) {
    let server = Server::start(engine);
    let admin = team(&server);
    let incident = admin.ws.list_incidents("", true, 0, 1).unwrap().items[0]
        .id
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.dmp");
    // Two and a half chunks, with a marker the server must never hold in the clear.
    let mut bytes: Vec<u8> = (0..2_600_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    bytes[1_500_000..1_500_022].copy_from_slice(b"CORDON-EVIDENCE-MARKER");
    std::fs::write(&path, &bytes).unwrap();
    let view = admin
        .ws
        .add_evidence(
            &incident,
            cordon_app::EvidenceInput {
                title: "Memory image of FS-01".into(),
                source: "FS-01".into(),
                collected_by: "Admin".into(),
                collected_at: chrono::Utc::now(),
                notes: String::new(),
            },
            path.to_str().unwrap(),
            true,
        )
        .unwrap();
    let evidence = view
        .evidence
        .iter()
        .find(|e| e.evidence.title == "Memory image of FS-01")
        .unwrap()
        .evidence
        .id
        .to_string();
    assert!(admin.ws.sync().unwrap().files_sent >= 1);

    let b = member(&server.url, &admin, Clients::All);
    let report = b.ws.sync().unwrap();
    assert!(report.files_received >= 1, "{report:?}");
    assert_eq!(report.files_waiting, 0);
    let out = dir.path().join("exported.dmp");
    b.ws.export_evidence(&evidence, out.to_str().unwrap())
        .unwrap();
    assert_eq!(
        std::fs::read(&out).unwrap(),
        bytes,
        "B holds the file byte for byte"
    );
    assert_eq!(
        admin.ws.sync().unwrap().files_sent,
        0,
        "a file the server holds whole is not sent again"
    );

    let leaked = match &server.pg {
        Some(pg) => {
            let mut c = postgres::Client::connect(&pg.url(), postgres::NoTls).unwrap();
            let n: i64 = c
                .query_one("SELECT count(*) FROM blob_chunks WHERE position('CORDON-EVIDENCE-MARKER'::bytea in data) > 0", &[])
                .unwrap()
                .get(0);
            n > 0
        }
        None => std::fs::read_dir(server.data_dir()).unwrap().any(|e| {
            let data = std::fs::read(e.unwrap().path()).unwrap();
            data.windows(22).any(|w| w == b"CORDON-EVIDENCE-MARKER")
        }),
    };
    assert!(
        !leaked,
        "the server's storage holds the evidence in the clear"
    );
}

#[test]
fn evidence_files_travel_sealed_in_chunks_sqlite() {
    files(Engine::Sqlite);
}

#[test]
fn evidence_files_travel_sealed_in_chunks_postgres() {
    files(Engine::Postgres);
}

/// A device approved for all clients receives a client the admin makes after approving it;
/// one approved for a single client does not.
#[test]
fn all_clients_includes_clients_made_later() {
    let server = Server::start(Engine::Sqlite);
    let admin = team(&server);
    let all = member(&server.url, &admin, Clients::All);
    let first = client_ids(&admin.ws)[0].clone();
    let one = member(&server.url, &admin, Clients::Some(vec![first.clone()]));
    all.ws.sync().unwrap();
    one.ws.sync().unwrap();
    let mut input = admin.ws.client(&first).unwrap().to_input();
    input.name = "Neukunde Logistik GmbH".into();
    let new = admin.ws.create_client(input).unwrap().id.to_string();
    admin.ws.sync().unwrap();
    all.ws.sync().unwrap();
    one.ws.sync().unwrap();
    assert!(
        client_ids(&all.ws).contains(&new),
        "the all-clients device got the new client"
    );
    assert_eq!(
        client_ids(&one.ws),
        vec![first],
        "the one-client device did not"
    );
}
