//! The technician's three reads on a large workspace (200 clients, 20,000 assets, 50,000
//! incidents, 1,000,000 timeline entries): the incident list page, one incident with its
//! clocks and chain check, and a search. Prints p50/p95 for each through the facade, and the
//! ratio against a named baseline: the bare SQL reads of the same rows on the same encrypted
//! database (what no layer above the store can go below), and the 20 ms budget.
//!
//! The workspace is generated once (minutes) into `CORDON_BENCH_DIR` (default
//! /var/tmp/cordon-bench-large) and reused. Run: `cargo bench -p cordon-app --bench incidents`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cordon_app::{SystemClock, Workspace};
use cordon_demo::ScaleSpec;
use cordon_store::{Passphrase, Store};

const PASSPHRASE: &str = "benchmark workspace passphrase";
const RUNS: usize = 300;
const BUDGET_MS: f64 = 20.0;

fn percentile(samples: &mut [Duration], p: usize) -> f64 {
    samples.sort();
    let i = (samples.len() * p / 100).min(samples.len() - 1);
    samples[i].as_secs_f64() * 1000.0
}

fn measure(mut f: impl FnMut(usize)) -> (f64, f64) {
    for i in 0..10 {
        f(i); // warm the page cache and statement caches, as a running app would have
    }
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    (percentile(&mut samples, 50), percentile(&mut samples, 95))
}

fn report(what: &str, facade: (f64, f64), baseline: (f64, f64)) {
    println!(
        "{what:<34} p50 {:>7.2} ms  p95 {:>7.2} ms | bare SQL p95 {:>6.2} ms | ratio {:>5.1}x bare SQL, {:>4.2}x of the {BUDGET_MS} ms budget",
        facade.0,
        facade.1,
        baseline.1,
        facade.1 / baseline.1.max(0.001),
        facade.1 / BUDGET_MS
    );
}

