//! CSV import and export of assets, pure: bytes in, rows and per-row errors out.
//!
//! Spreadsheets arrive in every shape an MSP's clients produce: Excel's "CSV UTF-8" (with a
//! BOM), plain "CSV" from a German or French Excel (Windows-1252 text, `;` separators), Google
//! Sheets (UTF-8, commas), tab-separated exports. So the importer decodes first (UTF-8 with or
//! without BOM; UTF-16 with a BOM; else Windows-1252, which never fails and is what Excel
//! writes on Western Windows), sniffs the separator from the header line, and suggests which
//! column is which field from the header text; the person confirms or changes the mapping
//! before any row is read for real. Each bad cell becomes a `RowError` with the row number a
//! spreadsheet shows (header = row 1), the column's header text, and what to type instead.

use serde::{Deserialize, Serialize};

use crate::asset::{
    AssetInput, AssetKind, DataClass, RiskInput, Severity, VulnStatus, Vulnerability,
    format_duration, parse_duration,
};
use crate::validation::Invalid;

use crate::limits::{MAX_CSV_BYTES, MAX_CSV_ROWS, describe_bytes};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// The asset fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AssetField {
    Name,
    Kind,
    Owner,
    Location,
    Criticality,
    DataClasses,
    Rto,
    Rpo,
    Dependencies,
    Vulnerabilities,
    Likelihood,
    Impact,
    RiskRationale,
}

impl AssetField {
    pub const ALL: [AssetField; 13] = [
        AssetField::Name,
        AssetField::Kind,
        AssetField::Owner,
        AssetField::Location,
        AssetField::Criticality,
        AssetField::DataClasses,
        AssetField::Rto,
        AssetField::Rpo,
        AssetField::Dependencies,
        AssetField::Vulnerabilities,
        AssetField::Likelihood,
        AssetField::Impact,
        AssetField::RiskRationale,
    ];

    /// The header export writes, and the first one import recognises.
    pub fn header(self) -> &'static str {
        match self {
            AssetField::Name => "Name",
            AssetField::Kind => "Kind",
            AssetField::Owner => "Owner",
            AssetField::Location => "Location",
            AssetField::Criticality => "Criticality",
            AssetField::DataClasses => "Data classes",
            AssetField::Rto => "RTO",
            AssetField::Rpo => "RPO",
            AssetField::Dependencies => "Depends on",
            AssetField::Vulnerabilities => "Vulnerabilities",
            AssetField::Likelihood => "Likelihood",
            AssetField::Impact => "Impact",
            AssetField::RiskRationale => "Risk rationale",
        }
    }

    /// Header words that mean this field, squashed (lowercase, letters and digits only).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            AssetField::Name => &[
                "name",
                "assetname",
                "asset",
                "hostname",
                "host",
                "system",
                "systemname",
                "device",
                "devicename",
                "bezeichnung",
                "nom",
            ],
            AssetField::Kind => &["kind", "type", "assettype", "category", "class", "typ"],
            AssetField::Owner => &[
                "owner",
                "assetowner",
                "responsible",
                "businessowner",
                "custodian",
                "verantwortlich",
            ],
            AssetField::Location => &["location", "site", "where", "place", "room", "standort"],
            AssetField::Criticality => &[
                "criticality",
                "tier",
                "critical",
                "priority",
                "businesscriticality",
                "kritikalität",
            ],
            AssetField::DataClasses => &[
                "dataclasses",
                "dataclass",
                "data",
                "datatypes",
                "dataclassification",
                "classification",
                "sensitivedata",
                "daten",
                "datenklassen",
            ],
            AssetField::Rto => &["rto", "recoverytimeobjective", "rtohours", "recoverytime"],
            AssetField::Rpo => &["rpo", "recoverypointobjective", "rpohours", "recoverypoint"],
            AssetField::Dependencies => &[
                "dependson",
                "dependencies",
                "dependency",
                "requires",
                "upstream",
            ],
            AssetField::Vulnerabilities => &[
                "vulnerabilities",
                "vulnerability",
                "vulns",
                "knownissues",
                "weaknesses",
                "cves",
            ],
            AssetField::Likelihood => &["likelihood", "probability", "risklikelihood"],
            AssetField::Impact => &["impact", "riskimpact", "severityofimpact"],
            AssetField::RiskRationale => &[
                "riskrationale",
                "rationale",
                "risknotes",
                "notes",
                "riskdescription",
                "comment",
                "comments",
            ],
        }
    }

    /// The field of an `AssetInput` validation error (`risk.impact`, `vulnerabilities.0.title`).
    pub fn of_input_field(field: &str) -> Option<AssetField> {
        let head = field.split('.').next().unwrap_or(field);
        Some(match (head, field) {
            ("name", _) => AssetField::Name,
            ("kind", _) => AssetField::Kind,
            ("owner", _) => AssetField::Owner,
            ("location", _) => AssetField::Location,
            ("criticality", _) => AssetField::Criticality,
            ("data_classes", _) => AssetField::DataClasses,
            ("rto_minutes", _) => AssetField::Rto,
            ("rpo_minutes", _) => AssetField::Rpo,
            ("dependencies", _) => AssetField::Dependencies,
            ("vulnerabilities", _) => AssetField::Vulnerabilities,
            (_, "risk.likelihood") => AssetField::Likelihood,
            (_, "risk.impact") => AssetField::Impact,
            (_, "risk.rationale") => AssetField::RiskRationale,
            _ => return None,
        })
    }
}

