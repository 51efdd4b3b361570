//! Cells of the CSV files Cordon writes, made safe to open in a spreadsheet.
//!
//! Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@` as
//! a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`), and a leading tab or carriage return
//! can smuggle one past a check. OWASP's rule for CSV injection: prefix such a cell with a
//! single quote, which spreadsheets show as text. Cordon's own importer takes the quote off
//! again, so an exported file imports back unchanged.

use std::borrow::Cow;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would run `cell`, or `cell` is already quoted text that `restore`
/// would read as such (`'=x`): either way it gets one more quote, so every cell round-trips.
fn needs_quote(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// `cell` as written to a CSV file: with a `'` in front when a spreadsheet would run it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_quote(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralise`] for a cell read from a CSV file.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

/// Writes `cells` as one record, each neutralised.
pub fn write_record<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    w.write_record(
        cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_lose_it_on_the_way_back() {
        for cell in [
            "=1+1",
            "+1",
            "-2",
            "@SUM(A1)",
            "\t=x",
            "\r=x",
            "=cmd|' /C calc'!A0",
            "'@",
            "''=x",
        ] {
            let safe = neutralise(cell);
            assert!(safe.starts_with('\''), "{cell:?}");
            assert_eq!(restore(&safe), cell);
        }
        for cell in ["plain", "1", "", "'quoted", "a=b", " =x"] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
    }
}
