//! The whole document as pages: title page, contents, body, then the running header and
//! footer on every page but the title page.
//!
//! Two passes, because the contents and "page X of Y" need numbers that only exist once the
//! body is laid out: the contents are laid out first with placeholder numbers to learn how
//! many pages they take (their lines do not depend on the numbers, which sit in a fixed
//! column), then the body, then the contents again with the real numbers.

use crate::hyphenate::{Dictionary, Using};
use crate::layout::{Flow, Item, Mark, Node, Page, Paginator, Role, Section};
use crate::model::{Align, Colour, Document, Image, Meta, Span, Style, TitlePage, text};
use crate::style::{self, Geometry, MM};

/// Pages ready to be written, with the sections at their final page (0-based).
#[derive(Debug)]
pub struct Composed {
    pub pages: Vec<Page>,
    // Read by the tests and by `render_counted` (for a screen's outline of the document).
    pub sections: Vec<Section>,
    pub images: Vec<Image>,
    /// The PDF outline: the contents page, then headings of levels 1 and 2, in order.
    pub outline: Vec<Mark>,
    /// The structure tree's elements, as the items refer to them.
    pub nodes: Vec<Node>,
    /// Characters no face could print (each drawn as the font's empty box).
    pub missing: Vec<char>,
}

pub fn compose(doc: &Document, meta: &Meta) -> Composed {
    let g = Geometry::a4();
    let accent = meta.accent.unwrap_or(style::DEFAULT_ACCENT);
    let _dictionary = Using::new(Dictionary::for_lang(&meta.lang));
    crate::text::take_missing();

    let body = Paginator::new(g, accent).blocks(&doc.blocks);
    let mut images = Vec::new();
    let mut pages = Vec::new();
    let mut nodes = Vec::new();

    if let Some(tp) = &doc.title_page {
        let flow = title_page(g, accent, tp, meta);
        merge(&mut pages, &mut images, &mut nodes, flow);
    }
    let front = pages.len();
    let toc_len = if doc.contents {
        let placeholder: Vec<Section> = body
            .sections
            .iter()
            .map(|s| Section {
                page: 998,
                ..s.clone()
            })
            .collect();
        contents(g, accent, &placeholder).pages.len()
    } else {
        0
    };
    let offset = front + toc_len;
    let sections: Vec<Section> = body
        .sections
        .iter()
        .map(|s| Section {
            page: s.page + offset,
            ..s.clone()
        })
        .collect();
    let mut outline = Vec::new();
    if doc.contents {
        outline.push(Mark {
            level: 1,
            title: "Contents".into(),
            page: pages.len(),
            y: g.body_top(),
        });
        let flow = contents(g, accent, &sections);
        merge(&mut pages, &mut images, &mut nodes, flow);
    }
    outline.extend(body.marks.iter().map(|m| Mark {
        page: m.page + offset,
        ..m.clone()
    }));
    merge(&mut pages, &mut images, &mut nodes, body);

    let total = pages.len();
    // The header logo is usually the client logo of the title page: embed it once.
    let logo = meta.header_logo.as_ref().map(|l| {
        let index = images.iter().position(|i| i == l).unwrap_or_else(|| {
            images.push(l.clone());
            images.len() - 1
        });
        (index, l)
    });
    let first_chrome = usize::from(doc.title_page.is_some());
    if let Some(mark) = meta.watermark.as_deref().filter(|m| !m.trim().is_empty()) {
        for page in &mut pages {
            watermark(g, page, mark);
        }
    }
    for (n, page) in pages.iter_mut().enumerate().skip(first_chrome) {
        // The section a page belongs to, so a playbook's second page still says which one.
        let section = sections
            .iter()
            .find(|s| s.page == n && s.top)
            .or_else(|| sections.iter().rfind(|s| s.page < n))
            .map(|s| s.title.as_str());
        let numbers = Numbers {
            number: n + 1,
            total,
        };
        chrome(g, accent, meta, page, numbers, section, logo);
    }
    Composed {
        pages,
        sections,
        images,
        outline,
        nodes,
        missing: crate::text::take_missing().into_iter().collect(),
    }
}

