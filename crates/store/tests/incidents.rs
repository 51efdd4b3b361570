//! Incidents through the store: opening against the plan, the chained timeline surviving only
//! untampered, evidence kept encrypted with its hash checked, bad input writing nothing, and
//! search across every kind of record.

mod common;

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use common::{ManualClock, NOV_2026, client};
use cordon_core::asset::{AssetInput, DataClass};
use cordon_core::incident::{
    CustodyTransferInput, EntryDraft, EntryKind, EvidenceInput, IncidentInput, IncidentPhase,
    verify,
};
use cordon_core::search::HitKind;
use cordon_core::{ClientId, ClientInput, Sector};
use cordon_store::{IncidentFilter, KeyChoice, Passphrase, Store, StoreError, sha256_hex};

fn store(dir: &std::path::Path) -> (Store, Arc<ManualClock>) {
    let clock = ManualClock::at(NOV_2026);
    let s = Store::create(
        dir,
        KeyChoice::Passphrase(Passphrase::new("incident store test passphrase")),
        clock.clone(),
    )
    .unwrap();
    (s, clock)
}

fn now() -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(NOV_2026).unwrap()
}

/// A client with an approved baseline plan and a file server that holds PII.
fn setup(s: &Store) -> (ClientId, cordon_core::AssetId) {
    let c = s
        .create_client(ClientInput {
            sectors: vec![Sector::Manufacturing],
            ..client("Brauerei Müller GmbH")
        })
        .unwrap();
    let plan = s.create_plan_from_template(c.id, "baseline").unwrap();
    let mut input = plan.to_input();
    for r in &mut input.roles {
        r.primary = format!("{} (primary)", r.name);
        r.backup = format!("{} (backup)", r.name);
    }
    let plan = s.update_plan(plan.id, input).unwrap();
    s.approve_plan(plan.id, "Jana Nováková", "ok").unwrap();
    let fs = s
        .create_asset(
            c.id,
            AssetInput {
                name: "FS-01".into(),
                criticality: 2,
                data_classes: vec![DataClass::Pii],
                ..Default::default()
            },
        )
        .unwrap();
    (c.id, fs.id)
}

fn ransomware(asset: cordon_core::AssetId) -> IncidentInput {
    IncidentInput {
        incident_type: "ransomware".into(),
        title: "Ransomware on FS-01".into(),
        description: "Shares encrypted, ransom note LOCKBIT".into(),
        detected_at: now() - Duration::hours(2),
        reported_by: "Front desk".into(),
        affected_assets: vec![asset],
        scope: "One team or site".into(),
    }
}

fn note(text: &str) -> EntryDraft {
    EntryDraft {
        kind: EntryKind::Observation,
        text: text.into(),
        occurred_at: None,
        client_visible: true,
        technique: None,
        corrects: None,
    }
}

#[test]
fn an_incident_follows_the_approved_plan_and_its_timeline_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = store(dir.path());
    let (client, fs) = setup(&s);
    let i = s.open_incident(client, ransomware(fs), "tech").unwrap();
    assert_eq!(i.plan_version, Some(1));
    assert!(!i.tasks.is_empty());
    assert!(i.severity_level().is_some());
    for k in 0..5 {
        clock.set(NOV_2026 + 60_000 * (k + 1));
        s.add_timeline_entry(i.id, note(&format!("observation {k}")), "tech")
            .unwrap();
    }
    let i = s
        .change_incident(i.id, "tech", |old, _| {
            let (new, text) = old.moved_to(IncidentPhase::Contained, now(), "", now())?;
            Ok((new, Some(text)))
        })
        .unwrap();
    let r = s.incident_records(i.id).unwrap();
    assert_eq!(r.timeline.len(), 7, "opening + 5 notes + phase change");
    assert_eq!(r.timeline[0].kind, EntryKind::Status);
    assert!(r.timeline[6].text.contains("Detected → Contained"));
    assert!(verify(&r.timeline).intact);
    assert_eq!(r.affected[0].name, "FS-01");

    let (page, total) = s
        .list_incidents(&IncidentFilter {
            client: Some(client),
            open_only: true,
            limit: 50,
            offset: 0,
        })
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(page[0].phase, IncidentPhase::Contained);
    assert_eq!(page[0].client_name, "Brauerei Müller GmbH");
}

