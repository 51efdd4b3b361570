//! The paginator's promises, checked on the laid-out items (no PDF involved).

use super::*;
use crate::model::{Callout, Column, Span, Table, Tone};
use crate::style::DEFAULT_ACCENT;

fn lay(blocks: &[Block]) -> Flow {
    Paginator::new(Geometry::a4(), DEFAULT_ACCENT).blocks(blocks)
}

fn para(s: &str) -> Block {
    Block::paragraph(s)
}

/// The page index holding a text run that contains `needle`.
fn page_of(flow: &Flow, needle: &str) -> Vec<usize> {
    flow.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.text().contains(needle))
        .map(|(i, _)| i)
        .collect()
}

fn texts(flow: &Flow) -> impl Iterator<Item = (usize, &Item)> {
    flow.pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.items.iter().map(move |it| (i, it)))
        .filter(|(_, it)| matches!(it, Item::Text { .. }))
}

#[test]
fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
    // Whatever the fill above it, the heading lands on the page of its paragraph's first
    // line, never as the last thing on a page.
    for n in 20..45 {
        let mut blocks: Vec<Block> = (0..n).map(|i| para(&format!("filler {i}"))).collect();
        blocks.push(Block::heading(2, "Containment"));
        blocks.push(para(
            "First words after the heading, then a long enough sentence to \
                          wrap onto a second line of the paragraph under it for sure, yes.",
        ));
        let flow = lay(&blocks);
        let h = page_of(&flow, "Containment");
        let p = page_of(&flow, "First words after");
        assert_eq!(h, p, "n = {n}");
    }
}

#[test]
fn a_headings_one_line_caption_stays_with_what_follows_it() {
    for n in 20..45 {
        let mut blocks: Vec<Block> = (0..n).map(|i| para(&format!("filler {i}"))).collect();
        blocks.push(Block::heading(2, "Inject 8: The bank answers"));
        blocks.push(Block::Paragraph(vec![Span::italic("Revealed at T+00:55")]));
        blocks.push(para(
            "The bank has frozen part of the payment, and the rest left the receiving \
             account; it asks for a police report reference by the end of the day.",
        ));
        let flow = lay(&blocks);
        let h = page_of(&flow, "The bank answers");
        assert_eq!(h, page_of(&flow, "Revealed at"), "n = {n}");
        assert_eq!(h, page_of(&flow, "The bank has frozen"), "n = {n}");
    }
}

#[test]
fn headings_in_a_row_move_together_with_the_content() {
    for n in 25..40 {
        let mut blocks: Vec<Block> = (0..n).map(|i| para(&format!("filler {i}"))).collect();
        blocks.push(Block::heading(1, "Playbook"));
        blocks.push(Block::heading(2, "Detect"));
        blocks.push(Block::Checklist(vec![CheckItem {
            text: text("Confirm the alert"),
            note: text("Owner: IR lead"),
        }]));
        let flow = lay(&blocks);
        let a = page_of(&flow, "Playbook");
        assert_eq!(a, page_of(&flow, "Detect"), "n = {n}");
        assert_eq!(a, page_of(&flow, "Confirm the alert"), "n = {n}");
    }
}

#[test]
fn a_long_table_repeats_its_header_and_never_splits_a_row() {
    let table = Table {
        columns: vec![Column::new("Hostname", 2.0), Column::new("Owner", 1.0)],
        rows: (0..300)
            .map(|i| vec![text(format!("host-{i:03}")), text("Øyvind")])
            .collect(),
    };
    let flow = lay(&[para("Before"), Block::Table(table)]);
    assert!(flow.pages.len() >= 5, "{} pages", flow.pages.len());
    for (i, page) in flow.pages.iter().enumerate() {
        assert!(page.text().contains("Hostname"), "no header on page {i}");
    }
    for i in 0..300 {
        let name = format!("host-{i:03}");
        assert_eq!(page_of(&flow, &name).len(), 1, "{name}");
    }
    // Rows stay in order across pages.
    let last_on_first = (0..300)
        .rev()
        .find(|i| flow.pages[0].text().contains(&format!("host-{i:03}")))
        .unwrap_or(0);
    assert!(
        flow.pages[1]
            .text()
            .contains(&format!("host-{:03}", last_on_first + 1))
    );
}

