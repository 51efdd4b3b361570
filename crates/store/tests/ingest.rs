//! Ops from another laptop (issue 12): a store that takes them in any order and batches ends
//! with the records their writer has; a batch with one bad op, a forked device history or a
//! clock a day ahead is refused whole; a kill mid-batch keeps nothing; two laptops' timeline
//! entries on one incident form a DAG that verifies on both.

mod common;

use std::sync::Arc;

use common::{ManualClock, NOV_2026, client};
use cordon_core::incident::{EntryDraft, EntryKind, IncidentInput, verify};
use cordon_core::plan::PlanStatus;
use cordon_store::{KeyChoice, Op, Passphrase, RECORD_TABLES, Store, StoreError};

fn store(dir: &std::path::Path, at: i64) -> (Store, Arc<ManualClock>) {
    let clock = ManualClock::at(at);
    let s = Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new("ingest store test passphrase")),
        clock.clone(),
    )
    .unwrap();
    (s, clock)
}

fn rows(s: &Store) -> Vec<Vec<(String, serde_json::Value)>> {
    RECORD_TABLES
        .iter()
        .map(|t| s.table_rows(t).unwrap())
        .collect()
}

/// A client renamed twice and given an approved plan: upserts that build on each other.
fn history(s: &Store, clock: &ManualClock) {
    let c = s.create_client(client("Brauerei Müller GmbH")).unwrap();
    let mut input = client("Brauerei Müller AG");
    let start = cordon_core::Clock::now(clock).timestamp_millis();
    for (n, name) in (1..).zip(["Brauerei Müller AG", "Müller Brau AG"]) {
        clock.set(start + n * 1_000);
        input.name = name.into();
        s.update_client(c.id, input.clone()).unwrap();
    }
    let plan = s.create_plan_from_template(c.id, "baseline").unwrap();
    s.approve_plan(plan.id, "Jana Nováková", "ok").unwrap();
}

/// A ransomware incident for the workspace's first client, detected now.
fn incident(s: &Store, clock: &ManualClock) -> cordon_core::incident::Incident {
    let c = s.list_clients("", true).unwrap()[0].id;
    let input = IncidentInput {
        incident_type: "ransomware".into(),
        title: "Encrypted shares".into(),
        description: String::new(),
        detected_at: cordon_core::Clock::now(clock),
        reported_by: "Front desk".into(),
        affected_assets: Vec::new(),
        scope: String::new(),
    };
    s.open_incident(c, input, "tech").unwrap()
}

fn note(kind: EntryKind, text: &str) -> EntryDraft {
    EntryDraft {
        kind,
        text: text.into(),
        occurred_at: None,
        client_visible: false,
        technique: None,
        corrects: None,
    }
}

#[test]
fn ops_taken_one_by_one_in_reverse_give_the_writers_records() {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, clock) = store(a_dir.path(), NOV_2026);
    history(&a, &clock);
    let ops = a.ops(None).unwrap();
    let (b, _) = store(b_dir.path(), NOV_2026 + 60_000);
    let mut waited = 0;
    for op in ops.iter().rev() {
        let done = b.ingest(std::slice::from_ref(op)).unwrap();
        assert_eq!(done.new, 1);
        waited = waited.max(done.waiting);
    }
    assert!(
        waited > 0,
        "a rename that came before its client waited for it"
    );
    assert_eq!(rows(&b), rows(&a));
    assert_eq!(b.list_clients("", true).unwrap()[0].name, "Müller Brau AG");
    assert!(b.tables_match_op_log(&RECORD_TABLES).unwrap());
    // Everything again, as one batch: nothing new, nothing changed.
    let again = b.ingest(&ops).unwrap();
    assert_eq!((again.new, again.known), (0, ops.len()));
    assert_eq!(rows(&b), rows(&a));
}

