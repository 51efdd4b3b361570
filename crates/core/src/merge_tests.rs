use super::*;
use proptest::prelude::*;
use serde_json::json;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// The document after applying each (old → new) edit's diff in turn, as replicas do.
fn fold(entity: &str, base: &Value, diffs: &[Map<String, Value>]) -> Value {
    let mut doc = obj(base.clone());
    for d in diffs {
        apply(entity, &mut doc, d);
    }
    Value::Object(doc)
}

/// What an incident upsert carries when one laptop leaves `base`'s tasks as `tasks`.
fn tasks_edit(base: &Value, tasks: Value) -> Map<String, Value> {
    diff("incident", Some(base), &json!({ "tasks": tasks }))
}

fn task(index: u32, done: bool) -> Value {
    json!({"index": index, "action": format!("step {index}"), "done": done})
}

#[test]
fn a_plain_field_goes_to_the_last_writer() {
    let base = json!({"title": "Phish", "scope": ""});
    let a = diff(
        "incident",
        Some(&base),
        &json!({"title": "Phishing", "scope": ""}),
    );
    let b = diff(
        "incident",
        Some(&base),
        &json!({"title": "Phish", "scope": "mail"}),
    );
    assert_eq!(Value::Object(a.clone()), json!({"title": "Phishing"}));
    // Different fields edited on two laptops: both survive, in either HLC order.
    let want = json!({"title": "Phishing", "scope": "mail"});
    assert_eq!(fold("incident", &base, &[a.clone(), b.clone()]), want);
    assert_eq!(fold("incident", &base, &[b, a]), want);
}

#[test]
fn concurrent_edits_of_different_items_both_survive() {
    let base = json!({"tasks": [task(1, false), task(2, false)]});
    // A ticks task 1; B, not having seen that, adds task 3.
    let a = tasks_edit(&base, json!([task(1, true), task(2, false)]));
    let b = tasks_edit(
        &base,
        json!([task(1, false), task(2, false), task(3, false)]),
    );
    let want = json!({"tasks": [task(1, true), task(2, false), task(3, false)]});
    assert_eq!(fold("incident", &base, &[a.clone(), b.clone()]), want);
    assert_eq!(fold("incident", &base, &[b, a]), want);
}

#[test]
fn a_removal_removes_only_what_its_writer_saw() {
    let base =
        json!({"roles": [{"role": "Lead", "person": "Ann"}, {"role": "Comms", "person": "Bo"}]});
    let a = diff(
        "incident",
        Some(&base),
        &json!({"roles": [{"role": "Lead", "person": "Ann"}]}),
    );
    let b = diff(
        "incident",
        Some(&base),
        &json!({"roles": [{"role": "Lead", "person": "Ann"}, {"role": "Comms", "person": "Bo"}, {"role": "Legal", "person": "Cy"}]}),
    );
    let want =
        json!({"roles": [{"role": "Lead", "person": "Ann"}, {"role": "Legal", "person": "Cy"}]});
    assert_eq!(fold("incident", &base, &[a.clone(), b.clone()]), want);
    assert_eq!(fold("incident", &base, &[b, a]), want);
}

#[test]
fn the_exercise_clock_is_the_union_of_its_events_in_time_order() {
    let start = json!({"kind": "start", "at": "2026-01-01T10:00:00Z"});
    let pause_a = json!({"kind": "pause", "at": "2026-01-01T10:20:00Z"});
    let pause_b = json!({"kind": "pause", "at": "2026-01-01T10:10:00Z"});
    let base = json!({"clock": [start.clone()]});
    let a = diff(
        "exercise",
        Some(&base),
        &json!({"clock": [start.clone(), pause_a.clone()]}),
    );
    // B's writer wrongly believed the clock empty: a union never loses the start.
    let b = diff(
        "exercise",
        Some(&base),
        &json!({"clock": [pause_b.clone()]}),
    );
    let want = json!({"clock": [start, pause_b, pause_a]});
    assert_eq!(fold("exercise", &base, &[a.clone(), b.clone()]), want);
    assert_eq!(fold("exercise", &base, &[b, a]), want);
}

#[test]
fn an_upsert_from_before_keyed_arrays_replaces_the_array() {
    // Ops written before format 2 carry whole arrays; they still apply.
    let mut doc = obj(json!({"tasks": [task(1, false)]}));
    apply(
        "incident",
        &mut doc,
        &obj(json!({"tasks": [task(2, true)]})),
    );
    assert_eq!(Value::Object(doc), json!({"tasks": [task(2, true)]}));
}

