//! Timelines written on two laptops (layout v2): forks and joins verify, a v1 chain keeps
//! verifying with v2 entries after it, and removing or renumbering an entry is caught.

use chrono::Duration;
use uuid::Uuid;

use super::tests::{chain, draft, now, v1};
use super::*;
use crate::EntryId;

#[test]
fn entries_appended_on_two_laptops_form_a_dag_that_verifies() {
    let incident = IncidentId::from_uuid(Uuid::from_u128(3));
    let mut entries = chain(2);
    let entry = |n: u128, heads: &[&TimelineEntry], text: &str| {
        TimelineEntry::append(
            EntryId::from_uuid(Uuid::from_u128(n)),
            incident,
            heads,
            draft(text),
            "tech",
            now() + Duration::hours(1),
        )
        .unwrap()
    };
    // Both laptops saw entry 2 and append offline: two entries numbered 3.
    let head = entries[1].clone();
    let a = entry(200, &[&head], "laptop A");
    let b = entry(201, &[&head], "laptop B");
    entries.extend([a.clone(), b.clone()]);
    assert_eq!((a.seq, b.seq), (3, 3));
    assert!(verify(&entries).intact, "{:?}", verify(&entries));
    let heads = timeline::heads(&entries);
    assert_eq!(heads.len(), 2);
    // The next entry names both heads and closes the fork.
    let joined = entry(202, &heads, "after the exchange");
    assert_eq!(joined.seq, 4);
    assert_eq!(joined.parents.len(), 2);
    assert_eq!(joined.prev_hash, joined.parents.join(" "));
    entries.push(joined.clone());
    assert!(verify(&entries).intact);
    assert_eq!(timeline::heads(&entries), [&joined]);

    // Removing one side of the fork breaks the entry that followed both.
    let mut cut = entries.clone();
    cut.retain(|e| e.id != b.id);
    let broken = verify(&cut).broken_at.unwrap();
    assert_eq!((broken.seq, broken.entry_id), (4, joined.id));
    assert!(broken.reason.contains("does not point back"), "{broken:?}");
    // A renumbered entry is out of place even when re-hashed.
    let mut moved = entries.clone();
    moved[4].seq = 7;
    moved[4].hash = moved[4].content_hash();
    assert!(
        verify(&moved)
            .broken_at
            .unwrap()
            .reason
            .contains("out of place")
    );
}

#[test]
fn a_v1_chain_keeps_verifying_and_v2_entries_follow_it() {
    let incident = IncidentId::from_uuid(Uuid::from_u128(3));
    let mut old: Vec<TimelineEntry> = Vec::new();
    for e in chain(3) {
        let prev = old
            .last()
            .map_or(timeline::GENESIS, |p| p.hash.as_str())
            .to_owned();
        old.push(v1(e, &prev));
    }
    assert!(verify(&old).intact);
    let next = TimelineEntry::append(
        EntryId::from_uuid(Uuid::from_u128(300)),
        incident,
        &timeline::heads(&old),
        draft("after the upgrade"),
        "tech",
        now() + Duration::hours(1),
    )
    .unwrap();
    assert_eq!(
        (next.seq, next.parents.clone()),
        (4, vec![old[2].hash.clone()])
    );
    old.push(next);
    assert!(verify(&old).intact);
    old[1].text = "edited".into();
    assert_eq!(verify(&old).broken_at.unwrap().seq, 2);
}
