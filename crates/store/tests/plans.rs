//! Plans through the store: the life cycle across versions, nothing written on bad input, and
//! the op log alone rebuilding every version.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::{ManualClock, NOV_2026, client};
use cordon_core::{ChannelKind, ClientInput, Plan, PlanInput, PlanStatus, Sector};
use cordon_store::{KeyChoice, Passphrase, Store, StoreError};
use serde_json::{Map, Value};

const DAY_MS: i64 = 86_400_000;

fn store(dir: &std::path::Path) -> (Store, Arc<ManualClock>) {
    let clock = ManualClock::at(NOV_2026);
    let s = Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new("plans store test passphrase")),
        clock.clone(),
    )
    .unwrap();
    (s, clock)
}

fn tailored(mut input: PlanInput) -> PlanInput {
    for (i, r) in input.roles.iter_mut().enumerate() {
        r.primary = format!("Primary {i}");
        r.backup = format!("Backup {i}");
    }
    for c in &mut input.contacts {
        c.channels = vec![cordon_core::ContactChannel {
            kind: ChannelKind::Phone,
            value: "+1 555 0100".into(),
        }];
    }
    input
}

fn invalid_fields(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(inv) => inv.fields.into_iter().map(|f| f.field).collect(),
        other => panic!("expected Invalid, got {other}"),
    }
}

#[test]
fn versions_move_from_draft_to_approved_to_superseded() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = store(dir.path());
    let c = s
        .create_client(ClientInput {
            sectors: vec![Sector::Healthcare],
            ..client("Harbour Dental")
        })
        .unwrap();

    let v1 = s.create_plan_from_template(c.id, "baseline").unwrap();
    assert_eq!((v1.version, v1.status), (1, PlanStatus::Draft));
    assert!(
        v1.playbooks
            .iter()
            .any(|p| p.incident_type == "data_breach"),
        "healthcare gets the data-breach playbook"
    );
    // One draft at a time.
    let e = s.create_plan_from_template(c.id, "baseline").unwrap_err();
    assert_eq!(invalid_fields(e), ["status"]);

    // Approval without an approver is refused and changes nothing.
    let ops_before = s.ops(None).unwrap().len();
    let e = s.approve_plan(v1.id, " ", "").unwrap_err();
    assert_eq!(invalid_fields(e), ["approver"]);
    assert_eq!(s.ops(None).unwrap().len(), ops_before);
    assert_eq!(s.plan(v1.id).unwrap().status, PlanStatus::Draft);

    let v1 = s.update_plan(v1.id, tailored(v1.to_input())).unwrap();
    clock.set(NOV_2026 + DAY_MS);
    let v1 = s.approve_plan(v1.id, "Dr. Okafor", "QBR sign-off").unwrap();
    assert_eq!(v1.status, PlanStatus::Approved);

    // Editing the approved version starts version 2; version 1 stays as signed off.
    let mut input = v1.to_input();
    input.escalation[1].after_minutes = Some(45);
    let v2 = s.update_plan(v1.id, input.clone()).unwrap();
    assert_eq!((v2.version, v2.status), (2, PlanStatus::Draft));
    assert_ne!(v2.id, v1.id);
    assert_eq!(s.plan(v1.id).unwrap(), v1);
    let e = s.update_plan(v1.id, input).unwrap_err();
    assert_eq!(invalid_fields(e), ["status"], "a second draft is refused");

    let lines: Vec<String> = s
        .plan_diff(v1.id, v2.id)
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(lines, ["Escalation level 2: after 60 → 45 minutes"]);

    let v2 = s.approve_plan(v2.id, "Dr. Okafor", "").unwrap();
    let list = s.list_plans(c.id).unwrap();
    let states: Vec<_> = list.iter().map(|p| (p.version, p.status)).collect();
    assert_eq!(
        states,
        [(2, PlanStatus::Approved), (1, PlanStatus::Superseded)]
    );
    assert_eq!(list[0].id, v2.id);
    let e = s.update_plan(v1.id, v1.to_input()).unwrap_err();
    assert_eq!(invalid_fields(e), ["status"], "superseded is read-only");

    let reviewed = s
        .record_plan_review(v2.id, "Luis Ortega", "no changes")
        .unwrap();
    assert_eq!(reviewed.reviews.len(), 1);
    assert_eq!(s.plan(v2.id).unwrap().reviews[0].by, "Luis Ortega");
}

