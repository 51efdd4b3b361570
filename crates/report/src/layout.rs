//! The paginator: blocks in, pages of placed items out. Pure and measured with the font's
//! own metrics, so its decisions (where a page breaks, which heading moves on) are unit-tested
//! without producing a PDF. Coordinates are points from the top-left corner of an A4 page.

use crate::model::{Block, Callout, CheckItem, Colour, Image, Style, Text, Tone, text};
use crate::style::{self, Geometry};
use crate::text::{Line, Run, line_of, wrap};

/// What a piece of content is in the PDF's structure tree (tagged PDF, ISO 32000 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Figure,
    Div,
    Toc,
    Toci,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Div => "Div",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
        }
    }
}

/// A structure element: its role, its parent (an index into the same list) and, for a
/// figure, its alternative text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: Option<usize>,
    pub alt: Option<String>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of shaped text; `x` is where the run starts, `y` its baseline. `angle` (degrees,
    /// counter-clockwise about the start) is 0 but for a watermark. `node`: the structure
    /// element it belongs to; `None` marks page furniture (an artifact).
    Text {
        x: f32,
        y: f32,
        run: Run,
        size: f32,
        colour: Colour,
        angle: f32,
        node: Option<usize>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<(Colour, f32)>,
    },
    /// A horizontal rule.
    Rule {
        x: f32,
        y: f32,
        w: f32,
        colour: Colour,
        width: f32,
    },
    /// An image of the document's image list.
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        node: Option<usize>,
    },
    /// A clickable area that goes to a page (0-based index).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page: usize,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// All the text on the page, runs joined with spaces: what tests look for.
    #[cfg(test)]
    pub fn text(&self) -> String {
        let runs: Vec<&str> = self
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { run, .. } => Some(run.text.as_str()),
                _ => None,
            })
            .collect();
        runs.join(" ")
    }
}

/// A level-1 heading: its number, title and the page it starts on (0-based, within the flow).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub number: usize,
    pub title: String,
    pub page: usize,
    /// The heading is the first thing on its page (the running header names the section
    /// that is at the top of a page).
    pub top: bool,
}

/// Blocks laid out on pages, the sections they start and the images they use.
#[derive(Debug, Default)]
pub struct Flow {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub images: Vec<Image>,
    /// Headings of levels 1 and 2, for the PDF outline.
    pub marks: Vec<Mark>,
    /// The structure elements the pages' items refer to.
    pub nodes: Vec<Node>,
}

/// An outline entry: a heading as shown, where it is (page 0-based, `y` from the top).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// Lays blocks out from the top of a fresh page.
pub struct Paginator {
    pub g: Geometry,
    pub accent: Colour,
    flow: Flow,
    page: Page,
    y: f32,
    /// Open structure elements, innermost last.
    open: Vec<usize>,
    /// Items pushed now are page furniture (repeated table headers, running header).
    artifact: bool,
}

impl Paginator {
    pub fn new(g: Geometry, accent: Colour) -> Paginator {
        Paginator {
            y: g.body_top(),
            g,
            accent,
            flow: Flow::default(),
            page: Page::default(),
            open: Vec::new(),
            artifact: false,
        }
    }

    /// Opens a structure element inside the current one; content pushed until `end`
    /// belongs to it.
    pub fn begin(&mut self, role: Role) -> usize {
        self.begin_alt(role, None)
    }

    pub fn begin_alt(&mut self, role: Role, alt: Option<String>) -> usize {
        self.flow.nodes.push(Node {
            role,
            parent: self.open.last().copied(),
            alt,
        });
        let id = self.flow.nodes.len() - 1;
        self.open.push(id);
        id
    }

    pub fn end(&mut self) {
        self.open.pop();
    }

    /// Marks what is pushed from now on as page furniture (or content again).
    pub fn set_artifact(&mut self, on: bool) {
        self.artifact = on;
    }

    pub fn finish(mut self) -> Flow {
        if !self.page.items.is_empty() || self.flow.pages.is_empty() {
            self.flow.pages.push(self.page);
        }
        self.flow
    }

    /// Lays out a whole list of blocks.
    pub fn blocks(mut self, blocks: &[Block]) -> Flow {
        for (i, block) in blocks.iter().enumerate() {
            if let Block::Heading { .. } = block {
                // Keep-with-next: the heading, and the first piece of what follows it, must
                // fit, or the heading moves to the next page with its content.
                let need = self.keep_height(&blocks[i..]);
                self.ensure(need);
            }
            self.block(block);
        }
        self.finish()
    }

