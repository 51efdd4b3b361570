//! Importing 10k assets: CSV parse + mapping (core), vetting against the store, and the one
//! write transaction of 10k ops (store). Prints rows/s; asserts nothing.

use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use cordon_core::asset_csv;
use cordon_core::{ClientInput, Clock};
use cordon_store::{KeyChoice, Passphrase, Store};

const N: usize = 10_000;

struct Wall;
impl Clock for Wall {
    fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }
}

fn main() {
    let mut csv = String::from(
        "Asset name;Type;Owner;Location;Tier;Data classes;RTO;RPO;Depends on;Likelihood;Impact;Rationale\n",
    );
    for i in 0..N {
        let dep = if i > 0 {
            format!("host-{:05}", i - 1)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "host-{i:05};Server;Jürgen Weiß;Hamburg;{};PII|Credentials;4h;1d;{dep};{};{};Generated row {i}\n",
            i % 4 + 1,
            i % 5 + 1,
            5 - i % 5
        ));
    }
    let bytes = csv.into_bytes();
    println!(
        "assets import benchmark: {N} rows, {:.1} MB of CSV",
        bytes.len() as f64 / 1e6
    );

    let t = Instant::now();
    let table = asset_csv::read(&bytes).unwrap();
    let mapping = asset_csv::suggest_mapping(&table.headers);
    let (rows, errors) = asset_csv::parse_rows(&table, &mapping).unwrap();
    let parse = t.elapsed();
    assert!(errors.is_empty());
    let inputs: Vec<_> = rows.into_iter().map(|r| r.input).collect();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(
        dir.path(),
        KeyChoice::Passphrase(Passphrase::new("benchmark passphrase")),
        Arc::new(Wall),
    )
    .unwrap();
    let client = store
        .create_client(ClientInput {
            name: "Bench Ltd".into(),
            ..Default::default()
        })
        .unwrap();

    let t = Instant::now();
    let vetted = store.vet_assets(client.id, &inputs).unwrap();
    let vet = t.elapsed();
    assert!(vetted.iter().all(Vec::is_empty));

    let t = Instant::now();
    let n = store.import_assets(client.id, inputs).unwrap();
    let import = t.elapsed();

    let t = Instant::now();
    let listed = store.list_assets(client.id, false).unwrap().len();
    let list = t.elapsed();

    let rate = |d: std::time::Duration| N as f64 / d.as_secs_f64();
    println!(
        "  decode + parse + map   {:>8.0} rows/s  ({:?})",
        rate(parse),
        parse
    );
    println!(
        "  vet against the store  {:>8.0} rows/s  ({:?})",
        rate(vet),
        vet
    );
    println!(
        "  import (1 transaction) {:>8.0} rows/s  ({:?}, {n} ops)",
        rate(import),
        import
    );
    let total = parse + vet + import;
    println!(
        "  end to end             {:>8.0} rows/s  ({:?})",
        rate(total),
        total
    );
    println!("  list prioritised       {listed} assets in {list:?}");
}
