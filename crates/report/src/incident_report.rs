//! The post-incident report, in two audiences from one record.
//!
//! The client version is what an account manager sends without editing: plain language, the
//! curated timeline (only entries a technician flagged for the client), the decisions and
//! duties that concern the client. The internal version adds what the MSP keeps for itself
//! and for a court: the full hash-chained timeline, evidence with hashes and custody, internal
//! notes, ATT&CK techniques, indicators of compromise and the chain verification.
//!
//! The audience is decided here, block by block, and nowhere else: the client version is built
//! only from fields that may reach the client, so an internal field cannot leak through a
//! shared helper (`client_version_leaves_out_everything_internal` checks it).

use chrono::{DateTime, NaiveDate, Utc};
use cordon_core::incident::{
    ActionStatus, AffectedAsset, ChainReport, CustodyTransfer, EntryKind, EscalationTimer,
    Evidence, Incident, IncidentMetrics, IncidentPhase, Notice, TimelineEntry,
};
use cordon_core::notification::{ClockStatus, NotificationClock};
use cordon_core::{Client, Phase};

use crate::binder::{MspBranding, client_meta};
use crate::incident_internal;
use crate::incident_outcome::{action_plan, lessons, notifications};
use crate::ioc::defang_text;
use crate::model::{
    Block, Callout, Column, Document, Image, Meta, Span, Table, Text, TitlePage, Tlp, Tone, text,
};

/// Who the report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The client's management and IT: the curated story, no internal records.
    Client,
    /// The MSP's responders, legal and forensics: everything.
    Internal,
}

/// Everything the report is made from: the incident and the records beside it, as the
/// facade reads them. Plain core types, so this crate needs nothing above `core`.
#[derive(Debug, Clone)]
pub struct IncidentFacts {
    pub incident: Incident,
    pub client: Client,
    /// "Incident response plan (v3)", when the incident follows one.
    pub plan_title: Option<String>,
    pub affected: Vec<AffectedAsset>,
    pub timeline: Vec<TimelineEntry>,
    pub chain: ChainReport,
    pub evidence: Vec<(Evidence, Vec<CustodyTransfer>)>,
    pub notices: Vec<Notice>,
    pub clocks: Vec<NotificationClock>,
    pub escalations: Vec<EscalationTimer>,
    pub metrics: IncidentMetrics,
}

/// The document control facts of the title page.
#[derive(Debug, Clone, Default)]
pub struct ReportControl {
    /// "1.0", "1.1 (after the DPA's questions)".
    pub version: String,
    /// Who wrote the report.
    pub author: String,
    /// Who approved it for release; empty when not yet approved.
    pub approver: String,
    /// Who receives it, one recipient a line.
    pub distribution: Vec<String>,
}

/// Section titles of the client version, in order; the internal version prints these too,
/// then [`INTERNAL_SECTIONS`]. Tests look for each.
pub const CLIENT_SECTIONS: [&str; 10] = [
    "Executive summary",
    "Classification and severity",
    "Key times",
    "Scope and impact",
    "Timeline of key events",
    "Response actions",
    "Root cause",
    "Notifications",
    "Lessons learned",
    "Action plan",
];

pub const INTERNAL_SECTIONS: [&str; 7] = [
    "Full timeline",
    "Evidence and chain of custody",
    "Internal notes",
    "Response team and escalations",
    "ATT&CK techniques",
    "Indicators of compromise",
    "Timeline integrity",
];

pub(crate) const NONE: &str = "None recorded.";

