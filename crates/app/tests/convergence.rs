//! Issue 12, "done when": replicas that exchange their ops in any order, any batches, any
//! number of times, with clocks an hour apart and a replica killed in the middle of an import,
//! hold the same records: equal rows in every table, equal search results, every timeline
//! verifies, and `doctor` passes on each. Everything goes through `Workspace`, as the app and
//! the CLI do, on real encrypted workspaces.
//!
//! `PROPTEST_CASES=1000 cargo test -p cordon-app --test convergence` for the long run.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use cordon_app::{
    EntryDraft, EntryKind, ErrorCode, IncidentInput, IncidentPhase, ManualClock, Workspace,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

struct Replica {
    _dir: tempfile::TempDir,
    ws: Workspace,
    clock: Arc<ManualClock>,
}

/// Replica 0 holds the demo; the others start empty and take its file, each with its own
/// clock `skew` seconds off.
fn replicas(skews: &[i64]) -> Vec<Replica> {
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    let out: Vec<Replica> = skews
        .iter()
        .map(|skew| {
            let dir = tempfile::tempdir().unwrap();
            let clock = Arc::new(ManualClock::at(start + Duration::seconds(*skew)));
            let ws = Workspace::new(dir.path(), clock.clone());
            ws.create(Some("a long enough passphrase".into())).unwrap();
            Replica {
                _dir: dir,
                ws,
                clock,
            }
        })
        .collect();
    cordon_demo::seed(&out[0].ws).unwrap();
    let demo = out[0].ws.export_ops(None).unwrap();
    for r in &out[1..] {
        r.ws.import_ops(&demo.text).unwrap();
    }
    out
}

#[derive(Debug, Clone)]
enum Step {
    Entry {
        at: usize,
        incident: usize,
        text: usize,
    },
    Move {
        at: usize,
        incident: usize,
    },
    Task {
        at: usize,
        incident: usize,
        task: u32,
    },
    Title {
        at: usize,
        incident: usize,
        text: usize,
    },
    Open {
        at: usize,
        client: usize,
    },
    /// `from`'s ops that `to` lacks (or all of them), shuffled into `batches` files; the
    /// import of one of them killed after `kill` ops and then retried.
    Exchange {
        from: usize,
        to: usize,
        all: bool,
        batches: usize,
        kill: Option<usize>,
        seed: u64,
    },
}

const WORDS: [&str; 6] = [
    "beacon",
    "exfiltration",
    "lateral",
    "vpn",
    "payroll",
    "backup",
];

fn step() -> impl Strategy<Value = Step> {
    let r = 0usize..5;
    prop_oneof![
        (r.clone(), any::<usize>(), 0usize..WORDS.len())
            .prop_map(|(at, incident, text)| Step::Entry { at, incident, text }),
        (r.clone(), any::<usize>()).prop_map(|(at, incident)| Step::Move { at, incident }),
        (r.clone(), any::<usize>(), 1u32..6).prop_map(|(at, incident, task)| Step::Task {
            at,
            incident,
            task
        }),
        (r.clone(), any::<usize>(), 0usize..WORDS.len())
            .prop_map(|(at, incident, text)| Step::Title { at, incident, text }),
        (r.clone(), any::<usize>()).prop_map(|(at, client)| Step::Open { at, client }),
        (
            r.clone(),
            r,
            any::<bool>(),
            1usize..4,
            proptest::option::of(0usize..30),
            any::<u64>()
        )
            .prop_map(|(from, to, all, batches, kill, seed)| Step::Exchange {
                from,
                to,
                all,
                batches,
                kill,
                seed
            }),
    ]
}

/// A refusal of the step itself (a phase that cannot follow, a task that is not there) leaves
/// nothing changed and is fine; anything else is a failure of the store.
fn tolerate<T>(r: Result<T, cordon_app::AppError>) -> Result<(), TestCaseError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.code, ErrorCode::InvalidInput | ErrorCode::NotFound) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("{e:?}"))),
    }
}

fn open_incidents(ws: &Workspace) -> Vec<String> {
    let mut ids: Vec<String> = ws
        .list_incidents("", true, 0, 500)
        .unwrap()
        .items
        .iter()
        .map(|i| i.id.to_string())
        .collect();
    ids.sort();
    ids
}

/// A small deterministic shuffle (xorshift), so a failing case replays exactly.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

