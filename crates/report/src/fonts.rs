//! The font fallback chain: which face prints each character.
//!
//! Lato (bundled, OFL) prints Latin, Greek and Cyrillic in all three styles. What it lacks
//! comes from system fonts, looked up by file name in the usual font folders: Noto Sans for
//! Arabic, Hebrew, Devanagari, Thai and CJK (Debian's `fonts-noto-core` and
//! `fonts-noto-cjk`), then Noto Sans Symbols 2 / Symbols and DejaVu Sans for ✓ ✗, arrows and
//! monochrome emoji. They are not bundled: the CJK faces alone are 19 MB per weight, and the
//! smaller ones would still double the crate; a machine without them gets a warning that
//! names every character that had no glyph (never a silent "?").
//!
//! Faces are loaded on first use only (a Latin report never reads a fallback file), and a
//! fallback is only asked about characters in its script's ranges, so the CJK collection is
//! not opened to look for an emoji.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::model::Style;

const REGULAR: &[u8] = include_bytes!("../fonts/Lato-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/Lato-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/Lato-Italic.ttf");

/// A face of the chain: 0–2 are Lato regular, bold and italic; then two per fallback
/// (regular, bold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontKey(pub u16);

impl FontKey {
    pub fn primary(style: Style) -> FontKey {
        FontKey(match style {
            Style::Regular => 0,
            Style::Bold => 1,
            Style::Italic => 2,
        })
    }
}

/// A fallback family: file names (searched in the font folders), the face index inside a
/// collection, and the code points it is asked about (`None`: any).
struct Fallback {
    regular: &'static str,
    bold: Option<&'static str>,
    index: u32,
    ranges: Option<&'static [(u32, u32)]>,
}

const ARABIC: &[(u32, u32)] = &[
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
];
const HEBREW: &[(u32, u32)] = &[(0x0590, 0x05FF), (0xFB1D, 0xFB4F)];
const DEVANAGARI: &[(u32, u32)] = &[(0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF)];
const THAI: &[(u32, u32)] = &[(0x0E00, 0x0E7F)];
const CJK: &[(u32, u32)] = &[
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
];

const FALLBACKS: &[Fallback] = &[
    Fallback {
        regular: "NotoSansArabic-Regular.ttf",
        bold: Some("NotoSansArabic-Bold.ttf"),
        index: 0,
        ranges: Some(ARABIC),
    },
    Fallback {
        regular: "NotoSansHebrew-Regular.ttf",
        bold: Some("NotoSansHebrew-Bold.ttf"),
        index: 0,
        ranges: Some(HEBREW),
    },
    Fallback {
        regular: "NotoSansDevanagari-Regular.ttf",
        bold: Some("NotoSansDevanagari-Bold.ttf"),
        index: 0,
        ranges: Some(DEVANAGARI),
    },
    Fallback {
        regular: "NotoSansThai-Regular.ttf",
        bold: Some("NotoSansThai-Bold.ttf"),
        index: 0,
        ranges: Some(THAI),
    },
    Fallback {
        regular: "NotoSansCJK-Regular.ttc",
        bold: Some("NotoSansCJK-Bold.ttc"),
        index: 0,
        ranges: Some(CJK),
    },
    Fallback {
        regular: "NotoSansSymbols2-Regular.ttf",
        bold: None,
        index: 0,
        ranges: None,
    },
    Fallback {
        regular: "NotoSansSymbols-Regular.ttf",
        bold: Some("NotoSansSymbols-Bold.ttf"),
        index: 0,
        ranges: None,
    },
    Fallback {
        regular: "DejaVuSans.ttf",
        bold: Some("DejaVuSans-Bold.ttf"),
        index: 0,
        ranges: None,
    },
];

/// A loaded face: its bytes (as embedded in the PDF), the index in a collection, and the
/// shaper's view of it.
pub struct Face {
    pub data: &'static [u8],
    pub index: u32,
    pub hb: rustybuzz::Face<'static>,
    pub per_em: f32,
}

impl Face {
    fn parse(data: &'static [u8], index: u32) -> Option<Face> {
        let hb = rustybuzz::Face::from_slice(data, index)?;
        let per_em = hb.units_per_em() as f32;
        Some(Face {
            data,
            index,
            hb,
            per_em,
        })
    }

    pub fn has(&self, c: char) -> bool {
        self.hb.glyph_index(c).is_some()
    }
}

