//! The store's write path and reads on 100k records: SQLCipher against plain SQLite, same
//! engine, same schema, same statements, in the same run. Prints; asserts nothing.
//!
//! Baseline: the identical workload on an unkeyed database (plain SQLite). Then the same with
//! SQLCipher's raw key, and finally through `Store::create_client` itself (validation, JSON,
//! op log, HLC, FTS), so the cost of Cordon's own layer is visible too.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use cordon_core::{ClientInput, Clock};
use cordon_store::{KeyChoice, Passphrase, Store};
use rusqlite::{Connection, params};

const N: usize = 100_000;

struct Wall;
impl Clock for Wall {
    fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }
}

fn open(path: &std::path::Path, keyed: bool) -> Connection {
    let conn = Connection::open(path).unwrap();
    if keyed {
        conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'\";").unwrap();
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    for sql in cordon_store::migrations_sql() {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO clock (id, wall_ms, counter) VALUES (1, 0, 0)",
        [],
    )
    .unwrap();
    conn
}

/// The statements `Store::write` + the client projection issue for one new client.
fn write_path(conn: &mut Connection) -> Duration {
    let start = Instant::now();
    for i in 0..N {
        let tx = conn.transaction().unwrap();
        let id = format!("00000000-0000-7000-8000-{i:012}");
        let doc = format!(
            r#"{{"id":"{id}","name":"Client {i}","sectors":["retail"],"jurisdictions":["EU"],"contacts":[],"contract_notice_hours":null,"contract_terms":"","insurer":null,"branding":{{"accent_colour":null,"logo":null}},"archived_at":null,"created_at":"2026-11-26T09:00:00Z","updated_at":"2026-11-26T09:00:00Z"}}"#
        );
        tx.execute(
            "INSERT INTO op_log (device_id, seq, op_id, hlc, entity, entity_id, kind, fields) VALUES ('d', ?1, ?2, ?3, 'client', ?4, 'upsert', ?5)",
            params![i as i64 + 1, format!("op-{i}"), format!("{:012x}-00000000-d", i), id, doc],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO clients (n, id, name, archived_at, updated_at, doc) VALUES (?1, ?2, ?3, NULL, '2026-11-26T09:00:00Z', ?4)",
            params![i as i64 + 1, id, format!("Client {i}"), doc],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO clients_search (rowid, name, detail) VALUES (?1, ?2, 'Retail EU')",
            params![i as i64 + 1, format!("Client {i}")],
        )
        .unwrap();
        tx.execute(
            "UPDATE clock SET wall_ms = ?1, counter = 0 WHERE id = 1",
            [i as i64],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    start.elapsed()
}

/// A full list in name order, a prefix search, and 10k point reads.
fn reads(conn: &Connection) -> Duration {
    let start = Instant::now();
    let mut stmt = conn
        .prepare("SELECT doc FROM clients WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE")
        .unwrap();
    let n = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .count();
    assert_eq!(n, N);
    let hits: i64 = conn
        .query_row("SELECT count(*) FROM clients_search WHERE clients_search MATCH '\"Client\"* \"9999\"*'", [], |r| r.get(0))
        .unwrap();
    assert!(hits >= 1);
    let mut point = conn
        .prepare("SELECT doc FROM clients WHERE id = ?1")
        .unwrap();
    for i in (0..N).step_by(10) {
        let _: String = point
            .query_row([format!("00000000-0000-7000-8000-{i:012}")], |r| r.get(0))
            .unwrap();
    }
    start.elapsed()
}

fn set_synchronous(store: &Store, mode: &str) {
    store
        .read(|c| Ok(c.execute_batch(&format!("PRAGMA synchronous = {mode};"))?))
        .unwrap();
}

fn create_clients(store: &Store, range: std::ops::Range<usize>) -> Duration {
    let start = Instant::now();
    for i in range {
        store
            .create_client(ClientInput {
                name: format!("Client {i}"),
                jurisdictions: vec!["EU".into()],
                ..Default::default()
            })
            .unwrap();
    }
    start.elapsed()
}

/// Writes through Cordon's path with `synchronous = NORMAL` (baseline) and `FULL` (what a
/// workspace uses: each commit waits for its fsync), alternating rounds on the same store
/// so that both see the same file size and the same machine load.
fn durability(dir: &std::path::Path) {
    const PER_ROUND: usize = 250;
    const ROUNDS: usize = 8;
    let store = Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new("benchmark passphrase")),
        Arc::new(Wall),
    )
    .unwrap();
    let (mut normal, mut full) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let base = round * 2 * PER_ROUND;
        set_synchronous(&store, "NORMAL");
        normal += create_clients(&store, base..base + PER_ROUND);
        set_synchronous(&store, "FULL");
        full += create_clients(&store, base + PER_ROUND..base + 2 * PER_ROUND);
    }
    let n = (PER_ROUND * ROUNDS) as f64;
    println!("\ndurability: {n} Store::create_client writes each way, WAL, one transaction each");
    println!(
        "baseline  synchronous=NORMAL     {:>8.0} ms ({:>7.0}/s, {:.2} ms per write)",
        normal.as_secs_f64() * 1e3,
        n / normal.as_secs_f64(),
        normal.as_secs_f64() * 1e3 / n
    );
    println!(
        "workspace synchronous=FULL       {:>8.0} ms ({:>7.0}/s, {:.2} ms per write)",
        full.as_secs_f64() * 1e3,
        n / full.as_secs_f64(),
        full.as_secs_f64() * 1e3 / n
    );
    println!(
        "ratio FULL / NORMAL:             writes {:.2}x",
        full.as_secs_f64() / normal.as_secs_f64()
    );
}

