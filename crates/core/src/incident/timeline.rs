//! The incident timeline: append-only and hash-chained.
//!
//! Each entry stores the SHA-256 of its own content and the hash of the entry before it, so
//! editing, removing or reordering a stored entry breaks the chain at that point and `verify`
//! names the first entry where it breaks. A correction never edits: it is a new entry that
//! names the one it corrects. The hashed bytes are a fixed, versioned layout, frozen by golden
//! tests, because a report printed today must still verify next year.
//!
//! Layout `v1` is a chain: each entry names the one entry before it (`prev_hash`). Layout `v2`
//! is a DAG, because two laptops offline each append to the same incident: each entry names
//! every current head of the timeline it saw (`parents`, sorted), and its `seq` is one more
//! than the highest of theirs. Entries written before v2 keep verifying as v1;
//! `docs/timeline-hash.md` describes both well enough to verify an export without Cordon.

use crate::limits::MAX_TIMELINE_TEXT_CHARS;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::Checker;
use crate::{EntryId, IncidentId, Invalid};

/// The hash the first entry points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Observation,
    Action,
    Decision,
    Communication,
    /// Written by Cordon itself: a phase change, a severity override, a notice recorded.
    Status,
}

impl EntryKind {
    /// The kinds a person picks; `Status` entries are Cordon's own.
    pub const TYPED: [EntryKind; 4] = [
        EntryKind::Observation,
        EntryKind::Action,
        EntryKind::Decision,
        EntryKind::Communication,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Observation => "Observation",
            EntryKind::Action => "Action",
            EntryKind::Decision => "Decision",
            EntryKind::Communication => "Communication",
            EntryKind::Status => "Status",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Observation => "observation",
            EntryKind::Action => "action",
            EntryKind::Decision => "decision",
            EntryKind::Communication => "communication",
            EntryKind::Status => "status",
        }
    }

    pub fn parse(text: &str) -> Result<EntryKind, String> {
        let t = text.trim().to_ascii_lowercase();
        Self::TYPED
            .into_iter()
            .find(|k| k.key() == t)
            .ok_or_else(|| {
                format!(
                    "'{}' is not a timeline entry kind; use observation, action, decision or communication",
                    text.trim()
                )
            })
    }
}

/// What a person types into the quick-add box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntryDraft {
    pub kind: EntryKind,
    pub text: String,
    /// When it happened; `None` means now.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Shown in the client's version of the report.
    pub client_visible: bool,
    /// A MITRE ATT&CK technique id (`T1486`, `T1566.001`).
    pub technique: Option<String>,
    /// The entry this one corrects.
    pub corrects: Option<EntryId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimelineEntry {
    pub id: EntryId,
    pub incident_id: IncidentId,
    /// 1, 2, 3 ... in the order entries were recorded.
    pub seq: u32,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub author: String,
    pub kind: EntryKind,
    pub text: String,
    pub client_visible: bool,
    pub technique: Option<String>,
    pub corrects: Option<EntryId>,
    /// The entries this one follows: one hash for v1 entries; for v2 entries, `parents`
    /// joined by spaces, so the CSV and the report show every link.
    pub prev_hash: String,
    /// v2 only: the hashes of the heads this entry was appended to, sorted (`GENESIS` for the
    /// first entry). Empty for a v1 entry, which names only `prev_hash`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    pub hash: String,
}