const FACES: usize = 3 + 2 * FALLBACKS.len();

fn slots() -> &'static [OnceLock<Option<Face>>] {
    static SLOTS: [OnceLock<Option<Face>>; FACES] = [const { OnceLock::new() }; FACES];
    &SLOTS
}

/// Every font file in the usual folders, by file name (first found wins). Read once.
fn font_files() -> &'static HashMap<String, PathBuf> {
    static FILES: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(extra) = std::env::var_os("CORDON_FONT_DIRS") {
            dirs.extend(std::env::split_paths(&extra));
        }
        if let Some(home) = std::env::var_os("HOME") {
            let home = PathBuf::from(home);
            dirs.push(home.join(".local/share/fonts"));
            dirs.push(home.join(".fonts"));
            dirs.push(home.join("Library/Fonts"));
        }
        for d in [
            "/usr/share/fonts",
            "/usr/local/share/fonts",
            "/Library/Fonts",
            "/System/Library/Fonts",
            "C:\\Windows\\Fonts",
        ] {
            dirs.push(PathBuf::from(d));
        }
        let mut found = HashMap::new();
        for d in dirs {
            walk(&d, 0, &mut found);
        }
        found
    })
}

fn walk(dir: &std::path::Path, depth: usize, found: &mut HashMap<String, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            if depth < 5 {
                walk(&path, depth + 1, found);
            }
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            found.entry(name.to_owned()).or_insert(path);
        }
    }
}

fn load(i: usize) -> Option<Face> {
    match i {
        0 => Face::parse(REGULAR, 0),
        1 => Face::parse(BOLD, 0),
        2 => Face::parse(ITALIC, 0),
        _ => {
            let fb = FALLBACKS.get((i - 3) / 2)?;
            let name = if (i - 3) % 2 == 1 {
                fb.bold?
            } else {
                fb.regular
            };
            let path = font_files().get(name)?;
            let bytes = std::fs::read(path).ok()?;
            // Kept for the life of the process, like the bundled faces: a report writer
            // reuses them for every report.
            let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            Face::parse(data, fb.index)
        }
    }
}

/// The face behind a key, loading it on first use.
pub fn face(key: FontKey) -> Option<&'static Face> {
    slots()
        .get(usize::from(key.0))?
        .get_or_init(|| load(usize::from(key.0)))
        .as_ref()
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let c = u32::from(c);
    ranges.iter().any(|&(a, b)| a <= c && c <= b)
}

/// The first face of the chain that draws `c` in `style`; `None` when none does.
pub fn pick(c: char, style: Style) -> Option<FontKey> {
    let primary = FontKey::primary(style);
    if face(primary).is_some_and(|f| f.has(c)) {
        return Some(primary);
    }
    for (n, fb) in FALLBACKS.iter().enumerate() {
        if fb.ranges.is_some_and(|r| !in_ranges(c, r)) {
            continue;
        }
        let regular = 3 + 2 * n;
        let candidates = if style == Style::Bold && fb.bold.is_some() {
            [regular + 1, regular]
        } else {
            [regular, regular]
        };
        for i in candidates {
            let key = FontKey(i as u16);
            if face(key).is_some_and(|f| f.has(c)) {
                return Some(key);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lato_prints_latin_greek_and_cyrillic_itself() {
        for c in "Müller Łódź Ελληνικά Кириллица €".chars() {
            assert_eq!(pick(c, Style::Regular), Some(FontKey(0)), "{c}");
            assert_eq!(pick(c, Style::Bold), Some(FontKey(1)), "{c}");
        }
    }

    #[test]
    fn other_scripts_fall_back_to_their_noto_face() {
        // Needs fonts-noto-core and fonts-noto-cjk (scripts/setup-debian.sh installs them).
        for (c, name) in [
            ('ع', "Arabic"),
            ('ש', "Hebrew"),
            ('क', "Devanagari"),
            ('ก', "Thai"),
            ('漢', "CJK"),
            ('✓', "symbols"),
            ('✗', "symbols"),
        ] {
            let key = pick(c, Style::Regular);
            assert!(
                key.is_some_and(|k| k.0 >= 3),
                "no fallback face for {name} {c}"
            );
        }
        assert_ne!(pick('ع', Style::Bold), pick('ع', Style::Regular));
    }
}