#[test]
fn bad_input_writes_nothing_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = store(dir.path());
    let c = s.create_client(client("Acme")).unwrap();
    let p = s.create_plan_from_template(c.id, "baseline").unwrap();
    let ops_before = s.ops(None).unwrap().len();
    let mut input = p.to_input();
    input.severity.cells[1][2].criterion = String::new();
    input.escalation[0].after_minutes = Some(0);
    let e = s.update_plan(p.id, input).unwrap_err();
    assert_eq!(
        invalid_fields(e),
        ["severity.cells.1.2.criterion", "escalation.0.after_minutes"]
    );
    assert_eq!(s.ops(None).unwrap().len(), ops_before);
    assert_eq!(s.plan(p.id).unwrap(), p);
    let e = s.create_plan_from_template(c.id, "ransomware").unwrap_err();
    assert_eq!(invalid_fields(e), ["template"]);
}

#[test]
fn the_op_log_alone_rebuilds_every_plan_version() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = store(dir.path());
    let c = s.create_client(client("Acme")).unwrap();
    let v1 = s.create_plan_from_template(c.id, "baseline").unwrap();
    let v1 = s.update_plan(v1.id, tailored(v1.to_input())).unwrap();
    clock.set(NOV_2026 + DAY_MS);
    let v1 = s.approve_plan(v1.id, "Ana", "").unwrap();
    let mut input = v1.to_input();
    input.title = "IR plan 2027".into();
    let v2 = s.update_plan(v1.id, input).unwrap();
    s.approve_plan(v2.id, "Ana", "").unwrap();

    let ops = s.ops(None).unwrap();
    let plan_ops: Vec<_> = ops.iter().filter(|o| o.entity == "plan").collect();
    assert!(plan_ops.iter().all(|o| o.kind == "upsert"));
    // Later upserts carry only what changed: approving v2 does not resend its sections.
    let last = plan_ops.last().unwrap();
    assert!(last.fields.get("playbooks").is_none(), "{}", last.fields);

    let mut docs: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for op in plan_ops {
        docs.entry(op.entity_id.clone())
            .or_default()
            .extend(op.fields.as_object().unwrap().clone());
    }
    let rebuilt: Vec<Plan> = docs
        .into_values()
        .map(|m| serde_json::from_value(Value::Object(m)).unwrap())
        .collect();
    let mut tables = s.all_plans().unwrap();
    tables.sort_by_key(|p| p.id.to_string());
    assert_eq!(rebuilt, tables);
    assert_eq!(tables.len(), 2);
    assert!(s.plans_match_op_log().unwrap());
    // A table edited behind the log's back is caught.
    s.read(|conn| {
        conn.execute(
            "UPDATE plans SET doc = json_set(doc, '$.title', 'tampered') WHERE version = 1",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    assert!(!s.plans_match_op_log().unwrap());

    // And the tables survive closing and reopening the encrypted file.
    drop(s);
    let s = Store::open(
        dir.path(),
        Some(Passphrase::new("plans store test passphrase")),
        clock,
    )
    .unwrap();
    assert_eq!(s.list_plans(c.id).unwrap().len(), 2);
}

#[test]
fn a_playbook_template_is_added_as_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = store(dir.path());
    let c = s
        .create_client(ClientInput {
            sectors: vec![Sector::Transport],
            ..client("Brightwater")
        })
        .unwrap();
    let v1 = s.create_plan_from_template(c.id, "baseline").unwrap();
    assert!(!v1.playbooks.iter().any(|p| p.incident_type == "ddos"));
    let v1 = s.add_playbook_from_template(v1.id, "ddos").unwrap();
    assert_eq!(v1.version, 1, "a draft is edited in place");
    assert_eq!(v1.playbooks.last().unwrap().incident_type, "ddos");
    let e = s.add_playbook_from_template(v1.id, "ddos").unwrap_err();
    assert_eq!(invalid_fields(e), ["template"]);
    let e = s.add_playbook_from_template(v1.id, "baseline").unwrap_err();
    assert_eq!(invalid_fields(e), ["template"]);

    let v1 = s.update_plan(v1.id, tailored(v1.to_input())).unwrap();
    let v1 = s.approve_plan(v1.id, "Ana", "").unwrap();
    let v2 = s
        .add_playbook_from_template(v1.id, "insider_threat")
        .unwrap();
    assert_eq!((v2.version, v2.status), (2, PlanStatus::Draft));
    assert_eq!(
        s.plan(v1.id).unwrap().playbooks.len() + 1,
        v2.playbooks.len()
    );
}
