//! The ops file: a workspace's ops on a USB stick, for the offline case and the tests.
//!
//! JSON lines, frozen by `tests/golden/ops_v1.jsonl`:
//! - a header `{"cordon_ops":1,"workspace":…,"exported_at":…,"ops":N}`;
//! - N lines `{"h":…,"op":{…}}`, each op in its wire form (`Op`);
//! - an end line `{"end":N,"h":…}`.
//!
//! `h` chains the lines: h₀ is the SHA-256 of the header line, and each op's `h` is the
//! SHA-256 of the previous `h`, a newline and the op's JSON. It is not a signature (the file is
//! plaintext and anyone may write one); it makes an edited, reordered, removed or cut-off line
//! an error that names the line, so a damaged file is refused whole instead of half applied.

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::oplog::Op;

/// The layout of the file (not of the ops in it, which carry their own `v`).
pub const FILE_FORMAT: u32 = 1;

/// Why a file is refused, and on which line (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct OpsFileError {
    pub line: usize,
    pub reason: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    cordon_ops: u32,
    workspace: String,
    exported_at: String,
    ops: usize,
}

#[derive(Serialize)]
struct Line<'a> {
    h: &'a str,
    op: &'a Op,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadLine {
    h: String,
    op: Op,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    end: usize,
    h: String,
}

fn link(prev: &str, op_json: &str) -> String {
    crate::sha256_hex(format!("{prev}\n{op_json}").as_bytes())
}

/// Writes `ops` as an ops file of workspace `workspace`.
pub fn write(
    out: &mut impl Write,
    workspace: &str,
    exported_at: &str,
    ops: &[Op],
) -> std::io::Result<()> {
    let header = serde_json::to_string(&Header {
        cordon_ops: FILE_FORMAT,
        workspace: workspace.to_owned(),
        exported_at: exported_at.to_owned(),
        ops: ops.len(),
    })?;
    writeln!(out, "{header}")?;
    let mut h = crate::sha256_hex(header.as_bytes());
    for op in ops {
        h = link(&h, &serde_json::to_string(op)?);
        writeln!(out, "{}", serde_json::to_string(&Line { h: &h, op })?)?;
    }
    writeln!(
        out,
        "{}",
        serde_json::to_string(&End {
            end: ops.len(),
            h: h.clone()
        })?
    )?;
    out.flush()
}

/// The ops of a file, all of them or an error naming the first line that is wrong.
pub fn read(text: &str) -> Result<Vec<Op>, OpsFileError> {
    let fail = |line: usize, reason: String| OpsFileError { line, reason };
    let mut lines = text.split_inclusive('\n').enumerate().map(|(i, l)| {
        let complete = l.ends_with('\n');
        (i + 1, l.trim_end_matches(['\n', '\r']), complete)
    });
    let (_, first, _) = lines
        .next()
        .ok_or_else(|| fail(1, "the file is empty; it is not a Cordon ops file".into()))?;
    let format = serde_json::from_str::<serde_json::Value>(first)
        .ok()
        .and_then(|v| v.get("cordon_ops").and_then(serde_json::Value::as_u64));
    match format {
        None => {
            return Err(fail(
                1,
                "this is not a Cordon ops file (its first line is not an ops header); export one with `cordon ops export`".into(),
            ));
        }
        Some(f) if f > u64::from(FILE_FORMAT) => {
            return Err(fail(
                1,
                format!(
                    "the file was written in ops file format {f}, newer than this Cordon's ({FILE_FORMAT}); update Cordon"
                ),
            ));
        }
        Some(_) => {}
    }
    let header: Header =
        serde_json::from_str(first).map_err(|e| fail(1, format!("the header is damaged: {e}")))?;
    let mut h = crate::sha256_hex(first.as_bytes());
    let mut ops = Vec::with_capacity(header.ops.min(1 << 20));
    for (n, line, complete) in lines.by_ref() {
        if ops.len() == header.ops {
            let end: End = serde_json::from_str(line).map_err(|_| {
                fail(
                    n,
                    format!(
                        "expected the end line after {} ops; the file was edited or has lines added",
                        header.ops
                    ),
                )
            })?;
            if end.end != header.ops || end.h != h {
                return Err(fail(
                    n,
                    "the end line does not match the ops before it; the file was edited".into(),
                ));
            }
            if !complete {
                return Err(fail(n, "the end line is cut short".into()));
            }
            if let Some((extra, rest, _)) = lines.find(|(_, l, _)| !l.trim().is_empty()) {
                return Err(fail(
                    extra,
                    format!(
                        "text after the end line ('{}'); the file was edited",
                        rest.chars().take(40).collect::<String>()
                    ),
                ));
            }
            return Ok(ops);
        }
        let read: ReadLine = serde_json::from_str(line).map_err(|e| {
            let what = if serde_json::from_str::<End>(line).is_ok() {
                format!(
                    "the file ends after {} ops but its header announces {}; ops were removed",
                    ops.len(),
                    header.ops
                )
            } else if complete {
                format!("this is not an op line ({e})")
            } else {
                "the line is cut short: the file was not copied whole".into()
            };
            fail(n, what)
        })?;
        let expected = link(&h, &serde_json::to_string(&read.op).unwrap_or_default());
        if read.h != expected {
            return Err(fail(
                n,
                "this op does not match the lines before it: it, or a line before it, was edited, removed or reordered".into(),
            ));
        }
        h = expected;
        ops.push(read.op);
    }
    Err(fail(
        text.lines().count() + 1,
        format!(
            "the file is cut short after {} of its {} ops; copy it again",
            ops.len(),
            header.ops
        ),
    ))
}

#[cfg(test)]
#[path = "ops_file_tests.rs"]
mod tests;