/// Which field each column holds, by column position; `None` leaves a column out.
pub type ColumnMapping = Vec<Option<AssetField>>;

/// A decoded file: its header cells and data rows, before any mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub encoding: TextEncoding,
    pub delimiter: char,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One problem with one cell (or one row), as a spreadsheet user finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowError {
    /// The row number the spreadsheet shows: the header is row 1, the first asset row 2.
    pub row: u32,
    /// The column's header text; empty when the problem is the whole row.
    pub column: String,
    pub message: String,
}

/// A data row that parsed, with its spreadsheet row number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRow {
    pub row: u32,
    pub input: AssetInput,
}

/// The refusal of a file over [`MAX_CSV_BYTES`], wherever it is measured (the facade
/// measures before it reads; `decode` checks again for callers that pass bytes).
pub fn too_large() -> Invalid {
    Invalid::one("file", too_large_message())
}

pub fn too_large_message() -> String {
    format!(
        "the file is larger than {}, the limit for one asset list; split it into smaller files and import them one by one",
        describe_bytes(MAX_CSV_BYTES)
    )
}

/// Text from the file's bytes, and which encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), Invalid> {
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(too_large());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok((t.to_owned(), TextEncoding::Utf8Bom)),
            Err(_) => Err(Invalid::one(
                "file",
                "the file says it is UTF-8 but is not; save it again as \"CSV UTF-8\"",
            )),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, label) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, TextEncoding::Utf16Le)
        } else {
            (encoding_rs::UTF_16BE, TextEncoding::Utf16Be)
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(Invalid::one(
                "file",
                "the file is damaged UTF-16 text; save it again as \"CSV UTF-8\"",
            ));
        }
        return Ok((text.into_owned(), label));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_owned(), TextEncoding::Utf8)),
        Err(_) => {
            // Not UTF-8: Excel's plain "CSV" on Western Windows is Windows-1252, which maps
            // every byte, so this cannot fail; the preview shows the text for the user to check.
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), TextEncoding::Windows1252))
        }
    }
}

/// The separator of the header line (outside quotes): the most frequent of `,` `;` tab.
pub fn sniff_delimiter(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            _ if !quoted => {
                for (d, n) in counts.iter_mut() {
                    if *d == c {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == ','))
        .map(|(d, _)| *d)
        .unwrap_or(',')
}

/// Decodes and splits the file into header and rows.
pub fn read(bytes: &[u8]) -> Result<Table, Invalid> {
    let (text, encoding) = decode(bytes)?;
    // Excel writes and honours a first line `sep=;` naming the separator, and hides it, so the
    // header is still row 1 to the person reading the report.
    let (text, delimiter) = match text.split_once('\n') {
        Some((first, rest)) if first.trim().to_ascii_lowercase().starts_with("sep=") => {
            let d = first.trim()[4..].chars().next().unwrap_or(',');
            (rest, if d == 't' { '\t' } else { d })
        }
        _ => (text.as_str(), sniff_delimiter(&text)),
    };
    if !delimiter.is_ascii() {
        return Err(Invalid::one(
            "file",
            format!("the file names '{delimiter}' as its separator; save it with , or ; instead"),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_owned()).collect(),
        Some(Err(e)) => {
            return Err(Invalid::one(
                "file",
                format!("the header row cannot be read ({e}); check that the file is CSV"),
            ));
        }
        None => {
            return Err(Invalid::one(
                "file",
                "the file is empty; export the asset sheet with a header row and at least one asset",
            ));
        }
    };
    if headers.iter().all(String::is_empty) {
        return Err(Invalid::one(
            "file",
            "the first row is empty; the first row must name the columns (Name, Criticality ...)",
        ));
    }
    let mut rows = Vec::new();
    let mut data_rows = 0usize;
    for rec in records {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Invalid::one(
                "file",
                format!("line {line} cannot be read as CSV ({e}); check for an unclosed quote"),
            )
        })?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            rows.push(Vec::new()); // keeps row numbers true; skipped when parsing
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_CSV_ROWS {
            return Err(Invalid::one(
                "file",
                format!(
                    "the file has more than {MAX_CSV_ROWS} rows; split the file and import the parts one by one"
                ),
            ));
        }
        // Cordon's export quotes formula-like cells (`'=...`); take the quote off again.
        rows.push(
            rec.iter()
                .map(|c| crate::csv_cell::restore(c).to_owned())
                .collect(),
        );
    }
    Ok(Table {
        encoding,
        delimiter,
        headers,
        rows,
    })
}