fn per_sec(d: Duration) -> f64 {
    N as f64 / d.as_secs_f64()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // `cargo bench -p cordon-store --bench store -- durability` runs the last part alone.
    if std::env::args().any(|a| a == "durability") {
        durability(&dir.path().join("durability"));
        return;
    }
    println!("store benchmark: {N} clients, one transaction each (WAL, synchronous=NORMAL)\n");

    let mut plain = open(&dir.path().join("plain.db"), false);
    let plain_w = write_path(&mut plain);
    let plain_r = reads(&plain);
    println!(
        "baseline  plain SQLite           writes {:>8.0} ms ({:>7.0}/s)   reads {:>7.0} ms",
        plain_w.as_secs_f64() * 1e3,
        per_sec(plain_w),
        plain_r.as_secs_f64() * 1e3
    );

    let mut keyed = open(&dir.path().join("keyed.db"), true);
    let keyed_w = write_path(&mut keyed);
    let keyed_r = reads(&keyed);
    println!(
        "SQLCipher raw key                writes {:>8.0} ms ({:>7.0}/s)   reads {:>7.0} ms",
        keyed_w.as_secs_f64() * 1e3,
        per_sec(keyed_w),
        keyed_r.as_secs_f64() * 1e3
    );

    let store_dir = dir.path().join("store");
    let store = Store::create(
        &store_dir,
        KeyChoice::Passphrase(Passphrase::new("benchmark passphrase")),
        Arc::new(Wall),
    )
    .unwrap();
    // Same syncing as the two baselines above, so the ratio is the cost of Cordon's layer;
    // what FULL (the workspace's setting) adds is measured on its own below.
    set_synchronous(&store, "NORMAL");
    let store_w = create_clients(&store, 0..N);
    let start = Instant::now();
    let listed = store.list_clients("", false).unwrap().len();
    let found = store.list_clients("client 9999", false).unwrap().len();
    let store_r = start.elapsed();
    assert_eq!(listed, N);
    assert!(found >= 1);
    println!(
        "Cordon Store::create_client      writes {:>8.0} ms ({:>7.0}/s)   list+search {:>4.0} ms",
        store_w.as_secs_f64() * 1e3,
        per_sec(store_w),
        store_r.as_secs_f64() * 1e3
    );

    println!();
    println!(
        "ratio SQLCipher / plain SQLite:  writes {:.2}x (target <= 1.3x)   reads {:.2}x",
        keyed_w.as_secs_f64() / plain_w.as_secs_f64(),
        keyed_r.as_secs_f64() / plain_r.as_secs_f64()
    );
    println!(
        "ratio Cordon store / plain SQLite writes {:.2}x (adds validation, JSON diff, HLC, duplicate-name check)",
        store_w.as_secs_f64() / plain_w.as_secs_f64()
    );
    durability(&dir.path().join("durability"));
}
