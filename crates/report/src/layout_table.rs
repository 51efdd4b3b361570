//! Tables and key/value rows: column widths, rows that never split (unless taller than a
//! page), headers that repeat. Part of the paginator (`layout.rs`).

use super::{Item, Paginator, Role};
use crate::model::{Colour, Table, Text};
use crate::style;
use crate::text::{Line, wrap};

/// Words of up to this many characters are never split: their column makes room.
const SHORT_WORD: usize = 12;

/// The widest word of `t` at the table size of at most `max_chars` characters.
fn longest_word(t: &[crate::model::Span], max_chars: usize) -> f32 {
    t.iter()
        .flat_map(|s| s.text.split_whitespace().map(move |w| (w, s.style)))
        .filter(|(w, _)| w.chars().count() <= max_chars)
        .map(|(w, st)| crate::text::width(w, st, style::TABLE))
        .fold(0.0, f32::max)
}

/// Tables of up to this many rows are never split (unless taller than a page).
pub const SMALL_TABLE: usize = 6;

/// A table row cut into lines per cell, with its height.
pub(super) struct Row {
    pub(super) cells: Vec<Vec<Line>>,
    pub(super) bold: bool,
    /// The first cell labels the row (key/value tables): a header cell in the structure.
    pub(super) keyed: bool,
}

