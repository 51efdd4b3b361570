//! Text in every script the reports meet, read back from the PDF as a reader's copy-paste
//! would get it (pdftotext), with the fonts that printed it (pdffonts).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use cordon_report::{
    Block, Column, Document, Meta, Table, TitlePage, Tlp, model::text, render_counted,
};
use support::*;

fn meta(client: &str) -> Meta {
    Meta {
        title: "Post-incident report".into(),
        author: "Northwind Managed Services".into(),
        subject: String::new(),
        keywords: Vec::new(),
        client: client.into(),
        tlp: Tlp::Amber,
        generated: at(2026, 11, 26, 11),
        accent: None,
        header_logo: None,
        watermark: None,
        lang: "en-GB".into(),
    }
}

const SAMPLES: &[(&str, &str)] = &[
    ("Japanese", "東京本社のファイルサーバーが暗号化されました"),
    ("Chinese", "上海办公室的客户数据可能已泄露"),
    ("Korean", "서울 지사 백업 서버 점검 완료"),
    ("Arabic", "تم إبلاغ الجهة التنظيمية في دبي"),
    ("Hebrew", "הודעה נשלחה לרשות להגנת הפרטיות"),
    ("Devanagari", "मुंबई कार्यालय की सूचना भेजी गई"),
    ("Thai", "แจ้งสำนักงานกรุงเทพแล้ว"),
    ("Greek", "Ενημερώθηκε η αρχή προστασίας δεδομένων"),
    ("Cyrillic", "Уведомление отправлено в Киев"),
    ("Symbols", "✓ sent ✗ overdue → escalate ★"),
];

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_script_extracts_as_typed_from_body_table_title_and_header() {
    let client = "株式会社みらい – شركة المستقبل";
    let mut blocks = vec![Block::heading(1, "Scripts")];
    for (name, s) in SAMPLES {
        blocks.push(Block::heading(2, *name));
        blocks.push(Block::paragraph(*s));
    }
    blocks.push(Block::Table(Table {
        columns: vec![Column::new("Recipient", 1.0), Column::new("Notice", 2.0)],
        rows: SAMPLES
            .iter()
            .map(|(n, s)| vec![text(*n), text(*s)])
            .collect(),
    }));
    let doc = Document {
        title_page: Some(TitlePage {
            title: "報告書 – تقرير – דוח".into(),
            prepared_by: "Северный ИТ-сервис".into(),
            facts: vec![("Distribution".into(), "김민준, أحمد, שרה, 王芳".into())],
            ..TitlePage::default()
        }),
        contents: false,
        blocks,
    };
    let r = render_counted(&doc, &meta(client)).unwrap();
    assert!(r.missing_glyphs.is_empty(), "{:?}", r.warning());
    let path = save(&r.pdf, "scripts-all");
    let raw = squash(&pdftotext_reading(&path));
    for (name, s) in SAMPLES {
        assert!(
            raw.contains(&squash(s)),
            "{name} not extracted as typed:\n{raw}"
        );
    }
    for s in [
        "報告書",
        "تقرير",
        "דוח",
        "Северный ИТ-сервис",
        "김민준",
        "أحمد",
        "שרה",
        "王芳",
    ] {
        assert!(raw.contains(s), "{s} on the title page:\n{raw}");
    }
    assert!(
        raw.contains("株式会社みらい"),
        "client in the header:\n{raw}"
    );
    assert!(
        raw.contains("شركة المستقبل"),
        "client in the header:\n{raw}"
    );
    assert!(!raw.contains('?'), "a ? in place of a character:\n{raw}");
    assert!(!raw.contains('\u{FFFD}'), "a replacement character:\n{raw}");

    let fonts = pdffonts(&path);
    for family in [
        "Lato",
        "NotoSansArabic",
        "NotoSansHebrew",
        "NotoSansCJK",
        "NotoSansThai",
    ] {
        assert!(fonts.contains(family), "{family} not embedded:\n{fonts}");
    }
    // Every font embedded, subset, with a ToUnicode map (columns emb, sub, uni).
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{line}");
    }
}

#[test]
fn a_character_no_font_has_is_named_in_a_warning() {
    let doc = Document {
        title_page: None,
        contents: false,
        blocks: vec![Block::paragraph("Key \u{F0000}\u{F0001} received")],
    };
    let r = render_counted(&doc, &meta("Client")).unwrap();
    assert_eq!(r.missing_glyphs, vec!['\u{F0000}', '\u{F0001}']);
    let w = r.warning().unwrap();
    assert!(w.contains("U+F0000") && w.contains("U+F0001"), "{w}");
    let fine = render_counted(
        &Document {
            blocks: vec![Block::paragraph("All printable ✓")],
            ..Document::default()
        },
        &meta("Client"),
    )
    .unwrap();
    assert_eq!(fine.warning(), None);
}
