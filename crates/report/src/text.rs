//! Measuring and breaking text: fonts chosen per character from the fallback chain
//! (`fonts.rs`), shaped with rustybuzz, ordered right-to-left where Unicode's bidi
//! algorithm says so, and broken into lines.
//!
//! A line is a list of runs, each a list of glyphs at positions computed here; the PDF
//! writer and the preview place exactly these glyphs, so what was measured is what prints.
//! Breaks fall at Unicode line-break opportunities (UAX #14) and after the separators of
//! paths and URLs; a word wider than its column is hyphenated at a dictionary's hyphenation
//! points (`hyphenate.rs`) and only cut between characters when no such point exists (a
//! hash, a token).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::fonts::{self, FontKey};
use crate::model::{Span, Style};

thread_local! {
    /// Characters no face of the chain could print since the last `take_missing`.
    static MISSING: RefCell<BTreeSet<char>> = const { RefCell::new(BTreeSet::new()) };
}

/// The characters that had no glyph since the last call, in code point order.
pub(crate) fn take_missing() -> BTreeSet<char> {
    MISSING.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

/// Text as it is laid out: tabs become spaces, other control characters (except the
/// newline, a forced break) are dropped, soft hyphens and zero-width spaces (break chances
/// only) print nothing.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\r' => None,
            c if c.is_control() => None,
            '\u{00AD}' | '\u{200B}' => None,
            c => Some(c),
        })
        .collect()
}

/// One glyph of a run: `x` from the run's start and `dy` up from the baseline, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    pub x: f32,
    pub dy: f32,
    /// The text this glyph stands for, for the PDF's ToUnicode map (`None`: a glyph that is
    /// one of several for the same characters).
    pub text: Option<Arc<str>>,
}

/// A piece of one line in one face and style, placed `x` points from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The characters in logical (typed) order.
    pub text: String,
    pub style: Style,
    pub font: FontKey,
    pub x: f32,
    pub width: f32,
    pub glyphs: Vec<Glyph>,
    /// Glyph order or count differs from the characters' (reordered or decomposed
    /// clusters in a left-to-right run): the PDF carries the text as ActualText.
    pub actual: bool,
    pub rtl: bool,
}

/// One laid-out line: its runs (left to right) and its width (trailing spaces not counted).
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

// ---- shaping ----------------------------------------------------------------------------

/// A shaped string in one face: glyphs in visual order, sizes in em.
#[derive(Debug)]
struct Shaped {
    glyphs: Vec<ShapedGlyph>,
    complex: bool,
}

#[derive(Debug)]
struct ShapedGlyph {
    gid: u16,
    advance: f32,
    dx: f32,
    dy: f32,
    /// Byte offset of the glyph's cluster in the shaped string.
    cluster: usize,
    text: Option<Arc<str>>,
}

type ShapeKey = (FontKey, bool, String);

fn shape(text: &str, font: FontKey, rtl: bool) -> Arc<Shaped> {
    static CACHE: OnceLock<Mutex<HashMap<ShapeKey, Arc<Shaped>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (font, rtl, text.to_owned());
    if let Some(s) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return s;
    }
    let shaped = Arc::new(shape_uncached(text, font, rtl));
    if let Ok(mut c) = cache.lock() {
        // Words repeat across a report; a bound keeps a long-running app from growing.
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(key, shaped.clone());
    }
    shaped
}