fn edit<'a>(
    hlc: &'a str,
    base: Option<&'a str>,
    device: &'a str,
    f: &'a Map<String, Value>,
) -> Edit<'a> {
    Edit {
        hlc,
        base,
        device,
        fields: f,
    }
}

#[test]
fn two_edits_of_the_same_value_that_did_not_see_each_other_conflict() {
    let create = obj(json!({"title": "Phish", "updated_at": "1"}));
    let a = obj(json!({"title": "Phishing", "updated_at": "2"}));
    let b = obj(json!({"title": "BEC", "updated_at": "3"}));
    let edits = [
        edit("01", None, "d1", &create),
        edit("02", Some("01"), "d1", &a),
        edit("03", Some("01"), "d2", &b),
    ];
    let found = conflicts("incident", &edits, &["updated_at"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "title");
    assert_eq!(found[0].kept.value, json!("BEC"));
    assert_eq!(found[0].other.value, json!("Phishing"));
    assert_eq!(found[0].other.device, "d1");

    // B had seen A: a plain later edit, no conflict.
    let edits = [
        edit("01", None, "d1", &create),
        edit("02", Some("01"), "d1", &a),
        edit("03", Some("02"), "d2", &b),
    ];
    assert!(conflicts("incident", &edits, &["updated_at"]).is_empty());

    // Keeping a value writes it again with a base that has seen both: resolved everywhere.
    let keep = keep_fields("incident", "title", json!("Phishing"));
    let edits = [
        edit("01", None, "d1", &create),
        edit("02", Some("01"), "d1", &a),
        edit("03", Some("01"), "d2", &b),
        edit("04", Some("03"), "d2", &keep),
    ];
    assert!(conflicts("incident", &edits, &["updated_at"]).is_empty());
}

#[test]
fn the_same_value_written_twice_is_no_conflict_and_items_conflict_by_item() {
    let base = json!({"tasks": [task(1, false), task(2, false)]});
    let a = tasks_edit(&base, json!([task(1, true), task(2, false)]));
    let b = tasks_edit(&base, json!([task(1, true), task(2, true)]));
    let edits = [
        edit("02", Some("01"), "d1", &a),
        edit("03", Some("01"), "d2", &b),
    ];
    assert!(
        conflicts("incident", &edits, &[]).is_empty(),
        "both ticked task 1 alike"
    );
    let c = tasks_edit(
        &base,
        json!([task(1, false), task(2, false), task(3, false)]),
    );
    let d = tasks_edit(
        &base,
        json!([
            task(1, false),
            task(2, false),
            json!({"index": 3, "action": "other", "done": false})
        ]),
    );
    let edits = [
        edit("02", Some("01"), "d1", &c),
        edit("03", Some("01"), "d2", &d),
    ];
    let found = conflicts("incident", &edits, &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "tasks/3");
}

fn arb_tasks() -> impl Strategy<Value = Vec<Value>> {
    proptest::collection::btree_map(0u32..8, any::<bool>(), 0..6)
        .prop_map(|m| m.into_iter().map(|(i, d)| task(i, d)).collect())
        .prop_shuffle()
}

proptest! {
    #[test]
    fn applying_a_diff_gives_the_new_document(old in arb_tasks(), new in arb_tasks(), title in "[a-z]{0,4}") {
        let old = json!({"tasks": old, "title": "t"});
        let new = json!({"tasks": new, "title": title});
        let mut doc = obj(old.clone());
        apply("incident", &mut doc, &diff("incident", Some(&old), &new));
        prop_assert_eq!(Value::Object(doc), new);
    }

    #[test]
    fn concurrent_item_edits_never_lose_an_item_neither_removed(base in arb_tasks(), a in arb_tasks(), b in arb_tasks()) {
        let base_doc = json!({"tasks": base});
        let da = diff("incident", Some(&base_doc), &json!({"tasks": a.clone()}));
        let db = diff("incident", Some(&base_doc), &json!({"tasks": b.clone()}));
        let merged = fold("incident", &base_doc, &[da, db]);
        let keys = |v: &[Value]| v.iter().map(|t| t["index"].as_u64()).collect::<Vec<_>>();
        let out = keys(merged["tasks"].as_array().map(Vec::as_slice).unwrap_or(&[]));
        let base_keys = keys(base_doc["tasks"].as_array().map(Vec::as_slice).unwrap_or(&[]));
        for k in keys(&a).into_iter().chain(keys(&b)) {
            // An item a writer added (not in base) survives; one both kept survives.
            let added = !base_keys.contains(&k);
            let kept_by_both = keys(&a).contains(&k) && keys(&b).contains(&k);
            if added || kept_by_both {
                prop_assert!(out.contains(&k), "task {:?} lost", k);
            }
        }
    }
}
