//! Sync through a real `cordon-server` process (SQLite storage, loopback), printed beside
//! atuin 18.2's figures on this kind of machine (`../shared/sync.md` §6) and the brief's
//! targets: the first upload and the first download of about 100k ops (tables and search
//! included), one op written on A and searchable on B through the long-poll, the bytes the
//! server stores per op, and 200 devices syncing at once for 60 s (p50/p99, errors).
//!
//! Run: `cargo bench -p cordon-server --bench sync` (`BENCH_SECONDS`, `BENCH_DEVICES` to change
//! the load test).

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Engine, Laptop, Server};
use cordon_app::{Clients, EntryDraft, EntryKind};
use cordon_demo::ScaleSpec;
use cordon_sync::api;
use cordon_sync::client::Remote;
use cordon_sync::keys::{DeviceSecret, SecretKey};
use cordon_sync::wire::{self, BatchHeader, PROTOCOL};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn dir_bytes(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let devices: usize = std::env::var("BENCH_DEVICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let server = Server::start(Engine::Sqlite);
    let a = Laptop::empty();
    cordon_demo::seed_scale(
        &a.ws,
        ScaleSpec {
            clients: 40,
            assets_per_client: 50,
            incidents_per_client: 100,
            entries_per_incident: 24,
        },
        |_, _| {},
    )
    .expect("generate");
    let export = a.ws.export_ops(None).unwrap();
    let ops = export.count as f64;
    let plaintext: usize = export
        .text
        .lines()
        .filter_map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .ok()?
                .get("op")
                .map(|op| op.to_string().len() + 1)
        })
        .sum();
    a.ws.sync_join(&server.url, &server.team("Bench MSP", "1h"), "A")
        .unwrap();

    // A laptop syncs a workspace it opened, not one it wrote a moment ago in the same process:
    // lock and unlock, as the app does between sessions.
    if std::env::var_os("BENCH_SAME_SESSION").is_none() {
        a.ws.lock();
        a.ws.unlock(Some("a long enough passphrase".into()))
            .unwrap();
    }
    println!(
        "load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let started = Instant::now();
    let up = a.ws.sync().unwrap();
    let up_s = started.elapsed().as_secs_f64();
    assert_eq!(up.pushed as f64, ops);
    let stored = dir_bytes(&server.data_dir());
    println!(
        "first upload      {ops:>7.0} ops in {up_s:>6.2} s = {:>7.0} ops/s | atuin 100k records 4.5 s | target <= 1.5 s per 100k: {}",
        ops / up_s,
        met(up_s * 100_000.0 / ops <= 1.5)
    );

    let b = Laptop::empty();
    let joined =
        b.ws.sync_join(&server.url, &a.ws.sync_invite().unwrap().code, "B")
            .unwrap();
    a.ws.sync_approve(&joined.device, &joined.fingerprint, &Clients::All)
        .unwrap();
    let started = Instant::now();
    let down = b.ws.sync().unwrap();
    let down_s = started.elapsed().as_secs_f64();
    assert_eq!(down.pulled as f64, ops);
    let d = b.ws.doctor().unwrap();
    assert!(d.tables_match_op_log && d.search_matches_op_log);
    println!(
        "first download    {ops:>7.0} ops in {down_s:>6.2} s = {:>7.0} ops/s | atuin 100k records 17.5 s | target <= 3 s per 100k (tables and search included): {}",
        ops / down_s,
        met(down_s * 100_000.0 / ops <= 3.0)
    );
    let per_op = stored as f64 / ops;
    let plain_per_op = plaintext as f64 / ops;
    println!(
        "server storage    {:.0} B per op (plaintext op {:.0} B) | atuin ~890 B per record | target <= 2x plaintext + 64 B = {:.0} B: {}",
        per_op,
        plain_per_op,
        2.0 * plain_per_op + 64.0,
        met(per_op <= 2.0 * plain_per_op + 64.0)
    );

    // One op: written on A, searchable on B, B waiting on the long-poll.
    let incident = a.ws.list_incidents("", true, 0, 1).unwrap().items[0]
        .id
        .to_string();
    let mut latencies = Vec::new();
    let mut newest = b.ws.sync_wait(0, Duration::ZERO).unwrap();
    for i in 0..20 {
        let word = format!("benchmarker{i}x");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let bw = &b.ws;
            let word2 = word.clone();
            let waiting = s.spawn(move || {
                tx.send(()).unwrap();
                loop {
                    let n = bw.sync_wait(newest, Duration::from_secs(10)).unwrap();
                    if n > newest {
                        bw.sync().unwrap();
                        if !bw.search(&word2).unwrap().is_empty() {
                            return (Instant::now(), n);
                        }
                    }
                }
            });
            rx.recv().unwrap();
            std::thread::sleep(Duration::from_millis(50));
            let t0 = Instant::now();
            a.ws.add_timeline_entry(
                &incident,
                EntryDraft {
                    kind: EntryKind::Observation,
                    text: format!("Seen on A: {word}"),
                    occurred_at: None,
                    client_visible: false,
                    technique: None,
                    corrects: None,
                },
            )
            .unwrap();
            a.ws.sync().unwrap();
            let (found, n) = waiting.join().unwrap();
            newest = n;
            latencies.push((found - t0).as_secs_f64() * 1000.0);
        });
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "one op A -> B     p50 {:.0} ms, p99 {:.0} ms (write on A, sync, long-poll wakes B, B syncs and finds it) | atuin 200-290 ms | target <= 50 ms: {}",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        met(percentile(&latencies, 0.5) <= 50.0)
    );

    // Many devices at once: each its own scope, pushing a batch, reading the status, pulling.
    let mut raws = Vec::new();
    for i in 0..devices {
        let me = DeviceSecret::from_key(&SecretKey::from_bytes([(i % 250) as u8 + 1; 32]));
        let device = uuid::Uuid::now_v7().to_string();
        let joined = Remote::new(&server.url, None)
            .unwrap()
            .join(&api::JoinRequest {
                invite: a.ws.sync_invite().unwrap().code,
                device: device.clone(),
                name: format!("load {i}"),
                public_key: me.public().to_hex(),
                recovery: None,
            })
            .unwrap();
        a.ws.sync_approve(&device, &me.public().fingerprint(), &Clients::Some(vec![]))
            .unwrap();
        raws.push((
            Remote::new(&server.url, Some(&joined.token)).unwrap(),
            device,
            joined.team,
        ));
    }
    let scope = a.ws.sync_scope_id("workspace").unwrap();
    let samples = Arc::new(Mutex::new(Vec::<f64>::new()));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    std::thread::scope(|s| {
        for (remote, device, team) in &raws {
            let (samples, errors, scope) = (samples.clone(), errors.clone(), scope.clone());
            s.spawn(move || {
                let key = SecretKey::from_bytes([9; 32]);
                let (mut seq, mut after, mut mine) = (0i64, 0i64, Vec::new());
                while Instant::now() < deadline {
                    seq += 1;
                    let header = BatchHeader {
                        v: PROTOCOL,
                        team: team.clone(),
                        scope: scope.clone(),
                        device: device.clone(),
                        first_seq: seq,
                        last_seq: seq,
                        prev_last_seq: seq - 1,
                        epoch: 1,
                        count: 1,
                    };
                    let frame = wire::seal(&key, &header, b"{\"bench\":1}\n", [7; 24]).unwrap();
                    let t = Instant::now();
                    let r1 = remote.push(&[frame]).map(|_| ());
                    mine.push(t.elapsed().as_secs_f64() * 1000.0);
                    let t = Instant::now();
                    let r2 = remote
                        .status()
                        .map(|st| after = after.max(st.newest.saturating_sub(5)));
                    mine.push(t.elapsed().as_secs_f64() * 1000.0);
                    let t = Instant::now();
                    let r3 = remote.pull(&scope, after, 5, |_| Ok(())).map(|_| ());
                    mine.push(t.elapsed().as_secs_f64() * 1000.0);
                    for r in [r1, r2, r3] {
                        if let Err(e) = r {
                            errors.lock().unwrap().push(e.to_string());
                        }
                    }
                }
                samples.lock().unwrap().extend(mine);
            });
        }
    });
    let mut samples = samples.lock().unwrap().clone();
    samples.sort_by(f64::total_cmp);
    let errors = errors.lock().unwrap().clone();
    println!(
        "{devices} devices {seconds:>3} s  {} requests ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms, {} errors{} | target p99 <= 250 ms, 0 errors: {}",
        samples.len(),
        samples.len() as f64 / seconds as f64,
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        errors.len(),
        errors
            .first()
            .map(|e| format!(" (first: {e})"))
            .unwrap_or_default(),
        met(percentile(&samples, 0.99) <= 250.0 && errors.is_empty())
    );
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}
