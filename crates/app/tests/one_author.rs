//! Core is the one author of what the timeline records and of every rule: these read the
//! source of the store and the facade and fail when a sentence or an error is written there.

use std::path::{Path, PathBuf};

use cordon_core::incident::note::FIXED_WORDS;

fn sources(crate_dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir)
        .join("src");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                out.push((path, text));
            }
        }
    }
    assert!(!out.is_empty(), "no sources under {crate_dir}");
    out
}

/// The string literals of a Rust source, escapes left as written (raw strings aside: none of
/// the words looked for contains a quote).
fn literals(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // A char literal such as '"' must not open a string.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                out.push(&source[start..i.min(bytes.len())]);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

#[test]
fn no_timeline_sentence_is_written_outside_core() {
    for krate in ["store", "app"] {
        for (path, text) in sources(krate) {
            assert!(
                !text.contains("EntryKind::Status"),
                "{} makes a status entry; ask core for a TimelineNote instead",
                path.display()
            );
            for literal in literals(&text) {
                for words in FIXED_WORDS {
                    assert!(
                        !literal.contains(words.trim()),
                        "{} writes timeline words '{words}' in \"{literal}\"; they belong in core's incident::note",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn the_check_finds_a_sentence_when_one_is_there() {
    let source = r#"let c = '"'; // "Phase: " in a comment is not code
        let text = format!("Notice sent to {}", n.recipient);"#;
    let found = literals(source);
    assert_eq!(found, ["Notice sent to {}"]);
    assert!(FIXED_WORDS.iter().any(|w| found[0].contains(w.trim())));
}

#[test]
fn the_facade_constructs_no_store_error() {
    for (path, text) in sources("app") {
        if path.ends_with("error.rs") {
            continue; // where store errors are mapped to AppError
        }
        assert!(
            !text.contains("StoreError::"),
            "{} builds a StoreError; use AppError (AppError::file for files the user picked)",
            path.display()
        );
    }
}