/// A large light word across the page, under everything else: the page furniture of a
/// document that is not final.
fn watermark(g: Geometry, page: &mut Page, mark: &str) {
    let size = 96.0;
    let angle: f32 = 50.0;
    let line = crate::text::line_of(&mark.to_uppercase(), Style::Bold, size);
    let (w, scale) = (line.width, (g.page_w * 0.95) / line.width.max(1.0));
    let size = if scale < 1.0 { size * scale } else { size };
    let w = if scale < 1.0 { w * scale } else { w };
    let (sin, cos) = angle.to_radians().sin_cos();
    // Centre the run on the page: its middle at the centre, its cap height straddling it.
    let (cx, cy) = (g.page_w / 2.0, g.page_h / 2.0);
    let lift = size * 0.35;
    let x = cx - w / 2.0 * cos + lift * sin;
    let y = cy + w / 2.0 * sin + lift * cos;
    let line = crate::text::line_of(&mark.to_uppercase(), Style::Bold, size);
    let items = line.runs.into_iter().map(|run| Item::Text {
        x: x + run.x * cos,
        y: y - run.x * sin,
        run,
        size,
        colour: style::WATERMARK,
        angle,
        node: None,
    });
    let mut all: Vec<Item> = items.collect();
    all.append(&mut page.items);
    page.items = all;
}

/// Appends a flow's pages, renumbering its image and structure references into the shared
/// lists.
fn merge(pages: &mut Vec<Page>, images: &mut Vec<Image>, nodes: &mut Vec<Node>, flow: Flow) {
    let base = images.len();
    let node_base = nodes.len();
    images.extend(flow.images);
    nodes.extend(flow.nodes.into_iter().map(|mut n| {
        n.parent = n.parent.map(|p| p + node_base);
        n
    }));
    for mut page in flow.pages {
        for item in &mut page.items {
            match item {
                Item::Image { index, node, .. } => {
                    *index += base;
                    *node = node.map(|n| n + node_base);
                }
                Item::Text { node, .. } => *node = node.map(|n| n + node_base),
                _ => {}
            }
        }
        pages.push(page);
    }
}

/// Fits an image into a box of `max_w` × `max_h` points, keeping its aspect.
fn fit(p: &Paginator, image: &Image, max_w: f32, max_h: f32) -> (f32, f32) {
    let (w, h) = p.image_size(image, max_w / MM);
    if h > max_h {
        (w * max_h / h, max_h)
    } else {
        (w, h)
    }
}

/// The title page. Its control facts belong on it: a long title is set smaller (and the
/// block starts higher) until the facts and notice fit above the foot; only facts that
/// could never fit continue on a second front page.
fn title_page(g: Geometry, accent: Colour, tp: &TitlePage, meta: &Meta) -> Flow {
    let tries = [(26.0, 82.0), (22.0, 74.0), (19.0, 62.0), (16.0, 54.0)];
    let mut last = None;
    for (size, top) in tries {
        let flow = title_page_at(g, accent, tp, meta, size, top * MM);
        if flow.pages.len() == 1 {
            return flow;
        }
        last = Some(flow);
    }
    last.unwrap_or_default()
}