/// `2026-09-12 14:05 UTC`: reports are read across time zones, so the zone is always printed.
pub(crate) fn when(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// The same moment for a narrow table column: the date, then the time on its own line,
/// rather than a line broken wherever the column ends.
pub(crate) fn when_cell(t: DateTime<Utc>) -> Text {
    text(t.format("%-d %b %Y\n%H:%M UTC").to_string())
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// A duration in minutes for a reader: "45 min", "2 h 10 min", "6 days 3 h"; a few seconds
/// read as "under 1 min", not as the "0 min" that would say nothing happened.
pub fn duration(minutes: f64) -> String {
    if minutes > 0.0 && minutes < 0.5 {
        return "under 1 min".to_owned();
    }
    let m = minutes.max(0.0).round() as i64;
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (d, h, min) {
        (0, 0, min) => format!("{min} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, min) => format!("{h} h {min} min"),
        (d, 0, _) => plural(d, "day", "days"),
        (d, h, _) => format!("{} {h} h", plural(d, "day", "days")),
    }
}

pub(crate) fn paragraphs(blocks: &mut Vec<Block>, s: &str) {
    let mut any = false;
    for p in s.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        blocks.push(Block::paragraph(p));
        any = true;
    }
    if !any {
        blocks.push(Block::Paragraph(vec![Span::italic(NONE)]));
    }
}

fn type_label(key: &str) -> String {
    let mut s = key.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

fn phase_word(p: IncidentPhase) -> &'static str {
    p.label()
}

/// The incident's report as a document and its page furniture.
pub fn incident_report(
    facts: &IncidentFacts,
    audience: Audience,
    control: &ReportControl,
    msp: &MspBranding,
    generated: DateTime<Utc>,
) -> (Document, Meta) {
    let i = &facts.incident;
    let c = &facts.client;
    let (title, tlp) = match audience {
        Audience::Client => ("Post-incident report".to_owned(), Tlp::Amber),
        // Hashes, IOCs and custody are for the MSP's own responders.
        Audience::Internal => (
            "Post-incident report (internal)".to_owned(),
            Tlp::AmberStrict,
        ),
    };
    let meta = Meta {
        title: format!("{title}: {}", i.title),
        subject: format!("{title} for {}, incident {}", c.name, i.id),
        keywords: vec![
            "post-incident report".into(),
            c.name.clone(),
            type_label(&i.incident_type),
        ],
        ..client_meta(c, msp, tlp, generated)
    };
    let mut b = Vec::new();
    summary(&mut b, facts);
    classification(&mut b, i, facts.plan_title.as_deref());
    key_times(&mut b, i, &facts.metrics);
    scope(&mut b, i, &facts.affected);
    curated_timeline(&mut b, &facts.timeline);
    response_actions(&mut b, i);
    root_cause(&mut b, i);
    notifications(&mut b, facts);
    lessons(&mut b, i);
    action_plan(&mut b, i);
    if audience == Audience::Internal {
        incident_internal::sections(&mut b, facts);
    }
    let doc = Document {
        title_page: Some(title_page(facts, audience, control, msp, &title, tlp)),
        contents: true,
        blocks: b,
    };
    (doc, meta)
}

/// The report as PDF bytes.
pub fn render_incident_report(
    facts: &IncidentFacts,
    audience: Audience,
    control: &ReportControl,
    msp: &MspBranding,
    generated: DateTime<Utc>,
) -> Result<Vec<u8>, crate::ReportError> {
    let (doc, meta) = incident_report(facts, audience, control, msp, generated);
    crate::render(&doc, &meta)
}

/// The document-control rows of a title page (version, author, approver, distribution),
/// each with what to print when it was not given. `author_label` is how the report names
/// the person who wrote it.
pub(crate) fn control_rows(
    control: &ReportControl,
    msp: &MspBranding,
    author_label: &str,
) -> Vec<(String, String)> {
    let or = |s: &str, missing: &str| {
        if s.trim().is_empty() {
            missing.to_owned()
        } else {
            s.trim().to_owned()
        }
    };
    let distribution = control
        .distribution
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        ("Version".to_owned(), or(&control.version, "1.0")),
        (author_label.to_owned(), or(&control.author, &msp.name)),
        (
            "Approved by".to_owned(),
            or(&control.approver, "Not yet approved"),
        ),
        ("Distribution".to_owned(), or(&distribution, "Not recorded")),
    ]
}

fn title_page(
    facts: &IncidentFacts,
    audience: Audience,
    control: &ReportControl,
    msp: &MspBranding,
    title: &str,
    tlp: Tlp,
) -> TitlePage {
    let i = &facts.incident;
    let mut facts_rows = vec![
        ("Client".to_owned(), facts.client.name.clone()),
        ("Incident".to_owned(), i.id.to_string()),
        ("Classification".to_owned(), tlp.label().to_owned()),
    ];
    facts_rows.extend(control_rows(control, msp, "Author"));
    facts_rows.push(("Status".to_owned(), phase_word(i.phase).to_owned()));
    let notice = match audience {
        Audience::Client => Callout {
            tone: Tone::Info,
            title: "TLP:AMBER: for your organisation".into(),
            body: text(
                "Share this report within your organisation, and with your insurer, legal \
                 counsel and authorities as needed to act on it; please do not publish it.",
            ),
        },
        Audience::Internal => Callout {
            tone: Tone::Danger,
            title: "Internal: do not send to the client".into(),
            body: text(
                "This version holds the full timeline, evidence hashes, chain of custody, \
                 internal notes and indicators of compromise. Send the client version instead.",
            ),
        },
    };
    TitlePage {
        kicker: format!("{title} · {}", type_label(&i.incident_type)),
        title: i.title.clone(),
        subtitle: facts.client.name.clone(),
        client_logo: facts.client.branding.logo.as_ref().map(Image::from),
        prepared_by: msp.name.clone(),
        msp_logo: msp.logo.as_ref().map(Image::from),
        facts: facts_rows,
        notice: Some(notice),
    }
}

fn summary(b: &mut Vec<Block>, f: &IncidentFacts) {
    let i = &f.incident;
    let t = &i.key_times;
    b.push(Block::heading(1, CLIENT_SECTIONS[0]));
    let mut story = format!(
        "On {}, {} reported a {} incident: {}",
        day(t.detected.date_naive()),
        if i.reported_by.trim().is_empty() {
            "a member of staff".to_owned()
        } else {
            i.reported_by.trim().to_owned()
        },
        type_label(&i.incident_type).to_lowercase(),
        i.title.trim()
    );
    if !story.ends_with('.') {
        story.push('.');
    }
    if !i.description.trim().is_empty() {
        story.push(' ');
        story.push_str(&defang_text(i.description.trim()));
    }
    b.push(Block::paragraph(story));

    let mut outcome = Vec::new();
    if let Some(level) = i.severity.level() {
        outcome.push(format!("It was rated severity {level}."));
    }
    match (f.metrics.time_to_contain, f.metrics.time_to_recover) {
        (Some(c), Some(r)) => outcome.push(format!(
            "The threat was contained {} after detection and normal operations were restored \
             after {}.",
            duration(c),
            duration(r)
        )),
        (Some(c), None) => outcome.push(format!(
            "The threat was contained {} after detection.",
            duration(c)
        )),
        _ => {}
    }
    if let Some(d) = f.metrics.dwell_time {
        outcome.push(format!(
            "From the attacker's first activity to their removal, {} passed.",
            duration(d)
        ));
    }
    let sent = f.notices.len();
    let counted =
        |want: &[ClockStatus]| f.clocks.iter().filter(|c| want.contains(&c.status)).count();
    let met = counted(&[ClockStatus::SentOnTime]);
    let missed = counted(&[ClockStatus::SentLate, ClockStatus::Overdue]);
    let pending = counted(&[ClockStatus::Running, ClockStatus::DueSoon]);
    if sent > 0 || met + missed + pending > 0 {
        let made = format!(
            "{} notification{} made",
            capitalised(count(sent)),
            plural(sent, " was", "s were")
        );
        outcome.push(format!(
            "{made}{}.",
            deadlines_outcome(met, missed, pending)
        ));
    }
    if !outcome.is_empty() {
        b.push(Block::paragraph(outcome.join(" ")));
    }
    let open = i
        .review
        .action_items
        .iter()
        .filter(|a| a.status != ActionStatus::Done)
        .count();
    let (tone, title, body) = if i.phase == IncidentPhase::Closed {
        (
            Tone::Info,
            "The incident is closed".to_owned(),
            match open {
                0 => "Every improvement agreed in the review is done.".to_owned(),
                n => format!(
                    "{} improvement{} agreed in the review {} still open; see the action plan.",
                    capitalised(count(n)),
                    plural(n, "", "s"),
                    if n == 1 { "is" } else { "are" }
                ),
            },
        )
    } else {
        (
            Tone::Warning,
            format!("The incident is still open: {}", phase_word(i.phase)),
            "This report describes the response so far; a final version follows when the \
             incident is closed."
                .to_owned(),
        )
    };
    b.push(Block::Callout(Callout {
        tone,
        title,
        body: text(body),
    }));
}

/// Small counts in words, as a sentence reads them: "two of the six deadlines".
/// How the deadlines that applied stand, as the end of the sentence that starts "N
/// notifications were made": a deadline not yet passed is neither met nor missed.
fn deadlines_outcome(met: usize, missed: usize, pending: usize) -> String {
    let total = met + missed + pending;
    let applied = match (pending, total) {
        (0, _) => "applied",
        (_, 1) => "applies",
        _ => "apply",
    };
    let parts: Vec<String> = [
        (met, "was met", "were met"),
        (missed, "was missed", "were missed"),
        (pending, "is not yet due", "are not yet due"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| match (n == total, n) {
        (true, 1) => format!("the one notification deadline that {applied} {one}"),
        (true, 2) => format!("both notification deadlines that {applied} {many}"),
        (true, _) => format!(
            "all {} notification deadlines that {applied} {many}",
            count(n)
        ),
        (false, 1) => format!("one {one}"),
        (false, _) => format!("{} {many}", count(n)),
    })
    .collect();
    match parts.as_slice() {
        [] => String::new(),
        [all] => format!("; {all}"),
        [first @ .., last] => format!(
            "; of the {} notification deadlines that {applied}, {} and {last}",
            count(total),
            first.join(", ")
        ),
    }
}

pub(crate) fn count(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

pub(crate) fn capitalised(s: String) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn classification(b: &mut Vec<Block>, i: &Incident, plan: Option<&str>) {
    b.push(Block::heading(1, CLIENT_SECTIONS[1]));
    let s = &i.severity;
    let mut rows = vec![
        (
            "Incident type".to_owned(),
            text(type_label(&i.incident_type)),
        ),
        (
            "Severity".to_owned(),
            match s.level() {
                Some(l) => vec![Span::bold(l.to_owned())],
                None => vec![Span::italic("Not rated")],
            },
        ),
    ];
    if let Some(criterion) = s.criterion().filter(|c| !c.trim().is_empty()) {
        rows.push(("Criterion met".to_owned(), text(criterion.to_owned())));
    }
    if let Some(o) = &s.overridden {
        let computed = s
            .computed_level()
            .map(|l| format!(" (the severity matrix gave {l})"))
            .unwrap_or_default();
        rows.push((
            "Set by".to_owned(),
            text(format!("{} on {}{computed}", o.by, when(o.at))),
        ));
    } else if !s.basis.trim().is_empty() {
        rows.push(("Basis".to_owned(), text(s.basis.clone())));
    }
    rows.push(("Status".to_owned(), text(phase_word(i.phase))));
    if let Some(p) = plan {
        rows.push(("Plan followed".to_owned(), text(p.to_owned())));
    }
    b.push(Block::KeyValue(rows));
}

fn key_times(b: &mut Vec<Block>, i: &Incident, m: &IncidentMetrics) {
    let t = &i.key_times;
    b.push(Block::heading(1, CLIENT_SECTIONS[2]));
    let moments = [
        ("First malicious activity", t.first_malicious_activity),
        ("Detected", Some(t.detected)),
        ("Reported", t.reported),
        ("Contained", t.contained),
        ("Eradicated", t.eradicated),
        ("Recovered", t.recovered),
        ("Closed", t.closed),
    ];
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Moment", 2.0),
            Column::new("Date and time", 3.0),
        ],
        rows: moments
            .iter()
            .map(|(label, at)| {
                vec![
                    vec![Span::bold(*label)],
                    match at {
                        Some(at) => text(when(*at)),
                        None => vec![Span::italic("Not recorded")],
                    },
                ]
            })
            .collect(),
    }));
    b.push(Block::heading(2, "Response times"));
    let figures = [
        (
            "Time to detect (TTD)",
            m.time_to_detect,
            "first malicious activity to detection",
        ),
        (
            "Time to report",
            m.time_to_report,
            "detection to the report to us",
        ),
        (
            "Time to contain (TTC)",
            m.time_to_contain,
            "detection to containment",
        ),
        (
            "Time to recover (TTR)",
            m.time_to_recover,
            "detection to recovery",
        ),
        (
            "Dwell time",
            m.dwell_time,
            "first malicious activity to eradication: how long the attacker was present",
        ),
    ];
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Measure", 2.2),
            Column::new("Value", 1.4),
            Column::new("Measured from", 3.6),
        ],
        rows: figures
            .iter()
            .map(|(label, v, def)| {
                vec![
                    vec![Span::bold(*label)],
                    match v {
                        Some(v) => text(duration(*v)),
                        None => vec![Span::italic("Not known")],
                    },
                    text(*def),
                ]
            })
            .collect(),
    }));
}

