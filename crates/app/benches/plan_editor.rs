//! The plan editor's two commands on a large plan (20 playbooks × 40 steps): opening it
//! (`plan`) and one autosave (`update_plan`), through the facade on an encrypted workspace,
//! exactly what the UI invokes. Baseline: a JSON round trip of the same plan, the cost that
//! any IPC of the plan pays (serialise in Rust, parse in the webview). Prints; asserts nothing.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cordon_app::{ClientInput, SystemClock, Workspace};
use cordon_core::plan::{Phase, Plan, Playbook, PlaybookStep};

const RUNS: usize = 40;

fn percentile(mut xs: Vec<Duration>, p: f64) -> Duration {
    xs.sort();
    xs[((xs.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    ws.create(Some("benchmark passphrase".into()))
        .expect("workspace");
    let client = ws
        .create_client(ClientInput {
            name: "Benchmark Client".into(),
            ..Default::default()
        })
        .expect("client");
    let plan = ws
        .create_plan_from_template(&client.id.to_string(), "baseline")
        .expect("plan");
    let owner = plan
        .roles
        .first()
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let phases = [
        Phase::DetectAnalyse,
        Phase::Contain,
        Phase::Eradicate,
        Phase::Recover,
        Phase::PostIncident,
    ];
    let mut input = plan.to_input();
    input.playbooks = (0..20)
        .map(|p| Playbook {
            incident_type: format!("custom_{p}"),
            name: format!("Playbook {p}"),
            summary: "A long playbook for measuring the editor.".into(),
            steps: (0..40)
                .map(|s| PlaybookStep {
                    phase: phases[s % phases.len()],
                    action: format!("Step {s}: isolate the affected hosts, preserve volatile memory, and record who did what and when"),
                    owner: owner.clone(),
                    evidence: "Screenshots, exported logs with their SHA-256, the ticket number".into(),
                })
                .collect(),
        })
        .collect();
    let plan = ws
        .update_plan(&plan.id.to_string(), input.clone())
        .expect("large plan");
    let id = plan.id.to_string();
    let steps: usize = plan.playbooks.iter().map(|p| p.steps.len()).sum();
    let json_bytes = serde_json::to_vec(&plan).expect("json").len();

    let mut baseline = Vec::new();
    let mut open = Vec::new();
    let mut save = Vec::new();
    for i in 0..RUNS {
        let t = Instant::now();
        let text = serde_json::to_string(&plan).expect("json");
        let back: Plan = serde_json::from_str(&text).expect("parse");
        baseline.push(t.elapsed());
        std::hint::black_box(back);

        let t = Instant::now();
        let opened = ws.plan(&id).expect("open");
        open.push(t.elapsed());
        std::hint::black_box(opened);

        input.playbooks[i % 20].steps[i % 40].action = format!("Edited step, run {i}");
        let t = Instant::now();
        ws.update_plan(&id, input.clone()).expect("autosave");
        save.push(t.elapsed());
    }

    println!(
        "plan editor benchmark: 20 playbooks × 40 steps ({steps} steps, {} KiB of JSON), {RUNS} runs",
        json_bytes / 1024
    );
    let b50 = percentile(baseline.clone(), 0.5);
    for (name, xs) in [
        ("baseline: JSON round trip", &baseline),
        ("open plan (get_plan)", &open),
        ("autosave (update_plan)", &save),
    ] {
        let p50 = percentile(xs.clone(), 0.5);
        println!(
            "{name:<28} p50 {:>7.2} ms   p95 {:>7.2} ms   ratio to baseline p50 {:>5.1}x",
            ms(p50),
            ms(percentile(xs.clone(), 0.95)),
            p50.as_secs_f64() / b50.as_secs_f64()
        );
    }
}