fn shape_uncached(text: &str, font: FontKey, rtl: bool) -> Shaped {
    let Some(face) = fonts::face(font) else {
        return Shaped {
            glyphs: Vec::new(),
            complex: false,
        };
    };
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.guess_segment_properties();
    buf.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let out = rustybuzz::shape(&face.hb, &[], buf);
    let infos = out.glyph_infos();
    let pos = out.glyph_positions();
    let em = face.per_em;
    // Cluster boundaries in logical order, to cut the text each glyph stands for.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |c: usize| {
        starts
            .iter()
            .find(|&&s| s > c)
            .copied()
            .unwrap_or(text.len())
    };
    // What each glyph stands for (for ToUnicode). A glyph alone in its cluster stands for the
    // cluster's characters; several glyphs of one cluster each take the character that maps
    // to them in the font when that accounts for all of them. Otherwise, or when those
    // characters come out of order (a Devanagari vowel sign drawn before its consonant),
    // the run is `complex` and its text also goes into ActualText.
    let mut texts: Vec<Option<Arc<str>>> = vec![None; infos.len()];
    let mut complex = false;
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for (i, info) in infos.iter().enumerate() {
        let c = info.cluster as usize;
        if !done.insert(c) {
            continue;
        }
        let cluster = text.get(c..end_of(c)).unwrap_or("");
        let members: Vec<usize> = (i..infos.len())
            .filter(|&j| infos[j].cluster as usize == c)
            .collect();
        if members.len() == 1 {
            // Poppler reads a right-to-left glyph's characters backwards: store them so.
            let t: String = if rtl {
                cluster.chars().rev().collect()
            } else {
                cluster.to_owned()
            };
            texts[i] = Some(Arc::from(t));
            continue;
        }
        let chars: Vec<(usize, char)> = cluster.char_indices().collect();
        let mut used = vec![false; chars.len()];
        let mut order = Vec::new();
        for &j in &members {
            let gid = infos[j].glyph_id;
            let found = chars.iter().enumerate().find(|(k, (_, ch))| {
                !used[*k] && face.hb.glyph_index(*ch).map(|g| u32::from(g.0)) == Some(gid)
            });
            if let Some((k, (_, ch))) = found {
                used[k] = true;
                order.push(k);
                texts[j] = Some(Arc::from(ch.to_string()));
            }
        }
        let all = used.iter().all(|u| *u) && order.len() == members.len();
        let in_order = order.windows(2).all(|w| w[0] < w[1]);
        if !all || !in_order {
            complex = true;
            for &j in &members {
                texts[j] = None;
            }
            texts[members[0]] = Some(Arc::from(cluster));
        }
    }
    let glyphs = infos
        .iter()
        .zip(pos)
        .zip(texts)
        .map(|((info, p), text)| ShapedGlyph {
            gid: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: p.x_advance as f32 / em,
            dx: p.x_offset as f32 / em,
            dy: p.y_offset as f32 / em,
            cluster: info.cluster as usize,
            text,
        })
        .collect();
    Shaped { glyphs, complex }
}

/// Right-to-left characters or explicit bidi controls: only then is the bidi algorithm run.
fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(u32::from(c),
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF
            | 0x1E800..=0x1EFFF | 0x200F | 0x202B | 0x202E | 0x2067)
    })
}

/// Marks and joiners that belong to the character before them and stay in its face.
fn clings(c: char) -> bool {
    c.is_whitespace()
        || matches!(u32::from(c),
            0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
            | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
            | 0x200C | 0x200D | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F
            | 0xE0100..=0xE01EF)
}

// ---- itemising --------------------------------------------------------------------------

/// A stretch of text in one style, face and bidi level.
#[derive(Debug, Clone)]
struct Seg {
    text: String,
    style: Style,
    font: FontKey,
    level: u8,
}

impl Seg {
    fn shaped(&self) -> Arc<Shaped> {
        shape(&self.text, self.font, self.level % 2 == 1)
    }

    /// Width in points, and the width of its trailing whitespace.
    fn widths(&self, size: f32) -> (f32, f32) {
        let shaped = self.shaped();
        let trimmed = self.text.trim_end().len();
        let mut full = 0.0;
        let mut trailing = 0.0;
        for g in &shaped.glyphs {
            full += g.advance;
            if g.cluster >= trimmed {
                trailing += g.advance;
            }
        }
        (full * size, trailing * size)
    }
}

/// A piece between two break opportunities, possibly in several styles and faces.
#[derive(Debug, Clone)]
struct Piece {
    parts: Vec<Seg>,
    /// Width without trailing whitespace: what counts when the piece ends a line.
    width: f32,
    /// Width including trailing whitespace: what counts when more follows on the line.
    full: f32,
    /// A forced break (newline) follows this piece.
    hard: bool,
    /// Cut at a hyphenation point: a hyphen prints when the line ends here.
    hyphen: bool,
    /// The paragraph reads right to left.
    rtl: bool,
}

impl Piece {
    fn new(parts: Vec<Seg>, size: f32, hard: bool, hyphen: bool, rtl: bool) -> Piece {
        let mut full = 0.0;
        let mut trailing = 0.0;
        let mut seen_ink = false;
        for p in parts.iter().rev() {
            let (w, t) = p.widths(size);
            full += w;
            if !seen_ink {
                trailing += t;
                seen_ink = !p.text.trim_end().is_empty();
            }
        }
        let hy = if hyphen {
            parts.last().map_or(0.0, |p| hyphen_seg(p).widths(size).0)
        } else {
            0.0
        };
        Piece {
            parts,
            width: full - trailing + hy,
            full,
            hard,
            hyphen,
            rtl,
        }
    }

    fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }
}

fn hyphen_seg(after: &Seg) -> Seg {
    Seg {
        text: "-".into(),
        style: after.style,
        font: FontKey::primary(after.style),
        level: after.level,
    }
}

/// A character's byte offset, style, face and bidi level.
type Item = (usize, Style, FontKey, u8);

/// Faces and bidi levels for each character of `text` (one paragraph or several), and each
/// paragraph's base level.
fn itemise(text: &str, styles: &[(usize, Style)]) -> (Vec<Item>, Vec<u8>) {
    let style_at = |i: usize| {
        styles
            .iter()
            .rev()
            .find(|(start, _)| *start <= i)
            .map_or(Style::Regular, |(_, s)| *s)
    };
    let (levels, para_levels): (Vec<u8>, Vec<u8>) = if has_rtl(text) {
        let info = unicode_bidi::BidiInfo::new(text, None);
        let per_para = info.paragraphs.iter().map(|p| p.level.number()).collect();
        (info.levels.iter().map(|l| l.number()).collect(), per_para)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut out = Vec::with_capacity(text.len());
    let mut prev: Option<(Style, FontKey)> = None;
    for (i, c) in text.char_indices() {
        let style = style_at(i);
        let font = match prev {
            Some((s, f)) if s == style && clings(c) => f,
            _ => fonts::pick(c, style).unwrap_or_else(|| {
                if !c.is_whitespace() && !clings(c) {
                    MISSING.with(|m| m.borrow_mut().insert(c));
                }
                FontKey::primary(style)
            }),
        };
        prev = Some((style, font));
        let level = levels.get(i).copied().unwrap_or(0);
        out.push((i, style, font, level));
    }
    (out, para_levels)
}

/// Extra break chances after the separators of paths and URLs (`\\server\share\dir`,
/// `https://host/a/b`), which UAX #14 does not offer: after a run of separators, before
/// what follows.
fn path_breaks(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if (c == '\\' || c == '/')
            && let Some(&(j, next)) = chars.peek()
            && next != '\\'
            && next != '/'
            && !next.is_whitespace()
        {
            out.push(j);
        }
    }
    out
}

/// Splits styled text into pieces at break opportunities.
fn pieces(spans: &[Span], size: f32) -> Vec<Piece> {
    let mut text = String::new();
    let mut styles: Vec<(usize, Style)> = Vec::new();
    for span in spans {
        styles.push((text.len(), span.style));
        text.push_str(&printable(&span.text));
    }
    let (chars, para_levels) = itemise(&text, &styles);
    let mut breaks: Vec<(usize, bool)> = linebreaks(&text)
        .map(|(i, k)| (i, k == BreakOpportunity::Mandatory))
        .collect();
    breaks.extend(path_breaks(&text).into_iter().map(|i| (i, false)));
    breaks.sort_unstable();
    breaks.dedup_by_key(|b| b.0);
    let mut out = Vec::new();
    let mut start = 0;
    let mut ci = 0;
    let mut para = 0;
    for (end, mandatory) in breaks {
        if end <= start {
            continue;
        }
        let slice = &text[start..end];
        let hard = mandatory && slice.ends_with('\n');
        let mut parts: Vec<Seg> = Vec::new();
        while ci < chars.len() && chars[ci].0 < end {
            let (i, style, font, level) = chars[ci];
            ci += 1;
            let c = text[i..].chars().next().unwrap_or(' ');
            if c == '\n' {
                continue;
            }
            match parts.last_mut() {
                Some(s) if s.style == style && s.font == font && s.level == level => {
                    s.text.push(c);
                }
                _ => parts.push(Seg {
                    text: c.to_string(),
                    style,
                    font,
                    level,
                }),
            }
        }
        let rtl = para_levels.get(para).is_some_and(|l| l % 2 == 1);
        out.push(Piece::new(parts, size, hard, false, rtl));
        if hard {
            para += 1;
        }
        start = end;
    }
    out
}

