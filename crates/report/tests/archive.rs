//! Tagged PDF and PDF/A-2b, checked by reading the file back with qpdf and poppler.
//! (veraPDF, the reference validator, is a Java tool not packaged by Debian nor on the
//! registries this project installs from, so it is not run here.)
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use cordon_report::{Block, Column, Document, Meta, Table, TitlePage, Tlp, model::text, render};
use support::*;

/// A field of pdfinfo's output ("Tagged", "PDF version").
fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

fn doc() -> Document {
    Document {
        title_page: Some(TitlePage {
            title: "Post-incident report".into(),
            client_logo: Some(cordon_report::Image::from(&logo("client-logo.png"))),
            prepared_by: "Northwind Managed Services".into(),
            facts: vec![("Reference".into(), "MSN-2026-003".into())],
            ..TitlePage::default()
        }),
        contents: true,
        blocks: vec![
            Block::heading(1, "Summary"),
            Block::paragraph("The file server was encrypted; backups were intact."),
            Block::Bullets(vec![text("Isolated"), text("Restored")]),
            Block::heading(2, "Notifications"),
            Block::Table(Table {
                columns: vec![Column::new("Recipient", 1.0), Column::new("Sent", 1.0)],
                rows: vec![vec![text("Regulator"), text("26 Nov 2026")]],
            }),
        ],
    }
}

fn meta(lang: &str, watermark: Option<&str>) -> Meta {
    Meta {
        title: "Post-incident report: ransomware <FS01> & co".into(),
        author: "Northwind Managed Services".into(),
        subject: "For Müller & Søn".into(),
        keywords: vec!["post-incident report".into(), "Müller".into()],
        client: CLIENT_NAME.into(),
        tlp: Tlp::Amber,
        generated: at(2026, 11, 26, 11),
        accent: None,
        header_logo: Some(cordon_report::Image::from(&logo("client-logo.png"))),
        watermark: watermark.map(str::to_owned),
        lang: lang.into(),
    }
}

#[test]
fn the_pdf_is_tagged_with_language_title_and_alt_text() {
    let path = save(
        &render(&doc(), &meta("de-DE", None)).unwrap(),
        "archive-tagged",
    );
    let info = pdfinfo(&path);
    assert_eq!(field(&info, "Tagged"), "yes", "{info}");
    let q = qpdf_uncompressed(&path);
    for key in [
        "/StructTreeRoot",
        "/ParentTree",
        "/MarkInfo",
        "/Marked true",
        "/DisplayDocTitle true",
        "/S /H1",
        "/S /H2",
        "/S /P",
        "/S /L",
        "/S /LI",
        "/S /Table",
        "/S /TR",
        "/S /TH",
        "/S /TD",
        "/S /Figure",
        "/StructParents",
        "/MCID 0",
        "/Artifact BMC",
    ] {
        assert!(q.contains(key), "{key} missing");
    }
    // Language and alt text are UTF-16 text strings: compare their hex form.
    let hex = |s: &str| {
        let mut out = String::from("feff");
        for u in s.encode_utf16() {
            out.push_str(&format!("{u:04x}"));
        }
        out
    };
    let lower = q.to_lowercase();
    assert!(
        lower.contains(&format!("/lang <{}>", hex("de-DE"))),
        "/Lang de-DE"
    );
    assert!(
        lower.contains(&format!(
            "/alt <{}>",
            hex(&format!("Logo of {CLIENT_NAME}"))
        )),
        "the logo's alt text"
    );
}

#[test]
fn the_pdf_claims_pdfa_2b_and_carries_what_it_requires() {
    let path = save(
        &render(&doc(), &meta("en-GB", None)).unwrap(),
        "archive-pdfa",
    );
    let info = pdfinfo(&path);
    assert_eq!(field(&info, "PDF version"), "1.7", "{info}");
    let q = qpdf_uncompressed(&path);
    assert!(q.contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(q.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(q.contains("/OutputIntents"));
    assert!(q.contains("/S /GTS_PDFA1"));
    assert!(q.contains("/DestOutputProfile"));
    assert!(q.contains("/ID ["), "a file identifier");
    assert!(!q.contains("GTS_PDFX"), "no PDF/X claim");
    // The XMP says what the Info dictionary says (pdfinfo reads Info).
    assert!(q.contains("Post-incident report: ransomware &lt;FS01&gt; &amp; co</rdf:li>"));
    assert_eq!(
        field(&info, "Title"),
        "Post-incident report: ransomware <FS01> & co"
    );
    assert!(q.contains("<dc:creator><rdf:Seq><rdf:li>Northwind Managed Services</rdf:li>"));
    assert_eq!(field(&info, "Author"), "Northwind Managed Services");
    assert!(q.contains("<xmp:CreateDate>2026-11-26T11:00:00+00:00</xmp:CreateDate>"));
    assert!(q.contains("/CreationDate (D:20261126110000+00'00')"));
    assert!(q.contains("<pdf:Keywords>post-incident report; Müller</pdf:Keywords>"));
    // Every font embedded.
    let fonts = pdffonts(&path);
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes "), "not embedded: {line}");
    }
}

#[test]
fn a_draft_watermark_is_on_every_page_as_an_artifact() {
    let path = save(
        &render(&doc(), &meta("en-GB", Some("Draft"))).unwrap(),
        "archive-draft",
    );
    let pages = page_count(&path);
    // Set at an angle, the word comes out of pdftotext a letter or two per line.
    let letters =
        |p: &std::path::PathBuf| -> String { pdftotext_reading(p).split_whitespace().collect() };
    assert_eq!(letters(&path).matches("DRAFT").count(), pages);
    let plain = save(
        &render(&doc(), &meta("en-GB", None)).unwrap(),
        "archive-final",
    );
    assert!(!letters(&plain).contains("DRAFT"));
}