fn scope(b: &mut Vec<Block>, i: &Incident, affected: &[AffectedAsset]) {
    b.push(Block::heading(1, CLIENT_SECTIONS[3]));
    let reach = if i.scope.trim().is_empty() {
        vec![Span::italic("Not recorded")]
    } else {
        text(i.scope.clone())
    };
    let mut classes: Vec<_> = affected
        .iter()
        .flat_map(|a| a.data_classes.iter().copied())
        .collect();
    classes.sort();
    classes.dedup();
    let data = if classes.is_empty() {
        vec![Span::italic("None recorded on the affected systems")]
    } else {
        text(
            classes
                .iter()
                .map(|d| d.label())
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    b.push(Block::KeyValue(vec![
        ("How far it reached".to_owned(), reach),
        ("Data on affected systems".to_owned(), data),
    ]));
    b.push(Block::heading(2, "Affected systems"));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("System", 3.0),
            Column::new("Criticality", 2.2),
            Column::new("Data it holds", 3.0),
        ],
        rows: affected
            .iter()
            .map(|a| {
                vec![
                    vec![Span::bold(a.name.clone())],
                    text(criticality(a.criticality)),
                    if a.data_classes.is_empty() {
                        vec![Span::italic("None recorded")]
                    } else {
                        text(
                            a.data_classes
                                .iter()
                                .map(|d| d.label())
                                .collect::<Vec<_>>()
                                .join(", "),
                        )
                    },
                ]
            })
            .collect(),
    }));
}

