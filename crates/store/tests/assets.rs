//! Assets in the store: every change an op, imports one transaction, names unique per client,
//! dependencies only on the client's own assets, lists in the responder's order.

mod common;

use std::sync::Arc;

use common::{ManualClock, NOV_2026, client};
use cordon_core::asset::{AssetInput, RiskInput};
use cordon_core::{AssetId, Clock};
use cordon_store::{Change, KeyChoice, Passphrase, Store, StoreError};

fn new_store(dir: &std::path::Path) -> Store {
    let clock: Arc<dyn Clock> = ManualClock::at(NOV_2026);
    Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new("asset test passphrase")),
        clock,
    )
    .unwrap()
}

fn asset(name: &str, criticality: u32, risk: Option<(u32, u32)>, deps: &[&str]) -> AssetInput {
    AssetInput {
        name: name.into(),
        criticality,
        risk: risk.map(|(l, i)| RiskInput {
            likelihood: l,
            impact: i,
            rationale: "test".into(),
        }),
        dependencies: deps.iter().map(|d| d.to_string()).collect(),
        ..Default::default()
    }
}

fn invalid(e: StoreError) -> cordon_core::Invalid {
    match e {
        StoreError::Invalid(inv) => inv,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn create_edit_archive_and_list_in_priority_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    let acme = store.create_client(client("Acme")).unwrap();
    let other = store.create_client(client("Other")).unwrap();
    let dc = store
        .create_asset(acme.id, asset("DC-01", 1, Some((2, 5)), &[]))
        .unwrap();
    let fs = store
        .create_asset(acme.id, asset("FS-01", 1, Some((4, 5)), &["dc-01"]))
        .unwrap();
    assert_eq!(fs.dependencies, [dc.id]);
    store
        .create_asset(acme.id, asset("Printer", 4, Some((5, 5)), &[]))
        .unwrap();
    store
        .create_asset(acme.id, asset("Mail", 2, None, &[]))
        .unwrap();
    store
        .create_asset(other.id, asset("FS-01", 1, None, &[]))
        .unwrap();

    let names =
        |list: Vec<cordon_core::asset::Asset>| list.into_iter().map(|a| a.name).collect::<Vec<_>>();
    assert_eq!(
        names(store.list_assets(acme.id, false).unwrap()),
        ["FS-01", "DC-01", "Mail", "Printer"]
    );

    // Names are unique per client, whatever the case; the message names the fix.
    let err = invalid(
        store
            .create_asset(acme.id, asset("fs-01", 2, None, &[]))
            .unwrap_err(),
    );
    assert_eq!(err.fields[0].field, "name");
    assert!(
        err.fields[0]
            .message
            .contains("already has an asset named 'FS-01'"),
        "{err}"
    );

    // Dependencies: only this client's assets, never itself.
    let err = invalid(
        store
            .update_asset(fs.id, asset("FS-01", 1, None, &["FS-01"]))
            .unwrap_err(),
    );
    assert!(
        err.fields[0].message.contains("cannot depend on itself"),
        "{err}"
    );
    let theirs = store.list_assets(other.id, false).unwrap()[0]
        .id
        .to_string();
    let err = invalid(
        store
            .create_asset(acme.id, asset("NAS", 2, None, &[&theirs]))
            .unwrap_err(),
    );
    assert!(
        err.fields[0]
            .message
            .contains("is not an asset of this client"),
        "{err}"
    );

    let edited = store
        .update_asset(
            fs.id,
            asset("FS-01", 3, Some((1, 1)), &[&dc.id.to_string()]),
        )
        .unwrap();
    assert_eq!((edited.criticality, edited.created_at), (3, fs.created_at));
    assert_eq!(store.asset(fs.id).unwrap(), edited);

    store.archive_asset(dc.id).unwrap();
    assert_eq!(
        names(store.list_assets(acme.id, false).unwrap()),
        ["Mail", "FS-01", "Printer"]
    );
    assert_eq!(store.list_assets(acme.id, true).unwrap().len(), 4);

    // Every change was an op on the "asset" entity.
    let ops = store.ops(Some(&fs.id.to_string())).unwrap();
    assert_eq!(ops.len(), 2);
    assert!(ops.iter().all(|o| o.entity == "asset"));
    assert!(
        !ops[1].fields.as_object().unwrap().contains_key("name"),
        "an edit carries only what changed"
    );
}

#[test]
fn import_is_one_transaction_of_n_ops_and_rows_may_depend_on_later_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    let acme = store.create_client(client("Acme")).unwrap();
    let before = store.ops(None).unwrap().len();
    let rows = vec![
        asset("App", 2, Some((3, 3)), &["DB"]),
        asset("DB", 1, Some((2, 4)), &[]),
        asset("Web", 2, Some((4, 4)), &["App", "DB"]),
    ];
    assert!(
        store
            .vet_assets(acme.id, &rows)
            .unwrap()
            .iter()
            .all(Vec::is_empty)
    );
    assert_eq!(store.import_assets(acme.id, rows).unwrap(), 3);
    let ops = store.ops(None).unwrap();
    assert_eq!(ops.len() - before, 3);
    let list = store.list_assets(acme.id, false).unwrap();
    assert_eq!(
        list.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["DB", "Web", "App"]
    );
    let db = list[0].id;
    assert_eq!(list[2].dependencies, [db]);
    store
        .update_asset(db, asset("DB", 2, Some((1, 1)), &[]))
        .unwrap();
    store.archive_asset(list[1].id).unwrap();
    assert!(
        store.assets_match_op_log().unwrap(),
        "replaying the log rebuilds the table"
    );
    // A change that bypassed the log is caught.
    store
        .read(|conn| {
            conn.execute(
                "UPDATE assets SET name = 'tampered' WHERE id = ?1",
                [db.to_string()],
            )?;
            conn.execute(
                "UPDATE assets SET doc = replace(doc, '\"DB\"', '\"tampered\"')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    assert!(!store.assets_match_op_log().unwrap());
}

#[test]
fn one_bad_row_writes_nothing_and_vetting_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    let acme = store.create_client(client("Acme")).unwrap();
    store
        .create_asset(acme.id, asset("FS-01", 1, None, &[]))
        .unwrap();
    let rows = vec![
        asset("A", 2, None, &[]),
        asset("B", 2, None, &["C"]), // C is rejected below, so B must be too
        asset("C", 2, None, &["Missing"]),
        asset("fs-01", 2, None, &[]),
        asset("A", 3, None, &[]),
    ];
    let vetted = store.vet_assets(acme.id, &rows).unwrap();
    let bad: Vec<usize> = vetted
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.is_empty())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(bad, [1, 2, 3, 4], "{vetted:?}");
    assert!(
        vetted[1][0]
            .message
            .contains("'C' is not an asset of this client")
    );
    assert!(
        vetted[3][0]
            .message
            .contains("already has an asset named 'FS-01'")
    );
    assert!(vetted[4][0].message.contains("more than once"));

    let ops_before = store.ops(None).unwrap().len();
    let err = invalid(store.import_assets(acme.id, rows).unwrap_err());
    assert_eq!(err.fields[0].field, "rows.1.dependencies");
    assert_eq!(store.ops(None).unwrap().len(), ops_before);
    assert_eq!(store.list_assets(acme.id, true).unwrap().len(), 1);
}

#[test]
fn a_failure_in_the_middle_of_a_write_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    let acme = store.create_client(client("Acme")).unwrap();
    let ops_before = store.ops(None).unwrap().len();
    let good = store
        .create_asset(acme.id, asset("Template", 2, None, &[]))
        .unwrap();
    let mut good_doc = serde_json::to_value(&good).unwrap();
    let result = store.write(|w| {
        for i in 0..100 {
            let id = AssetId::from_uuid(w.new_id());
            good_doc["id"] = id.to_string().into();
            good_doc["name"] = format!("row {i}").into();
            w.record_by_name(
                "asset",
                &id.to_string(),
                Change::Upsert(good_doc.as_object().unwrap().clone()),
            )?;
        }
        // Row 101 cannot be projected (criticality is not a number): the whole write fails.
        let mut broken = good_doc.clone();
        broken["criticality"] = "high".into();
        w.record_by_name(
            "asset",
            "broken",
            Change::Upsert(broken.as_object().unwrap().clone()),
        )
    });
    assert!(result.is_err());
    assert_eq!(store.list_assets(acme.id, true).unwrap().len(), 1);
    assert_eq!(store.ops(None).unwrap().len(), ops_before + 1);
}

#[test]
fn unknown_client_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    let nobody = cordon_core::ClientId::from_uuid(uuid_v(9));
    assert!(matches!(
        store.import_assets(nobody, vec![asset("A", 1, None, &[])]),
        Err(StoreError::NotFound { .. })
    ));
}

fn uuid_v(n: u128) -> uuid::Uuid {
    uuid::Uuid::from_u128(n)
}