fn title_page_at(
    g: Geometry,
    accent: Colour,
    tp: &TitlePage,
    meta: &Meta,
    title_size: f32,
    top: f32,
) -> Flow {
    // The body of the title page ends above its foot; facts or a notice that do not fit
    // continue on a second front page rather than run over "Prepared by".
    let fg = Geometry {
        bottom: 30.0 * MM + 30.0,
        ..g
    };
    let mut p = Paginator::new(fg, accent);
    // A band of the client's colour across the top edge.
    p.place(Item::Rect {
        x: 0.0,
        y: 0.0,
        w: g.page_w,
        h: 10.0 * MM,
        fill: Some(accent),
        stroke: None,
    });
    let logo_top = 24.0 * MM;
    if let Some(logo) = &tp.client_logo {
        let (w, h) = fit(&p, logo, 60.0 * MM, 22.0 * MM);
        p.begin_alt(Role::Figure, Some(format!("Logo of {}", meta.client)));
        p.place_image(logo, g.left(), logo_top, w, h);
        p.end();
    }
    if let Some(logo) = &tp.msp_logo {
        let (w, h) = fit(&p, logo, 40.0 * MM, 14.0 * MM);
        let who = if tp.prepared_by.is_empty() {
            meta.author.as_str()
        } else {
            tp.prepared_by.as_str()
        };
        p.begin_alt(Role::Figure, Some(format!("Logo of {who}")));
        p.place_image(logo, g.right() - w, logo_top, w, h);
        p.end();
    }

    let narrow = g.width() * 0.85;
    p.set_y(top);
    if !tp.kicker.is_empty() {
        let kicker = vec![Span::bold(tp.kicker.to_uppercase())];
        let ink = style::readable_on_white(accent);
        p.begin(Role::P);
        p.write(&kicker, g.left(), narrow, 11.0, 16.0, ink, Align::Left);
        p.end();
        p.set_y(p.y() + 4.0);
    }
    let title = vec![Span::bold(tp.title.clone())];
    p.begin(Role::H1);
    p.write(
        &title,
        g.left(),
        narrow,
        title_size,
        title_size * 1.23,
        style::INK,
        Align::Left,
    );
    p.end();
    if !tp.subtitle.is_empty() {
        p.set_y(p.y() + 4.0);
        let sub = text(tp.subtitle.clone());
        let size = (title_size * 0.58).max(12.0);
        p.begin(Role::P);
        p.write(
            &sub,
            g.left(),
            narrow,
            size,
            size * 1.33,
            style::MUTED,
            Align::Left,
        );
        p.end();
    }
    p.set_y(p.y() + 10.0);
    p.place(Item::Rect {
        x: g.left(),
        y: p.y(),
        w: 22.0 * MM,
        h: 2.5,
        fill: Some(accent),
        stroke: None,
    });
    p.set_y(p.y() + 18.0);
    p.facts(&tp.facts, g.width() * 0.75);
    if let Some(notice) = &tp.notice {
        p.set_y(p.y() + 16.0);
        p.begin(Role::Div);
        p.callout(notice);
        p.end();
    }

    // The foot: who prepared it, the marking and the date, above the bottom margin, on the
    // first page.
    let foot = g.page_h - 30.0 * MM;
    let mut f = Paginator::new(g, accent);
    f.place(Item::Rule {
        x: g.left(),
        y: foot - 22.0,
        w: g.width(),
        colour: style::RULE,
        width: 0.5,
    });
    f.set_y(foot - 16.0);
    f.begin(Role::P);
    if !tp.prepared_by.is_empty() {
        let by = vec![
            Span::plain("Prepared by "),
            Span::bold(tp.prepared_by.clone()),
        ];
        f.write(
            &by,
            g.left(),
            g.width() * 0.6,
            10.0,
            14.0,
            style::INK,
            Align::Left,
        );
    }
    let generated = format!(
        "Generated {}",
        meta.generated.format("%-d %B %Y, %H:%M UTC")
    );
    f.write(
        &text(generated),
        g.left(),
        g.width() * 0.6,
        9.0,
        13.0,
        style::MUTED,
        Align::Left,
    );
    f.end();
    f.begin(Role::P);
    tlp_badge(&mut f, meta, g.right(), foot - 13.0, 10.0);
    f.end();
    let mut flow = p.finish();
    let foot_flow = f.finish();
    // The foot's structure elements follow the page's own.
    let base = flow.nodes.len();
    flow.nodes.extend(foot_flow.nodes.into_iter().map(|mut n| {
        n.parent = n.parent.map(|x| x + base);
        n
    }));
    if let (Some(first), Some(foot_page)) =
        (flow.pages.first_mut(), foot_flow.pages.into_iter().next())
    {
        for mut item in foot_page.items {
            if let Item::Text { node, .. } = &mut item {
                *node = node.map(|n| n + base);
            }
            first.items.push(item);
        }
    }
    flow
}

