//! Measuring and breaking text with the embedded font's own metrics.
//!
//! printpdf writes each run as text in an embedded TrueType font and advances by the font's
//! `hmtx` widths without kerning, so measuring with the same widths here means a line that
//! fits in the layout also fits on the page. Breaks fall at Unicode line-break opportunities
//! (UAX #14); a word wider than the column is cut between characters rather than clipped.

use std::sync::OnceLock;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::model::{Span, Style};

const REGULAR: &[u8] = include_bytes!("../fonts/Lato-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/Lato-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/Lato-Italic.ttf");

/// The bytes of the font file for a style, as embedded in the PDF.
pub(crate) fn font_bytes(style: Style) -> &'static [u8] {
    match style {
        Style::Regular => REGULAR,
        Style::Bold => BOLD,
        Style::Italic => ITALIC,
    }
}

/// Advance widths of one face, per character, in em units. Parsed once per process because
/// the faces are static and parsing `cmap` for each measurement would dominate big tables.
struct Metrics {
    face: ttf_parser::Face<'static>,
    per_em: f32,
}

fn metrics(style: Style) -> Option<&'static Metrics> {
    static CELLS: [OnceLock<Option<Metrics>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = match style {
        Style::Regular => 0,
        Style::Bold => 1,
        Style::Italic => 2,
    };
    CELLS[i]
        .get_or_init(|| {
            let face = ttf_parser::Face::parse(font_bytes(style), 0).ok()?;
            let per_em = f32::from(face.units_per_em());
            Some(Metrics { face, per_em })
        })
        .as_ref()
}

/// Whether the font draws `c`; characters it lacks are printed as `?` so that nothing
/// silently turns into an empty box.
pub(crate) fn has_glyph(c: char) -> bool {
    metrics(Style::Regular).is_some_and(|m| m.face.glyph_index(c).is_some())
}

/// Text as the font can print it: tabs become spaces, other control characters (except the
/// newline, a forced break) are dropped, characters the font lacks become `?`.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\r' => None,
            c if c.is_control() => None,
            // Soft hyphen and zero-width space only mark break chances; they print nothing.
            '\u{00AD}' | '\u{200B}' => None,
            c if has_glyph(c) => Some(c),
            _ => Some('?'),
        })
        .collect()
}

/// Width of `text` in points at `size`.
pub fn width(text: &str, style: Style, size: f32) -> f32 {
    let Some(m) = metrics(style) else {
        // Unreachable with the shipped fonts; a rough average keeps layout going.
        return text.chars().count() as f32 * size * 0.5;
    };
    let units: u32 = text
        .chars()
        .map(|c| {
            let gid = m.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            u32::from(m.face.glyph_hor_advance(gid).unwrap_or(0))
        })
        .sum();
    units as f32 / m.per_em * size
}

/// A piece of one line in one style, placed `x` points from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: Style,
    pub x: f32,
    pub width: f32,
}

/// One laid-out line: its runs and its width (trailing spaces not counted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A piece between two break opportunities, possibly in several styles.
#[derive(Debug, Clone)]
struct Piece {
    parts: Vec<(String, Style)>,
    /// Width without trailing whitespace: what counts when the piece ends a line.
    width: f32,
    /// Width including trailing whitespace: what counts when more follows on the line.
    full: f32,
    /// A forced break (newline) follows this piece.
    hard: bool,
}

fn measure_parts(parts: &[(String, Style)], size: f32) -> (f32, f32) {
    let full: f32 = parts.iter().map(|(t, s)| width(t, *s, size)).sum();
    let mut trailing = 0.0;
    for (t, s) in parts.iter().rev() {
        let trimmed = t.trim_end();
        trailing += width(&t[trimmed.len()..], *s, size);
        if !trimmed.is_empty() {
            break;
        }
    }
    (full - trailing, full)
}

