//! The plan binder, read back from the PDF with poppler-utils.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use cordon_core::PlanStatus;
use cordon_report::binder::SECTIONS;
use cordon_report::{ReportError, render_plan_binder};
use support::*;

fn binder(
    name: &str,
    plan: &cordon_core::Plan,
    client: &cordon_core::Client,
) -> std::path::PathBuf {
    let pdf = render_plan_binder(plan, client, &msp(), at(2026, 11, 26, 11)).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    save(&pdf, name)
}

/// pdftotext's layout mode keeps a line's words but may widen the gaps between them.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_section_and_playbook_is_printed_in_order() {
    let plan = plan();
    let path = binder("binder-sections", &plan, &client());
    let text = squash(&pdftotext(&path, None));
    let mut from = 0;
    // The contents list the same titles: look past the contents page (its footer).
    let body_start = text.find("Page 2 of").expect("contents footer");
    for (i, title) in SECTIONS.iter().enumerate() {
        let heading = format!("{}  {title}", i + 1);
        let heading = squash(&heading);
        let at = text[body_start + from..]
            .find(&heading)
            .unwrap_or_else(|| panic!("section heading {heading:?} not found in order"));
        from += at + heading.len();
    }
    for book in &plan.playbooks {
        assert!(
            text.contains(&format!("Playbook: {}", book.name)),
            "{}",
            book.name
        );
        for step in &book.steps {
            let start: String = step
                .action
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains(&start), "step {start:?} of {}", book.name);
        }
    }
    // Out-of-band channels are marked, with their handle.
    assert!(text.contains("OUT-OF-BAND: Signal +49 171 555 0100"));
}

#[test]
fn contents_page_numbers_point_at_the_headings() {
    let path = binder("binder-contents", &plan(), &client());
    let pages = page_count(&path);
    let contents = pdftotext(&path, Some((2, 2)));
    let mut checked = 0;
    for line in contents.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let (Ok(number), Ok(page)) = (first.parse::<usize>(), last.parse::<usize>()) else {
            continue;
        };
        let title: Vec<&str> = words[1..words.len() - 1]
            .iter()
            .copied()
            .filter(|w| w.chars().any(|c| c != '.'))
            .collect();
        let heading = format!("{number} {}", title.join(" "));
        assert!(page <= pages);
        let on_page = squash(&pdftotext(&path, Some((page, page))));
        assert!(on_page.contains(&heading), "{heading:?} not on page {page}");
        checked += 1;
    }
    assert!(
        checked >= SECTIONS.len(),
        "only {checked} contents lines read"
    );
}

#[test]
fn non_ascii_names_round_trip() {
    let path = binder("binder-unicode", &plan(), &client());
    let text = pdftotext(&path, None);
    for needle in [
        CLIENT_NAME,
        "Straße",
        "Jürgen Straße",
        "Øyvind Kraków-Łęcki",
        "Zoë Brontë",
        "Geschäftsführer",
        "24×7",
    ] {
        assert!(text.contains(needle), "{needle:?} missing");
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    let path = binder("binder-fonts", &plan(), &client());
    let fonts = pdffonts(&path);
    let lato: Vec<&str> = fonts.lines().filter(|l| l.contains("Lato")).collect();
    assert!(lato.len() >= 2, "{fonts}");
    for line in lato {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object id (2)
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "not embedded: {line}");
        assert_eq!(cols[n - 4], "yes", "not subset: {line}");
        assert_eq!(cols[n - 3], "yes", "no ToUnicode: {line}");
    }
    // Subsetting keeps the file small: three faces are ~2 MB whole.
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 600_000, "{size} bytes");
}

#[test]
fn metadata_and_page_count() {
    let path = binder("binder-info", &plan(), &client());
    let info = pdfinfo(&path);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in {info}"))
            .to_owned()
    };
    assert_eq!(field("Title"), "Incident response plan");
    assert_eq!(field("Author"), "Northwind Managed Services");
    assert!(field("Subject").contains(CLIENT_NAME));
    assert!(field("CreationDate").contains("2026"), "{info}");
    assert!(field("Page size").contains("A4"), "{info}");
    assert!(
        !info.contains("PDF/X"),
        "no PDF/X claim the file does not meet: {info}"
    );
    let pages = page_count(&path);
    assert!(pages >= 8, "{pages} pages");
    let last = pdftotext(&path, Some((pages, pages)));
    assert!(squash(&last).contains(&format!("Page {pages} of {pages}")));
    assert!(last.contains("TLP:AMBER"));
}

