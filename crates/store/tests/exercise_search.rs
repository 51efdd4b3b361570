//! Exercises in the search index: found by every part a facilitator remembers, kept in step by
//! every write (create, edit, finding, log line, client rename), rebuilt identically from the op
//! log, and indexed by migration 0006 for exercises stored before it.

mod common;

use chrono::NaiveDate;
use common::{ManualClock, NOV_2026, client};
use cordon_core::exercise::{FindingInput, LogEntryInput, LogKind, Participant, scenario};
use cordon_core::search::{HitKind, SearchHit};
use cordon_core::{ClientInput, ExerciseId};
use cordon_store::{KeyChoice, Passphrase, Store};

fn store(dir: &std::path::Path) -> Store {
    Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new("exercise search test passphrase")),
        ManualClock::at(NOV_2026),
    )
    .unwrap()
}

fn hits(s: &Store, q: &str, kind: HitKind) -> Vec<SearchHit> {
    s.search(q, 50)
        .unwrap()
        .into_iter()
        .filter(|h| h.kind == kind)
        .collect()
}

/// A ransomware exercise for "Spedition Weiß & Müller" with a participant, a finding and a
/// log line, each carrying a word found nowhere else.
fn exercise(s: &Store) -> ExerciseId {
    let c = s.create_client(client("Spedition Weiß & Müller")).unwrap();
    let e = s
        .create_exercise(c.id, &scenario("ransomware").unwrap())
        .unwrap();
    s.change_exercise(e.id, |e, _| {
        e.participants.push(Participant {
            name: "Zofia Wróblewska".into(),
            role: "Incident lead".into(),
        });
        Ok(())
    })
    .unwrap();
    s.add_exercise_finding(
        e.id,
        FindingInput {
            issue: "Nobody knew where the offline backups were".into(),
            corrective_action: "Add the backup vault location to the contacts".into(),
            owner: "Henrietta Okonkwo".into(),
            due: NaiveDate::from_ymd_opt(2027, 1, 31),
            plan_section: "contacts".into(),
            objective: None,
        },
    )
    .unwrap();
    s.add_exercise_log(
        e.id,
        LogEntryInput {
            inject: Some(1),
            kind: LogKind::Observation,
            who: String::new(),
            text: "The team phoned the insurer's hotline before isolating".into(),
        },
    )
    .unwrap();
    e.id
}

#[test]
fn an_exercise_is_found_by_each_part_and_a_log_line_opens_its_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let id = exercise(&s);
    let name = s.exercise(id).unwrap().name;
    // The scenario's title, the client (diacritics folded), a participant, the finding's
    // issue, corrective action and owner.
    for q in [
        "ransomware",
        "muller",
        "wroblewska",
        "offline backups",
        "vault location",
        "okonkwo",
    ] {
        let found = hits(&s, q, HitKind::Exercise);
        assert_eq!(found.len(), 1, "'{q}' finds the exercise");
        assert_eq!(found[0].id, id.to_string());
        assert_eq!(found[0].exercise_id, Some(id.to_string()));
        assert_eq!(found[0].title, name);
        assert_eq!(found[0].client_name, "Spedition Weiß & Müller");
    }
    let line = hits(&s, "hotline", HitKind::ExerciseLogEntry);
    assert_eq!(line.len(), 1);
    assert_eq!(line[0].exercise_id, Some(id.to_string()));
    assert_eq!(
        line[0].title, name,
        "a log line is shown under its exercise"
    );
    assert!(line[0].snippet.contains("[hotline]"), "{}", line[0].snippet);
    // The line is not the exercise: searching the exercise's words does not list every line.
    assert!(hits(&s, "okonkwo", HitKind::ExerciseLogEntry).is_empty());
}

#[test]
fn every_write_keeps_the_index_in_step_and_replay_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let id = exercise(&s);
    assert!(hits(&s, "tabletop-renamed", HitKind::Exercise).is_empty());
    s.change_exercise(id, |e, _| {
        e.name = "Tabletop-renamed Q4".into();
        e.participants.clear();
        Ok(())
    })
    .unwrap();
    assert_eq!(hits(&s, "tabletop-renamed", HitKind::Exercise).len(), 1);
    assert!(
        hits(&s, "wroblewska", HitKind::Exercise).is_empty(),
        "a removed participant no longer finds it"
    );
    // A log line's title follows its exercise's name.
    assert_eq!(
        hits(&s, "hotline", HitKind::ExerciseLogEntry)[0].title,
        "Tabletop-renamed Q4"
    );
    // Renaming the client re-indexes its exercises (the narrative keeps the old name: it was
    // written for the client as it was called then).
    let c = s.exercise(id).unwrap().client_id;
    s.update_client(
        c,
        ClientInput {
            name: "Brightwater Freight".into(),
            ..client("x")
        },
    )
    .unwrap();
    assert_eq!(hits(&s, "brightwater", HitKind::Exercise).len(), 1);

    assert!(
        s.tables_match_op_log(&["exercises", "exercise_log", "plan_change_items"])
            .unwrap()
    );
    assert!(
        s.search_index_matches_op_log(&[HitKind::Exercise, HitKind::ExerciseLogEntry])
            .unwrap()
    );
}

#[test]
fn migration_0006_indexes_exercises_stored_before_it_as_replay_would() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let id = exercise(&s);
    // The state of a workspace written before migration 0006: exercises, no index rows.
    s.read(|conn| {
        conn.execute_batch(
            "DELETE FROM search WHERE rowid IN (SELECT n FROM search_refs
                 WHERE kind IN ('exercise', 'exercise_log_entry'));
             DELETE FROM search_refs WHERE kind IN ('exercise', 'exercise_log_entry');",
        )?;
        Ok(())
    })
    .unwrap();
    assert!(hits(&s, "okonkwo", HitKind::Exercise).is_empty());
    s.read(|conn| {
        conn.execute_batch(include_str!("../src/sql/0006_exercise_search.sql"))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(hits(&s, "okonkwo", HitKind::Exercise)[0].id, id.to_string());
    assert_eq!(hits(&s, "hotline", HitKind::ExerciseLogEntry).len(), 1);
    // Word for word what the projections write: the SQL and Rust texts agree.
    assert!(
        s.search_index_matches_op_log(&[HitKind::Exercise, HitKind::ExerciseLogEntry])
            .unwrap()
    );
}
