//! The sections only the internal version of the post-incident report has: what the MSP keeps
//! for its own responders, for forensics and for a court. Nothing here is ever called for the
//! client version.

use cordon_core::incident::{EscalationStatus, IncidentPhase, TimelineEntry};

use crate::incident_outcome::escalation_status;
use crate::incident_report::{
    INTERNAL_SECTIONS, IncidentFacts, NONE, kind_cell, paragraphs, when, when_cell,
};
use crate::ioc::{IocIndex, defang_text};
use crate::model::{Block, Callout, Column, Span, Table, Text, Tone, text};

pub(crate) fn sections(b: &mut Vec<Block>, f: &IncidentFacts) {
    full_timeline(b, &f.timeline);
    evidence(b, f);
    b.push(Block::heading(1, INTERNAL_SECTIONS[2]));
    paragraphs(b, &defang_text(&f.incident.internal_notes));
    team(b, f);
    techniques(b, &f.timeline);
    indicators(b, f);
    integrity(b, f);
}

fn full_timeline(b: &mut Vec<Block>, timeline: &[TimelineEntry]) {
    b.push(Block::heading(1, INTERNAL_SECTIONS[0]));
    b.push(Block::paragraph(
        "Every entry in the order it was recorded, status changes included. Entries marked \
         SHARED appear in the client version; the others do not. Addresses, domains and URLs in \
         the text are printed defanged (hxxp, [.], [@]) so that none can be clicked.",
    ));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("#", 0.5),
            Column::new("When", 1.6),
            Column::new("Type, author", 1.7),
            Column::new("Entry", 5.2),
        ],
        rows: timeline
            .iter()
            .map(|e| {
                let mut who = kind_cell(e.kind);
                who.push(Span::plain(format!("\n{}", e.author)));
                let mut entry: Text = Vec::new();
                if e.client_visible {
                    entry.push(Span::bold("SHARED  "));
                }
                entry.push(Span::plain(defang_text(&e.text)));
                if let Some(t) = &e.technique {
                    entry.push(Span::italic(format!("\nATT&CK {t}")));
                }
                if let Some(c) = e.corrects {
                    let seq = timeline
                        .iter()
                        .find(|o| o.id == c)
                        .map_or_else(|| c.to_string(), |o| format!("#{}", o.seq));
                    entry.push(Span::italic(format!("\nCorrects entry {seq}")));
                }
                vec![
                    text(e.seq.to_string()),
                    when_cell(e.occurred_at),
                    who,
                    entry,
                ]
            })
            .collect(),
    }));
}

fn size(bytes: f64) -> String {
    match bytes {
        b if b >= 1024.0 * 1024.0 * 1024.0 => format!("{:.1} GiB", b / 1024.0_f64.powi(3)),
        b if b >= 1024.0 * 1024.0 => format!("{:.1} MiB", b / 1024.0_f64.powi(2)),
        b if b >= 1024.0 => format!("{:.1} KiB", b / 1024.0),
        b => format!("{b:.0} bytes"),
    }
}

fn evidence(b: &mut Vec<Block>, f: &IncidentFacts) {
    b.push(Block::heading(1, INTERNAL_SECTIONS[1]));
    if f.evidence.is_empty() {
        b.push(Block::Paragraph(vec![Span::italic(NONE)]));
        return;
    }
    for (e, custody) in &f.evidence {
        b.push(Block::heading(2, e.title.clone()));
        let mut rows = vec![
            (
                "File".to_owned(),
                text(format!("{} ({})", e.file_name, size(e.size_bytes))),
            ),
            ("SHA-256".to_owned(), text(e.sha256.clone())),
            ("Source".to_owned(), text(e.source.clone())),
            (
                "Collected".to_owned(),
                text(format!("{} by {}", when(e.collected_at), e.collected_by)),
            ),
            (
                "Kept".to_owned(),
                text(if e.content_stored {
                    "The file, encrypted in the Cordon workspace"
                } else {
                    "Hash only; the file is on the evidence drive"
                }),
            ),
        ];
        if !e.notes.trim().is_empty() {
            rows.push(("Notes".to_owned(), text(defang_text(&e.notes))));
        }
        b.push(Block::KeyValue(rows));
        let mut transfers: Vec<_> = custody.iter().collect();
        transfers.sort_by_key(|t| (t.at, t.recorded_at));
        if transfers.is_empty() {
            b.push(Block::Paragraph(vec![Span::italic(format!(
                "No transfers: held by {} since collection.",
                e.collected_by
            ))]));
        } else {
            b.push(Block::Table(Table {
                columns: vec![
                    Column::new("When", 1.7),
                    Column::new("From", 1.8),
                    Column::new("To", 1.8),
                    Column::new("Why", 3.5),
                ],
                rows: transfers
                    .iter()
                    .map(|t| {
                        vec![
                            when_cell(t.at),
                            text(t.from.clone()),
                            text(t.to.clone()),
                            text(t.reason.clone()),
                        ]
                    })
                    .collect(),
            }));
        }
    }
}