/// The TLP label, coloured on black as TLP 2.0 prints it, right-aligned at `right`; `top` is
/// the top of the badge.
fn tlp_badge(p: &mut Paginator, meta: &Meta, right: f32, top: f32, size: f32) {
    let label = meta.tlp.label();
    let w = crate::text::width(label, Style::Bold, size) + 2.0 * 0.6 * size;
    let h = size * 1.7;
    p.place(Item::Rect {
        x: right - w,
        y: top,
        w,
        h,
        fill: Some(style::BLACK),
        stroke: None,
    });
    p.place_text(
        right - w + 0.6 * size,
        top + h / 2.0 + size * 0.35,
        label,
        Style::Bold,
        size,
        meta.tlp.colour(),
    );
}

/// The contents pages, each line a link to its section's page.
fn contents(g: Geometry, accent: Colour, sections: &[Section]) -> Flow {
    let mut p = Paginator::new(g, accent);
    let (size, _, after) = style::heading(1);
    let ink = style::readable_on_white(accent);
    p.begin(Role::H1);
    p.write(
        &[Span::bold("Contents")],
        g.left(),
        g.width(),
        size,
        size * 1.25,
        ink,
        Align::Left,
    );
    p.end();
    p.begin(Role::Toc);
    p.set_y(p.y() + after + 6.0);
    let number_w = 24.0;
    let page_w = 36.0;
    let title_w = g.width() - number_w - page_w - 8.0;
    let (entry, leading) = (11.0, 20.0);
    for s in sections {
        let lines = crate::text::wrap(&text(s.title.clone()), entry, title_w);
        let h = lines.len() as f32 * leading;
        if p.y() + h > g.body_bottom() {
            p.new_page();
        }
        let top = p.y();
        let baseline = top + style::baseline(entry, leading);
        let num = s.number.to_string();
        p.begin(Role::Toci);
        p.place_text(g.left(), baseline, &num, Style::Bold, entry, ink);
        p.write(
            &text(s.title.clone()),
            g.left() + number_w,
            title_w,
            entry,
            leading,
            style::INK,
            Align::Left,
        );
        let last_w = lines.last().map_or(0.0, |l| l.width);
        let page_no = (s.page + 1).to_string();
        let no_w = crate::text::width(&page_no, Style::Regular, entry);
        let last_baseline = p.y() - leading + style::baseline(entry, leading);
        // Dot leaders from the end of the title to the page number.
        let dots_from = g.left() + number_w + last_w + 6.0;
        let dots_to = g.right() - no_w - 6.0;
        let dot_w = crate::text::width(". ", Style::Regular, entry);
        if dots_to > dots_from + dot_w {
            let n = ((dots_to - dots_from) / dot_w) as usize;
            p.set_artifact(true);
            p.place_text(
                dots_to - n as f32 * dot_w,
                last_baseline,
                &". ".repeat(n),
                Style::Regular,
                entry,
                style::RULE.shade(0.25),
            );
            p.set_artifact(false);
        }
        p.place_text(
            g.right() - no_w,
            last_baseline,
            &page_no,
            Style::Regular,
            entry,
            style::INK,
        );
        p.end();
        p.place(Item::Link {
            x: g.left(),
            y: top,
            w: g.width(),
            h,
            page: s.page,
        });
    }
    p.end();
    p.finish()
}

/// The running header (logo, client, title, TLP) and footer (prepared by, date, page X of Y).
/// A page's number and the document's page count.
struct Numbers {
    number: usize,
    total: usize,
}

