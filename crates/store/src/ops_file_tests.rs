use super::*;
use proptest::prelude::*;
use serde_json::json;

const DEVICE: &str = "00000000-0000-0000-0000-00000000000a";
const CLIENT: &str = "00000000-0000-0000-0000-0000000000c1";

fn op(seq: i64, entity: &str, id: &str, kind: &str, fields: serde_json::Value) -> Op {
    Op {
        op_id: format!("019ab697-e800-7000-8000-{seq:012x}"),
        device_id: DEVICE.into(),
        seq,
        hlc: format!("019ab697e800-{seq:08x}-{DEVICE}"),
        scope: CLIENT.into(),
        format: crate::oplog::FORMAT,
        entity: entity.into(),
        entity_id: id.into(),
        kind: kind.into(),
        fields,
        base: (seq > 1 && kind == "upsert")
            .then(|| format!("019ab697e800-{:08x}-{DEVICE}", seq - 1)),
    }
}

fn sample() -> Vec<Op> {
    vec![
        op(
            1,
            "client",
            CLIENT,
            "upsert",
            json!({"name": "Brightwater Logistics GmbH"}),
        ),
        op(
            2,
            "client",
            CLIENT,
            "upsert",
            json!({"name": "Brightwater Logistik GmbH"}),
        ),
        op(
            3,
            "incident",
            "00000000-0000-0000-0000-0000000000e1",
            "upsert",
            json!({"tasks": {"$items": {"3": {"index": 3, "done": true}}, "$order": ["3"]}}),
        ),
        op(
            4,
            "timeline_entry",
            "00000000-0000-0000-0000-0000000000f1",
            "append",
            json!({"text": "Shadow copies deleted"}),
        ),
    ]
}

fn file(ops: &[Op]) -> String {
    let mut out = Vec::new();
    write(&mut out, "ws-1", "2026-12-03T10:00:00.000Z", ops).unwrap();
    String::from_utf8(out).unwrap()
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

fn joined(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn a_file_reads_back_as_the_ops_written() {
    let ops = sample();
    assert_eq!(read(&file(&ops)).unwrap(), ops);
    assert_eq!(read(&file(&[])).unwrap(), Vec::<Op>::new());
}

#[test]
fn the_file_format_is_frozen() {
    // The op wire names and the line layout are a promise to every laptop of the team: if this
    // changes, add a format, never edit this file (UPDATE_GOLDEN=1 writes it the first time).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/ops_v1.jsonl");
    let text = file(&sample());
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(path).expect("the golden file is committed");
    assert_eq!(text, golden);
    // Read from the golden text itself, not from what this build writes.
    let ops = read(&golden).unwrap();
    assert_eq!(ops[2].entity, "incident");
    assert_eq!(ops[1].base.as_deref(), Some(ops[0].hlc.as_str()));
}

fn error_of(text: &str) -> OpsFileError {
    read(text).expect_err("the damaged file is refused")
}

#[test]
fn a_damaged_file_is_refused_naming_the_line() {
    let good = lines(&file(&sample()));
    assert_eq!(good.len(), 6);

    let mut edited = good.clone();
    edited[2] = edited[2].replace("Logistik", "Logistic");
    let e = error_of(&joined(&edited));
    assert_eq!(e.line, 3, "{e}");
    assert!(e.reason.contains("edited"), "{e}");

    let mut removed = good.clone();
    removed.remove(2);
    assert_eq!(error_of(&joined(&removed)).line, 3);

    let mut swapped = good.clone();
    swapped.swap(1, 2);
    assert_eq!(error_of(&joined(&swapped)).line, 2);

    let whole = joined(&good);
    let cut = &whole[..whole.len() - good[5].len() - good[4].len() / 2 - 2];
    let e = error_of(cut);
    assert_eq!(e.line, 5, "{e}");
    assert!(e.reason.contains("cut short"), "{e}");

    let e = error_of(&joined(&good[..5]));
    assert!(e.reason.contains("cut short after 4 of its 4 ops"), "{e}");

    let mut trailing = good.clone();
    trailing.push("{\"op\":{}}".into());
    assert_eq!(error_of(&joined(&trailing)).line, 7);

    let mut newer = good.clone();
    newer[0] = newer[0].replace("\"cordon_ops\":1", "\"cordon_ops\":2");
    let e = error_of(&joined(&newer));
    assert_eq!(e.line, 1);
    assert!(e.reason.contains("update Cordon"), "{e}");

    assert_eq!(error_of("").line, 1);
    assert!(
        error_of("name,type\n")
            .reason
            .contains("not a Cordon ops file")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes: an error naming a line of the file, never a panic.
    #[test]
    fn any_text_is_read_or_refused_with_a_line(text in "\\PC{0,400}") {
        if let Err(e) = read(&text) {
            prop_assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e}");
        }
    }

    /// A good file with one byte changed is refused (or, if the byte was in a place JSON
    /// ignores, reads back as the same ops): never different ops.
    #[test]
    fn one_changed_byte_never_yields_other_ops(at in 0usize..2000, byte in any::<u8>()) {
        let ops = sample();
        let mut bytes = file(&ops).into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        if let Ok(text) = String::from_utf8(bytes)
            && let Ok(read_back) = read(&text)
        {
            prop_assert_eq!(read_back, ops);
        }
    }
}