impl Paginator {
    /// Widths in proportion to the columns' weights, but never narrower than the longest
    /// word of the header or a short word of a cell (cutting "Communication" into
    /// "Communicatio / n" is what a too-narrow column did); the room comes from the columns
    /// that have some to spare.
    pub(super) fn column_widths(&self, t: &Table) -> Vec<f32> {
        let total_w = self.g.width();
        let total: f32 = t.columns.iter().map(|c| c.weight.max(0.01)).sum();
        let mut widths: Vec<f32> = t
            .columns
            .iter()
            .map(|c| total_w * c.weight.max(0.01) / total)
            .collect();
        let pad = 2.0 * style::CELL_PAD_X + 0.5;
        let mins: Vec<f32> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let head = longest_word(&[crate::model::Span::bold(c.title.clone())], usize::MAX);
                let cells = t
                    .rows
                    .iter()
                    .take(200)
                    .filter_map(|r| r.get(i))
                    .map(|cell| longest_word(cell, SHORT_WORD))
                    .fold(0.0, f32::max);
                head.max(cells) + pad
            })
            .collect();
        let need: f32 = mins.iter().sum();
        if need >= total_w {
            return mins.iter().map(|m| m * total_w / need).collect();
        }
        for _ in 0..widths.len() {
            let deficit: f32 = widths
                .iter()
                .zip(&mins)
                .map(|(w, m)| (m - w).max(0.0))
                .sum();
            if deficit <= 0.01 {
                break;
            }
            let spare: f32 = widths
                .iter()
                .zip(&mins)
                .map(|(w, m)| (w - m).max(0.0))
                .sum();
            for (w, m) in widths.iter_mut().zip(&mins) {
                if *w < *m {
                    *w = *m;
                } else {
                    *w -= (*w - m) / spare * deficit;
                }
            }
        }
        widths
    }

    pub(super) fn cell_lines(&self, t: &[crate::model::Span], w: f32, size: f32) -> Vec<Line> {
        wrap(t, size, (w - 2.0 * style::CELL_PAD_X).max(8.0))
    }

    pub(super) fn header_row(&self, t: &Table, widths: &[f32]) -> Row {
        let cells = t
            .columns
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                let bold = vec![crate::model::Span::bold(c.title.clone())];
                self.cell_lines(&bold, *w, style::TABLE)
            })
            .collect();
        Row {
            cells,
            bold: true,
            keyed: false,
        }
    }

    pub(super) fn body_row(&self, row: &[Text], widths: &[f32]) -> Row {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let empty = Vec::new();
                self.cell_lines(row.get(i).unwrap_or(&empty), *w, style::TABLE)
            })
            .collect();
        Row {
            cells,
            bold: false,
            keyed: false,
        }
    }

    pub(super) fn kv_row(&self, key: &str, value: &Text) -> Row {
        let (kw, vw) = self.kv_widths();
        let key = vec![crate::model::Span::bold(key)];
        Row {
            cells: vec![
                self.cell_lines(&key, kw, style::TABLE),
                self.cell_lines(value, vw, style::TABLE),
            ],
            bold: false,
            keyed: true,
        }
    }

    pub(super) fn kv_widths(&self) -> (f32, f32) {
        let kw = (self.g.width() * 0.3).min(150.0);
        (kw, self.g.width() - kw)
    }

    pub(super) fn row_height(&self, row: &Row) -> f32 {
        let n = row.cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        n as f32 * style::TABLE_LEADING + 2.0 * style::CELL_PAD_Y
    }

    /// Draws a row at the cursor: background, cell text, bottom rule.
    pub(super) fn draw_row(
        &mut self,
        row: &Row,
        widths: &[f32],
        fill: Option<Colour>,
        ink: Colour,
    ) {
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
        self.begin(Role::TR);
        for (i, (cell, w)) in row.cells.iter().zip(widths).enumerate() {
            self.y = top + style::CELL_PAD_Y;
            let head = row.bold || (row.keyed && i == 0);
            self.begin(if head { Role::TH } else { Role::TD });
            for line in cell {
                self.text_line(
                    line,
                    x + style::CELL_PAD_X,
                    style::TABLE,
                    style::TABLE_LEADING,
                    ink,
                );
            }
            self.end();
            x += w;
        }
        self.end();
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

    /// How full the page is, 0 (empty) to 1.
    pub(super) fn fill(&self) -> f32 {
        let body = self.g.body_bottom() - self.g.body_top();
        (self.y - self.g.body_top()) / body
    }

    pub(super) fn table(&mut self, t: &Table) {
        let widths = self.column_widths(t);
        let header = self.header_row(t, &widths);
        let rows: Vec<Row> = t.rows.iter().map(|r| self.body_row(r, &widths)).collect();
        let head_h = self.row_height(&header);
        let (head_fill, head_ink) = style::table_head(self.accent);
        let body = self.g.body_bottom() - self.g.body_top();
        let heights: Vec<f32> = rows.iter().map(|r| self.row_height(r)).collect();
        let total = head_h + heights.iter().sum::<f32>();
        // A small table is read as one thing: it moves whole to the next page, unless that
        // would leave this page less than a quarter full.
        if rows.len() <= SMALL_TABLE && total <= body && self.fill() >= 0.25 {
            self.ensure(total);
        }
        let tall = |h: f32| h + head_h > body;
        let mut header_due = true;
        let mut repeat = false;
        for (i, row) in rows.iter().enumerate() {
            let h = heights[i];
            let need = if header_due { head_h + h } else { h };
            let must_move = if tall(h) {
                // A row taller than a page starts where it is, if a few of its lines fit:
                // moving it would strand the rows before it on a page of their own.
                need.min(head_h + 3.0 * style::TABLE_LEADING + 2.0 * style::CELL_PAD_Y)
                    > self.room()
            } else {
                // The header never ends a page with a single row under it, and the last
                // row never goes alone to the next page.
                let opening = i == 0
                    && rows.len() >= 2
                    && !tall(heights[1])
                    && need + heights[1] > self.room();
                let lone_last = i >= 2
                    && i + 2 == rows.len()
                    && !header_due
                    && !tall(heights[i + 1])
                    && need <= self.room()
                    && need + heights[i + 1] > self.room();
                need > self.room() || opening || lone_last
            };
            if must_move && !self.at_top() {
                self.new_page();
                header_due = true;
            }
            if header_due {
                self.draw_header(&header, &widths, head_fill, head_ink, repeat);
                header_due = false;
                repeat = true;
            }
            if h > self.room() {
                // Taller than what is left: split between lines.
                for part in self.split_row(row) {
                    if self.row_height(&part) > self.room() && !self.at_top() {
                        self.new_page();
                        self.draw_header(&header, &widths, head_fill, head_ink, true);
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

    /// The header row; repeated on a continuation page it is furniture, not content.
    pub(super) fn draw_header(
        &mut self,
        header: &Row,
        widths: &[f32],
        fill: Colour,
        ink: Colour,
        repeat: bool,
    ) {
        self.set_artifact(repeat);
        self.draw_row(header, widths, Some(fill), ink);
        self.set_artifact(false);
    }

    /// Cuts a row into parts that each fit on an empty page under the header.
    pub(super) fn split_row(&self, row: &Row) -> Vec<Row> {
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
            out.push(Row {
                cells,
                bold: false,
                keyed: false,
            });
            start += take;
            take = per_part;
        }
        out
    }

    pub(super) fn key_values(&mut self, rows: &[(String, Text)]) {
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
}
