//! The house style: page geometry, sizes and colours, in one place so every report looks
//! the same. Points throughout (1 pt = 1/72 in).

use crate::model::{Colour, Tone};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// A4 with room for the running header and footer.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub page_w: f32,
    pub page_h: f32,
    pub margin_x: f32,
    /// Top of the body (below the header).
    pub top: f32,
    /// Space below the body (the footer lives in it).
    pub bottom: f32,
}

impl Geometry {
    pub fn a4() -> Geometry {
        Geometry {
            page_w: 210.0 * MM,
            page_h: 297.0 * MM,
            margin_x: 20.0 * MM,
            top: 27.0 * MM,
            bottom: 22.0 * MM,
        }
    }
    pub fn left(&self) -> f32 {
        self.margin_x
    }
    pub fn right(&self) -> f32 {
        self.page_w - self.margin_x
    }
    pub fn width(&self) -> f32 {
        self.page_w - 2.0 * self.margin_x
    }
    pub fn body_top(&self) -> f32 {
        self.top
    }
    pub fn body_bottom(&self) -> f32 {
        self.page_h - self.bottom
    }
}

pub const BODY: f32 = 10.0;
pub const BODY_LEADING: f32 = 14.0;
pub const NOTE: f32 = 8.5;
pub const NOTE_LEADING: f32 = 11.5;
pub const TABLE: f32 = 9.0;
pub const TABLE_LEADING: f32 = 12.0;
pub const PARA_GAP: f32 = 7.0;
pub const INDENT: f32 = 14.0;
pub const CHECK_INDENT: f32 = 18.0;
pub const CELL_PAD_X: f32 = 5.0;
pub const CELL_PAD_Y: f32 = 4.0;
pub const CALLOUT_PAD: f32 = 8.0;

pub const INK: Colour = Colour::rgb(0x1E, 0x24, 0x2B);
pub const MUTED: Colour = Colour::rgb(0x5B, 0x64, 0x6E);
pub const RULE: Colour = Colour::rgb(0xD5, 0xDA, 0xDF);
/// Light enough that text printed over it stays easy to read.
pub const WATERMARK: Colour = Colour::rgb(0xF4, 0xDC, 0xDC);
pub const ZEBRA: Colour = Colour::rgb(0xF3, 0xF5, 0xF7);
pub const WHITE: Colour = Colour::rgb(0xFF, 0xFF, 0xFF);
pub const BLACK: Colour = Colour::rgb(0, 0, 0);
/// Used when the client has no accent colour.
pub const DEFAULT_ACCENT: Colour = Colour::rgb(0x1F, 0x3A, 0x5F);

/// Size, space before and space after of a heading level.
pub fn heading(level: u8) -> (f32, f32, f32) {
    match level {
        0 | 1 => (17.0, 16.0, 10.0),
        2 => (13.0, 12.0, 5.0),
        _ => (11.0, 8.0, 3.0),
    }
}

/// A light accent (a pale yellow, say) is unreadable as text on white: darken it until it is.
pub fn readable_on_white(c: Colour) -> Colour {
    let mut c = c;
    for _ in 0..8 {
        if c.luminance() <= 0.25 {
            break;
        }
        c = c.shade(0.2);
    }
    c
}

pub fn heading_colour(level: u8, accent: Colour) -> Colour {
    match level {
        0 | 1 => readable_on_white(accent),
        _ => INK,
    }
}

pub fn accent_rule(accent: Colour) -> Colour {
    accent.tint(0.35)
}

/// Header row fill and text: the accent with white text, or dark text on a light accent.
pub fn table_head(accent: Colour) -> (Colour, Colour) {
    if accent.luminance() > 0.35 {
        (accent, INK)
    } else {
        (accent, WHITE)
    }
}

/// Bar and background of a callout.
pub fn tone(tone: Tone, accent: Colour) -> (Colour, Colour) {
    match tone {
        Tone::Info => (accent, accent.tint(0.9)),
        Tone::Warning => (Colour::rgb(0xD9, 0x8A, 0x00), Colour::rgb(0xFF, 0xF4, 0xDB)),
        Tone::Danger => (Colour::rgb(0xC0, 0x26, 0x26), Colour::rgb(0xFD, 0xEC, 0xEC)),
    }
}

/// Distance from the top of a line box to the baseline: the text's cap height sits in the
/// middle of the leading.
pub fn baseline(size: f32, leading: f32) -> f32 {
    (leading - size) / 2.0 + size * 0.8
}
