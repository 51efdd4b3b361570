//! Property tests over the CSV paths: the asset importer on any bytes, and the two exports
//! (assets, timeline) read back by a real CSV parser. `cargo test` runs a modest number of
//! cases; set `PROPTEST_CASES` for a longer run (docs/fuzzing.md).

use chrono::{DateTime, Duration, Utc};
use cordon_core::asset::{Asset, AssetInput};
use cordon_core::asset_csv;
use cordon_core::csv_cell;
use cordon_core::incident::{EntryDraft, EntryKind, TimelineEntry};
use cordon_core::{AssetId, ClientId, EntryId, IncidentId};
use proptest::prelude::*;
use uuid::Uuid;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Bytes shaped like a CSV more often than pure noise: separators, quotes, line breaks, BOMs,
/// Windows-1252 and UTF-16 fragments mixed with arbitrary bytes.
fn csvish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"sep=".to_vec()),
        Just(b"Name".to_vec()),
        Just(b"Criticality".to_vec()),
        Just(b"Vulnerabilities".to_vec()),
        Just(b"[high, open]".to_vec()),
        Just(b"'=".to_vec()),
        prop::collection::vec(any::<u8>(), 0..12),
        "[a-zA-Z0-9 |]{0,10}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// A name the asset rules accept: printable, one line, not blank, within the limit.
fn name() -> impl Strategy<Value = String> {
    "[=+@\\-]?\\PC{1,60}"
        .prop_map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .prop_filter("a name needs a visible character", |s| {
            !s.is_empty() && cordon_core::validation::hidden_char(s, false).is_none()
        })
}

proptest! {
    #![proptest_config(config())]

    /// No input bytes panic the importer; every refusal is a field error on `file`.
    #[test]
    fn any_bytes_are_read_or_refused_with_a_file_error(bytes in csvish_bytes()) {
        match asset_csv::read(&bytes) {
            Ok(table) => {
                let mapping = asset_csv::suggest_mapping(&table.headers);
                let _ = asset_csv::parse_rows(&table, &mapping);
            }
            Err(e) => {
                prop_assert!(!e.fields.is_empty());
                prop_assert!(e.fields.iter().all(|f| f.field == "file" && !f.message.is_empty()));
            }
        }
    }

    #[test]
    fn pure_noise_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(table) = asset_csv::read(&bytes) {
            let _ = asset_csv::parse_rows(&table, &asset_csv::suggest_mapping(&table.headers));
        }
    }

    /// Any asset names and owners survive export and import: quoting, separators, formula
    /// neutralising and its undoing all agree.
    #[test]
    fn assets_round_trip_through_export_and_import(
        names in prop::collection::btree_set(name(), 1..6),
        owner in name(),
    ) {
        let client = ClientId::from_uuid(Uuid::from_u128(1));
        let mut seen = std::collections::HashSet::new();
        let assets: Vec<Asset> = names
            .iter()
            .filter(|n| seen.insert(n.to_lowercase()))
            .enumerate()
            .map(|(i, n)| {
                let input = AssetInput {
                    name: n.clone(),
                    owner: owner.clone(),
                    criticality: 1 + (i as u32 % 4),
                    ..Default::default()
                };
                let id = AssetId::from_uuid(Uuid::from_u128(10 + i as u128));
                Asset::create(id, client, input, &|_| None, DateTime::UNIX_EPOCH).unwrap()
            })
            .collect();
        let text = asset_csv::export(&assets, &|_| None);
        let table = asset_csv::read(text.as_bytes()).unwrap();
        let mapping = asset_csv::suggest_mapping(&table.headers);
        let (rows, errors) = asset_csv::parse_rows(&table, &mapping).unwrap();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, text);
        let back: Vec<(&str, &str, u32)> = rows
            .iter()
            .map(|r| (r.input.name.as_str(), r.input.owner.as_str(), r.input.criticality))
            .collect();
        let sent: Vec<(&str, &str, u32)> = assets
            .iter()
            .map(|a| (a.name.as_str(), a.owner.as_str(), a.criticality))
            .collect();
        prop_assert_eq!(back, sent);
    }

    /// Any timeline text (controls, quotes, line breaks, formulas) comes back from a real CSV
    /// parser exactly, and the hash column checks out against it outside Cordon.
    #[test]
    fn timeline_text_survives_the_csv_export(
        texts in prop::collection::vec("[=+@\\-\\t]?(\\PC|[\\n\\r\\t\",;\\u{1b}\\u{202e}])*", 1..5),
        author in "[=+@\\-]?\\PC{1,30}",
    ) {
        let incident = IncidentId::from_uuid(Uuid::from_u128(7));
        let now: DateTime<Utc> = "2026-03-01T10:00:00Z".parse().unwrap();
        let mut entries: Vec<TimelineEntry> = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let draft = EntryDraft {
                kind: EntryKind::Observation,
                text: format!("{t} #{i}"),
                occurred_at: Some(now - Duration::minutes(10 - i as i64)),
                client_visible: i % 2 == 0,
                technique: None,
                corrects: None,
            };
            let id = EntryId::from_uuid(Uuid::from_u128(100 + i as u128));
            let e = TimelineEntry::append(id, incident, &cordon_core::incident::timeline::heads(&entries), draft, &author, now).unwrap();
            entries.push(e);
        }
        let csv = cordon_core::incident::timeline::to_csv(&entries);
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), entries.len());
        for (row, e) in rows.iter().zip(&entries) {
            for cell in row.iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
            }
            let text = csv_cell::restore(&row[col("text")]);
            let author = csv_cell::restore(&row[col("author")]);
            prop_assert_eq!(text, e.text.as_str());
            prop_assert_eq!(author, e.author.as_str());
            let mut rebuilt = e.clone();
            rebuilt.text = text.to_owned();
            rebuilt.author = author.to_owned();
            prop_assert_eq!(rebuilt.content_hash(), &row[col("hash")]);
        }
    }
}