fn team(b: &mut Vec<Block>, f: &IncidentFacts) {
    let i = &f.incident;
    b.push(Block::heading(1, INTERNAL_SECTIONS[3]));
    b.push(Block::heading(2, "Roles"));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Role", 2.5),
            Column::new("Person", 2.5),
            Column::new("Backup", 2.5),
        ],
        rows: i
            .roles
            .iter()
            .map(|r| {
                vec![
                    vec![Span::bold(r.role.clone())],
                    text(r.person.clone()),
                    text(r.backup.clone()),
                ]
            })
            .collect(),
    }));
    b.push(Block::heading(2, "Escalations"));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Level", 0.7),
            Column::new("Who", 2.4),
            Column::new("When required", 3.0),
            Column::new("Status", 1.9),
        ],
        rows: f
            .escalations
            .iter()
            .map(|t| {
                // Once the incident is closed nothing is still "due": say what the record
                // shows, that no escalation notice was recorded for the level.
                let closed = f.incident.phase == IncidentPhase::Closed;
                let word = match t.status {
                    EscalationStatus::Due | EscalationStatus::Overdue if closed => {
                        "No notice recorded"
                    }
                    s => escalation_status(s),
                };
                let mut status = vec![Span::bold(word)];
                if let Some(d) = t.done_at {
                    status.push(Span::plain(format!("\n{}", d.format("%-d %b, %H:%M UTC"))));
                } else if let Some(d) = t.due_at {
                    status.push(Span::plain(format!(
                        "\ndue {}",
                        d.format("%-d %b, %H:%M UTC")
                    )));
                }
                vec![
                    text(t.level.to_string()),
                    text(t.who.clone()),
                    text(t.condition.clone()),
                    status,
                ]
            })
            .collect(),
    }));
    let open: Vec<_> = i.tasks.iter().filter(|t| t.done_at.is_none()).collect();
    b.push(Block::heading(2, "Playbook steps not done"));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Phase", 1.5),
            Column::new("Step", 5.0),
            Column::new("Owner", 2.0),
        ],
        rows: open
            .iter()
            .map(|t| {
                vec![
                    text(t.phase.label()),
                    text(t.action.clone()),
                    text(if t.assignee.trim().is_empty() {
                        t.owner_role.clone()
                    } else {
                        format!("{} ({})", t.assignee, t.owner_role)
                    }),
                ]
            })
            .collect(),
    }));
}

fn techniques(b: &mut Vec<Block>, timeline: &[TimelineEntry]) {
    b.push(Block::heading(1, INTERNAL_SECTIONS[4]));
    let mut seen: Vec<(&str, Vec<&TimelineEntry>)> = Vec::new();
    for e in timeline {
        let Some(t) = e
            .technique
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        match seen.iter_mut().find(|(id, _)| *id == t) {
            Some((_, entries)) => entries.push(e),
            None => seen.push((t, vec![e])),
        }
    }
    seen.sort_by(|a, b| a.0.cmp(b.0));
    b.push(Block::Table(Table {
        columns: vec![Column::new("Technique", 1.3), Column::new("Seen in", 7.0)],
        rows: seen
            .iter()
            .map(|(id, entries)| {
                let mut cell = Vec::new();
                for (n, e) in entries.iter().enumerate() {
                    let sep = if n == 0 { "" } else { "\n" };
                    cell.push(Span::bold(format!("{sep}#{} ", e.seq)));
                    cell.push(Span::plain(defang_text(&e.text)));
                }
                vec![vec![Span::bold((*id).to_owned())], cell]
            })
            .collect(),
    }));
}