/// The field each header most likely holds; each field is suggested for one column at most.
pub fn suggest_mapping(headers: &[String]) -> ColumnMapping {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let key: String = h
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            let hit = AssetField::ALL.into_iter().find(|f| {
                !taken.contains(f)
                    && (f.synonyms().contains(&key.as_str())
                        // "RTO (hours)", "Criticality 1-4", "Asset owner name"
                        || f.synonyms().iter().any(|s| s.len() >= 3 && key.starts_with(s)))
            });
            if let Some(f) = hit {
                taken.push(f);
            }
            hit
        })
        .collect()
}

/// Checks a mapping a person confirmed: one column per field, and a name column.
pub fn check_mapping(headers: &[String], mapping: &ColumnMapping) -> Result<(), Invalid> {
    let mut ck = crate::validation::Checker::default();
    if mapping.len() != headers.len() {
        ck.fail(
            "mapping",
            format!(
                "the mapping lists {} columns but the file has {}; load the file again",
                mapping.len(),
                headers.len()
            ),
        );
    }
    if !mapping.contains(&Some(AssetField::Name)) {
        ck.fail(
            "mapping",
            "no column is mapped to Name; pick the column that holds each asset's name",
        );
    }
    for f in AssetField::ALL {
        let cols: Vec<&str> = mapping
            .iter()
            .zip(headers)
            .filter(|(m, _)| **m == Some(f))
            .map(|(_, h)| h.as_str())
            .collect();
        if cols.len() > 1 {
            ck.fail(
                "mapping",
                format!(
                    "{} is mapped from {} columns ({}); keep one and set the others to (ignore)",
                    f.header(),
                    cols.len(),
                    cols.join(", ")
                ),
            );
        }
    }
    ck.finish(())
}

/// The header text of the column mapped to `field`, for messages.
pub fn column_of(headers: &[String], mapping: &ColumnMapping, field: AssetField) -> String {
    mapping
        .iter()
        .position(|m| *m == Some(field))
        .and_then(|i| headers.get(i).cloned())
        .unwrap_or_default()
}

/// Every data row through the mapping: the rows whose cells all parse and pass the asset
/// rules that need no other record, and an error per bad cell for the rest. Rules that need
/// the store (unique names, dependencies) are checked by the caller.
pub fn parse_rows(
    table: &Table,
    mapping: &ColumnMapping,
) -> Result<(Vec<ParsedRow>, Vec<RowError>), Invalid> {
    check_mapping(&table.headers, mapping)?;
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for (i, cells) in table.rows.iter().enumerate() {
        if cells.is_empty() {
            continue;
        }
        let row = i as u32 + 2;
        let before = errors.len();
        let input = parse_row(row, cells, &table.headers, mapping, &mut errors);
        if let Some(input) = input {
            // The rules of `Asset::create` that need no store, so the preview shows them.
            let probe = crate::AssetId::from_uuid(uuid::Uuid::nil());
            let client = crate::ClientId::from_uuid(uuid::Uuid::nil());
            let no_deps = AssetInput {
                dependencies: Vec::new(),
                ..input.clone()
            };
            let now = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
            if let Err(inv) = crate::asset::Asset::create(probe, client, no_deps, &|_| None, now) {
                for f in inv.fields {
                    let col = AssetField::of_input_field(&f.field)
                        .map(|fld| column_of(&table.headers, mapping, fld))
                        .unwrap_or_default();
                    errors.push(RowError {
                        row,
                        column: col,
                        message: f.message,
                    });
                }
            }
            let key = input
                .name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if errors.len() == before && !key.is_empty() {
                if let Some(first) = seen.get(&key) {
                    errors.push(RowError {
                        row,
                        column: column_of(&table.headers, mapping, AssetField::Name),
                        message: format!(
                            "'{}' is already the name in row {first}; asset names must be unique per client, so rename one (e.g. add the site)",
                            input.name.trim()
                        ),
                    });
                } else {
                    seen.insert(key, row);
                }
            }
            if errors.len() == before {
                ok.push(ParsedRow { row, input });
            }
        }
    }
    Ok((ok, errors))
}