    fn at_top(&self) -> bool {
        self.y <= self.g.body_top() + 0.01
    }

    fn room(&self) -> f32 {
        self.g.body_bottom() - self.y
    }

    pub fn new_page(&mut self) {
        let page = std::mem::take(&mut self.page);
        self.flow.pages.push(page);
        self.y = self.g.body_top();
    }

    /// Starts a new page unless `h` points still fit (or the page is still empty: something
    /// taller than a whole page has to start somewhere).
    fn ensure(&mut self, h: f32) {
        if h > self.room() && !self.at_top() {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    fn push(&mut self, mut item: Item) {
        let here = if self.artifact {
            None
        } else {
            self.open.last().copied()
        };
        if let Item::Text { node, .. } | Item::Image { node, .. } = &mut item {
            *node = here;
        }
        self.page.items.push(item);
    }

    /// One line of text at a baseline, unbroken.
    #[allow(clippy::too_many_arguments)]
    pub fn place_text(&mut self, x: f32, y: f32, s: &str, style: Style, size: f32, colour: Colour) {
        let line = line_of(s, style, size);
        self.place_line(&line, x, y, size, colour);
    }

    fn place_line(&mut self, line: &Line, x: f32, y: f32, size: f32, colour: Colour) {
        for run in &line.runs {
            self.push(Item::Text {
                x: x + run.x,
                y,
                run: run.clone(),
                size,
                colour,
                angle: 0.0,
                node: None,
            });
        }
    }

    /// The height that must fit below the cursor before `blocks[0]` (a heading) is placed.
    fn keep_height(&self, blocks: &[Block]) -> f32 {
        let Some(first) = blocks.first() else {
            return 0.0;
        };
        match first {
            Block::Heading { level, text } => {
                let (size, before, after) = style::heading(*level);
                // Level-1 numbers ("10  ") make the line a little longer than the title.
                let shown = vec![crate::model::Span::bold(format!("00  {text}"))];
                let lines = wrap(&shown, size, self.g.width());
                let rule = if *level <= 1 { 3.0 } else { 0.0 };
                let own = before + lines.len() as f32 * size * 1.25 + rule + after;
                own + self.keep_height(&blocks[1..])
            }
            // A one-line paragraph under a heading is its caption ("Revealed at T+00:55"):
            // it stays with what it introduces, or the heading and caption end a page alone.
            Block::Paragraph(t)
                if blocks.len() > 1 && wrap(t, style::BODY, self.g.width()).len() == 1 =>
            {
                style::BODY_LEADING + style::PARA_GAP + self.keep_height(&blocks[1..])
            }
            other => self.first_piece(other),
        }
    }

    /// The smallest part of a block that may sit under its heading.
    fn first_piece(&self, block: &Block) -> f32 {
        let w = self.g.width();
        match block {
            Block::Paragraph(t) => {
                let n = wrap(t, style::BODY, w).len().clamp(1, 2);
                n as f32 * style::BODY_LEADING
            }
            Block::Bullets(items) if !items.is_empty() => {
                let n = wrap(&items[0], style::BODY, w - style::INDENT).len().min(2);
                n as f32 * style::BODY_LEADING
            }
            Block::KeyValue(rows) if !rows.is_empty() => {
                let (k, v) = &rows[0];
                self.row_height(&self.kv_row(k, v))
            }
            Block::Table(t) if !t.rows.is_empty() => {
                let widths = self.column_widths(t);
                let header = self.header_row(t, &widths);
                // A heading keeps a small table whole, a long one's first two rows.
                let body = self.g.body_bottom() - self.g.body_top();
                let take = if t.rows.len() <= SMALL_TABLE {
                    SMALL_TABLE
                } else {
                    2
                };
                let h = t
                    .rows
                    .iter()
                    .take(take)
                    .map(|r| self.row_height(&self.body_row(r, &widths)))
                    .fold(self.row_height(&header), |a, b| a + b);
                if h > body {
                    let first = self.body_row(&t.rows[0], &widths);
                    self.row_height(&header) + self.row_height(&first)
                } else {
                    h
                }
            }
            Block::Checklist(items) if !items.is_empty() => self.check_height(&items[0]),
            Block::Image {
                image, width_mm, ..
            } => self.image_size(image, *width_mm).1,
            Block::Callout(c) => self.callout_lines(c).2,
            Block::PageBreak => 0.0,
            // Empty lists print "None recorded.", one line.
            _ => style::BODY_LEADING,
        }
    }

    pub fn block(&mut self, block: &Block) {
        let role = match block {
            Block::Heading { level, .. } => match level {
                0 | 1 => Role::H1,
                2 => Role::H2,
                _ => Role::H3,
            },
            Block::Bullets(items) if items.is_empty() => Role::P,
            Block::Checklist(items) if items.is_empty() => Role::P,
            Block::Bullets(_) | Block::Checklist(_) => Role::L,
            Block::KeyValue(rows) if rows.is_empty() => Role::P,
            Block::Table(t) if t.rows.is_empty() => Role::P,
            Block::KeyValue(_) | Block::Table(_) => Role::Table,
            Block::Image { .. } => Role::Figure,
            Block::Callout(_) => Role::Div,
            Block::Paragraph(_) => Role::P,
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
                return;
            }
        };
        let alt = match block {
            Block::Image { alt, .. } => Some(alt.clone()),
            _ => None,
        };
        self.begin_alt(role, alt);
        match block {
            Block::Heading { level, text } => self.heading(*level, text),
            Block::Paragraph(t) => self.paragraph(t, style::BODY, style::BODY_LEADING),
            Block::Bullets(items) if items.is_empty() => self.none_recorded(),
            Block::Bullets(items) => self.bullets(items),
            Block::KeyValue(rows) if rows.is_empty() => self.none_recorded(),
            Block::KeyValue(rows) => self.key_values(rows),
            Block::Table(t) if t.rows.is_empty() => self.none_recorded(),
            Block::Table(t) => self.table(t),
            Block::Checklist(items) if items.is_empty() => self.none_recorded(),
            Block::Checklist(items) => self.checklist(items),
            Block::Image {
                image, width_mm, ..
            } => self.image(image, *width_mm),
            Block::Callout(c) => self.callout(c),
            Block::PageBreak => {}
        }
        self.end();
    }

    /// What an empty list or table prints, so that no heading stands over nothing.
    fn none_recorded(&mut self) {
        self.paragraph(
            &[crate::model::Span::italic("None recorded.")],
            style::BODY,
            style::BODY_LEADING,
        );
    }

    fn heading(&mut self, level: u8, title: &str) {
        let (size, before, after) = style::heading(level);
        let shown = if level <= 1 {
            let number = self.flow.sections.len() + 1;
            format!("{number}  {title}")
        } else {
            title.to_owned()
        };
        self.gap(before);
        let lines = wrap(
            &[crate::model::Span::bold(shown.clone())],
            size,
            self.g.width(),
        );
        let leading = size * 1.25;
        self.ensure(lines.len() as f32 * leading);
        if level <= 2 {
            self.flow.marks.push(Mark {
                level: level.max(1),
                title: shown,
                page: self.flow.pages.len(),
                y: self.y,
            });
        }
        if level <= 1 {
            self.flow.sections.push(Section {
                number: self.flow.sections.len() + 1,
                title: title.to_owned(),
                page: self.flow.pages.len(),
                top: self.at_top(),
            });
        }
        let colour = style::heading_colour(level, self.accent);
        for line in &lines {
            self.text_line(line, self.g.left(), size, leading, colour);
        }
        if level <= 1 {
            self.y += 3.0;
            self.push(Item::Rule {
                x: self.g.left(),
                y: self.y,
                w: self.g.width(),
                colour: style::accent_rule(self.accent),
                width: 0.8,
            });
        }
        self.y += after;
    }

    /// Places one line at the cursor and moves the cursor down by `leading`.
    fn text_line(&mut self, line: &Line, x: f32, size: f32, leading: f32, colour: Colour) {
        let baseline = self.y + style::baseline(size, leading);
        self.place_line(line, x, baseline, size, colour);
        self.y += leading;
    }

    pub fn paragraph(&mut self, t: &[crate::model::Span], size: f32, leading: f32) {
        let lines = wrap(t, size, self.g.width());
        self.flow_lines(&lines, self.g.left(), size, leading, style::INK);
        self.y += style::PARA_GAP;
    }

    /// Lines that may break across pages, never leaving a single first line at a page foot.
    fn flow_lines(&mut self, lines: &[Line], x: f32, size: f32, leading: f32, colour: Colour) {
        for (i, line) in lines.iter().enumerate() {
            let need = if i == 0 && lines.len() > 1 {
                2.0 * leading
            } else {
                leading
            };
            self.ensure(need);
            self.text_line(line, x, size, leading, colour);
        }
    }

    fn bullets(&mut self, items: &[Text]) {
        let x = self.g.left() + style::INDENT;
        for item in items {
            let lines = wrap(item, style::BODY, self.g.width() - style::INDENT);
            let need = (lines.len().min(2)) as f32 * style::BODY_LEADING;
            self.ensure(need);
            let bullet_y = self.y + style::baseline(style::BODY, style::BODY_LEADING);
            self.begin(Role::LI);
            self.begin(Role::Lbl);
            let ink = style::readable_on_white(self.accent);
            self.place_text(
                self.g.left() + 3.0,
                bullet_y,
                "•",
                Style::Bold,
                style::BODY,
                ink,
            );
            self.end();
            self.begin(Role::LBody);
            self.flow_lines(&lines, x, style::BODY, style::BODY_LEADING, style::INK);
            self.end();
            self.end();
            self.y += 2.5;
        }
        self.y += style::PARA_GAP - 2.5;
    }

    // ---- checklists, images, callouts ---------------------------------------------------

    fn check_lines(&self, item: &CheckItem) -> (Vec<Line>, Vec<Line>) {
        let w = self.g.width() - style::CHECK_INDENT;
        (
            wrap(&item.text, style::BODY, w),
            wrap(&item.note, style::NOTE, w),
        )
    }

    fn check_height(&self, item: &CheckItem) -> f32 {
        let (t, n) = self.check_lines(item);
        t.len() as f32 * style::BODY_LEADING + n.len() as f32 * style::NOTE_LEADING + 6.0
    }

    fn checklist(&mut self, items: &[CheckItem]) {
        for item in items {
            let h = self.check_height(item);
            self.ensure(h);
            let (t, n) = self.check_lines(item);
            let box_size = 9.0;
            self.push(Item::Rect {
                x: self.g.left() + 1.0,
                y: self.y + (style::BODY_LEADING - box_size) / 2.0,
                w: box_size,
                h: box_size,
                fill: None,
                stroke: Some((style::INK, 0.8)),
            });
            let x = self.g.left() + style::CHECK_INDENT;
            // Flowing (not placing) the lines: an item taller than a page continues on the
            // next one instead of running into the footer.
            self.begin(Role::LI);
            self.begin(Role::LBody);
            self.flow_lines(&t, x, style::BODY, style::BODY_LEADING, style::INK);
            self.flow_lines(&n, x, style::NOTE, style::NOTE_LEADING, style::MUTED);
            self.end();
            self.end();
            self.y += 6.0;
        }
        self.y += style::PARA_GAP - 4.0;
    }

    /// The size an image is drawn at: `width_mm` wide at most, within the text width and
    /// the page body, keeping its aspect.
    pub fn image_size(&self, image: &Image, width_mm: f32) -> (f32, f32) {
        let (pw, ph) = crate::image::pixel_size(&image.data).unwrap_or((4, 3));
        let aspect = ph as f32 / pw.max(1) as f32;
        let mut w = (width_mm * style::MM).min(self.g.width());
        let max_h = self.g.body_bottom() - self.g.body_top();
        if w * aspect > max_h {
            w = max_h / aspect;
        }
        (w, w * aspect)
    }

    pub fn place_image(&mut self, image: &Image, x: f32, y: f32, w: f32, h: f32) {
        let index = match self.flow.images.iter().position(|i| i == image) {
            Some(i) => i,
            None => {
                self.flow.images.push(image.clone());
                self.flow.images.len() - 1
            }
        };
        self.push(Item::Image {
            index,
            x,
            y,
            w,
            h,
            node: None,
        });
    }

    fn image(&mut self, image: &Image, width_mm: f32) {
        let (w, h) = self.image_size(image, width_mm);
        self.ensure(h);
        let (x, y) = (self.g.left(), self.y);
        self.place_image(image, x, y, w, h);
        self.y += h + style::PARA_GAP;
    }

    /// Title lines, body lines and the box height of a callout.
    fn callout_lines(&self, c: &Callout) -> (Vec<Line>, Vec<Line>, f32) {
        let w = self.g.width() - 2.0 * style::CALLOUT_PAD - 3.0;
        let title = if c.title.is_empty() {
            Vec::new()
        } else {
            wrap(&[crate::model::Span::bold(c.title.clone())], style::BODY, w)
        };
        let body = wrap(&c.body, style::BODY, w);
        let h = (title.len() + body.len()) as f32 * style::BODY_LEADING + 2.0 * style::CALLOUT_PAD;
        (title, body, h)
    }

    /// A boxed callout. It moves whole to the next page when it does not fit, unless this
    /// page would then stay less than a quarter full or it is taller than a page: then it
    /// continues in a box of its own on the next page (at least two lines on each side).
    pub fn callout(&mut self, c: &Callout) {
        let (title, body, h) = self.callout_lines(c);
        let page = self.g.body_bottom() - self.g.body_top();
        if h <= page && (h <= self.room() || self.fill() >= 0.25) {
            self.ensure(h);
        }
        let (bar, fill) = style::tone(c.tone, self.accent);
        let title_ink = if c.tone == Tone::Info {
            style::INK
        } else {
            bar.shade(0.35)
        };
        let lines: Vec<(&Line, Colour, bool)> = title
            .iter()
            .map(|l| (l, title_ink, true))
            .chain(body.iter().map(|l| (l, style::INK, false)))
            .collect();
        let pad = 2.0 * style::CALLOUT_PAD;
        let x = self.g.left() + 3.0 + style::CALLOUT_PAD;
        let mut rest = &lines[..];
        while !rest.is_empty() {
            let fits = ((self.room() - pad) / style::BODY_LEADING).floor().max(0.0) as usize;
            let mut take = fits.min(rest.len());
            if take < rest.len() && rest.len() - take < 2 {
                take = take.saturating_sub(2 - (rest.len() - take));
            }
            if take < 2.min(rest.len()) && !self.at_top() {
                self.new_page();
                continue;
            }
            let take = take.max(1);
            let (part, next) = rest.split_at(take);
            let h = part.len() as f32 * style::BODY_LEADING + pad;
            let top = self.y;
            for (w, colour) in [(self.g.width(), fill), (3.0, bar)] {
                self.push(Item::Rect {
                    x: self.g.left(),
                    y: top,
                    w,
                    h,
                    fill: Some(colour),
                    stroke: None,
                });
            }
            self.y += style::CALLOUT_PAD;
            let mut open_title = None;
            for (line, ink, is_title) in part {
                if open_title != Some(*is_title) {
                    if open_title.is_some() {
                        self.end();
                    }
                    self.begin(Role::P);
                    open_title = Some(*is_title);
                }
                self.text_line(line, x, style::BODY, style::BODY_LEADING, *ink);
            }
            if open_title.is_some() {
                self.end();
            }
            self.y = top + h;
            rest = next;
            if !rest.is_empty() {
                self.new_page();
            }
        }
        self.y += style::PARA_GAP + 2.0;
    }

    // ---- free placement for the title and contents pages ---------------------------------

    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    pub fn place(&mut self, item: Item) {
        self.push(item);
    }

    /// Wrapped text at the cursor within `[x, x + width]`, aligned, cursor moved below it.
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        &mut self,
        t: &[crate::model::Span],
        x: f32,
        width: f32,
        size: f32,
        leading: f32,
        colour: Colour,
        align: crate::model::Align,
    ) {
        for line in wrap(t, size, width) {
            let dx = match align {
                crate::model::Align::Left => 0.0,
                crate::model::Align::Right => width - line.width,
                crate::model::Align::Center => (width - line.width) / 2.0,
            };
            self.text_line(&line, x + dx, size, leading, colour);
        }
    }