#[test]
fn a_bad_batch_is_refused_whole_and_names_the_op() {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, clock) = store(a_dir.path(), NOV_2026);
    history(&a, &clock);
    let ops = a.ops(None).unwrap();
    let (b, _) = store(b_dir.path(), NOV_2026);
    let refused = |batch: &[Op], at: usize, says: &str| match b.ingest(batch) {
        Err(StoreError::BadOp { at: got, reason }) => {
            assert_eq!(got, at, "{reason}");
            assert!(reason.contains(says), "{reason}");
            assert!(
                b.ops(None).unwrap().is_empty(),
                "nothing of the batch was kept"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    };
    let mut bad = ops.clone();
    bad[2].entity = "printer".into();
    refused(&bad, 3, "does not know");
    let mut bad = ops.clone();
    bad[1].format = 9;
    refused(&bad, 2, "update Cordon");
    let mut bad = ops.clone();
    bad[3].kind = "append".into();
    refused(&bad, 4, "is not how");

    // A device that numbers two different changes alike has a forked history.
    b.ingest(&ops[..2]).unwrap();
    let mut forked = ops[1].clone();
    forked.op_id = uuid::Uuid::now_v7().to_string();
    match b.ingest(&[forked]) {
        Err(StoreError::BadOp { at: 1, reason }) => assert!(reason.contains("forked"), "{reason}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // An op that claims to come from this laptop.
    let mut mine = ops[2].clone();
    mine.device_id = b.device_id().to_string();
    mine.hlc = format!("{}-{}", &mine.hlc[..21], b.device_id());
    match b.ingest(&[mine]) {
        Err(StoreError::BadOp { reason, .. }) => {
            assert!(reason.contains("this laptop"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_kill_mid_batch_keeps_nothing_and_the_retry_takes_it_whole() {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, clock) = store(a_dir.path(), NOV_2026);
    history(&a, &clock);
    let ops = a.ops(None).unwrap();
    let (b, _) = store(b_dir.path(), NOV_2026);
    let empty = rows(&b);
    assert!(b.ingest_until(&ops, Some(3)).is_err());
    assert!(b.ops(None).unwrap().is_empty());
    assert_eq!(rows(&b), empty);
    assert_eq!(b.ingest(&ops).unwrap().new, ops.len());
    assert_eq!(rows(&b), rows(&a));
}

#[test]
fn a_clock_hours_ahead_is_named_a_day_ahead_is_refused_and_ours_never_goes_back() {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let hour = 3_600_000;
    let (a, clock) = store(a_dir.path(), NOV_2026 + 2 * hour);
    history(&a, &clock);
    let ops = a.ops(None).unwrap();
    let (b, _) = store(b_dir.path(), NOV_2026);
    let done = b.ingest(&ops).unwrap();
    assert_eq!(done.clocks_ahead.len(), 1);
    assert_eq!(done.clocks_ahead[0].device, a.device_id().to_string());
    assert!(
        done.clocks_ahead[0].ahead_ms >= 2 * hour as u64 - 60_000,
        "{:?}",
        done.clocks_ahead
    );
    // B writes after seeing A's stamps: its op sorts after every one of them.
    let c = b.create_client(client("Later GmbH")).unwrap();
    let newest_remote = ops.iter().map(|o| o.hlc.clone()).max().unwrap();
    let mine = b.ops(Some(&c.id.to_string())).unwrap();
    assert!(
        mine[0].hlc > newest_remote,
        "{} vs {newest_remote}",
        mine[0].hlc
    );

    let (far_dir, far_clock_at) = (tempfile::tempdir().unwrap(), NOV_2026 + 25 * hour);
    let (far, far_clock) = store(far_dir.path(), far_clock_at);
    history(&far, &far_clock);
    match b.ingest(&far.ops(None).unwrap()) {
        Err(StoreError::BadOp { at: 1, reason }) => {
            assert!(reason.contains("ahead"), "{reason}");
            assert!(reason.contains(&far.device_id().to_string()), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn entries_from_two_laptops_on_one_incident_verify_on_both() {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, clock) = store(a_dir.path(), NOV_2026);
    history(&a, &clock);
    let i = incident(&a, &clock);
    let (b, _) = store(b_dir.path(), NOV_2026 + 1_000);
    b.ingest(&a.ops(None).unwrap()).unwrap();
    let note = |text: &str| note(EntryKind::Observation, text);
    a.add_timeline_entry(i.id, note("on laptop A"), "a")
        .unwrap();
    b.add_timeline_entry(i.id, note("on laptop B"), "b")
        .unwrap();
    a.ingest(&b.ops(None).unwrap()).unwrap();
    b.ingest(&a.ops(None).unwrap()).unwrap();
    let (on_a, on_b) = (
        a.incident_records(i.id).unwrap().timeline,
        b.incident_records(i.id).unwrap().timeline,
    );
    assert_eq!(on_a.len(), on_b.len());
    assert!(verify(&on_a).intact && verify(&on_b).intact);
    assert_eq!(cordon_core::incident::timeline::heads(&on_a).len(), 2);
    // The next entry on either laptop joins the fork.
    let joined = b
        .add_timeline_entry(i.id, note("after the exchange"), "b")
        .unwrap();
    assert_eq!(joined.parents.len(), 2);
    a.ingest(&b.ops(None).unwrap()).unwrap();
    let on_a = a.incident_records(i.id).unwrap().timeline;
    assert!(verify(&on_a).intact);
    assert_eq!(cordon_core::incident::timeline::heads(&on_a), [&joined]);
    assert_eq!(rows(&a), rows(&b));
}

/// Migration 7 backfills workspaces written before it: its SQL, run again over ops whose scope
/// and base are wiped, gives back what the writer stamps on new ops.
#[test]
fn migration_7_backfills_the_scope_and_base_the_writer_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = store(dir.path(), NOV_2026);
    history(&s, &clock);
    let i = incident(&s, &clock);
    clock.set(NOV_2026 + 60_000);
    s.add_timeline_entry(i.id, note(EntryKind::Action, "Isolated FS-01"), "tech")
        .unwrap();
    let stamped = s.ops(None).unwrap();
    assert!(
        stamped.iter().all(|o| o.scope == i.client_id.to_string()),
        "every op is the client's"
    );
    let migration = cordon_store::migrations_sql()[6];
    let backfill: Vec<&str> = migration
        .split(';')
        .map(str::trim)
        .filter(|st| st.lines().any(|l| l.starts_with("UPDATE op_log")))
        .collect();
    assert!(backfill.len() >= 10, "{backfill:?}");
    s.read(|conn| {
        conn.execute("UPDATE op_log SET scope = 'workspace', base = NULL", [])?;
        for statement in &backfill {
            conn.execute(statement, [])?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(s.ops(None).unwrap(), stamped);
}

#[test]
fn two_approvals_made_apart_leave_the_later_in_force_on_both_and_the_next_settles_both() {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, a_clock) = store(a_dir.path(), NOV_2026);
    history(&a, &a_clock);
    let (b, b_clock) = store(b_dir.path(), NOV_2026 + 1_000);
    b.ingest(&a.ops(None).unwrap()).unwrap();
    let client = a.list_clients("", true).unwrap()[0].id;
    let v1 = a.current_plan(client).unwrap().unwrap();
    // Offline, each laptop makes version 2 from version 1 and approves it; B a minute later.
    let approve = |s: &Store, title: &str, who: &str| {
        let mut input = v1.to_input();
        input.title = title.into();
        let draft = s.update_plan(v1.id, input).unwrap();
        s.approve_plan(draft.id, who, "").unwrap()
    };
    a_clock.set(NOV_2026 + 60_000);
    let on_a = approve(&a, "Plan as A approved it", "Jana Nováková");
    b_clock.set(NOV_2026 + 120_000);
    let on_b = approve(&b, "Plan as B approved it", "Piotr Zieliński");
    assert_eq!((on_a.version, on_b.version), (2, 2));
    a.ingest(&b.ops(None).unwrap()).unwrap();
    b.ingest(&a.ops(None).unwrap()).unwrap();
    for s in [&a, &b] {
        assert_eq!(s.current_plan(client).unwrap().unwrap().id, on_b.id);
        assert_eq!(rows(s), rows(&a));
    }
    // The next approval, made having seen both, supersedes both.
    let mut input = on_b.to_input();
    input.title = "Plan after the call".into();
    a_clock.set(NOV_2026 + 180_000);
    let draft = a.update_plan(on_b.id, input).unwrap();
    let v3 = a
        .approve_plan(draft.id, "Jana Nováková", "settled")
        .unwrap();
    b.ingest(&a.ops(None).unwrap()).unwrap();
    for s in [&a, &b] {
        assert_eq!(s.current_plan(client).unwrap().unwrap().id, v3.id);
        for old in [on_a.id, on_b.id] {
            assert_eq!(s.plan(old).unwrap().status, PlanStatus::Superseded);
        }
    }
}

/// A push reads ops as JSON lines SQLite builds; read back, they are the ops the log holds.
#[test]
fn device_lines_are_the_ops_of_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = store(dir.path(), NOV_2026);
    history(&s, &clock);
    let i = incident(&s, &clock);
    s.add_timeline_entry(
        i.id,
        note(
            EntryKind::Observation,
            "Beacon to 203.0.113.7 \"quoted\" ünïcode",
        ),
        "Ana",
    )
    .unwrap();
    let device = s.device_id().to_string();
    let mut ops = s.ops(None).unwrap();
    ops.sort_by_key(|o| o.seq);
    let lines = s.device_lines(&device, 0, 10_000).unwrap();
    let read: Vec<Op> = lines
        .iter()
        .map(|(_, _, l)| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(read, ops);
    assert!(
        lines
            .iter()
            .zip(&ops)
            .all(|((scope, seq, _), op)| *scope == op.scope && *seq == op.seq)
    );
    let after = ops[2].seq;
    assert_eq!(
        s.device_lines(&device, after, 2)
            .unwrap()
            .iter()
            .map(|(_, n, _)| *n)
            .collect::<Vec<_>>(),
        vec![ops[3].seq, ops[4].seq]
    );
}