fn parse_row(
    row: u32,
    cells: &[String],
    headers: &[String],
    mapping: &ColumnMapping,
    errors: &mut Vec<RowError>,
) -> Option<AssetInput> {
    let mut input = AssetInput::default();
    let mut bad = false;
    let mut likelihood: Option<u32> = None;
    let mut impact: Option<u32> = None;
    let mut rationale = String::new();
    let mut criticality_given = false;
    let mut risk_cell_bad = false;
    for (col, field) in mapping.iter().enumerate() {
        let Some(field) = field else { continue };
        let cell = cells.get(col).map(|c| c.trim()).unwrap_or("");
        let header = headers.get(col).cloned().unwrap_or_default();
        let mut fail = |message: String| {
            errors.push(RowError {
                row,
                column: header.clone(),
                message,
            });
        };
        match field {
            AssetField::Name => input.name = cell.to_owned(),
            AssetField::Kind if cell.is_empty() => {}
            AssetField::Kind => match AssetKind::parse(cell) {
                Some(k) => input.kind = k,
                None => {
                    bad = true;
                    fail(format!(
                        "'{cell}' is not a kind of asset; use one of: {}",
                        AssetKind::ALL.map(|k| k.label()).join(", ")
                    ))
                }
            },
            AssetField::Owner => input.owner = cell.to_owned(),
            AssetField::Location => input.location = cell.to_owned(),
            AssetField::Criticality => {
                criticality_given = !cell.is_empty();
                match parse_small(cell) {
                    Some(n) if (1..=4).contains(&n) => input.criticality = n,
                    _ if cell.is_empty() => {}
                    _ => {
                        bad = true;
                        fail(format!(
                            "criticality must be 1 (highest) to 4; use 1–4 (got '{cell}')"
                        ))
                    }
                }
            }
            AssetField::DataClasses => {
                for part in split_list(cell) {
                    match DataClass::parse(part) {
                        Some(d) => input.data_classes.push(d),
                        None => {
                            bad = true;
                            fail(format!(
                                "'{part}' is not a data class; use {} (separate several with |)",
                                DataClass::ALL.map(|d| d.label()).join(", ")
                            ))
                        }
                    }
                }
            }
            AssetField::Rto | AssetField::Rpo => match parse_duration(cell) {
                Ok(v) if *field == AssetField::Rto => input.rto_minutes = v,
                Ok(v) => input.rpo_minutes = v,
                Err(m) => {
                    bad = true;
                    fail(m)
                }
            },
            AssetField::Dependencies => {
                input.dependencies = split_list(cell).map(str::to_owned).collect()
            }
            AssetField::Vulnerabilities => {
                for part in cell.split('|').map(str::trim).filter(|p| !p.is_empty()) {
                    match parse_vulnerability(part) {
                        Ok(v) => input.vulnerabilities.push(v),
                        Err(m) => {
                            bad = true;
                            fail(m)
                        }
                    }
                }
            }
            AssetField::Likelihood | AssetField::Impact => {
                let what = if *field == AssetField::Likelihood {
                    "likelihood must be 1 (rare) to 5 (almost certain)"
                } else {
                    "impact must be 1 (negligible) to 5 (severe)"
                };
                match parse_small(cell) {
                    _ if cell.is_empty() => {}
                    Some(n) if (1..=5).contains(&n) => {
                        if *field == AssetField::Likelihood {
                            likelihood = Some(n)
                        } else {
                            impact = Some(n)
                        }
                    }
                    _ => {
                        bad = true;
                        risk_cell_bad = true;
                        fail(format!("{what}; use 1–5 (got '{cell}')"))
                    }
                }
            }
            AssetField::RiskRationale => rationale = cell.to_owned(),
        }
    }
    if !criticality_given && mapping.contains(&Some(AssetField::Criticality)) {
        bad = true;
        errors.push(RowError {
            row,
            column: column_of(headers, mapping, AssetField::Criticality),
            message: "criticality is empty; use 1 (highest) to 4".into(),
        });
    }
    match (likelihood, impact) {
        (Some(l), Some(i)) => {
            input.risk = Some(RiskInput {
                likelihood: l,
                impact: i,
                rationale,
            })
        }
        (None, None) if rationale.is_empty() => {}
        _ if risk_cell_bad => {}
        (l, _) => {
            bad = true;
            let missing = if l.is_none() {
                AssetField::Likelihood
            } else {
                AssetField::Impact
            };
            let col = column_of(headers, mapping, missing);
            errors.push(RowError {
                row,
                column: col.clone(),
                message: if col.is_empty() {
                    "a risk entry needs both likelihood and impact; map both columns or neither".into()
                } else {
                    format!("a risk entry needs both likelihood and impact; fill in {col} (1–5) or clear the risk cells")
                },
            });
        }
    }
    (!bad).then_some(input)
}

