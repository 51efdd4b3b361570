//! Measuring, shaping and breaking, checked on the lines themselves.

use super::*;

fn plain(s: &str) -> Vec<Span> {
    vec![Span::plain(s)]
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(Line::text).collect()
}

#[test]
fn short_text_stays_on_one_line() {
    let lines = wrap(&plain("Call the bridge line"), 10.0, 400.0);
    assert_eq!(texts(&lines), ["Call the bridge line"]);
}

#[test]
fn lines_never_exceed_the_column() {
    let text = "Isolate affected hosts from the network but keep them powered on so memory \
                can be captured; record every action with the time and who did it.";
    let lines = wrap(&plain(text), 10.0, 120.0);
    assert!(lines.len() > 2);
    for l in &lines {
        assert!(l.width <= 120.0 + 0.01, "{l:?}");
    }
    assert_eq!(texts(&lines).join(" "), text);
}

#[test]
fn measured_width_is_the_sum_of_the_printed_glyph_advances() {
    // The runs' widths are where their glyphs end: what the layout measured is what the PDF
    // places, kerning included ("AV" is kerned in Lato).
    let l = line_of("AVAV Wolfgang", Style::Regular, 10.0);
    let last = l.runs.last().unwrap();
    assert!((last.x + last.width - l.width).abs() < 0.001);
    let naive: f32 = "AVAV Wolfgang"
        .chars()
        .map(|c| width(&c.to_string(), Style::Regular, 10.0))
        .sum();
    assert!(l.width < naive, "kerning applied: {} vs {naive}", l.width);
}

#[test]
fn a_word_wider_than_the_column_is_hyphenated_at_dictionary_points() {
    let _en = crate::hyphenate::Using::new(crate::hyphenate::Dictionary::English);
    let lines = wrap(&plain("Telecommunication"), 10.0, 45.0);
    assert!(lines.len() >= 2, "{:?}", texts(&lines));
    assert!(lines.iter().all(|l| l.width <= 45.0 + 0.01));
    let t = texts(&lines);
    for l in &t[..t.len() - 1] {
        assert!(l.ends_with('-'), "{t:?}");
    }
    let joined: String = t.iter().map(|l| l.trim_end_matches('-')).collect();
    assert_eq!(joined, "Telecommunication");
    // Every break is one the dictionary offers.
    let points = crate::hyphenate::points("Telecommunication");
    let mut at = 0;
    for l in &t[..t.len() - 1] {
        at += l.trim_end_matches('-').len();
        assert!(points.contains(&at), "{at} not a hyphenation point: {t:?}");
    }
}

#[test]
fn a_token_no_dictionary_knows_is_cut_only_when_it_must_be() {
    let token = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let lines = wrap(&plain(token), 10.0, 80.0);
    assert!(lines.len() > 2);
    assert!(lines.iter().all(|l| l.width <= 80.0 + 0.01));
    assert_eq!(texts(&lines).concat(), token);
}

#[test]
fn paths_and_urls_break_after_their_separators() {
    let unc = r"\\fs01.mueller.local\Finance\QuarterlyReports\2026\Q3";
    let lines = wrap(&plain(unc), 9.0, 110.0);
    assert!(lines.len() >= 2);
    let t = texts(&lines);
    assert_eq!(t.concat(), unc);
    assert!(t[0].starts_with(r"\\fs01"), "{t:?}");
    for l in &t[..t.len() - 1] {
        assert!(l.ends_with('\\'), "break after a backslash: {t:?}");
    }
    let url = "https://portal.example.org/incidents/2026/report";
    let t = texts(&wrap(&plain(url), 9.0, 90.0));
    assert!(t[0].starts_with("https://"), "{t:?}");
    assert!(t[..t.len() - 1].iter().all(|l| l.ends_with('/')), "{t:?}");
}

#[test]
fn newlines_force_breaks_and_styles_keep_their_runs() {
    let spans = vec![
        Span::bold("Owner: "),
        Span::plain("IR lead\nEvidence: logs"),
    ];
    let lines = wrap(&spans, 10.0, 400.0);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].runs[0].style, Style::Bold);
    assert_eq!(lines[0].runs[1].text, "IR lead");
    assert!(lines[0].runs[1].x > 0.0);
    assert_eq!(lines[1].text(), "Evidence: logs");
}

