//! What a report is made of: a title page, blocks, and the facts every page repeats.

use chrono::{DateTime, Utc};

/// A face of the shipped font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Style {
    #[default]
    Regular,
    Bold,
    Italic,
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: Style::Regular,
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: Style::Bold,
        }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: Style::Italic,
        }
    }
}

/// Styled text: a paragraph, a list item, a table cell.
pub type Text = Vec<Span>;

/// Plain text as `Text`.
pub fn text(s: impl Into<String>) -> Text {
    vec![Span::plain(s)]
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b }
    }

    /// `#RRGGBB` (the form `cordon_core::Branding` keeps); `None` for anything else.
    pub fn parse_hex(s: &str) -> Option<Colour> {
        let h = s.trim().strip_prefix('#')?;
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Colour::rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// Relative luminance (WCAG), 0 for black and 1 for white.
    pub fn luminance(self) -> f32 {
        let lin = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// This colour mixed with white: `amount` 0 keeps it, 1 gives white.
    pub fn tint(self, amount: f32) -> Colour {
        let mix = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount).round() as u8;
        Colour::rgb(mix(self.r), mix(self.g), mix(self.b))
    }

    /// This colour mixed with black.
    pub fn shade(self, amount: f32) -> Colour {
        let mix = |c: u8| (f32::from(c) * (1.0 - amount)).round() as u8;
        Colour::rgb(mix(self.r), mix(self.g), mix(self.b))
    }
}

/// A PNG or JPEG, as `cordon_core::Logo` carries it.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({} bytes)", self.data.len())
    }
}

impl From<&cordon_core::Logo> for Image {
    fn from(logo: &cordon_core::Logo) -> Image {
        Image {
            data: logo.data.clone(),
        }
    }
}

/// The Traffic Light Protocol marking printed in every page header (FIRST TLP 2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tlp {
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

impl Tlp {
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// The label's colour; TLP 2.0 prints it on black.
    pub fn colour(self) -> Colour {
        match self {
            Tlp::Clear => Colour::rgb(255, 255, 255),
            Tlp::Green => Colour::rgb(0x33, 0xFF, 0x00),
            Tlp::Amber | Tlp::AmberStrict => Colour::rgb(0xFF, 0xC0, 0x00),
            Tlp::Red => Colour::rgb(0xFF, 0x2B, 0x2B),
        }
    }
}

/// What every page repeats, and the PDF's metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The report title: PDF Title, page header, title page.
    pub title: String,
    /// PDF Author: the MSP that prepared the report.
    pub author: String,
    /// PDF Subject.
    pub subject: String,
    pub keywords: Vec<String>,
    /// The client the report is about, printed in the page header.
    pub client: String,
    pub tlp: Tlp,
    /// When the report was generated: the PDF CreationDate and the footer. Passed in, never
    /// read from a clock, so the same input gives the same pages.
    pub generated: DateTime<Utc>,
    /// The client's colour for headings, rules and table headers; a dark blue when unset.
    pub accent: Option<Colour>,
    /// A small logo at the left of the page header.
    pub header_logo: Option<Image>,
    /// Printed large and light across every page ("DRAFT" until the report is approved).
    pub watermark: Option<String>,
    /// The document's language as a BCP 47 tag ("en-GB", "de-DE"): the PDF's /Lang, and the
    /// hyphenation dictionary (English and German have one; others are not hyphenated).
    pub lang: String,
}

/// The language reports are written in today.
pub const DEFAULT_LANG: &str = "en-GB";

/// The first page: who the document is for, from whom, and its standing.
#[derive(Debug, Clone, Default)]
pub struct TitlePage {
    /// A small line above the title ("Incident response plan").
    pub kicker: String,
    pub title: String,
    pub subtitle: String,
    pub client_logo: Option<Image>,
    /// "Prepared by ..." at the foot of the page.
    pub prepared_by: String,
    pub msp_logo: Option<Image>,
    /// Version, status, approval and the like, as a key/value table.
    pub facts: Vec<(String, String)>,
    /// A callout under the facts ("Draft: not approved").
    pub notice: Option<Callout>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Info,
    Warning,
    Danger,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Callout {
    pub tone: Tone,
    pub title: String,
    pub body: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width: columns share the text width in proportion to their weights.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32) -> Column {
        Column {
            title: title.into(),
            weight,
            align: Align::Left,
        }
    }
}

/// A data table. Rows are never split across pages (unless one alone is taller than a
/// page); the header row is repeated on every page the table spans.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Text>>,
}

/// One line of a checklist: an empty box to tick, the action, and a note under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckItem {
    pub text: Text,
    pub note: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 starts a section: numbered, in the contents and the PDF outline. Levels 2 and
    /// 3 are sub-headings. A heading is never left alone at the foot of a page.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Text),
    Bullets(Vec<Text>),
    /// Label and value pairs, labels in bold.
    KeyValue(Vec<(String, Text)>),
    Table(Table),
    Checklist(Vec<CheckItem>),
    /// An image `width_mm` wide (kept within the text width), its height from its aspect;
    /// `alt` says what it shows for a reader who cannot see it.
    Image {
        image: Image,
        width_mm: f32,
        alt: String,
    },
    Callout(Callout),
    PageBreak,
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }
    pub fn paragraph(s: impl Into<String>) -> Block {
        Block::Paragraph(text(s))
    }
}

/// A report: an optional title page, an optional table of contents, then the blocks.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title_page: Option<TitlePage>,
    /// A contents page listing every level-1 heading with its page number.
    pub contents: bool,
    pub blocks: Vec<Block>,
}