fn parse_small(cell: &str) -> Option<u32> {
    // "1", "1.0" (a spreadsheet's number), "Tier 1", "P1"
    let digits: String = cell
        .trim()
        .trim_end_matches(".0")
        .chars()
        .filter(|c| !c.is_alphabetic() && !c.is_whitespace())
        .collect();
    digits.parse().ok()
}

/// Values inside one cell: separated by `|`, or by `,` / `;` when there is no `|`.
fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    let seps: &[char] = if cell.contains('|') {
        &['|']
    } else {
        &[',', ';']
    };
    cell.split(seps).map(str::trim).filter(|p| !p.is_empty())
}

/// `Title [severity, status]`; status defaults to open.
fn parse_vulnerability(text: &str) -> Result<Vulnerability, String> {
    let hint = "write each vulnerability as Title [severity, status], e.g. SMBv1 enabled [high, open]; severity is low/medium/high/critical, status open/mitigated/accepted/fixed; separate several with |";
    let (title, tags) = match text.rfind('[') {
        Some(i) if text.ends_with(']') => (&text[..i], &text[i + 1..text.len() - 1]),
        _ => return Err(format!("'{text}' has no [severity]; {hint}")),
    };
    let mut parts = tags.split(',').map(str::trim);
    let severity = parts
        .next()
        .and_then(Severity::parse)
        .ok_or_else(|| format!("'{text}' has no valid severity; {hint}"))?;
    let status = match parts.next() {
        None | Some("") => VulnStatus::Open,
        Some(s) => VulnStatus::parse(s).ok_or_else(|| format!("'{s}' is not a status; {hint}"))?,
    };
    Ok(Vulnerability {
        title: title.trim().to_owned(),
        severity,
        status,
    })
}

/// The assets as CSV text (UTF-8, commas, the headers `read` recognises). `name_of` turns a
/// dependency id into that asset's name, so the file reads well and imports again.
pub fn export(
    assets: &[crate::asset::Asset],
    name_of: &dyn Fn(&crate::AssetId) -> Option<String>,
) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = crate::csv_cell::write_record(&mut w, AssetField::ALL.map(|f| f.header()));
    for a in assets {
        let risk = a.risk.as_ref();
        let record = [
            a.name.clone(),
            a.kind.label().to_owned(),
            a.owner.clone(),
            a.location.clone(),
            a.criticality.to_string(),
            a.data_classes
                .iter()
                .map(|d| d.label())
                .collect::<Vec<_>>()
                .join("|"),
            a.rto_minutes.map(format_duration).unwrap_or_default(),
            a.rpo_minutes.map(format_duration).unwrap_or_default(),
            a.dependencies
                .iter()
                .map(|d| name_of(d).unwrap_or_else(|| d.to_string()))
                .collect::<Vec<_>>()
                .join("|"),
            a.vulnerabilities
                .iter()
                .map(|v| format!("{} [{}, {}]", v.title, v.severity.label(), v.status.label()))
                .collect::<Vec<_>>()
                .join(" | "),
            risk.map(|r| r.likelihood.to_string()).unwrap_or_default(),
            risk.map(|r| r.impact.to_string()).unwrap_or_default(),
            risk.map(|r| r.rationale.clone()).unwrap_or_default(),
        ];
        let _ = crate::csv_cell::write_record(&mut w, &record);
    }
    // Writing to a Vec cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
