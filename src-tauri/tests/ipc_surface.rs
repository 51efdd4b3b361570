//! What the web view may ask of the shell, read from the generated `ui/src/bindings.ts` (kept
//! equal to the Rust commands by `bindings.rs`): no command takes a path, so a compromised
//! page cannot name a file to read or write; and every command is allowed by name to the main
//! window only, the presenter window getting `presenter_view` alone.

use std::collections::BTreeSet;
use std::path::Path;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

/// Each command of `commands = { ... }` with its parameters as (name, type).
fn commands(bindings: &str) -> Vec<(String, Vec<(String, String)>)> {
    let start = bindings
        .find("export const commands = {")
        .expect("commands object");
    let block = &bindings[start..];
    let block = &block[..block.find("\n}").expect("end of commands")];
    block
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let (name, rest) = line.split_once(": (")?;
            if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            let params_text = until_close(rest);
            let params = split_top(params_text)
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (n, t) = p.split_once(':').expect("name: type");
                    (n.trim().to_string(), t.trim().to_string())
                })
                .collect();
            Some((name.to_string(), params))
        })
        .collect()
}

/// The text up to the parenthesis that closes the one just opened.
fn until_close(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '{' | '<' | '[' => depth += 1,
            ')' | '}' | '>' | ']' if depth == 1 && c == ')' => return &text[..i],
            ')' | '}' | '>' | ']' => depth -= 1,
            _ => {}
        }
    }
    panic!("unbalanced parameter list: {text}")
}

fn split_top(text: &str) -> Vec<&str> {
    let (mut depth, mut from, mut out) = (0, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '(' | '{' | '<' | '[' => depth += 1,
            ')' | '}' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(text[from..].trim());
    out
}

/// A name that says "this is a place on disk": path, dest, file, dir, folder (any case).
fn names_a_place(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["path", "dest", "file", "dir", "folder"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The top-level field names of `export type Name = { ... }`, empty for other types.
fn fields_of(bindings: &str, type_name: &str) -> Vec<String> {
    let head = format!("export type {type_name} = {{");
    let Some(at) = bindings.find(&head) else {
        return Vec::new();
    };
    let body = without_comments(until_close_brace(&bindings[at + head.len()..]));
    split_top(&body)
        .into_iter()
        .filter_map(|f| f.split_once(':').map(|(n, _)| n.trim().to_string()))
        .collect()
}

/// The text up to the brace that closes the one just opened.
fn until_close_brace(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => return &text[..i],
            '}' => depth -= 1,
            _ => {}
        }
    }
    text
}

fn without_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("/*") {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find("*/")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    out.push_str(rest);
    out
}

/// The places-on-disk a command's parameters name, directly or as a field of their type.
fn places(bindings: &str, params: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, ty) in params {
        if names_a_place(name) || names_a_place(ty) {
            found.push(format!("{name}: {ty}"));
        }
        for word in ty.split(|c: char| !c.is_ascii_alphanumeric()) {
            for field in fields_of(bindings, word) {
                if names_a_place(&field) {
                    found.push(format!("{name}: {word}.{field}"));
                }
            }
        }
    }
    found
}

#[test]
fn no_command_takes_a_path_from_the_web_view() {
    let bindings = read("../ui/src/bindings.ts");
    let all = commands(&bindings);
    assert!(all.len() > 50, "parsed only {} commands", all.len());
    let offenders: Vec<String> = all
        .iter()
        .filter_map(|(name, params)| {
            let p = places(&bindings, params);
            (!p.is_empty()).then(|| format!("{name}({})", p.join(", ")))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "these commands take a path from the web view; open the native dialog inside the command instead: {offenders:?}"
    );
}

#[test]
fn the_path_check_sees_a_path_by_name_by_type_and_inside_an_input_type() {
    let sample = "export const commands = {\n\
        \tsaveTextFile: (path: string, contents: string) => x,\n\
        \texportIt: (id: string, where: FsPath) => x,\n\
        \timportIt: (input: ImportInput, mapping: (A | null)[] | null) => x,\n\
        \tfine: (id: string, suggestedName: string, keepContent: boolean, a: A) => x,\n}\n\
        export type ImportInput = { name: string, /** a file: or a path, */ sourceFile: string }\n\
        export type A = { /** the file: read, or the path */ name: string }\n";
    let flagged: Vec<String> = commands(sample)
        .into_iter()
        .filter(|(_, p)| !places(sample, p).is_empty())
        .map(|(n, _)| n)
        .collect();
    assert_eq!(flagged, ["saveTextFile", "exportIt", "importIt"]);
}

fn invoked_commands(bindings: &str) -> BTreeSet<String> {
    bindings
        .split("__TAURI_INVOKE(\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

fn manifest_commands() -> BTreeSet<String> {
    let build = read("build.rs");
    let list = &build[build.find("const COMMANDS").unwrap()..];
    let list = &list[..list.find("];").unwrap()];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

fn app_permissions(capability: &str) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(&read(capability)).unwrap();
    json["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .map(String::from)
        .collect()
}

fn allow(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[test]
fn every_command_is_in_the_manifest_and_allowed_to_the_main_window_only() {
    let commands = invoked_commands(&read("../ui/src/bindings.ts"));
    assert_eq!(
        manifest_commands(),
        commands,
        "build.rs's COMMANDS must list exactly the commands of lib.rs"
    );
    let expected: BTreeSet<String> = commands.iter().map(|c| allow(c)).collect();
    assert_eq!(app_permissions("capabilities/default.json"), expected);
    assert_eq!(
        app_permissions("capabilities/presenter.json"),
        BTreeSet::from([allow("presenter_view")]),
        "the presenter window may call presenter_view and nothing else"
    );
}