fn chrome(
    g: Geometry,
    accent: Colour,
    meta: &Meta,
    page: &mut Page,
    Numbers { number, total }: Numbers,
    section: Option<&str>,
    logo: Option<(usize, &Image)>,
) {
    let mut p = Paginator::new(g, accent);
    p.set_artifact(true);
    let header_base = 15.0 * MM;
    let mut x = g.left();
    if let Some((index, image)) = logo {
        let (w, h) = fit(&p, image, 30.0 * MM, 7.0 * MM);
        p.place(Item::Image {
            index,
            x,
            y: header_base + 2.0 - h,
            w,
            h,
            node: None,
        });
        x += w + 8.0;
    }
    let badge_size = 8.0;
    let badge_w = crate::text::width(meta.tlp.label(), Style::Bold, badge_size) + 2.0 * 0.6 * 8.0;
    let room = g.right() - badge_w - 10.0 - x;
    // The section sits right-aligned before the badge and gets at most 45% of the room.
    let mut section_w = 0.0;
    if let Some(section) = section {
        let shown = fit_text(section, Style::Bold, 8.5, room * 0.45);
        let w = crate::text::width(&shown, Style::Bold, 8.5);
        section_w = w + 16.0;
        p.place_text(
            g.right() - badge_w - 10.0 - w,
            header_base,
            &shown,
            Style::Bold,
            8.5,
            style::MUTED,
        );
    }
    let head = format!("{}  ·  {}", meta.client, meta.title);
    let head = fit_text(&head, Style::Regular, 8.5, room - section_w);
    p.place_text(x, header_base, &head, Style::Regular, 8.5, style::MUTED);
    tlp_badge(
        &mut p,
        meta,
        g.right(),
        header_base - badge_size * 1.7 + 3.0,
        badge_size,
    );
    p.place(Item::Rule {
        x: g.left(),
        y: header_base + 6.0,
        w: g.width(),
        colour: style::accent_rule(accent),
        width: 0.8,
    });

    let foot = g.page_h - 12.0 * MM;
    p.place(Item::Rule {
        x: g.left(),
        y: foot - 12.0,
        w: g.width(),
        colour: style::RULE,
        width: 0.5,
    });
    let page_text = format!("Page {number} of {total}");
    let pw = crate::text::width(&page_text, Style::Regular, 8.5);
    let left = format!(
        "{}Generated {}",
        if meta.author.is_empty() {
            String::new()
        } else {
            format!("{}  ·  ", meta.author)
        },
        meta.generated.format("%Y-%m-%d %H:%M UTC")
    );
    let left = fit_text(&left, Style::Regular, 8.5, g.width() - pw - 20.0);
    for (x, t) in [(g.left(), left), (g.right() - pw, page_text)] {
        p.place_text(x, foot, &t, Style::Regular, 8.5, style::MUTED);
    }
    let flow = p.finish();
    for chrome_page in flow.pages {
        page.items.extend(chrome_page.items);
    }
}