/// Splits a piece at byte offsets of its text (each strictly inside it).
fn split_at(piece: &Piece, cuts: &[usize], size: f32, hyphen: bool) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut cur: Vec<Seg> = Vec::new();
    let mut offset = 0;
    let mut cuts = cuts.iter().copied().peekable();
    for seg in &piece.parts {
        let mut rest = seg.text.as_str();
        let mut at = offset;
        while let Some(&cut) = cuts.peek() {
            if cut >= at + rest.len() {
                break;
            }
            let (head, tail) = rest.split_at(cut - at);
            if !head.is_empty() {
                cur.push(Seg {
                    text: head.to_owned(),
                    ..seg.clone()
                });
            }
            out.push(Piece::new(
                std::mem::take(&mut cur),
                size,
                false,
                hyphen,
                piece.rtl,
            ));
            at = cut;
            rest = tail;
            cuts.next();
        }
        if !rest.is_empty() {
            cur.push(Seg {
                text: rest.to_owned(),
                ..seg.clone()
            });
        }
        offset += seg.text.len();
    }
    out.push(Piece::new(cur, size, piece.hard, piece.hyphen, piece.rtl));
    out
}

/// The part of a piece between byte offsets `a` and `b` of its text.
fn sub(piece: &Piece, a: usize, b: usize, size: f32, hyphen: bool) -> Piece {
    let mut parts = Vec::new();
    let mut offset = 0;
    for seg in &piece.parts {
        let (s, e) = (offset, offset + seg.text.len());
        let (from, to) = (a.max(s), b.min(e));
        if from < to {
            parts.push(Seg {
                text: seg.text[from - s..to - s].to_owned(),
                ..seg.clone()
            });
        }
        offset = e;
    }
    let len = offset;
    let hard = piece.hard && b >= len;
    Piece::new(parts, size, hard, hyphen, piece.rtl)
}

/// Cuts a piece wider than `max` between characters (the last resort for a token no
/// dictionary hyphenates).
fn cut(piece: &Piece, max: f32, size: f32) -> Vec<Piece> {
    let text = piece.text();
    let ends: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut cuts = Vec::new();
    let mut from = 0;
    let mut prev = 0;
    for &end in &ends {
        if prev > from && sub(piece, from, end, size, false).width > max {
            cuts.push(prev);
            from = prev;
        }
        prev = end;
    }
    split_at(piece, &cuts, size, false)
}

/// A piece wider than `max`: hyphenated where the dictionary allows, and any part still
/// too wide cut between characters.
fn fit(piece: Piece, max: f32, size: f32) -> Vec<Piece> {
    let text = piece.text();
    let points = crate::hyphenate::points(&text);
    let mut cuts = Vec::new();
    let mut from = 0;
    while sub(&piece, from, text.len(), size, piece.hyphen).width > max {
        let mut best = None;
        for &p in points.iter().filter(|&&p| p > from) {
            if sub(&piece, from, p, size, true).width <= max {
                best = Some(p);
            } else {
                break;
            }
        }
        match best.or_else(|| points.iter().copied().find(|&p| p > from)) {
            Some(p) => {
                cuts.push(p);
                from = p;
            }
            None => break,
        }
    }
    let parts = if cuts.is_empty() {
        vec![piece]
    } else {
        split_at(&piece, &cuts, size, true)
    };
    parts
        .into_iter()
        .flat_map(|p| {
            if p.width > max {
                cut(&p, max, size)
            } else {
                vec![p]
            }
        })
        .collect()
}

/// Breaks styled text into lines no wider than `max` points. Empty text gives no lines.
/// A paragraph (text between newlines) that starts with "• " gets a hanging indent: its
/// wrapped lines start under the text, not under the bullet. A right-to-left paragraph is
/// aligned to the right edge.
pub fn wrap(spans: &[Span], size: f32, max: f32) -> Vec<Line> {
    struct Pending {
        parts: Vec<Seg>,
        indent: f32,
        hyphen: bool,
        rtl: bool,
    }
    let mut lines: Vec<Pending> = Vec::new();
    let mut cur: Vec<Seg> = Vec::new();
    let mut cur_full = 0.0_f32;
    let mut cur_hyphen = false;
    let mut indent = 0.0_f32;
    let mut hang = 0.0_f32;
    let mut para_start = true;
    let mut rtl = false;
    for piece in pieces(spans, size) {
        if para_start {
            hang = match piece.parts.first() {
                Some(s) if s.text.starts_with("• ") => width("• ", s.style, size),
                _ => 0.0,
            };
            indent = 0.0;
            rtl = piece.rtl;
            para_start = false;
        }
        // Fit against the narrower continuation width so every part fits anywhere.
        let avail = (max - hang).max(size);
        let parts = if piece.width > avail {
            fit(piece, avail, size)
        } else {
            vec![piece]
        };
        for p in parts {
            if !cur.is_empty() && cur_full + p.width > max - indent {
                lines.push(Pending {
                    parts: std::mem::take(&mut cur),
                    indent,
                    hyphen: cur_hyphen,
                    rtl,
                });
                cur_full = 0.0;
                indent = hang;
            }
            cur_full += p.full;
            cur_hyphen = p.hyphen;
            cur.extend(p.parts);
            if p.hard {
                lines.push(Pending {
                    parts: std::mem::take(&mut cur),
                    indent,
                    hyphen: false,
                    rtl,
                });
                cur_full = 0.0;
                para_start = true;
            }
        }
    }
    if !cur.is_empty() {
        lines.push(Pending {
            parts: cur,
            indent,
            hyphen: cur_hyphen,
            rtl,
        });
    }
    lines
        .into_iter()
        .map(|p| {
            let mut parts = p.parts;
            if p.hyphen
                && let Some(last) = parts.last()
            {
                parts.push(hyphen_seg(last));
            }
            let mut l = line(parts, size);
            let shift = if p.rtl {
                (max - p.indent - l.width).max(0.0)
            } else {
                p.indent
            };
            for r in &mut l.runs {
                r.x += shift;
            }
            l.width += shift;
            l
        })
        .collect()
}