/// The exact bytes that are hashed, in a fixed order. Never change a layout: add one. v1 ends
/// with `prev` (one hash), v2 with `parents` (sorted); exactly one of the two is written.
#[derive(Serialize)]
struct Hashed<'a> {
    v: u32,
    incident: String,
    seq: u32,
    occurred_at: String,
    recorded_at: String,
    author: &'a str,
    kind: &'a str,
    text: &'a str,
    client_visible: bool,
    technique: Option<&'a str>,
    corrects: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parents: Option<&'a [String]>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl TimelineEntry {
    /// The hash this entry should carry, from its content and its links (`prev_hash` for v1,
    /// `parents` for v2).
    pub fn content_hash(&self) -> String {
        let v2 = !self.parents.is_empty();
        let bytes = serde_json::to_vec(&Hashed {
            v: if v2 { 2 } else { 1 },
            incident: self.incident_id.to_string(),
            seq: self.seq,
            occurred_at: rfc3339(self.occurred_at),
            recorded_at: rfc3339(self.recorded_at),
            author: &self.author,
            kind: self.kind.key(),
            text: &self.text,
            client_visible: self.client_visible,
            technique: self.technique.as_deref(),
            corrects: self.corrects.map(|c| c.to_string()),
            prev: (!v2).then_some(self.prev_hash.as_str()),
            parents: v2.then_some(self.parents.as_slice()),
        });
        crate::digest::sha256_hex(&bytes.unwrap_or_default())
    }

    /// The hashes this entry points back to.
    pub fn links(&self) -> Vec<&str> {
        if self.parents.is_empty() {
            vec![self.prev_hash.as_str()]
        } else {
            self.parents.iter().map(String::as_str).collect()
        }
    }

    /// The next entry of a timeline whose current heads are `heads` (the entries no other
    /// entry follows: one on a single laptop, more after two laptops appended offline), in
    /// layout v2. Time is truncated to the millisecond so what is hashed is what is stored.
    pub fn append(
        id: EntryId,
        incident_id: IncidentId,
        heads: &[&TimelineEntry],
        draft: EntryDraft,
        author: &str,
        now: DateTime<Utc>,
    ) -> Result<TimelineEntry, Invalid> {
        let mut c = Checker::default();
        let text = draft.text.trim().to_owned();
        if text.is_empty() {
            c.fail(
                "text",
                "the entry is empty; write what was seen, done, decided or said",
            );
        } else if text.chars().count() > MAX_TIMELINE_TEXT_CHARS {
            c.fail(
                "text",
                format!("the entry is longer than {MAX_TIMELINE_TEXT_CHARS} characters; attach long material as evidence and summarise it here"),
            );
        }
        let occurred_at = millis(draft.occurred_at.unwrap_or(now));
        let now = millis(now);
        super::check_when(&mut c, "occurred_at", occurred_at, now);
        let technique = draft
            .technique
            .map(|t| t.trim().to_ascii_uppercase())
            .filter(|t| !t.is_empty());
        if let Some(t) = &technique
            && !is_technique(t)
        {
            c.fail(
                "technique",
                format!("'{t}' is not an ATT&CK technique id; use the form T1486 or T1566.001"),
            );
        }
        c.finish(())?;
        let mut parents: Vec<String> = heads.iter().map(|h| h.hash.clone()).collect();
        if parents.is_empty() {
            parents.push(GENESIS.to_owned());
        }
        parents.sort();
        parents.dedup();
        let mut entry = TimelineEntry {
            id,
            incident_id,
            seq: heads.iter().map(|h| h.seq).max().unwrap_or(0) + 1,
            occurred_at,
            recorded_at: now,
            author: author.to_owned(),
            kind: draft.kind,
            text,
            client_visible: draft.client_visible,
            technique,
            corrects: draft.corrects,
            prev_hash: parents.join(" "),
            parents,
            hash: String::new(),
        };
        entry.hash = entry.content_hash();
        Ok(entry)
    }
}