/// Splits styled text into pieces at break opportunities.
fn pieces(spans: &[Span], size: f32) -> Vec<Piece> {
    let mut text = String::new();
    let mut styles: Vec<(usize, Style)> = Vec::new();
    for span in spans {
        styles.push((text.len(), span.style));
        text.push_str(&printable(&span.text));
    }
    let style_at = |i: usize| {
        styles
            .iter()
            .rev()
            .find(|(start, _)| *start <= i)
            .map_or(Style::Regular, |(_, s)| *s)
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (end, kind) in linebreaks(&text) {
        let slice = &text[start..end];
        let hard = kind == BreakOpportunity::Mandatory && slice.ends_with('\n');
        let slice = slice.trim_end_matches('\n');
        // Cut the slice where the style changes.
        let mut parts: Vec<(String, Style)> = Vec::new();
        for (offset, c) in slice.char_indices() {
            let style = style_at(start + offset);
            match parts.last_mut() {
                Some((t, s)) if *s == style => t.push(c),
                _ => parts.push((c.to_string(), style)),
            }
        }
        let (width, full) = measure_parts(&parts, size);
        out.push(Piece {
            parts,
            width,
            full,
            hard,
        });
        start = end;
    }
    out
}

/// Cuts a piece wider than the column into pieces that fit, between characters.
fn cut(piece: Piece, max: f32, size: f32) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut cur: Vec<(String, Style)> = Vec::new();
    let mut cur_w = 0.0;
    for (text, style) in piece.parts {
        for c in text.chars() {
            let w = width(c.encode_utf8(&mut [0; 4]), style, size);
            if cur_w + w > max && cur_w > 0.0 {
                let (width, full) = measure_parts(&cur, size);
                out.push(Piece {
                    parts: std::mem::take(&mut cur),
                    width,
                    full,
                    hard: false,
                });
                cur_w = 0.0;
            }
            cur_w += w;
            match cur.last_mut() {
                Some((t, s)) if *s == style => t.push(c),
                _ => cur.push((c.to_string(), style)),
            }
        }
    }
    let (width, full) = measure_parts(&cur, size);
    out.push(Piece {
        parts: cur,
        width,
        full,
        hard: piece.hard,
    });
    out
}

/// Breaks styled text into lines no wider than `max` points. Empty text gives no lines.
/// A paragraph (text between newlines) that starts with "• " gets a hanging indent: its
/// wrapped lines start under the text, not under the bullet.
pub fn wrap(spans: &[Span], size: f32, max: f32) -> Vec<Line> {
    let mut lines: Vec<(Vec<(String, Style)>, f32)> = Vec::new();
    let mut cur: Vec<(String, Style)> = Vec::new();
    let mut cur_full = 0.0_f32;
    let mut indent = 0.0_f32;
    let mut hang = 0.0_f32;
    let mut para_start = true;
    for piece in pieces(spans, size) {
        if para_start {
            hang = match piece.parts.first() {
                Some((t, style)) if t.starts_with("• ") => width("• ", *style, size),
                _ => 0.0,
            };
            indent = 0.0;
            para_start = false;
        }
        // Cut against the narrower continuation width so every cut piece fits anywhere.
        let parts = if piece.width > max - hang {
            cut(piece, (max - hang).max(size), size)
        } else {
            vec![piece]
        };
        for p in parts {
            if !cur.is_empty() && cur_full + p.width > max - indent {
                lines.push((std::mem::take(&mut cur), indent));
                cur_full = 0.0;
                indent = hang;
            }
            cur_full += p.full;
            cur.extend(p.parts);
            if p.hard {
                lines.push((std::mem::take(&mut cur), indent));
                cur_full = 0.0;
                para_start = true;
            }
        }
    }
    if !cur.is_empty() {
        lines.push((cur, indent));
    }
    lines
        .into_iter()
        .map(|(parts, indent)| {
            let mut l = line(parts, size);
            for r in &mut l.runs {
                r.x += indent;
            }
            l.width += indent;
            l
        })
        .collect()
}

/// Merges same-style parts into runs, drops the trailing whitespace and places the runs.
fn line(parts: Vec<(String, Style)>, size: f32) -> Line {
    let mut merged: Vec<(String, Style)> = Vec::new();
    for (t, s) in parts {
        match merged.last_mut() {
            Some((mt, ms)) if *ms == s => mt.push_str(&t),
            _ => merged.push((t, s)),
        }
    }
    while let Some((t, _)) = merged.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
        if t.is_empty() {
            merged.pop();
        } else {
            break;
        }
    }
    let mut x = 0.0;
    let runs = merged
        .into_iter()
        .map(|(text, style)| {
            let w = width(&text, style, size);
            let run = Run {
                text,
                style,
                x,
                width: w,
            };
            x += w;
            run
        })
        .collect();
    Line { runs, width: x }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<Span> {
        vec![Span::plain(s)]
    }

    #[test]
    fn short_text_stays_on_one_line() {
        let lines = wrap(&plain("Call the bridge line"), 10.0, 400.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "Call the bridge line");
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
        let joined: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_column_is_cut_not_clipped() {
        let word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen";
        let lines = wrap(&plain(word), 10.0, 60.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width <= 60.0 + 0.01));
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), word);
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
    fn latin_letters_are_in_the_font_and_unknown_ones_become_question_marks() {
        assert_eq!(
            printable("Müller & Søn – Kraków “Zürich” Straße"),
            "Müller & Søn – Kraków “Zürich” Straße"
        );
        assert_eq!(printable("a\u{1F600}b\tc"), "a?b c");
    }

    #[test]
    fn bold_is_wider_than_regular() {
        assert!(width("Severity", Style::Bold, 10.0) > width("Severity", Style::Regular, 10.0));
        assert_eq!(width("", Style::Regular, 10.0), 0.0);
    }
}
