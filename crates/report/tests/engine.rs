//! The block engine on its own, read back with poppler-utils.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use cordon_report::{Block, Column, Document, Meta, Table, Tlp, model::text, render};
use support::*;

fn meta() -> Meta {
    Meta {
        title: "Asset inventory".into(),
        author: "Northwind Managed Services".into(),
        subject: "Every asset of the client".into(),
        keywords: Vec::new(),
        client: CLIENT_NAME.into(),
        tlp: Tlp::Green,
        generated: at(2026, 11, 26, 11),
        accent: None,
        header_logo: None,
        watermark: None,
        lang: "en-GB".into(),
    }
}

#[test]
fn a_300_row_table_repeats_its_header_on_every_page() {
    let table = Table {
        columns: vec![
            Column::new("Hostname", 2.0),
            Column::new("Owner", 2.0),
            Column::new("Criticality", 1.0),
        ],
        rows: (0..300)
            .map(|i| {
                vec![
                    text(format!("srv-{i:03}.müller-søn.example")),
                    text("Jürgen Straße"),
                    text(format!("{}", i % 3 + 1)),
                ]
            })
            .collect(),
    };
    let doc = Document {
        title_page: None,
        contents: false,
        blocks: vec![
            Block::heading(1, "Assets"),
            Block::paragraph("All 300 of them."),
            Block::Table(table),
        ],
    };
    let path = save(&render(&doc, &meta()).unwrap(), "engine-300-rows");
    let pages = page_count(&path);
    assert!(pages >= 5, "{pages} pages");
    let mut seen = 0;
    for n in 1..=pages {
        let text = pdftotext(&path, Some((n, n)));
        assert!(
            text.contains("Hostname") && text.contains("Criticality"),
            "no header row on page {n}"
        );
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "footer on page {n}"
        );
        assert!(text.contains("TLP:GREEN"), "marking on page {n}");
        seen += text.matches(".müller-søn.example").count();
    }
    assert_eq!(seen, 300, "every row printed exactly once");
}

#[test]
fn no_title_page_means_a_header_on_page_one() {
    let doc = Document {
        title_page: None,
        contents: false,
        blocks: vec![Block::paragraph("Short.")],
    };
    let path = save(&render(&doc, &meta()).unwrap(), "engine-one-page");
    assert_eq!(page_count(&path), 1);
    let text = pdftotext(&path, None);
    assert!(text.contains("Asset inventory") && text.contains("Page 1 of 1"));
}

#[test]
fn an_image_block_is_placed_on_the_page() {
    let doc = Document {
        title_page: None,
        contents: false,
        blocks: vec![
            Block::paragraph("Logo:"),
            Block::Image {
                image: cordon_report::Image::from(&logo("client-logo.png")),
                width_mm: 50.0,
                alt: "The client's logo".into(),
            },
        ],
    };
    let path = save(&render(&doc, &meta()).unwrap(), "engine-image");
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages (poppler-utils) runs");
    let list = String::from_utf8_lossy(&out.stdout);
    // Header lines, then one line per image: 240 x 80 pixels.
    assert!(
        list.lines()
            .any(|l| l.contains(" 240 ") && l.contains(" 80 ")),
        "{list}"
    );
}

#[test]
fn a_table_of_up_to_six_rows_is_on_one_page_of_the_pdf() {
    let mut moved = false;
    for n in 24..34 {
        let mut blocks: Vec<Block> = (0..n)
            .map(|i| Block::paragraph(format!("Filler paragraph {i}.")))
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![Column::new("Recipient", 2.0), Column::new("Status", 1.0)],
            rows: (0..6)
                .map(|i| vec![text(format!("Recipient number {i}")), text("Sent")])
                .collect(),
        }));
        let doc = Document {
            title_page: None,
            contents: false,
            blocks,
        };
        let path = save(&render(&doc, &meta()).unwrap(), "engine-small-table");
        let pages = page_count(&path);
        let holding: Vec<usize> = (1..=pages)
            .filter(|&p| pdftotext(&path, Some((p, p))).contains("Recipient number"))
            .collect();
        assert_eq!(holding.len(), 1, "n = {n}: rows on pages {holding:?}");
        let page = pdftotext(&path, Some((holding[0], holding[0])));
        assert_eq!(page.matches("Recipient number").count(), 6, "n = {n}");
        moved |= holding[0] > 1;
    }
    assert!(moved, "no fill pushed the table to a second page");
}