fn criticality(c: u32) -> String {
    let word = match c {
        1 => "business stops without it",
        2 => "high",
        3 => "medium",
        _ => "can wait",
    };
    format!("{c} ({word})")
}

pub(crate) fn kind_cell(kind: EntryKind) -> Text {
    text(kind.label())
}

fn curated_timeline(b: &mut Vec<Block>, timeline: &[TimelineEntry]) {
    b.push(Block::heading(1, CLIENT_SECTIONS[4]));
    b.push(Block::paragraph(
        "The events of the response that concern you, in the order they happened. Times are \
         in UTC. Web addresses, domains and e-mail addresses in the entries are printed with \
         brackets (hxxp, [.], [@]) so that none can be clicked by mistake.",
    ));
    let mut shared: Vec<&TimelineEntry> = timeline.iter().filter(|e| e.client_visible).collect();
    shared.sort_by_key(|e| (e.occurred_at, e.seq));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("When", 1.7),
            Column::new("Type", 1.3),
            Column::new("What happened", 6.0),
        ],
        rows: shared
            .iter()
            .map(|e| {
                vec![
                    when_cell(e.occurred_at),
                    kind_cell(e.kind),
                    text(defang_text(&e.text)),
                ]
            })
            .collect(),
    }));
}

fn response_actions(b: &mut Vec<Block>, i: &Incident) {
    b.push(Block::heading(1, CLIENT_SECTIONS[5]));
    let done: Vec<_> = i.tasks.iter().filter(|t| t.done_at.is_some()).collect();
    if done.is_empty() {
        b.push(Block::Paragraph(vec![Span::italic(
            "No playbook steps were ticked off in the record; the actions taken are in the timeline above.",
        )]));
        return;
    }
    b.push(Block::paragraph(format!(
        "The steps of the response playbook that were carried out, by phase ({} of {}).",
        done.len(),
        i.tasks.len()
    )));
    for phase in Phase::ALL {
        let mut rows: Vec<_> = done.iter().filter(|t| t.phase == phase).collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by_key(|t| (t.done_at, t.index));
        b.push(Block::heading(2, phase.label()));
        b.push(Block::Table(Table {
            columns: vec![
                Column::new("Action", 5.5),
                Column::new("Done", 1.8),
                Column::new("By", 1.6),
            ],
            rows: rows
                .iter()
                .map(|t| {
                    vec![
                        text(t.action.clone()),
                        t.done_at.map(when_cell).unwrap_or_default(),
                        text(t.done_by.clone()),
                    ]
                })
                .collect(),
        }));
    }
}