/// One line of text, unbroken (headers, footers, labels).
pub fn line_of(text: &str, style: Style, size: f32) -> Line {
    let spans = [Span {
        text: text.replace('\n', " "),
        style,
    }];
    let parts: Vec<Seg> = pieces(&spans, size)
        .into_iter()
        .flat_map(|p| p.parts)
        .collect();
    line(parts, size)
}

/// Width of `text` in points at `size`, as one line, trailing spaces included (what a
/// following run starts after).
pub fn width(text: &str, style: Style, size: f32) -> f32 {
    let spans = [Span {
        text: text.replace('\n', " "),
        style,
    }];
    pieces(&spans, size).iter().map(|p| p.full).sum()
}

/// Segments of a line (logical order) into placed runs: trailing whitespace dropped,
/// reordered for display (UAX #9 rule L2), neighbours in one face and level merged.
fn line(mut parts: Vec<Seg>, size: f32) -> Line {
    // Trailing whitespace prints nothing and must not push a right-aligned line inward.
    while let Some(last) = parts.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
        if last.text.is_empty() {
            parts.pop();
        } else {
            break;
        }
    }
    if let (Some(max), Some(min)) = (
        parts.iter().map(|p| p.level).max(),
        parts.iter().map(|p| p.level).min(),
    ) {
        let lowest_odd = if min % 2 == 1 { min } else { min + 1 };
        let mut level = max;
        while level >= lowest_odd && level > 0 {
            let mut i = 0;
            while i < parts.len() {
                if parts[i].level >= level {
                    let start = i;
                    while i < parts.len() && parts[i].level >= level {
                        i += 1;
                    }
                    parts[start..i].reverse();
                } else {
                    i += 1;
                }
            }
            level -= 1;
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut x = 0.0;
    for seg in parts {
        let shaped = seg.shaped();
        let rtl = seg.level % 2 == 1;
        let mut pen = 0.0;
        let mut glyphs = Vec::with_capacity(shaped.glyphs.len());
        for g in &shaped.glyphs {
            glyphs.push(Glyph {
                gid: g.gid,
                x: (pen + g.dx) * size,
                dy: g.dy * size,
                text: g.text.clone(),
            });
            pen += g.advance;
        }
        let w = pen * size;
        match runs.last_mut() {
            Some(r) if r.font == seg.font && r.style == seg.style && r.rtl == rtl => {
                let base = r.width;
                r.glyphs.extend(glyphs.into_iter().map(|mut g| {
                    g.x += base;
                    g
                }));
                r.width += w;
                r.actual |= !rtl && shaped.complex;
                // Visual order is reversed logical order in a right-to-left run.
                if rtl {
                    r.text.insert_str(0, &seg.text);
                } else {
                    r.text.push_str(&seg.text);
                }
            }
            _ => runs.push(Run {
                text: seg.text,
                style: seg.style,
                font: seg.font,
                x,
                width: w,
                glyphs,
                // Poppler reverses ActualText in a right-to-left run (it takes it for visual
                // order), so those runs rely on their glyphs' ToUnicode text alone.
                actual: !rtl && shaped.complex,
                rtl,
            }),
        }
        x += w;
    }
    Line { runs, width: x }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