fn indicators(b: &mut Vec<Block>, f: &IncidentFacts) {
    b.push(Block::heading(1, INTERNAL_SECTIONS[5]));
    let mut index = IocIndex::default();
    for e in &f.timeline {
        index.add(&e.text, &format!("Entry #{}", e.seq));
    }
    for (e, _) in &f.evidence {
        let text = format!("{} {} {}", e.title, e.source, e.notes);
        index.add(&text, &format!("Evidence: {}", e.title));
    }
    index.add(&f.incident.description, "Description");
    index.add(&f.incident.internal_notes, "Internal notes");
    let all = index.into_sorted();
    b.push(Block::paragraph(
        "Addresses, domains, URLs and file hashes found in the timeline, the evidence records, \
         the description and the internal notes, defanged so that none can be clicked \
         (hxxp for http, [.] for a dot, [@] for @). Check each before blocking it.",
    ));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Type", 1.3),
            Column::new("Indicator", 4.6),
            Column::new("Seen in", 2.2),
        ],
        rows: all
            .iter()
            .map(|(ioc, places)| {
                vec![
                    text(ioc.kind.label()),
                    text(ioc.defanged()),
                    text(places.join(", ")),
                ]
            })
            .collect(),
    }));
}

fn integrity(b: &mut Vec<Block>, f: &IncidentFacts) {
    let c = &f.chain;
    b.push(Block::heading(1, INTERNAL_SECTIONS[6]));
    b.push(Block::paragraph(
        "Each timeline entry carries the SHA-256 of its content and of the entries it follows \
         (the one before it, or each latest entry when several devices wrote at once), so an \
         entry changed or removed after it was written breaks the chain from that point.",
    ));
    let callout = if c.intact {
        Callout {
            tone: Tone::Info,
            title: "Chain verified: intact".into(),
            body: text(format!(
                "All {} entries were checked when this report was generated; none was changed, \
                 removed or reordered.",
                c.entries
            )),
        }
    } else {
        let why = c.broken_at.as_ref().map_or_else(
            || "the chain does not verify".to_owned(),
            |l| format!("entry #{} ({}): {}", l.seq, l.entry_id, l.reason),
        );
        Callout {
            tone: Tone::Danger,
            title: "Chain broken".into(),
            body: text(format!(
                "{} entries checked; the chain breaks at {why}. Treat the entries from there on \
                 as unverified and compare them with the last exported copy.",
                c.entries
            )),
        }
    };
    b.push(Block::Callout(callout));
    // The entries nothing follows yet: one on a timeline worked on one laptop; several when
    // laptops appended offline and no entry has joined them since. Each is printed, so the
    // record can be compared with this page whichever way it grew.
    let heads = cordon_core::incident::timeline::heads(&f.timeline);
    let mut rows = vec![("Entries".to_owned(), text(c.entries.to_string()))];
    match heads.as_slice() {
        [] => {}
        [last] => {
            rows.push((
                "Last entry".to_owned(),
                text(format!("#{} at {}", last.seq, when(last.recorded_at))),
            ));
            rows.push(("Last hash".to_owned(), text(last.hash.clone())));
        }
        several => {
            for (n, head) in several.iter().enumerate() {
                rows.push((
                    format!("Latest entry {} of {}", n + 1, several.len()),
                    text(format!(
                        "#{} at {}, hash {} (entries made on separate devices, not yet followed by a joining entry)",
                        head.seq,
                        when(head.recorded_at),
                        head.hash
                    )),
                ));
            }
        }
    }
    if !f.timeline.is_empty() {
        b.push(Block::KeyValue(rows));
    }
}