fn exchange(
    from: &Replica,
    to: &Replica,
    all: bool,
    batches: usize,
    kill: Option<usize>,
    seed: u64,
) -> Result<(), TestCaseError> {
    let since = if all {
        None
    } else {
        Some(to.ws.ops_cursor().unwrap())
    };
    let export = from.ws.export_ops(since.as_deref()).unwrap();
    let mut ops = cordon_store::ops_file::read(&export.text).unwrap();
    shuffle(&mut ops, seed | 1);
    let size = ops.len().div_ceil(batches).max(1);
    let files: Vec<String> = ops
        .chunks(size)
        .map(|chunk| {
            let mut out = Vec::new();
            cordon_store::ops_file::write(&mut out, "test", "2026-11-20T08:00:00.000Z", chunk)
                .unwrap();
            String::from_utf8(out).unwrap()
        })
        .collect();
    for (i, file) in files.iter().enumerate() {
        if i == 0
            && let Some(after) = kill
        {
            let before = to.ws.table_rows().unwrap();
            // Killed mid-import: nothing of the batch is kept, and the retry takes it whole.
            if to.ws.import_ops_until(file, Some(after)).is_err() {
                prop_assert_eq!(
                    to.ws.table_rows().unwrap(),
                    before,
                    "a killed import left rows behind"
                );
            }
        }
        to.ws
            .import_ops(file)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        // The same file again: all known.
        let again = to.ws.import_ops(file).unwrap();
        prop_assert_eq!(again.new, 0);
    }
    Ok(())
}

fn run(replicas: &[Replica], step: &Step) -> Result<(), TestCaseError> {
    let n = replicas.len();
    for r in replicas {
        r.clock.advance(Duration::seconds(7));
    }
    match *step {
        Step::Entry { at, incident, text } => {
            let r = &replicas[at % n];
            let ids = open_incidents(&r.ws);
            if ids.is_empty() {
                return Ok(());
            }
            tolerate(r.ws.add_timeline_entry(
                &ids[incident % ids.len()],
                EntryDraft {
                    kind: EntryKind::Observation,
                    text: format!("Saw {} on replica {}", WORDS[text], at % n),
                    occurred_at: None,
                    client_visible: true,
                    technique: None,
                    corrects: None,
                },
            ))
        }
        Step::Move { at, incident } => {
            let r = &replicas[at % n];
            let ids = open_incidents(&r.ws);
            if ids.is_empty() {
                return Ok(());
            }
            let id = &ids[incident % ids.len()];
            let phase = r.ws.incident(id).unwrap().incident.phase;
            let next = IncidentPhase::ALL
                .iter()
                .skip_while(|p| **p != phase)
                .nth(1)
                .copied();
            match next {
                Some(next) if next != IncidentPhase::Closed => {
                    tolerate(r.ws.move_incident(id, next, None, String::new()))
                }
                _ => Ok(()),
            }
        }
        Step::Task { at, incident, task } => {
            let r = &replicas[at % n];
            let ids = open_incidents(&r.ws);
            if ids.is_empty() {
                return Ok(());
            }
            let id = &ids[incident % ids.len()];
            let done = !r
                .ws
                .incident(id)
                .unwrap()
                .incident
                .tasks
                .iter()
                .any(|t| t.index == task && t.done_at.is_some());
            tolerate(r.ws.set_task_done(id, task, done))
        }
        Step::Title { at, incident, text } => {
            let r = &replicas[at % n];
            let ids = open_incidents(&r.ws);
            if ids.is_empty() {
                return Ok(());
            }
            let id = &ids[incident % ids.len()];
            let i = r.ws.incident(id).unwrap().incident;
            tolerate(r.ws.update_incident_details(
                id,
                format!("{} ({})", WORDS[text], at % n),
                i.description,
                i.reported_by,
                i.internal_notes,
            ))
        }
        Step::Open { at, client } => {
            let r = &replicas[at % n];
            let clients = r.ws.list_clients("", false).unwrap();
            let c = &clients[client % clients.len()];
            tolerate(r.ws.open_incident(
                &c.id.to_string(),
                IncidentInput {
                    incident_type: "ransomware".into(),
                    title: format!("Opened on replica {}", at % n),
                    description: String::new(),
                    detected_at: r.ws.now(),
                    reported_by: "Service desk".into(),
                    affected_assets: Vec::new(),
                    scope: String::new(),
                },
            ))
        }
        Step::Exchange {
            from,
            to,
            all,
            batches,
            kill,
            seed,
        } => {
            let (from, to) = (from % n, to % n);
            if from == to {
                return Ok(());
            }
            exchange(&replicas[from], &replicas[to], all, batches, kill, seed)
        }
    }
}