#[test]
fn bullet_paragraphs_hang_under_their_text() {
    let spans = vec![Span::plain(
        "• Declares the incident and sets its severity from the matrix\n• Short",
    )];
    let lines = wrap(&spans, 10.0, 120.0);
    assert!(lines.len() >= 3);
    let hang = width("• ", Style::Regular, 10.0);
    assert_eq!(lines[0].runs[0].x, 0.0);
    assert!((lines[1].runs[0].x - hang).abs() < 0.01, "{:?}", lines[1]);
    assert!(lines.iter().all(|l| l.width <= 120.0 + 0.01));
    assert_eq!(lines.last().map(Line::text).as_deref(), Some("• Short"));
    assert_eq!(lines.last().map(|l| l.runs[0].x), Some(0.0));
}

#[test]
fn latin_greek_and_cyrillic_print_in_lato_and_nothing_becomes_a_question_mark() {
    take_missing();
    let s = "Müller & Søn – Kraków “Zürich” Straße Αθήνα Москва";
    let l = line_of(s, Style::Regular, 10.0);
    assert_eq!(l.text(), s);
    assert!(l.runs.iter().all(|r| r.font == FontKey(0)));
    assert!(l.runs.iter().all(|r| r.glyphs.iter().all(|g| g.gid != 0)));
    assert_eq!(printable("a\u{1F600}b\tc"), "a\u{1F600}b c");
    assert!(take_missing().is_empty());
}

#[test]
fn other_scripts_come_from_fallback_faces_with_real_glyphs() {
    take_missing();
    for s in [
        "東京都の顧客",
        "مرحبا بالعالم",
        "שלום עולם",
        "नमस्ते दुनिया",
        "สวัสดีครับ",
        "✓ done ✗ open",
    ] {
        let l = line_of(s, Style::Regular, 10.0);
        let logical: String = {
            // Runs are in visual order; their texts are logical. Compare as sets of words.
            let mut w: Vec<String> = l
                .runs
                .iter()
                .flat_map(|r| r.text.split_whitespace().map(str::to_owned))
                .collect();
            w.sort();
            w.join(" ")
        };
        let mut want: Vec<&str> = s.split_whitespace().collect();
        want.sort();
        assert_eq!(logical, want.join(" "), "{s}");
        assert!(
            l.runs.iter().all(|r| r.glyphs.iter().all(|g| g.gid != 0)),
            "{s}: a .notdef glyph"
        );
    }
    assert!(take_missing().is_empty());
}

#[test]
fn arabic_joins_and_reads_right_to_left() {
    let l = line_of("مرحبا بالعالم", Style::Regular, 10.0);
    let run = l.runs.iter().find(|r| r.rtl).expect("an RTL run");
    // Logical text kept; the first word typed is the rightmost on the page.
    assert_eq!(run.text, "مرحبا بالعالم");
    let first = run
        .glyphs
        .iter()
        .rposition(|g| g.text.as_deref() == Some("م"))
        .unwrap();
    assert!(
        first > run.glyphs.len() / 2,
        "first letter drawn on the right"
    );
    // Joining picks contextual forms: the initial meem is not the isolated one.
    let isolated = line_of("م", Style::Regular, 10.0).runs[0].glyphs[0].gid;
    assert_ne!(run.glyphs[first].gid, isolated);
}

#[test]
fn a_right_to_left_paragraph_is_aligned_right() {
    let lines = wrap(&plain("שלום עולם"), 10.0, 200.0);
    assert_eq!(lines.len(), 1);
    assert!((lines[0].width - 200.0).abs() < 0.01, "{}", lines[0].width);
    assert!(lines[0].runs[0].x > 100.0);
}

#[test]
fn a_character_no_face_has_is_reported_not_replaced() {
    take_missing();
    // A private-use code point: no shipped or system face draws it.
    let l = line_of("key \u{F0000} here", Style::Regular, 10.0);
    assert!(l.text().contains('\u{F0000}'));
    assert_eq!(
        take_missing().into_iter().collect::<Vec<_>>(),
        vec!['\u{F0000}']
    );
}

#[test]
fn bold_is_wider_than_regular() {
    assert!(width("Severity", Style::Bold, 10.0) > width("Severity", Style::Regular, 10.0));
    assert_eq!(width("", Style::Regular, 10.0), 0.0);
}