#[test]
fn a_tables_last_row_never_goes_alone_to_a_new_page() {
    // Whatever the fill above, a ten-row table (too long to be kept whole) either ends on
    // one page or carries at least two rows over.
    let mut seen_split = false;
    for (n, k) in (15..35).flat_map(|n| (0..8).map(move |k| (n, k))) {
        // Paragraphs and one-line bullets differ in height, so together they reach every
        // offset at which the table can meet the foot of the page.
        let mut blocks: Vec<Block> = (0..n).map(|i| para(&format!("filler {i}"))).collect();
        blocks.push(Block::Bullets(
            (0..k).map(|i| text(format!("point {i}"))).collect(),
        ));
        blocks.push(Block::Table(Table {
            columns: vec![Column::new("Name", 1.0), Column::new("Role", 1.0)],
            rows: (0..10)
                .map(|i| vec![text(format!("person-{i} ")), text("Observer")])
                .collect(),
        }));
        let flow = lay(&blocks);
        let pages: Vec<usize> = (0..10)
            .map(|i| page_of(&flow, &format!("person-{i} "))[0])
            .collect();
        let last = pages[9];
        let on_last = pages.iter().filter(|&&p| p == last).count();
        assert!(
            last == pages[0] || on_last >= 2,
            "n = {n}, k = {k}: pages {pages:?}"
        );
        seen_split |= last != pages[0];
    }
    assert!(seen_split, "no fill made the table split at all");
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let long: String = (0..2000).map(|i| format!("line{i} ")).collect();
    let table = Table {
        columns: vec![Column::new("Note", 1.0)],
        rows: vec![vec![text(long)]],
    };
    let flow = lay(&[Block::Table(table)]);
    assert!(flow.pages.len() >= 2);
    for (i, page) in flow.pages.iter().enumerate() {
        assert!(page.text().contains("Note"), "no header on page {i}");
    }
    assert_eq!(page_of(&flow, "line1999").len(), 1);
}

#[test]
fn nothing_runs_past_the_margins() {
    let g = Geometry::a4();
    let word = "Aufsichtsratsvorsitzendenstellvertreterinnenwahlvorschlagsliste";
    let table = Table {
        columns: vec![
            Column::new("A", 1.0),
            Column::new("B", 1.0),
            Column::new("C", 1.0),
            Column::new("D", 1.0),
        ],
        rows: vec![vec![text(word), text(word), text("x"), text(word)]; 40],
    };
    let blocks = vec![
        Block::heading(1, word),
        Block::Paragraph(vec![Span::plain(word.repeat(3))]),
        Block::Bullets(vec![text(word.repeat(2))]),
        Block::Table(table),
        Block::KeyValue(vec![(word.into(), text(word.repeat(2)))]),
    ];
    let flow = lay(&blocks);
    for (page, item) in texts(&flow) {
        if let Item::Text { x, y, run, .. } = item {
            let text = &run.text;
            let right = x + run.width;
            assert!(
                right <= g.right() + 0.01,
                "page {page}: {text} ends at {right}"
            );
            assert!(*x >= g.left() - 0.01, "page {page}: {text} starts at {x}");
            assert!(*y <= g.body_bottom(), "page {page}: {text} below the body");
        }
    }
}

#[test]
fn page_breaks_start_a_page_but_never_an_empty_one() {
    let flow = lay(&[para("one"), Block::PageBreak, para("two")]);
    assert_eq!(flow.pages.len(), 2);
    let flow = lay(&[
        Block::PageBreak,
        para("one"),
        Block::PageBreak,
        Block::PageBreak,
    ]);
    assert_eq!(flow.pages.len(), 1);
}

#[test]
fn empty_lists_and_tables_say_none_recorded() {
    let flow = lay(&[
        Block::heading(1, "Review history"),
        Block::Table(Table {
            columns: vec![Column::new("By", 1.0)],
            rows: Vec::new(),
        }),
        Block::heading(1, "Insurer"),
        Block::KeyValue(Vec::new()),
    ]);
    let text = flow.pages[0].text();
    assert_eq!(text.matches("None recorded.").count(), 2, "{text}");
    assert!(!text.contains(" By "), "no bare header row: {text}");
}

#[test]
fn sections_are_numbered_and_remember_their_page() {
    let flow = lay(&[
        Block::heading(1, "Contacts"),
        para("a"),
        Block::PageBreak,
        Block::heading(1, "Escalation"),
        Block::heading(2, "Not a section"),
    ]);
    let got: Vec<(usize, &str, usize, bool)> = flow
        .sections
        .iter()
        .map(|s| (s.number, s.title.as_str(), s.page, s.top))
        .collect();
    assert_eq!(
        got,
        vec![(1, "Contacts", 0, true), (2, "Escalation", 1, true)]
    );
    assert!(flow.pages[1].text().contains("2  Escalation"));
}

#[test]
fn blocks_taller_than_a_page_continue_instead_of_running_into_the_footer() {
    let g = Geometry::a4();
    let long: String = (0..1500).map(|i| format!("word{i} ")).collect();
    let blocks = vec![
        Block::Checklist(vec![CheckItem {
            text: text(long.clone()),
            note: text("Owner: IR lead"),
        }]),
        Block::KeyValue(vec![("Notes".into(), text(long.clone()))]),
        Block::Callout(Callout {
            tone: Tone::Warning,
            title: "Long".into(),
            body: text(long.clone()),
        }),
        Block::Bullets(vec![text(long)]),
    ];
    let flow = lay(&blocks);
    assert!(flow.pages.len() >= 4);
    for (page, item) in texts(&flow) {
        if let Item::Text { y, run, .. } = item {
            assert!(
                *y <= g.body_bottom(),
                "page {page}: {} below the body",
                run.text
            );
        }
    }
    let printed: usize = flow
        .pages
        .iter()
        .map(|p| p.text().matches("word1499 ").count() + p.text().ends_with("word1499") as usize)
        .sum();
    assert_eq!(printed, 4, "each block printed whole, once");
}

