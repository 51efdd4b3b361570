//! Hyphenation points from real pattern dictionaries (Knuth–Liang, TeX's hyph-utf8
//! patterns via the `hyphenation` crate), chosen by the document's language: US English
//! embedded by the crate, German (1996 spelling) bundled in `hyphenation/` (MIT, see its
//! README). A language without a dictionary is never hyphenated: a word that does not fit
//! its column is then cut only as a last resort.

use std::cell::Cell;
use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

const GERMAN: &[u8] = include_bytes!("../hyphenation/de-1996.standard.bincode");

/// Words shorter than this are never split, whatever the dictionary allows.
const MIN_WORD: usize = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dictionary {
    English,
    German,
    None,
}

impl Dictionary {
    /// The dictionary for a BCP 47 tag ("en-GB", "de-DE", "fr").
    pub fn for_lang(tag: &str) -> Dictionary {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Dictionary::English,
            "de" => Dictionary::German,
            _ => Dictionary::None,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Dictionary> = const { Cell::new(Dictionary::English) };
}

/// Sets the dictionary for the document being laid out on this thread, until dropped.
pub struct Using(Dictionary);

impl Using {
    pub fn new(d: Dictionary) -> Using {
        Using(CURRENT.with(|c| c.replace(d)))
    }
}

impl Drop for Using {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.0));
    }
}

fn standard(d: Dictionary) -> Option<&'static Standard> {
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    static DE: OnceLock<Option<Standard>> = OnceLock::new();
    match d {
        Dictionary::English => EN
            .get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
            .as_ref(),
        Dictionary::German => DE
            .get_or_init(|| Standard::from_reader(Language::German1996, &mut &GERMAN[..]).ok())
            .as_ref(),
        Dictionary::None => None,
    }
}

/// Byte offsets in `text` where a hyphen may break the (single) word it holds: inside its
/// letters only, never in a word shorter than `MIN_WORD` letters.
pub fn points(text: &str) -> Vec<usize> {
    let Some(dict) = standard(CURRENT.with(Cell::get)) else {
        return Vec::new();
    };
    let start = text
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    let end = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map_or(start, |(i, c)| i + c.len_utf8());
    let word = &text[start..end];
    if word.chars().count() < MIN_WORD || !word.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    dict.hyphenate(word)
        .breaks
        .into_iter()
        .map(|b| b + start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut from = 0;
        for p in points(word) {
            out.push(word[from..p].to_owned());
            from = p;
        }
        out.push(word[from..].to_owned());
        out
    }

    #[test]
    fn english_words_break_at_dictionary_points_and_short_ones_never() {
        let _en = Using::new(Dictionary::English);
        assert_eq!(split("communication").concat(), "communication");
        assert!(split("communication").len() > 2);
        assert!(
            !points("communication").contains(&12),
            "never before the last letter"
        );
        assert!(points("notice").is_empty());
        assert!(points("a1b2c3d4e5f6a7").is_empty(), "not a word");
    }

    #[test]
    fn german_uses_its_own_patterns_and_other_languages_none() {
        let _de = Using::new(Dictionary::German);
        let parts = split("Datenschutzbeauftragter");
        assert!(parts.len() > 3, "{parts:?}");
        assert!(parts.iter().all(|p| p.chars().count() >= 2), "{parts:?}");
        let _fr = Using::new(Dictionary::None);
        assert!(points("Datenschutzbeauftragter").is_empty());
        assert_eq!(Dictionary::for_lang("de-DE"), Dictionary::German);
        assert_eq!(Dictionary::for_lang("en-GB"), Dictionary::English);
    }
}