/// What every replica must agree on once each has every op.
type State = (
    Vec<(String, Vec<(String, serde_json::Value)>)>,
    Vec<Vec<(String, String)>>,
    Vec<cordon_app::Conflict>,
);

fn state(ws: &Workspace) -> State {
    let mut found = Vec::new();
    for word in WORDS
        .iter()
        .chain(&["brightwater", "ransomware", "replica"])
    {
        let mut hits: Vec<(String, String)> = ws
            .search(word)
            .unwrap()
            .into_iter()
            .map(|h| (h.kind.key().to_owned(), h.id))
            .collect();
        hits.sort();
        found.push(hits);
    }
    (ws.table_rows().unwrap(), found, ws.conflicts().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, max_shrink_iters: 50, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge(skews in proptest::collection::vec(-3600i64..3600, 3..=5), steps in proptest::collection::vec(step(), 5..30)) {
        let replicas = replicas(&skews);
        for s in &steps {
            run(&replicas, s)?;
        }
        // Everyone tells everyone everything, until nothing is new.
        loop {
            let mut new = 0;
            for from in &replicas {
                for to in &replicas {
                    if !std::ptr::eq(from, to) {
                        new += to.ws.import_ops(&from.ws.export_ops(Some(&to.ws.ops_cursor().unwrap())).unwrap().text).unwrap().new;
                    }
                }
            }
            if new == 0 { break; }
        }
        let first = state(&replicas[0].ws);
        for (i, r) in replicas.iter().enumerate() {
            let d = r.ws.doctor().unwrap();
            prop_assert!(d.tables_match_op_log && d.search_matches_op_log, "doctor fails on replica {}", i);
            for id in open_incidents(&r.ws) {
                let chain = r.ws.verify_incident(&id).unwrap();
                prop_assert!(chain.intact, "replica {} incident {}: {:?}", i, id, chain);
            }
            let here = state(&r.ws);
            if here != first {
                for ((table, a), (_, b)) in first.0.iter().zip(&here.0) {
                    prop_assert_eq!(a, b, "table {} differs between replica 0 and {}", table, i);
                }
                prop_assert_eq!(&first.1, &here.1, "search differs between replica 0 and {}", i);
                prop_assert_eq!(&first.2, &here.2, "conflicts differ between replica 0 and {}", i);
            }
        }
    }
}

/// Two laptops retitle the same incident offline: after the exchange both hold the later
/// title and list the same conflict; keeping the other title settles it on both.
#[test]
fn a_conflict_is_listed_alike_and_settled_by_one_keep() {
    let replicas = replicas(&[0, 90]);
    let (a, b) = (&replicas[0], &replicas[1]);
    let id = open_incidents(&a.ws)[0].clone();
    for (r, title) in [(a, "Title from A"), (b, "Title from B")] {
        r.clock.advance(Duration::seconds(5));
        let i = r.ws.incident(&id).unwrap().incident;
        r.ws.update_incident_details(
            &id,
            title.into(),
            i.description,
            i.reported_by,
            i.internal_notes,
        )
        .unwrap();
    }
    let swap = |from: &Replica, to: &Replica| {
        to.ws
            .import_ops(
                &from
                    .ws
                    .export_ops(Some(&to.ws.ops_cursor().unwrap()))
                    .unwrap()
                    .text,
            )
            .unwrap();
    };
    swap(a, b);
    swap(b, a);
    // B's clock runs 90 s ahead, so its title is the later one.
    for r in [a, b] {
        assert_eq!(r.ws.incident(&id).unwrap().incident.title, "Title from B");
    }
    let listed = a.ws.conflicts().unwrap();
    assert_eq!(listed, b.ws.conflicts().unwrap());
    let title = listed
        .iter()
        .find(|c| c.path == "title")
        .expect("the title conflict");
    assert_eq!(title.other.value, "Title from A");
    a.ws.keep_conflict("incident", &id, "title", cordon_app::Side::Other)
        .unwrap();
    swap(a, b);
    for r in [a, b] {
        assert_eq!(r.ws.incident(&id).unwrap().incident.title, "Title from A");
        assert!(r.ws.conflicts().unwrap().iter().all(|c| c.path != "title"));
    }
}