#[test]
fn tampering_with_a_stored_entry_is_caught_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = store(dir.path());
    let (client, fs) = setup(&s);
    let i = s.open_incident(client, ransomware(fs), "tech").unwrap();
    for k in 0..4 {
        s.add_timeline_entry(i.id, note(&format!("entry {k}")), "tech")
            .unwrap();
    }
    // Someone with the key edits entry 3 in the database itself.
    s.read(|conn| {
        conn.execute(
            "UPDATE timeline_entries SET doc = json_set(doc, '$.text', 'nothing to see')
             WHERE incident_id = ?1 AND seq = 3",
            [i.id.to_string()],
        )?;
        Ok(())
    })
    .unwrap();
    let r = s.incident_records(i.id).unwrap();
    let report = verify(&r.timeline);
    assert!(!report.intact);
    assert_eq!(report.broken_at.unwrap().seq, 3);

    // Deleting an entry is caught too.
    s.read(|conn| {
        conn.execute(
            "DELETE FROM timeline_entries WHERE incident_id = ?1 AND seq = 2",
            [i.id.to_string()],
        )?;
        Ok(())
    })
    .unwrap();
    let report = verify(&s.incident_records(i.id).unwrap().timeline);
    assert_eq!(report.broken_at.unwrap().seq, 3);
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = store(dir.path());
    let (client, fs) = setup(&s);
    let before = s.ops(None).unwrap().len();
    let mut bad = ransomware(fs);
    bad.incident_type = "meteor".into();
    let err = s.open_incident(client, bad, "tech").unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.fields[0].field == "incident_type"));

    let other = s.create_client(client_input("Other Co")).unwrap();
    let err = s
        .open_incident(other.id, ransomware(fs), "tech")
        .unwrap_err();
    assert!(err.to_string().contains("not one of the client's"), "{err}");
    let before_other = before + 1; // the second client
    assert_eq!(s.ops(None).unwrap().len(), before_other);

    let i = s.open_incident(client, ransomware(fs), "tech").unwrap();
    let count = s.ops(None).unwrap().len();
    let mut future = note("from the future");
    future.occurred_at = Some(now() + Duration::hours(1));
    let err = s.add_timeline_entry(i.id, future, "tech").unwrap_err();
    assert!(err.to_string().contains("occurred_at"), "{err}");
    let err = s.add_timeline_entry(i.id, note("   "), "tech").unwrap_err();
    assert!(err.to_string().contains("text"), "{err}");
    assert_eq!(s.ops(None).unwrap().len(), count, "nothing was written");
    assert_eq!(s.incident_records(i.id).unwrap().timeline.len(), 1);
}

fn client_input(name: &str) -> ClientInput {
    client(name)
}

#[test]
fn evidence_is_kept_encrypted_with_its_hash_and_custody() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = store(dir.path());
    let (client, fs) = setup(&s);
    let i = s.open_incident(client, ransomware(fs), "tech").unwrap();
    let bytes = b"YOUR FILES ARE ENCRYPTED. Contact decrypt@example.invalid".to_vec();
    let sha = sha256_hex(&bytes);
    let input = EvidenceInput {
        title: "Ransom note".into(),
        source: "FS-01 D:\\Shares".into(),
        collected_by: "Tomás".into(),
        collected_at: now() - Duration::minutes(30),
        notes: String::new(),
    };
    let e = s
        .add_evidence(
            i.id,
            input.clone(),
            "README.txt",
            &sha,
            bytes.len() as u64,
            Some(&bytes),
            "tech",
        )
        .unwrap();
    let (back, content) = s.evidence_content(e.id).unwrap();
    assert_eq!(content, bytes);
    assert_eq!(back.sha256, sha);
    // The file's bytes are not readable in the database file.
    let raw = std::fs::read(s.database_path()).unwrap();
    assert!(!raw.windows(20).any(|w| w == &bytes[..20]));

    // A hash-only record keeps no content.
    let h = s
        .add_evidence(
            i.id,
            input,
            "disk.e01",
            &"ab".repeat(32),
            1 << 30,
            None,
            "tech",
        )
        .unwrap();
    assert!(s.evidence_content(h.id).is_err());

    let t = s
        .transfer_custody(
            e.id,
            CustodyTransferInput {
                from: "Tomás".into(),
                to: "Forensics Ltd".into(),
                at: now(),
                reason: "Analysis".into(),
            },
            "tech",
        )
        .unwrap();
    assert_eq!(t.to, "Forensics Ltd");
    let err = s
        .transfer_custody(
            e.id,
            CustodyTransferInput {
                from: "Tomás".into(),
                to: "Police".into(),
                at: now(),
                reason: "Case".into(),
            },
            "tech",
        )
        .unwrap_err();
    assert!(err.to_string().contains("held by Forensics Ltd"), "{err}");
    let r = s.incident_records(i.id).unwrap();
    assert_eq!(r.evidence.len(), 2);
    assert!(verify(&r.timeline).intact);
}

#[test]
fn search_finds_every_kind_of_record_with_diacritics_folded() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = store(dir.path());
    let (client, fs) = setup(&s);
    let i = s.open_incident(client, ransomware(fs), "tech").unwrap();
    s.add_timeline_entry(
        i.id,
        note("Called Herr Müller about the LOCKBIT note"),
        "tech",
    )
    .unwrap();
    let kinds = |q: &str| -> Vec<HitKind> {
        let mut k: Vec<HitKind> = s
            .search(q, 50)
            .unwrap()
            .into_iter()
            .map(|h| h.kind)
            .collect();
        k.sort_by_key(|k| k.key());
        k.dedup();
        k
    };
    assert_eq!(kinds("muller"), [HitKind::Client, HitKind::TimelineEntry]);
    // The incident, its asset, and the opening entry that names it.
    assert_eq!(
        kinds("FS-01"),
        [HitKind::Asset, HitKind::Incident, HitKind::TimelineEntry]
    );
    assert!(kinds("lockbit").contains(&HitKind::Incident));
    let hit = s
        .search("Herr", 10)
        .unwrap()
        .into_iter()
        .find(|h| h.kind == HitKind::TimelineEntry)
        .unwrap();
    assert_eq!(hit.incident_id, Some(i.id.to_string()));
    assert_eq!(hit.title, "Ransomware on FS-01");
    assert!(hit.snippet.contains("[Herr]"), "{}", hit.snippet);
    // Plans are found by the people they name.
    assert!(kinds("primary").contains(&HitKind::Plan));
    assert!(s.search("\"; DROP TABLE", 10).unwrap().is_empty());
}
