//! Ingest against the local write path (issue 12): a generated workspace of about 100,000 ops
//! is written through the facade (the local path: every op decided, recorded and indexed), then
//! its ops file is taken into an empty workspace (`import_ops`: checked, kept, folded and
//! indexed, one transaction). Prints both rates and their ratio; the target is 100k ops in
//! 3 s or less, search index included. Both workspaces are real SQLCipher ones, on disk.
//!
//! Run: `cargo bench -p cordon-app --bench ingest`.

use std::sync::Arc;
use std::time::Instant;

use cordon_app::{SystemClock, Workspace};
use cordon_demo::ScaleSpec;

const PASSPHRASE: &str = "benchmark workspace passphrase";

fn main() {
    let spec = ScaleSpec {
        clients: 40,
        assets_per_client: 50,
        incidents_per_client: 100,
        entries_per_incident: 24,
    };
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Workspace::new(a_dir.path(), Arc::new(SystemClock));
    a.create(Some(PASSPHRASE.into())).expect("create");
    let started = Instant::now();
    cordon_demo::seed_scale(&a, spec, |_, _| {}).expect("generate");
    let write_s = started.elapsed().as_secs_f64();
    let export = a.export_ops(None).expect("export");
    let ops = export.count as f64;

    let b = Workspace::new(b_dir.path(), Arc::new(SystemClock));
    b.create(Some(PASSPHRASE.into())).expect("create");
    let started = Instant::now();
    let done = b.import_ops(&export.text).expect("import");
    let ingest_s = started.elapsed().as_secs_f64();
    assert_eq!(done.new, export.count);
    let megabytes = |dir: &std::path::Path| {
        let bytes: u64 = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        bytes as f64 / 1_048_576.0
    };
    println!(
        "workspace after ingest: {:.0} MB on disk (database and WAL); the ops file {:.0} MB",
        megabytes(b_dir.path()),
        export.text.len() as f64 / 1_048_576.0
    );
    let d = b.doctor().expect("doctor");
    assert!(d.tables_match_op_log && d.search_matches_op_log);
    assert_eq!(
        b.search("beacon").map(|h| h.len()).ok(),
        a.search("beacon").map(|h| h.len()).ok()
    );

    println!(
        "load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    println!(
        "local write path (baseline)  {:>9.0} ops in {write_s:>6.2} s = {:>8.0} ops/s",
        ops,
        ops / write_s
    );
    println!(
        "ingest of its ops file       {:>9.0} ops in {ingest_s:>6.2} s = {:>8.0} ops/s | {:.1}x the local path; target 100k ops in <= 3 s: {}",
        ops,
        ops / ingest_s,
        write_s / ingest_s,
        if ingest_s * 100_000.0 / ops <= 3.0 {
            "met"
        } else {
            "NOT met"
        }
    );
}
