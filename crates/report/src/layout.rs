//! The paginator: blocks in, pages of placed items out. Pure and measured with the font's
//! own metrics, so its decisions (where a page breaks, which heading moves on) are unit-tested
//! without producing a PDF. Coordinates are points from the top-left corner of an A4 page.

use crate::model::{Block, Callout, CheckItem, Colour, Image, Style, Table, Text, Tone, text};
use crate::style::{self, Geometry};
use crate::text::{Line, wrap};

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
        size: f32,
        colour: Colour,
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
                Item::Text { text, .. } => Some(text.as_str()),
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
}

/// A table row cut into lines per cell, with its height.
struct Row {
    cells: Vec<Vec<Line>>,
    bold: bool,
}

impl Paginator {
    pub fn new(g: Geometry, accent: Colour) -> Paginator {
        Paginator {
            y: g.body_top(),
            g,
            accent,
            flow: Flow::default(),
            page: Page::default(),
        }
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

    fn push(&mut self, item: Item) {
        self.page.items.push(item);
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
                let first = self.body_row(&t.rows[0], &widths);
                self.row_height(&header) + self.row_height(&first)
            }
            Block::Checklist(items) if !items.is_empty() => self.check_height(&items[0]),
            Block::Image { image, width_mm } => self.image_size(image, *width_mm).1,
            Block::Callout(c) => self.callout_lines(c).2,
            Block::PageBreak => 0.0,
            // Empty lists print "None recorded.", one line.
            _ => style::BODY_LEADING,
        }
    }

    pub fn block(&mut self, block: &Block) {
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
            Block::Image { image, width_mm } => self.image(image, *width_mm),
            Block::Callout(c) => self.callout(c),
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
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
        for run in &line.runs {
            self.push(Item::Text {
                x: x + run.x,
                y: baseline,
                text: run.text.clone(),
                style: run.style,
                size,
                colour,
            });
        }
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
            self.push(Item::Text {
                x: self.g.left() + 3.0,
                y: bullet_y,
                text: "•".into(),
                style: Style::Bold,
                size: style::BODY,
                colour: style::readable_on_white(self.accent),
            });
            self.flow_lines(&lines, x, style::BODY, style::BODY_LEADING, style::INK);
            self.y += 2.5;
        }
        self.y += style::PARA_GAP - 2.5;
    }

    // ---- tables -------------------------------------------------------------------------

    fn column_widths(&self, t: &Table) -> Vec<f32> {
        let total: f32 = t.columns.iter().map(|c| c.weight.max(0.01)).sum();
        t.columns
            .iter()
            .map(|c| self.g.width() * c.weight.max(0.01) / total)
            .collect()
    }

    fn cell_lines(&self, t: &[crate::model::Span], w: f32, size: f32) -> Vec<Line> {
        wrap(t, size, (w - 2.0 * style::CELL_PAD_X).max(8.0))
    }

    fn header_row(&self, t: &Table, widths: &[f32]) -> Row {
        let cells = t
            .columns
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                let bold = vec![crate::model::Span::bold(c.title.clone())];
                self.cell_lines(&bold, *w, style::TABLE)
            })
            .collect();
        Row { cells, bold: true }
    }

    fn body_row(&self, row: &[Text], widths: &[f32]) -> Row {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let empty = Vec::new();
                self.cell_lines(row.get(i).unwrap_or(&empty), *w, style::TABLE)
            })
            .collect();
        Row { cells, bold: false }
    }

    fn kv_row(&self, key: &str, value: &Text) -> Row {
        let (kw, vw) = self.kv_widths();
        let key = vec![crate::model::Span::bold(key)];
        Row {
            cells: vec![
                self.cell_lines(&key, kw, style::TABLE),
                self.cell_lines(value, vw, style::TABLE),
            ],
            bold: false,
        }
    }

    fn kv_widths(&self) -> (f32, f32) {
        let kw = (self.g.width() * 0.3).min(150.0);
        (kw, self.g.width() - kw)
    }

    fn row_height(&self, row: &Row) -> f32 {
        let n = row.cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        n as f32 * style::TABLE_LEADING + 2.0 * style::CELL_PAD_Y
    }

    /// Draws a row at the cursor: background, cell text, bottom rule.
    fn draw_row(&mut self, row: &Row, widths: &[f32], fill: Option<Colour>, ink: Colour) {
        let h = self.row_height(row);
        let mut x = self.g.left();
        if let Some(fill) = fill {
            self.push(Item::Rect {
                x,
                y: self.y,
                w: self.g.width(),
                h,
                fill: Some(fill),
                stroke: None,
            });
        }
        let top = self.y;
        for (cell, w) in row.cells.iter().zip(widths) {
            self.y = top + style::CELL_PAD_Y;
            for line in cell {
                self.text_line(
                    line,
                    x + style::CELL_PAD_X,
                    style::TABLE,
                    style::TABLE_LEADING,
                    ink,
                );
            }
            x += w;
        }
        self.y = top + h;
        if !row.bold {
            self.push(Item::Rule {
                x: self.g.left(),
                y: self.y,
                w: self.g.width(),
                colour: style::RULE,
                width: 0.5,
            });
        }
    }

    fn table(&mut self, t: &Table) {
        let widths = self.column_widths(t);
        let header = self.header_row(t, &widths);
        let rows: Vec<Row> = t.rows.iter().map(|r| self.body_row(r, &widths)).collect();
        let head_h = self.row_height(&header);
        let (head_fill, head_ink) = style::table_head(self.accent);
        let mut header_due = true;
        for (i, row) in rows.iter().enumerate() {
            let h = self.row_height(row);
            let need = if header_due { head_h + h } else { h };
            // A table's last row alone on the next page reads as a stray line: when it will not
            // fit under this one, the row before it goes over with it.
            let lone_last = i >= 2
                && i + 2 == rows.len()
                && !header_due
                && need <= self.room()
                && need + self.row_height(&rows[i + 1]) > self.room();
            if (need > self.room() || lone_last) && !self.at_top() {
                self.new_page();
                header_due = true;
            }
            if header_due {
                self.draw_row(&header, &widths, Some(head_fill), head_ink);
                header_due = false;
            }
            if h > self.room() {
                // A row taller than what is left of an empty page: split it between lines.
                for part in self.split_row(row) {
                    if self.row_height(&part) > self.room() && !self.at_top() {
                        self.new_page();
                        self.draw_row(&header, &widths, Some(head_fill), head_ink);
                    }
                    self.draw_row(&part, &widths, None, style::INK);
                }
                continue;
            }
            let fill = (i % 2 == 1).then_some(style::ZEBRA);
            self.draw_row(row, &widths, fill, style::INK);
        }
        self.y += style::PARA_GAP + 2.0;
    }

    /// Cuts a row into parts that each fit on an empty page under the header.
    fn split_row(&self, row: &Row) -> Vec<Row> {
        let head_room = self.g.body_bottom() - self.g.body_top() - 3.0 * style::TABLE_LEADING;
        let per_part = ((head_room - 2.0 * style::CELL_PAD_Y) / style::TABLE_LEADING).max(1.0);
        let per_part = per_part as usize;
        let first = ((self.room() - 2.0 * style::CELL_PAD_Y) / style::TABLE_LEADING).max(1.0);
        let mut out = Vec::new();
        let mut start = 0;
        let n = row.cells.iter().map(Vec::len).max().unwrap_or(0);
        let mut take = first as usize;
        while start < n {
            let cells = row
                .cells
                .iter()
                .map(|c| c.iter().skip(start).take(take).cloned().collect())
                .collect();
            out.push(Row { cells, bold: false });
            start += take;
            take = per_part;
        }
        out
    }

    fn key_values(&mut self, rows: &[(String, Text)]) {
        let (kw, vw) = self.kv_widths();
        for (k, v) in rows {
            let row = self.kv_row(k, v);
            self.ensure(self.row_height(&row));
            if self.row_height(&row) > self.room() {
                for part in self.split_row(&row) {
                    self.ensure(self.row_height(&part));
                    self.draw_row(&part, &[kw, vw], None, style::INK);
                }
                continue;
            }
            self.draw_row(&row, &[kw, vw], None, style::INK);
        }
        self.y += style::PARA_GAP + 2.0;
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
            self.flow_lines(&t, x, style::BODY, style::BODY_LEADING, style::INK);
            self.flow_lines(&n, x, style::NOTE, style::NOTE_LEADING, style::MUTED);
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
        self.push(Item::Image { index, x, y, w, h });
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

    pub fn callout(&mut self, c: &Callout) {
        let (title, body, h) = self.callout_lines(c);
        if h > self.g.body_bottom() - self.g.body_top() {
            // Taller than a page: no box can hold it, so it flows as plain text.
            let x = self.g.left();
            self.flow_lines(&title, x, style::BODY, style::BODY_LEADING, style::INK);
            self.flow_lines(&body, x, style::BODY, style::BODY_LEADING, style::INK);
            self.y += style::PARA_GAP;
            return;
        }
        self.ensure(h);
        let (bar, fill) = style::tone(c.tone, self.accent);
        let top = self.y;
        self.push(Item::Rect {
            x: self.g.left(),
            y: top,
            w: self.g.width(),
            h,
            fill: Some(fill),
            stroke: None,
        });
        self.push(Item::Rect {
            x: self.g.left(),
            y: top,
            w: 3.0,
            h,
            fill: Some(bar),
            stroke: None,
        });
        self.y += style::CALLOUT_PAD;
        let x = self.g.left() + 3.0 + style::CALLOUT_PAD;
        let title_ink = if c.tone == Tone::Info {
            style::INK
        } else {
            bar.shade(0.35)
        };
        for line in &title {
            self.text_line(line, x, style::BODY, style::BODY_LEADING, title_ink);
        }
        for line in &body {
            self.text_line(line, x, style::BODY, style::BODY_LEADING, style::INK);
        }
        self.y = top + h + style::PARA_GAP + 2.0;
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
        for (k, v) in rows {
            let key = vec![crate::model::Span::bold(k.clone())];
            let row = Row {
                cells: vec![
                    self.cell_lines(&key, kw, style::BODY),
                    self.cell_lines(&text(v.clone()), width - kw, style::BODY),
                ],
                bold: false,
            };
            let h = row.cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32
                * style::BODY_LEADING
                + 2.0 * style::CELL_PAD_Y;
            self.ensure(h);
            let top = self.y;
            let mut x = self.g.left();
            for (cell, w) in row.cells.iter().zip([kw, width - kw]) {
                self.y = top + style::CELL_PAD_Y;
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
                x += w;
            }
            self.y = top + h;
            self.push(Item::Rule {
                x: self.g.left(),
                y: self.y,
                w: width,
                colour: style::RULE,
                width: 0.5,
            });
        }
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