fn main() {
    let dir = std::env::var_os("CORDON_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/tmp/cordon-bench-large"));
    let ready = dir.join("generated-large.ok");
    let ws = Workspace::new(&dir, Arc::new(SystemClock));
    if !ready.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench folder");
        ws.create(Some(PASSPHRASE.into()))
            .expect("create workspace");
        let started = Instant::now();
        let n = cordon_demo::seed_scale(&ws, ScaleSpec::LARGE, |done, total| {
            if done % 10 == 0 {
                eprintln!(
                    "generating: client {done} of {total} ({:.0} s)",
                    started.elapsed().as_secs_f64()
                );
            }
        })
        .expect("generate");
        std::fs::write(&ready, "ok").expect("marker");
        eprintln!(
            "generated {n} incidents in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    } else {
        ws.unlock(Some(PASSPHRASE.into()))
            .expect("unlock bench workspace");
    }
    let store = Store::open(
        &dir,
        Some(Passphrase::new(PASSPHRASE)),
        Arc::new(SystemClock),
    )
    .expect("open store for the baseline");
    let size = std::fs::metadata(dir.join("cordon.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    let counts: (u32, u32, u32) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM incidents),
                        (SELECT count(*) FROM timeline_entries)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .expect("counts");
    println!(
        "workspace: {} clients, {} incidents, {} timeline entries, {:.0} MiB encrypted",
        counts.0,
        counts.1,
        counts.2,
        size as f64 / 1_048_576.0
    );
    // Reads of a 2.5 GB encrypted file depend on what is already decrypted in SQLite's cache
    // and on what else the machine runs: print the load so figures can be compared fairly.
    println!(
        "load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    let pages = (counts.1 / 50).max(1);
    let list = measure(|i| {
        let page = if i % 2 == 0 {
            0
        } else {
            (i as u32 * 7919) % pages
        };
        let p = ws.list_incidents("", false, page, 50).expect("list");
        assert!(!p.items.is_empty());
    });
    let list_sql = measure(|i| {
        let page = if i % 2 == 0 {
            0
        } else {
            (i as u32 * 7919) % pages
        };
        store
            .read(|c| {
                let mut st = c.prepare_cached(
                    "SELECT id, client_id, title, phase, severity, detected_at FROM incidents
                     ORDER BY detected_at DESC LIMIT 50 OFFSET ?1",
                )?;
                let n = st
                    .query_map([page * 50], |r| r.get::<_, String>(0))?
                    .count();
                assert!(n > 0);
                Ok(())
            })
            .expect("bare list");
    });
    report("incident list page (50 rows)", list, list_sql);

    let ids: Vec<String> = store
        .read(|c| {
            let mut st = c.prepare("SELECT id FROM incidents ORDER BY random() LIMIT 400")?;
            let ids = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()?;
            Ok(ids)
        })
        .expect("ids");
    let open = measure(|i| {
        let v = ws.incident(&ids[i % ids.len()]).expect("incident");
        assert!(v.chain.intact);
    });
    let open_sql = measure(|i| {
        store
            .read(|c| {
                let id = &ids[i % ids.len()];
                let _: String = c
                    .prepare_cached("SELECT doc FROM incidents WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))?;
                let n = c
                    .prepare_cached(
                        "SELECT doc FROM timeline_entries WHERE incident_id = ?1 ORDER BY seq",
                    )?
                    .query_map([id], |r| r.get::<_, String>(0))?
                    .count();
                assert!(n > 0);
                Ok(())
            })
            .expect("bare open");
    });
    report("open one incident (21 entries)", open, open_sql);

    let queries = [
        "müller",
        "shadow copies",
        "payroll mailbox",
        "beaconing rare",
        "okafor",
        "vpn gateway",
    ];
    let search = measure(|i| {
        let hits = ws.search(queries[i % queries.len()]).expect("search");
        assert!(!hits.is_empty(), "{}", queries[i % queries.len()]);
    });
    let search_sql = measure(|i| {
        let q: String = queries[i % queries.len()]
            .split_whitespace()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ");
        store
            .read(|c| {
                let n = c
                    .prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1 LIMIT 25")?
                    .query_map([&q], |r| r.get::<_, i64>(0))?
                    .count()
                    + c.prepare_cached(
                        "SELECT rowid FROM search_entries WHERE search_entries MATCH ?1 LIMIT 25",
                    )?
                    .query_map([&q], |r| r.get::<_, i64>(0))?
                    .count();
                assert!(n > 0);
                Ok(())
            })
            .expect("bare search");
    });
    report("search (50 best hits)", search, search_sql);

    // The deadline ticker: the desktop calls it every minute over every open incident (here
    // all 50,000 are open). Baseline: the way it read before, the full records of each open
    // incident (timeline, evidence, custody, plan) one by one, clocks computed the same way.
    let ticker = measure_few(5, || {
        ws.deadline_alerts().expect("alerts");
    });
    let now = chrono::Utc::now();
    let warn = chrono::Duration::hours(12);
    let started = Instant::now();
    {
        let mut alerts = 0;
        for i in store.incidents_of(None).expect("incidents") {
            if !i.phase.is_open() {
                continue;
            }
            let r = store.incident_records(i.id).expect("records");
            let client = store.client(i.client_id).expect("client");
            alerts += cordon_core::notification::incident_clocks(
                &client,
                &r.incident,
                &r.affected,
                &r.notices,
                now,
                warn,
            )
            .len();
        }
        assert!(alerts > 0);
    }
    let per_incident = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "deadline ticker (all open incidents)  p50 {:>9.1} ms  max {:>9.1} ms | full records one by one {:>9.1} ms | ratio {:>5.1}x faster | list page p50 {:.2} ms",
        ticker.0,
        ticker.1,
        per_incident,
        per_incident / ticker.0.max(0.001),
        list.0
    );
}

/// For reads that take seconds: `runs` timed runs after one warm-up; (p50, max) in ms.
fn measure_few(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f();
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() - 1]),
    )
}