#[test]
fn empty_optional_sections_say_none_recorded() {
    let mut plan = plan();
    plan.reviews.clear();
    let mut client = client();
    client.insurer = None;
    client.contacts.clear();
    let path = binder("binder-empty", &plan, &client);
    let text = squash(&pdftotext(&path, None));
    // The last match: the first is the contents line.
    let at = text
        .rfind("6 Review history")
        .expect("review history heading");
    assert!(
        text[at..]
            .trim_start_matches("6 Review history")
            .trim_start()
            .starts_with("None recorded."),
        "{}",
        &text[at..at + 80]
    );
    assert!(text.matches("None recorded.").count() >= 3);
}

#[test]
fn a_draft_says_so_on_its_title_page() {
    let mut plan = plan();
    plan.status = PlanStatus::Draft;
    plan.approval = None;
    let path = binder("binder-draft", &plan, &client());
    let title = squash(&pdftotext(&path, Some((1, 1))));
    assert!(title.contains("Draft: not approved"), "{title}");
    assert!(title.contains("Not approved"));
}

#[test]
fn a_logo_that_is_not_an_image_is_an_error_not_a_panic() {
    let mut client = client();
    if let Some(logo) = client.branding.logo.as_mut() {
        logo.data = b"not a png".to_vec();
    }
    let err = render_plan_binder(&plan(), &client, &msp(), at(2026, 11, 26, 11)).unwrap_err();
    assert!(matches!(err, ReportError::Image { .. }), "{err}");
}

#[test]
fn without_branding_it_still_renders() {
    let mut client = client();
    client.branding = Default::default();
    let msp = cordon_report::MspBranding {
        name: "Solo IT".into(),
        logo: None,
    };
    let pdf = render_plan_binder(&plan(), &client, &msp, at(2026, 11, 26, 11)).unwrap();
    let path = save(&pdf, "binder-plain");
    assert!(pdftotext(&path, Some((1, 1))).contains("Solo IT"));
}

#[test]
fn a_jpeg_logo_works_and_the_client_logo_is_embedded_once() {
    let mut msp = msp();
    msp.logo = Some(cordon_core::Logo {
        media_type: "image/jpeg".into(),
        ..logo("msp-logo.jpg")
    });
    let pdf = render_plan_binder(&plan(), &client(), &msp, at(2026, 11, 26, 11)).unwrap();
    let path = save(&pdf, "binder-jpeg");
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages (poppler-utils) runs");
    let list = String::from_utf8_lossy(&out.stdout);
    let sizes: Vec<(String, String)> = list
        .lines()
        .skip(2)
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c.len() > 4 && c[2] == "image").then(|| (c[3].to_owned(), c[4].to_owned()))
        })
        .collect();
    assert!(sizes.contains(&("180".into(), "60".into())), "{list}");
    // pdfimages lists each placement; the client logo is drawn on every page (header) but
    // must be one object: count distinct object ids instead.
    let objects: std::collections::BTreeSet<String> = list
        .lines()
        .skip(2)
        .filter(|l| l.contains(" 240 "))
        .filter_map(|l| l.split_whitespace().nth(10).map(str::to_owned))
        .collect();
    assert_eq!(objects.len(), 1, "{list}");
}

/// Titles of an outline level, in order, from the PDF itself (read back with lopdf).
fn outline_titles(
    doc: &lopdf::Document,
    first: Option<lopdf::ObjectId>,
) -> Vec<(String, Vec<String>)> {
    let title = |d: &lopdf::Dictionary| {
        let bytes = d
            .get(b"Title")
            .and_then(lopdf::Object::as_str)
            .unwrap()
            .to_vec();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let mut out = Vec::new();
    let mut next = first;
    while let Some(id) = next {
        let d = doc.get_dictionary(id).unwrap();
        let kids = outline_titles(
            doc,
            d.get(b"First").and_then(lopdf::Object::as_reference).ok(),
        );
        out.push((title(d), kids.into_iter().map(|(t, _)| t).collect()));
        next = d.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    out
}

#[test]
fn the_outline_lists_sections_in_order_with_phases_inside_playbooks() {
    let plan = plan();
    let pdf = render_plan_binder(&plan, &client(), &msp(), at(2026, 11, 26, 11)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .and_then(lopdf::Object::as_reference)
        .ok();
    let outline = outline_titles(&doc, first);
    let top: Vec<&str> = outline.iter().map(|(t, _)| t.as_str()).collect();
    let mut expected = vec!["Contents".to_owned()];
    expected.extend(
        SECTIONS
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}  {s}", i + 1)),
    );
    for (i, book) in plan.playbooks.iter().enumerate() {
        expected.push(format!(
            "{}  Playbook: {}",
            SECTIONS.len() + i + 1,
            book.name
        ));
    }
    assert_eq!(top, expected);
    let (_, ransomware) = &outline[SECTIONS.len() + 1];
    assert_eq!(
        ransomware.first().map(String::as_str),
        Some("Detect & analyse")
    );
    assert!(ransomware.iter().any(|t| t == "Post-incident"));
}