fn root_cause(b: &mut Vec<Block>, i: &Incident) {
    let r = &i.review;
    b.push(Block::heading(1, CLIENT_SECTIONS[6]));
    paragraphs(b, &r.root_cause);
    b.push(Block::heading(2, "Contributing factors"));
    paragraphs(b, &r.contributing_factors);
}

#[cfg(test)]
mod tests {
    use super::{deadlines_outcome, duration};

    #[test]
    fn a_deadline_not_yet_passed_is_never_called_met() {
        let said = |met, missed, pending| deadlines_outcome(met, missed, pending);
        assert_eq!(said(0, 0, 0), "");
        assert_eq!(
            said(0, 0, 1),
            "; the one notification deadline that applies is not yet due"
        );
        assert_eq!(
            said(1, 0, 0),
            "; the one notification deadline that applied was met"
        );
        assert_eq!(
            said(2, 0, 0),
            "; both notification deadlines that applied were met"
        );
        assert_eq!(
            said(1, 1, 0),
            "; of the two notification deadlines that applied, one was met and one was missed"
        );
        assert_eq!(
            said(3, 0, 0),
            "; all three notification deadlines that applied were met"
        );
        assert_eq!(
            said(2, 1, 3),
            "; of the six notification deadlines that apply, two were met, one was missed and \
             three are not yet due"
        );
    }

    #[test]
    fn durations_read_as_a_person_would_say_them() {
        assert_eq!(duration(45.0), "45 min");
        assert_eq!(duration(120.0), "2 h");
        assert_eq!(duration(130.0), "2 h 10 min");
        assert_eq!(duration(1440.0), "1 day");
        assert_eq!(duration(6.0 * 1440.0 + 185.0), "6 days 3 h");
        assert_eq!(duration(-5.0), "0 min");
        assert_eq!(duration(0.0), "0 min");
        assert_eq!(duration(0.4), "under 1 min");
    }
}
