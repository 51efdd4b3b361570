//! Plans through the facade on a real passphrase workspace: the demo's approved plans, the
//! editor's autosave across an approval, and errors a UI can put under a field.

use std::sync::Arc;

use cordon_app::{ErrorCode, PlanStatus, SystemClock, TemplateKind, Workspace};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
    ws.create(Some("plans facade passphrase".into())).unwrap();
    (dir, ws)
}

#[test]
fn the_demo_gives_every_client_an_approved_sector_fitting_plan_once() {
    let (_dir, ws) = workspace();
    cordon_demo::seed(&ws).unwrap();
    let clients = ws.list_clients("", false).unwrap();
    assert!(clients.len() >= 5);
    for c in &clients {
        let plans = ws.list_plans(&c.id.to_string()).unwrap();
        assert_eq!(plans.len(), 1, "{}", c.name);
        assert_eq!(plans[0].status, PlanStatus::Approved, "{}", c.name);
        assert!(plans[0].next_review_due.is_some());
        let plan = ws.plan(&plans[0].id.to_string()).unwrap();
        assert!(
            plan.roles
                .iter()
                .all(|r| !r.primary.is_empty() && !r.backup.is_empty())
        );
        let types: Vec<&str> = plan
            .playbooks
            .iter()
            .map(|p| p.incident_type.as_str())
            .collect();
        assert!(types.contains(&"ransomware"), "{}: {types:?}", c.name);
        if c.name == "Harbour Dental Group" {
            assert!(types.contains(&"data_breach"), "healthcare: {types:?}");
        }
        if c.name == "Brightwater Logistics GmbH" {
            assert!(!types.contains(&"data_breach"), "transport: {types:?}");
        }
    }
    let ops = ws.doctor().unwrap().op_count;
    cordon_demo::seed(&ws).unwrap();
    assert_eq!(
        ws.doctor().unwrap().op_count,
        ops,
        "seeding twice writes nothing"
    );
    for c in &clients {
        assert_eq!(ws.list_plans(&c.id.to_string()).unwrap().len(), 1);
    }
}

#[test]
fn editing_an_approved_plan_returns_the_next_draft_and_a_diff() {
    let (_dir, ws) = workspace();
    cordon_demo::seed(&ws).unwrap();
    let client = &ws.list_clients("calder", false).unwrap()[0];
    let v1 = ws.list_plans(&client.id.to_string()).unwrap()[0].clone();
    let mut input = ws.plan(&v1.id.to_string()).unwrap().to_input();
    input.review_interval_months = 6;
    let v2 = ws.update_plan(&v1.id.to_string(), input).unwrap();
    assert_eq!((v2.version, v2.status), (2, PlanStatus::Draft));
    let diff = ws
        .plan_diff(&v1.id.to_string(), &v2.id.to_string())
        .unwrap();
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0].text, "Review interval: 12 → 6 months");
    let v2 = ws
        .approve_plan(&v2.id.to_string(), "Siobhán Calder", "")
        .unwrap();
    assert_eq!(v2.status, PlanStatus::Approved);
    assert_eq!(
        ws.plan(&v1.id.to_string()).unwrap().status,
        PlanStatus::Superseded
    );
    let reviewed = ws
        .record_plan_review(&v2.id.to_string(), "Sam Patel", "no changes")
        .unwrap();
    assert_eq!(reviewed.reviews.len(), 1);
}

#[test]
fn bad_ids_and_templates_are_field_errors() {
    let (_dir, ws) = workspace();
    let e = ws.plan("not-a-plan").unwrap_err();
    assert_eq!(
        (e.code, e.fields[0].field.as_str()),
        (ErrorCode::InvalidInput, "id")
    );
    assert!(e.message.contains("plan id"), "{}", e.message);
    let client = ws
        .create_client(cordon_app::ClientInput {
            name: "Acme".into(),
            ..Default::default()
        })
        .unwrap();
    let e = ws
        .create_plan_from_template(&client.id.to_string(), "nope")
        .unwrap_err();
    assert_eq!(e.fields[0].field, "template");
    let e = ws
        .create_plan_from_template("0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b", "baseline")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let t = ws.plan_templates();
    assert_eq!(
        t.iter()
            .filter(|t| t.kind == TemplateKind::Playbook)
            .count(),
        8
    );
    assert!(t.iter().all(|t| !t.version.is_empty()));
}

/// A clock fixed at a given time, to look at a plan from the future.
struct At(chrono::DateTime<chrono::Utc>);

impl cordon_core::Clock for At {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

#[test]
fn review_state_follows_the_workspace_clock() {
    let (dir, ws) = workspace();
    cordon_demo::seed(&ws).unwrap();
    let client = &ws.list_clients("brightwater", false).unwrap()[0];
    let plan = ws.list_plans(&client.id.to_string()).unwrap()[0].clone();
    let due = plan.next_review_due.unwrap();
    let id = plan.id.to_string();
    assert!(matches!(
        ws.plan_review_state(&id).unwrap(),
        cordon_app::ReviewState::Due { days_left, .. } if days_left > 300
    ));
    drop(ws);
    let later = due.and_hms_opt(12, 0, 0).unwrap().and_utc() + chrono::Duration::days(3);
    let ws = Workspace::new(dir.path(), Arc::new(At(later)));
    ws.unlock(Some("plans facade passphrase".into())).unwrap();
    assert_eq!(
        ws.plan_review_state(&id).unwrap(),
        cordon_app::ReviewState::Overdue {
            due,
            days_overdue: 3
        }
    );
    // Logging a review restarts the clock from today.
    ws.record_plan_review(&id, "Sam Patel", "no changes")
        .unwrap();
    assert!(matches!(
        ws.plan_review_state(&id).unwrap(),
        cordon_app::ReviewState::Due { .. }
    ));
}
