//! How the changes of many laptops fold into one record: the merge rules of sync, as pure
//! functions over the JSON documents the op log carries.
//!
//! Every replica applies a record's upserts **in HLC order**, whatever order they arrived in,
//! so the rules only have to say what one upsert does to the document before it:
//! - a plain field is replaced: the last writer wins per field;
//! - a keyed array (incident roles, tasks, clock triggers; exercise injects, participants,
//!   findings ...) is changed item by item: an upsert names the items it set and the ones it
//!   removed, so an item another laptop added meanwhile is kept, never silently lost;
//! - a union array (the exercise clock) only ever gains items, sorted by their time.
//!
//! A conflict is derived, never stored: each upsert says the newest op of the record its
//! writer had seen (`base`). When the winning value of a field was written without seeing a
//! rival value of the same field, both are shown and a person keeps one; keeping writes a
//! normal upsert, whose base has seen both, so the conflict is gone on every replica.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The marker of an item-wise change of a keyed array inside an upsert's fields.
const ITEMS: &str = "$items";
/// The order of the array's keys as its writer left it.
const ORDER: &str = "$order";

/// How the items of an array field are named, so two laptops' edits meet item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKey {
    /// By the value of one field of the item (`role`, `index`, `number` ...).
    Field(&'static str),
    /// By the item itself (an array of ids).
    Whole,
}

/// How the merged array is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemOrder {
    /// As its latest writer ordered it; items it did not know follow, by key.
    Written,
    /// Items are only ever added (a removal is ignored) and sorted by this field, then key.
    UnionBy(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyed {
    pub field: &'static str,
    pub key: ItemKey,
    pub order: ItemOrder,
}

const fn keyed(field: &'static str, key: &'static str) -> Keyed {
    Keyed {
        field,
        key: ItemKey::Field(key),
        order: ItemOrder::Written,
    }
}

const INCIDENT: &[Keyed] = &[
    keyed("roles", "role"),
    keyed("tasks", "index"),
    keyed("triggers", "trigger"),
    Keyed {
        field: "affected_assets",
        key: ItemKey::Whole,
        order: ItemOrder::Written,
    },
];

const EXERCISE: &[Keyed] = &[
    keyed("injects", "number"),
    keyed("participants", "name"),
    keyed("findings", "plan_change_id"),
    keyed("objectives", "key"),
    Keyed {
        field: "clock",
        key: ItemKey::Whole,
        order: ItemOrder::UnionBy("at"),
    },
];

/// The keyed arrays of an entity of the op log (`incident`, `exercise` ...).
pub fn keyed_fields(entity: &str) -> &'static [Keyed] {
    match entity {
        "incident" => INCIDENT,
        "exercise" => EXERCISE,
        _ => &[],
    }
}

fn key_of(k: &Keyed, item: &Value) -> String {
    match k.key {
        ItemKey::Field(f) => item.get(f).unwrap_or(&Value::Null).to_string(),
        ItemKey::Whole => item.to_string(),
    }
}

/// The fields of `new` that differ from `old` (all of them when there is no `old`), keyed
/// arrays as the items that changed: what an upsert carries.
pub fn diff(entity: &str, old: Option<&Value>, new: &Value) -> Map<String, Value> {
    let Value::Object(new) = new else {
        return Map::new();
    };
    let old = old.and_then(Value::as_object);
    let keyed = keyed_fields(entity);
    let mut out = Map::new();
    for (field, value) in new {
        let before = old.and_then(|o| o.get(field));
        if before == Some(value) {
            continue;
        }
        let spec = keyed.iter().find(|k| k.field == field);
        match (spec, before.and_then(Value::as_array), value.as_array()) {
            (Some(spec), Some(before), Some(after)) => {
                out.insert(field.clone(), item_diff(spec, before, after));
            }
            _ => {
                out.insert(field.clone(), value.clone());
            }
        }
    }
    out
}

fn item_diff(spec: &Keyed, before: &[Value], after: &[Value]) -> Value {
    let mut items = Map::new();
    let before_keyed: Vec<(String, &Value)> = before.iter().map(|v| (key_of(spec, v), v)).collect();
    let after_keys: Vec<String> = after.iter().map(|v| key_of(spec, v)).collect();
    for (key, item) in after_keys.iter().zip(after) {
        if before_keyed.iter().find(|(k, _)| k == key).map(|(_, v)| *v) != Some(item) {
            items.insert(key.clone(), item.clone());
        }
    }
    for (key, _) in &before_keyed {
        if !after_keys.contains(key) {
            items.insert(key.clone(), Value::Null);
        }
    }
    let mut change = Map::new();
    change.insert(ITEMS.into(), Value::Object(items));
    change.insert(
        ORDER.into(),
        Value::Array(after_keys.into_iter().map(Value::String).collect()),
    );
    Value::Object(change)
}

/// `doc` after one upsert's `fields`: the rule every replica applies, in HLC order.
pub fn apply(entity: &str, doc: &mut Map<String, Value>, fields: &Map<String, Value>) {
    for (field, value) in fields {
        let change = value.as_object().filter(|o| o.contains_key(ITEMS));
        let spec = keyed_fields(entity).iter().find(|k| k.field == field);
        match (change, spec) {
            (Some(change), Some(spec)) => {
                let before = doc
                    .get(field)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                doc.insert(
                    field.clone(),
                    Value::Array(apply_items(spec, before, change)),
                );
            }
            _ => {
                doc.insert(field.clone(), value.clone());
            }
        }
    }
}