/// One line of at most `max` points: cut with an ellipsis when too long (header and footer
/// have no room for a second line).
fn fit_text(s: &str, style: Style, size: f32, max: f32) -> String {
    let s = crate::text::printable(s).replace('\n', " ");
    if crate::text::width(&s, style, size) <= max {
        return s;
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if crate::text::width(&next, style, size) > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn meta() -> Meta {
        Meta {
            title: "Binder".into(),
            author: "MSP".into(),
            subject: String::new(),
            keywords: Vec::new(),
            client: "Client".into(),
            tlp: crate::model::Tlp::Amber,
            generated: chrono::DateTime::UNIX_EPOCH,
            accent: None,
            header_logo: None,
            watermark: None,
            lang: "en-GB".into(),
        }
    }

    fn filler(n: usize) -> Vec<Block> {
        (0..n)
            .map(|i| Block::paragraph(format!("filler {i}")))
            .collect()
    }

    #[test]
    fn contents_numbers_and_running_headers_match_the_body() {
        // Enough sections to need two contents pages, some sharing a page.
        let mut blocks = Vec::new();
        for i in 0..45 {
            blocks.push(Block::heading(1, format!("Section {i}")));
            blocks.extend(filler(i % 7 * 4));
        }
        let doc = Document {
            title_page: Some(TitlePage::default()),
            contents: true,
            blocks,
        };
        let c = compose(&doc, &meta());
        assert_eq!(c.outline[0].title, "Contents");
        assert_eq!(c.outline[0].page, 1);
        assert_eq!(c.outline[1].title, "1  Section 0");
        assert_eq!(c.outline[1].page, c.sections[0].page);
        let toc_pages = c.sections[0].page - 1;
        assert!(toc_pages >= 2, "{toc_pages} contents pages");
        let total = c.pages.len();
        for s in &c.sections {
            let heading = format!("{}  Section {}", s.number, s.number - 1);
            assert!(c.pages[s.page].text().contains(&heading), "{heading}");
            let toc = (1..=toc_pages)
                .map(|p| c.pages[p].text())
                .collect::<String>();
            assert!(toc.contains(&format!("Section {} ", s.number - 1)));
        }
        for (n, page) in c.pages.iter().enumerate().skip(1) {
            assert!(page.text().contains(&format!("Page {} of {total}", n + 1)));
        }
        // A page that opens with a section's content names that section, not one that
        // starts further down the page.
        for (n, page) in c.pages.iter().enumerate().skip(1 + toc_pages) {
            let at_top = c.sections.iter().find(|s| s.page == n && s.top);
            let expected = at_top.or_else(|| c.sections.iter().rfind(|s| s.page < n));
            let title = &expected.unwrap().title;
            assert!(page.text().contains(title.as_str()), "page {n}: {title}");
        }
        assert!(
            !c.pages[0].text().contains("Page 1 of"),
            "no footer on the title page"
        );
    }

    #[test]
    fn a_long_title_is_set_smaller_so_the_control_facts_stay_on_the_title_page() {
        let title = "Post-incident report: ransomware on the Hamburg file servers, the payroll \
                     share and the backup appliance, with the notification of the Hamburg data \
                     protection authority and the insurer";
        let tp = TitlePage {
            kicker: "Post-incident report".into(),
            title: title.into(),
            subtitle: "Müller & Søn – Kraków “Zürich”, incident BWL-2026-003".into(),
            facts: (0..9)
                .map(|i| (format!("Fact {i}"), format!("fact-{i}")))
                .collect(),
            notice: Some(crate::model::Callout {
                title: "Draft".into(),
                body: text("Not yet approved; figures may change."),
                ..Default::default()
            }),
            prepared_by: "MSP".into(),
            ..TitlePage::default()
        };
        let doc = Document {
            title_page: Some(tp),
            contents: false,
            blocks: vec![Block::paragraph("Body")],
        };
        let c = compose(&doc, &meta());
        assert!(c.pages[0].text().contains("fact-8"), "facts on page 1");
        assert!(c.pages[0].text().contains("Not yet approved"));
        assert!(c.pages[1].text().contains("Body"), "no second front page");
        // The title wrapped rather than ran off: every line within the margins.
        let g = Geometry::a4();
        for item in &c.pages[0].items {
            if let Item::Text { x, run, .. } = item {
                assert!(x + run.width <= g.right() + 0.01, "{}", run.text);
            }
        }
    }

    #[test]
    fn every_page_but_the_title_has_one_running_header_rule() {
        let mut blocks = Vec::new();
        for i in 0..6 {
            blocks.push(Block::heading(1, format!("Section {i}")));
            blocks.extend(filler(40));
        }
        let doc = Document {
            title_page: Some(TitlePage::default()),
            contents: true,
            blocks,
        };
        let c = compose(&doc, &meta());
        let g = Geometry::a4();
        for (n, page) in c.pages.iter().enumerate() {
            let rules = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Rule { y, .. } if *y < g.body_top()))
                .count();
            assert_eq!(rules, usize::from(n > 0), "page {n}");
        }
    }

    #[test]
    fn a_crowded_title_page_continues_instead_of_covering_its_foot() {
        let g = Geometry::a4();
        let tp = TitlePage {
            title: "Plan".into(),
            facts: (0..40)
                .map(|i| (format!("Fact {i}"), format!("fact-{i}")))
                .collect(),
            prepared_by: "MSP".into(),
            ..TitlePage::default()
        };
        let doc = Document {
            title_page: Some(tp),
            contents: false,
            blocks: vec![Block::paragraph("Body")],
        };
        let c = compose(&doc, &meta());
        let foot_rule = g.page_h - 30.0 * MM - 22.0;
        for item in &c.pages[0].items {
            if let Item::Text { y, run, .. } = item
                && run.text.starts_with("fact-")
            {
                assert!(*y < foot_rule, "{} at {y} runs into the foot", run.text);
            }
        }
        let fronts = c
            .pages
            .iter()
            .take_while(|p| !p.text().contains("Body"))
            .count();
        assert!(fronts >= 2);
        assert!(c.pages[1].text().contains("fact-39"));
    }
}