fn millis(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

fn is_technique(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('T') else {
        return false;
    };
    let (main, sub) = match rest.split_once('.') {
        Some((m, s)) => (m, Some(s)),
        None => (rest, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    digits(main, 4) && sub.is_none_or(|s| digits(s, 3))
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainReport {
    pub intact: bool,
    pub entries: u32,
    /// The first entry where the chain breaks.
    pub broken_at: Option<BrokenLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BrokenLink {
    pub seq: u32,
    pub entry_id: EntryId,
    pub reason: String,
}

/// The entries no other entry follows: what the next entry is appended to.
pub fn heads(entries: &[TimelineEntry]) -> Vec<&TimelineEntry> {
    let followed: HashSet<&str> = entries.iter().flat_map(TimelineEntry::links).collect();
    let mut heads: Vec<&TimelineEntry> = entries
        .iter()
        .filter(|e| !followed.contains(e.hash.as_str()))
        .collect();
    heads.sort_by(|a, b| (a.seq, &a.hash).cmp(&(b.seq, &b.hash)));
    heads
}

/// Walks the timeline in `seq` order and reports the first entry whose content no longer
/// matches its hash or whose links do not hold: a v1 entry must point back to the entry
/// numbered one before it, a v2 entry to entries that are there, numbered one more than the
/// highest of them. An entry removed from the middle breaks the entries that pointed to it.
pub fn verify(entries: &[TimelineEntry]) -> ChainReport {
    let mut sorted: Vec<&TimelineEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| (a.seq, &a.hash).cmp(&(b.seq, &b.hash)));
    let by_hash: HashMap<&str, &TimelineEntry> =
        sorted.iter().map(|e| (e.hash.as_str(), *e)).collect();
    let mut v1_prev = GENESIS;
    let mut v1_seq = 0;
    for e in &sorted {
        let reason = if e.parents.is_empty() {
            let expected_seq = v1_seq + 1;
            if e.seq != expected_seq {
                Some(format!(
                    "entry {expected_seq} is missing: the timeline jumps to entry {}",
                    e.seq
                ))
            } else if e.prev_hash != v1_prev {
                Some(format!(
                    "entry {} does not point back to entry {}: an entry before it was changed, removed or inserted",
                    e.seq,
                    e.seq - 1
                ))
            } else {
                None
            }
        } else {
            let mut seen = Vec::new();
            let mut broken = false;
            for p in &e.parents {
                match by_hash.get(p.as_str()) {
                    Some(parent) if parent.seq < e.seq => seen.push(parent.seq),
                    None if p == GENESIS && e.parents.len() == 1 => seen.push(0),
                    _ => broken = true,
                }
            }
            let sorted_links = e.parents.windows(2).all(|w| w[0] < w[1]);
            if broken || !sorted_links || e.prev_hash != e.parents.join(" ") {
                Some(format!(
                    "entry {} does not point back to the entries it followed: an entry before it was changed, removed or inserted",
                    e.seq
                ))
            } else if seen.iter().max().map_or(0, |s| s + 1) != e.seq {
                Some(format!(
                    "entry {} is out of place: its number is not one more than the entries it follows",
                    e.seq
                ))
            } else {
                None
            }
        };
        let reason = reason.or_else(|| {
            (e.content_hash() != e.hash).then(|| {
                format!(
                    "entry {} was changed after it was recorded: its content no longer matches its hash",
                    e.seq
                )
            })
        });
        if let Some(reason) = reason {
            return ChainReport {
                intact: false,
                entries: sorted.len() as u32,
                broken_at: Some(BrokenLink {
                    seq: e.seq,
                    entry_id: e.id,
                    reason,
                }),
            };
        }
        if e.parents.is_empty() {
            v1_prev = &e.hash;
            v1_seq = e.seq;
        }
    }
    ChainReport {
        intact: true,
        entries: sorted.len() as u32,
        broken_at: None,
    }
}

/// The timeline as CSV (RFC 4180), oldest first, with both times and the hashes, so it can
/// be checked outside Cordon. A cell a spreadsheet would run as a formula starts with a `'`
/// (`csv_cell`): remove that one quote before hashing an entry's text.
pub fn to_csv(entries: &[TimelineEntry]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = crate::csv_cell::write_record(
        &mut w,
        [
            "seq",
            "occurred_at",
            "recorded_at",
            "author",
            "kind",
            "text",
            "client_visible",
            "technique",
            "corrects",
            "prev_hash",
            "hash",
        ],
    );
    let mut sorted: Vec<&TimelineEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| (a.seq, &a.hash).cmp(&(b.seq, &b.hash)));
    for e in sorted {
        let corrects = e
            .corrects
            .and_then(|c| entries.iter().find(|x| x.id == c))
            .map(|x| x.seq.to_string())
            .unwrap_or_default();
        let _ = crate::csv_cell::write_record(
            &mut w,
            [
                e.seq.to_string(),
                rfc3339(e.occurred_at),
                rfc3339(e.recorded_at),
                e.author.clone(),
                e.kind.key().to_owned(),
                e.text.clone(),
                if e.client_visible { "yes" } else { "no" }.to_owned(),
                e.technique.clone().unwrap_or_default(),
                corrects,
                e.prev_hash.clone(),
                e.hash.clone(),
            ],
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
