//! The asset import as the dialog and the CLI use it: preview writes nothing, import stores
//! the valid rows only, export reads back in, and the demo seeds assets once.

use std::sync::Arc;

use cordon_app::{AssetField, ClientInput, SystemClock, Workspace};

fn workspace(dir: &std::path::Path) -> Workspace {
    let ws = Workspace::new(dir, Arc::new(SystemClock));
    ws.create(Some("asset facade passphrase".into())).unwrap();
    ws
}

fn client(ws: &Workspace, name: &str) -> String {
    ws.create_client(ClientInput {
        name: name.into(),
        ..Default::default()
    })
    .unwrap()
    .id
    .to_string()
}

const FILE: &str = "Hostname;Tier;Daten;Depends on;Likelihood;Impact\n\
                    FS-01;1;PII;DC-01;4;5\n\
                    DC-01;1;Credentials;;3;5\n\
                    NAS;5;PII;;2;2\n\
                    Web;2;;Nowhere;2;2\n\
                    App;2;;Web;2;2\n";

#[test]
fn preview_writes_nothing_and_import_stores_only_valid_rows() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let acme = client(&ws, "Acme");
    let ops = ws.doctor().unwrap().op_count;

    let p = ws
        .preview_asset_import(&acme, FILE.as_bytes(), None)
        .unwrap();
    assert_eq!(p.delimiter, ";");
    assert_eq!(p.mapping[0], Some(AssetField::Name));
    assert_eq!((p.total_rows, p.valid_count), (5, 2));
    let report: Vec<(u32, &str)> = p
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    // NAS: bad tier; Web: unknown dependency; App: depends on the rejected Web.
    assert_eq!(
        report,
        [(4, "Tier"), (5, "Depends on"), (6, "Depends on")],
        "{:?}",
        p.errors
    );
    assert_eq!(
        ws.doctor().unwrap().op_count,
        ops,
        "a preview writes nothing"
    );

    // The person unmaps "Depends on": Web and App become valid.
    let mut mapping = p.mapping.clone();
    mapping[3] = None;
    let p2 = ws
        .preview_asset_import(&acme, FILE.as_bytes(), Some(mapping))
        .unwrap();
    assert_eq!(p2.valid_count, 4);

    let r = ws.import_assets(&acme, FILE.as_bytes(), None).unwrap();
    assert_eq!((r.imported, r.rejected.len()), (2, 3));
    assert_eq!(ws.doctor().unwrap().op_count, ops + 2);
    let list = ws.list_assets(&acme, false).unwrap();
    assert_eq!(
        list.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["FS-01", "DC-01"]
    );
    assert!(ws.doctor().unwrap().tables_match_op_log);

    // Importing again: every row now clashes by name or was bad anyway; nothing is written.
    let r = ws.import_assets(&acme, FILE.as_bytes(), None).unwrap();
    assert_eq!(r.imported, 0);
    assert!(
        r.rejected
            .iter()
            .any(|e| e.row == 2 && e.message.contains("already has an asset named 'FS-01'"))
    );
}

#[test]
fn export_imports_into_another_client_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    cordon_demo::seed(&ws).unwrap();
    let clients = ws.list_clients("brightwater", false).unwrap();
    let bw = clients[0].id.to_string();
    let text = ws.export_assets_csv(&bw).unwrap();
    assert!(
        text.starts_with("Name,Kind,Owner,Location,Criticality,Data classes,RTO,RPO,Depends on")
    );
    let copy = client(&ws, "Brightwater copy");
    let r = ws.import_assets(&copy, text.as_bytes(), None).unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    let strip = |list: Vec<cordon_app::Asset>| {
        let names: std::collections::HashMap<_, _> =
            list.iter().map(|a| (a.id, a.name.clone())).collect();
        list.into_iter()
            .map(|a| {
                let deps: Vec<String> = a.dependencies.iter().map(|d| names[d].clone()).collect();
                (
                    a.name,
                    a.kind,
                    a.owner,
                    a.criticality,
                    a.data_classes,
                    a.rto_minutes,
                    a.rpo_minutes,
                    deps,
                    a.vulnerabilities,
                    a.risk,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strip(ws.list_assets(&copy, false).unwrap()),
        strip(ws.list_assets(&bw, false).unwrap())
    );
}

#[test]
fn demo_seeds_assets_once() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    cordon_demo::seed(&ws).unwrap();
    let bw = ws.list_clients("brightwater", false).unwrap()[0]
        .id
        .to_string();
    let first = ws.list_assets(&bw, false).unwrap();
    assert_eq!(first[0].criticality, 1);
    let fs = first.iter().find(|a| a.name == "FS-01").unwrap();
    assert!(fs.data_classes.contains(&cordon_app::DataClass::Pii));
    let ops = ws.doctor().unwrap().op_count;
    cordon_demo::seed(&ws).unwrap();
    assert_eq!(
        ws.doctor().unwrap().op_count,
        ops,
        "seeding twice adds nothing"
    );
    for c in ws.list_clients("", false).unwrap() {
        let n = ws.list_assets(&c.id.to_string(), false).unwrap().len();
        assert!((4..=8).contains(&n), "{} has {n} assets", c.name);
    }
}

#[test]
fn bad_ids_and_files_are_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let acme = client(&ws, "Acme");
    let e = ws.list_assets("nope", false).unwrap_err();
    assert_eq!(e.code, cordon_app::ErrorCode::InvalidInput);
    // No column looks like a name: the preview still shows the headers and says what to do.
    let p = ws
        .preview_asset_import(&acme, b"Gizmo,Tier\nTill,2\n", None)
        .unwrap();
    assert_eq!(p.headers, ["Gizmo", "Tier"]);
    assert!(
        p.mapping_errors[0]
            .message
            .contains("no column is mapped to Name")
    );
    let e = ws
        .import_assets(&acme, b"Gizmo,Tier\nTill,2\n", None)
        .unwrap_err();
    assert_eq!(e.code, cordon_app::ErrorCode::InvalidInput);
    let e = ws.preview_asset_import(&acme, b"", None).unwrap_err();
    assert_eq!(e.code, cordon_app::ErrorCode::InvalidInput);
    assert!(e.message.contains("the file is empty"), "{}", e.message);
}

#[test]
fn ten_thousand_rows_import_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let acme = client(&ws, "Acme");
    let mut csv = String::from("Name,Criticality,Depends on,Likelihood,Impact\n");
    for i in 0..10_000 {
        let dep = if i > 0 {
            format!("h{}", i - 1)
        } else {
            String::new()
        };
        csv.push_str(&format!("h{i},{},{dep},{},{}\n", i % 4 + 1, i % 5 + 1, 3));
    }
    csv.push_str("bad,0,,,\n");
    let ops = ws.doctor().unwrap().op_count;
    let r = ws.import_assets(&acme, csv.as_bytes(), None).unwrap();
    assert_eq!(
        (r.imported, r.total_rows, r.rejected.len()),
        (10_000, 10_001, 1)
    );
    assert_eq!(r.rejected[0].row, 10_002);
    assert_eq!(ws.doctor().unwrap().op_count, ops + 10_000);
    let list = ws.list_assets(&acme, false).unwrap();
    assert_eq!(list.len(), 10_000);
    assert!(
        list.windows(2)
            .all(|w| w[0].criticality <= w[1].criticality)
    );
}