fn apply_items(spec: &Keyed, before: Vec<Value>, change: &Map<String, Value>) -> Vec<Value> {
    let mut live: Vec<(String, Value)> =
        before.into_iter().map(|v| (key_of(spec, &v), v)).collect();
    let empty = Map::new();
    let items = change
        .get(ITEMS)
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let union = matches!(spec.order, ItemOrder::UnionBy(_));
    // Sorted so that items new to this replica land in the same place on every replica.
    let mut set: Vec<(&String, &Value)> = items.iter().collect();
    set.sort_by(|a, b| a.0.cmp(b.0));
    for (key, item) in set {
        let at = live.iter().position(|(k, _)| k == key);
        match (item.is_null(), at) {
            (true, Some(i)) if !union => {
                live.remove(i);
            }
            (true, _) => {}
            (false, Some(i)) => live[i].1 = item.clone(),
            (false, None) => live.push((key.clone(), item.clone())),
        }
    }
    match spec.order {
        ItemOrder::UnionBy(by) => {
            live.sort_by(|a, b| {
                let (x, y) = (
                    a.1.get(by).map(Value::to_string),
                    b.1.get(by).map(Value::to_string),
                );
                x.cmp(&y).then_with(|| a.0.cmp(&b.0))
            });
        }
        ItemOrder::Written => {
            let order: Vec<&str> = change
                .get(ORDER)
                .and_then(Value::as_array)
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
            // Stable: what the writer did not know keeps its place among itself, after theirs.
            live.sort_by_key(|(k, _)| rank(k));
        }
    }
    live.into_iter().map(|(_, v)| v).collect()
}

/// The fields of the upsert that keeps `value` at `path` (a field, or `field/key` for an item
/// of a keyed array): written even when the record already holds it, so its base settles the
/// conflict on every replica.
pub fn keep_fields(entity: &str, path: &str, value: Value) -> Map<String, Value> {
    let mut out = Map::new();
    match path.split_once('/') {
        Some((field, key)) if keyed_fields(entity).iter().any(|k| k.field == field) => {
            let mut items = Map::new();
            items.insert(key.to_owned(), value);
            let mut change = Map::new();
            change.insert(ITEMS.into(), Value::Object(items));
            out.insert(field.to_owned(), Value::Object(change));
        }
        _ => {
            out.insert(path.to_owned(), value);
        }
    }
    out
}

/// One upsert of a record, as conflict detection reads it.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    pub hlc: &'a str,
    /// The newest op of the record its writer had seen (`None`: it created the record).
    pub base: Option<&'a str>,
    pub device: &'a str,
    pub fields: &'a Map<String, Value>,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictSide {
    pub hlc: String,
    pub device: String,
    /// The value this side wrote (`null`: it removed the item).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub value: Value,
}

/// Two edits of the same value that did not see each other, the winner first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldConflict {
    /// The field (`title`), or the item of a keyed array (`tasks/3`).
    pub path: String,
    /// What the record holds now.
    pub kept: ConflictSide,
    /// The value that lost by its clock alone.
    pub other: ConflictSide,
}

/// Each value written to a path (a field, or an item of a keyed array), in HLC order, by path.
fn writes<'a>(entity: &str, edits: &[Edit<'a>]) -> BTreeMap<String, Vec<(Edit<'a>, Value)>> {
    let mut paths: BTreeMap<String, Vec<(Edit<'a>, Value)>> = BTreeMap::new();
    let keyed = keyed_fields(entity);
    for edit in edits {
        for (field, value) in edit.fields {
            let spec = keyed.iter().find(|k| k.field == field);
            match (value.as_object().and_then(|o| o.get(ITEMS)), spec) {
                (Some(Value::Object(items)), Some(_)) => {
                    for (key, item) in items {
                        paths
                            .entry(format!("{field}/{key}"))
                            .or_default()
                            .push((*edit, item.clone()));
                    }
                }
                _ => paths
                    .entry(field.clone())
                    .or_default()
                    .push((*edit, value.clone())),
            }
        }
    }
    paths
}

/// The conflicts among a record's upserts (sorted by HLC): for each path, the winning write
/// against the newest rival it did not see and that wrote something else. The same op set
/// gives the same list on every replica. `updated_at` and the like are not conflicts.
pub fn conflicts(entity: &str, edits: &[Edit<'_>], ignore: &[&str]) -> Vec<FieldConflict> {
    let mut out = Vec::new();
    for (path, writes) in writes(entity, edits) {
        if ignore.contains(&path.as_str()) {
            continue;
        }
        let Some((winner, kept)) = writes.last() else {
            continue;
        };
        let seen = winner.base.unwrap_or("");
        let rival = writes[..writes.len() - 1]
            .iter()
            .rev()
            .find(|(e, v)| e.hlc > seen && v != kept);
        if let Some((other, value)) = rival {
            out.push(FieldConflict {
                path,
                kept: ConflictSide {
                    hlc: winner.hlc.into(),
                    device: winner.device.into(),
                    value: kept.clone(),
                },
                other: ConflictSide {
                    hlc: other.hlc.into(),
                    device: other.device.into(),
                    value: value.clone(),
                },
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