    /// Key/value rows of a given width at the cursor (the title page's facts).
    pub fn facts(&mut self, rows: &[(String, String)], width: f32) {
        let kw = (width * 0.38).min(140.0);
        self.begin(Role::Table);
        for (k, v) in rows {
            let key = vec![crate::model::Span::bold(k.clone())];
            let row = Row {
                cells: vec![
                    self.cell_lines(&key, kw, style::BODY),
                    self.cell_lines(&text(v.clone()), width - kw, style::BODY),
                ],
                bold: false,
                keyed: true,
            };
            let h = row.cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32
                * style::BODY_LEADING
                + 2.0 * style::CELL_PAD_Y;
            self.ensure(h);
            let top = self.y;
            let mut x = self.g.left();
            self.begin(Role::TR);
            for (cell, w) in row.cells.iter().zip([kw, width - kw]) {
                self.y = top + style::CELL_PAD_Y;
                self.begin(if x == self.g.left() {
                    Role::TH
                } else {
                    Role::TD
                });
                for line in cell {
                    let ink = if x == self.g.left() {
                        style::MUTED
                    } else {
                        style::INK
                    };
                    self.text_line(
                        line,
                        x + style::CELL_PAD_X,
                        style::BODY,
                        style::BODY_LEADING,
                        ink,
                    );
                }
                self.end();
                x += w;
            }
            self.end();
            self.y = top + h;
            self.push(Item::Rule {
                x: self.g.left(),
                y: self.y,
                w: width,
                colour: style::RULE,
                width: 0.5,
            });
        }
        self.end();
    }
}

#[path = "layout_table.rs"]
mod table;
use table::Row;
pub use table::SMALL_TABLE;

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