fn rows(n: usize, tag: &str) -> Table {
    Table {
        columns: vec![Column::new("Recipient", 1.0), Column::new("Status", 1.0)],
        rows: (0..n)
            .map(|i| vec![text(format!("{tag}-{i}")), text("Sent on time")])
            .collect(),
    }
}

/// Fills that bring what follows to every height at the foot of a page.
fn fills() -> impl Iterator<Item = Vec<Block>> {
    (15..35).flat_map(|n| {
        (0..6).map(move |k| {
            let mut b: Vec<Block> = (0..n).map(|i| para(&format!("filler {i}"))).collect();
            b.push(Block::Bullets(
                (0..k).map(|i| text(format!("point {i}"))).collect(),
            ));
            b
        })
    })
}

#[test]
fn a_table_of_up_to_six_rows_is_never_split() {
    for size in 2..=SMALL_TABLE {
        let mut moved = false;
        for mut blocks in fills() {
            blocks.push(Block::Table(rows(size, "row")));
            let flow = lay(&blocks);
            let pages: Vec<usize> = (0..size)
                .map(|i| page_of(&flow, &format!("row-{i}"))[0])
                .collect();
            assert!(
                pages.iter().all(|p| *p == pages[0]),
                "{size} rows split over pages {pages:?}"
            );
            moved |= pages[0] > 0;
        }
        assert!(moved, "no fill pushed the {size}-row table over");
    }
}

#[test]
fn a_heading_stays_with_the_first_rows_of_a_long_table() {
    for mut blocks in fills() {
        blocks.push(Block::heading(2, "Notification log"));
        blocks.push(Block::Table(rows(40, "log")));
        let flow = lay(&blocks);
        let h = page_of(&flow, "Notification log")[0];
        assert_eq!(page_of(&flow, "log-0")[0], h);
        assert_eq!(page_of(&flow, "log-1")[0], h, "header and one row alone");
    }
}

#[test]
fn the_row_before_a_page_tall_row_is_not_stranded() {
    let long: String = (0..700).map(|i| format!("line{i} ")).collect();
    for mut blocks in fills() {
        let mut t = rows(8, "r");
        t.rows.insert(7, vec![text("tall"), text(long.clone())]);
        blocks.push(Block::Table(t));
        let flow = lay(&blocks);
        for (i, page) in flow.pages.iter().enumerate() {
            let body_rows = (0..8)
                .filter(|r| page.text().contains(&format!("r-{r} ")))
                .count();
            let has_tall = page.text().contains("line");
            assert!(
                !(body_rows == 1 && !has_tall && page.text().contains("r-6 ")),
                "row r-6 alone on page {i}"
            );
        }
    }
}

/// How far down the body the page's content reaches, 0 to 1.
fn fill(flow: &Flow, page: usize) -> f32 {
    let g = Geometry::a4();
    let bottom = flow.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { y, .. } => Some(*y),
            Item::Rect { y, h, .. } => Some(y + h),
            _ => None,
        })
        .fold(g.body_top(), f32::max);
    (bottom - g.body_top()) / (g.body_bottom() - g.body_top())
}

#[test]
fn no_page_is_less_than_a_quarter_full_unless_it_ends_a_section() {
    for n in 0..30 {
        let mut blocks = vec![Block::heading(1, "Notifications")];
        blocks.extend((0..n).map(|i| para(&format!("filler {i}"))));
        blocks.push(Block::Callout(Callout {
            tone: Tone::Warning,
            title: "Deadlines".into(),
            body: text("The regulator's deadline passes at 14:00 UTC today. ".repeat(44)),
        }));
        blocks.push(Block::Table(rows(5, "n")));
        blocks.push(Block::heading(1, "Next"));
        blocks.push(para("The end."));
        let flow = lay(&blocks);
        let next = page_of(&flow, "Next")[0];
        for p in 0..flow.pages.len() {
            let ends_section = p + 1 == flow.pages.len() || p + 1 == next && flow.sections[1].top;
            if !ends_section {
                assert!(
                    fill(&flow, p) >= 0.25,
                    "n = {n}: page {p} is {:.2} full",
                    fill(&flow, p)
                );
            }
        }
    }
}

#[test]
fn a_narrow_column_makes_room_for_its_words_instead_of_cutting_them() {
    // The notification table's shape: one wide column squeezes the short ones.
    let table = Table {
        columns: vec![
            Column::new("Recipient", 3.0),
            Column::new("Communication", 0.6),
            Column::new("Due", 0.6),
            Column::new("Status", 0.6),
        ],
        rows: vec![vec![
            text("Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit"),
            text("Telephone"),
            text("Overdue"),
            text("Unsent"),
        ]],
    };
    let flow = lay(&[Block::Table(table)]);
    let runs: Vec<String> = texts(&flow)
        .filter_map(|(_, i)| match i {
            Item::Text { run, .. } => Some(run.text.clone()),
            _ => None,
        })
        .collect();
    for word in [
        "Communication",
        "Telephone",
        "Overdue",
        "Unsent",
        "Recipient",
    ] {
        assert!(runs.iter().any(|r| r == word), "{word} cut: {runs:?}");
    }
}
