//! The after-action report and improvement plan (AAR/IP) of a tabletop exercise, in the shape
//! HSEEP gives it: the exercise overview, an executive summary, the objective ratings, an
//! analysis per objective, the inject log, and the improvement plan as the last section.
//!
//! It is written for the client's board, so it is built from what the exercise recorded for
//! the record: objectives, ratings and their rationale, strengths, areas for improvement, the
//! participant text of each inject, the marks on expected actions, the running log and the
//! findings. Facilitator notes are the facilitator's script and never appear; no helper here
//! reads them (`facilitator_notes_never_print` checks it).

use chrono::{DateTime, NaiveDate, Utc};
use cordon_core::Client;
use cordon_core::exercise::{
    Exercise, ExerciseStatus, Finding, LogEntry, Objective, PlanChangeItem, PlanChangeStatus,
    Rating,
};

use crate::after_action_detail::{analysis, inject_log};
use crate::binder::{MspBranding, client_meta};
use crate::incident_report::{
    ReportControl, capitalised, control_rows, count, day, duration, paragraphs, plural, when,
};
use crate::model::{
    Block, Callout, Column, Document, Image, Meta, Span, Table, Text, TitlePage, Tlp, Tone, text,
};

/// Everything the report is made from, as the facade reads it: plain core types.
#[derive(Debug, Clone)]
pub struct ExerciseFacts {
    pub exercise: Exercise,
    pub client: Client,
    /// The running log, oldest first.
    pub log: Vec<LogEntry>,
    /// The client's plan change items; those of this exercise's findings give their status.
    pub plan_changes: Vec<PlanChangeItem>,
    /// "Incident response plan (v3)": the plan version rehearsed, when there was one.
    pub plan_title: Option<String>,
}

/// Section titles, in order; tests look for each.
pub const SECTIONS: [&str; 6] = [
    "Exercise overview",
    "Executive summary",
    "Objective ratings",
    "Analysis of objectives",
    "Inject log",
    "Improvement plan",
];

const TITLE: &str = "After-Action Report / Improvement Plan";

/// The exercise's name without the " — client" the library appends: the client is printed
/// beside it everywhere already.
fn short_name(e: &Exercise, client: &str) -> String {
    e.name
        .strip_suffix(client)
        .and_then(|s| s.trim_end().strip_suffix('—'))
        .map_or_else(|| e.name.trim().to_owned(), |s| s.trim().to_owned())
}

/// HSEEP's rating scale, in plain words.
pub(crate) fn rating_label(r: Rating) -> &'static str {
    match r {
        Rating::Performed => "Performed without challenges",
        Rating::SomeChallenges => "Performed with some challenges",
        Rating::MajorChallenges => "Performed with major challenges",
        Rating::Unable => "Unable to be performed",
    }
}

fn rating_meaning(r: Rating) -> &'static str {
    match r {
        Rating::Performed => {
            "The objective was met as the plan intends, without harming other activities or \
             adding risk."
        }
        Rating::SomeChallenges => {
            "The objective was met, but the team could have worked more effectively or \
             efficiently."
        }
        Rating::MajorChallenges => {
            "The objective was met only in part or late, or meeting it harmed other activities \
             or added risk."
        }
        Rating::Unable => "The objective was not met.",
    }
}

const RATINGS: [Rating; 4] = [
    Rating::Performed,
    Rating::SomeChallenges,
    Rating::MajorChallenges,
    Rating::Unable,
];

/// "S: Performed with some challenges", the letter bold; unrated objectives say so.
pub(crate) fn rating_cell(r: Option<Rating>) -> Text {
    match r {
        Some(r) => vec![
            Span::bold(r.letter()),
            Span::plain(format!(": {}", rating_label(r))),
        ],
        None => vec![Span::italic("Not rated")],
    }
}

/// Exercise time as the console shows it: `T+01:05` is an hour and five minutes in.
pub(crate) fn exercise_time(seconds: u32) -> String {
    format!("T+{:02}:{:02}", seconds / 3600, (seconds % 3600) / 60)
}

/// "Objective 2" with its capability: how the report names an objective everywhere.
pub(crate) fn objective_name(e: &Exercise, key: &str) -> String {
    match e.objectives.iter().position(|o| o.key == key) {
        Some(i) => format!("{} ({})", i + 1, e.objectives[i].capability.label()),
        None => key.to_owned(),
    }
}

pub(crate) fn section_label(key: &str) -> String {
    capitalised(key.trim().to_owned())
}

pub(crate) fn type_label(key: &str) -> String {
    capitalised(key.replace('_', " "))
}

pub(crate) fn italic(s: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::italic(s)])
}

/// Bullets, or a sentence when there are none: a heading is never left bare.
pub(crate) fn bullets_or(b: &mut Vec<Block>, items: &[String], empty: &str) {
    let items: Vec<Text> = items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(text)
        .collect();
    if items.is_empty() {
        b.push(italic(empty));
    } else {
        b.push(Block::Bullets(items));
    }
}

/// The after-action report as a document and its page furniture. TLP:AMBER like the client's
/// incident report: it names the client's weak points, so it is for the organisation only.
pub fn after_action_report(
    facts: &ExerciseFacts,
    control: &ReportControl,
    msp: &MspBranding,
    generated: DateTime<Utc>,
) -> (Document, Meta) {
    let e = &facts.exercise;
    let c = &facts.client;
    let tlp = Tlp::Amber;
    let meta = Meta {
        title: format!("After-action report: {}", short_name(e, &c.name)),
        subject: format!(
            "After-action report and improvement plan for {}, exercise {}",
            c.name, e.id
        ),
        keywords: vec![
            "after-action report".into(),
            "tabletop exercise".into(),
            c.name.clone(),
            e.scenario.title.clone(),
        ],
        ..client_meta(c, msp, tlp, generated)
    };
    let mut b = Vec::new();
    overview(&mut b, facts, generated);
    summary(&mut b, facts, generated);
    ratings(&mut b, e);
    analysis(&mut b, facts);
    inject_log(&mut b, facts, generated);
    improvement_plan(&mut b, facts, generated);
    let doc = Document {
        title_page: Some(title_page(facts, control, msp, tlp, generated)),
        contents: true,
        blocks: b,
    };
    (doc, meta)
}

/// The report as PDF bytes.
pub fn render_after_action_report(
    facts: &ExerciseFacts,
    control: &ReportControl,
    msp: &MspBranding,
    generated: DateTime<Utc>,
) -> Result<Vec<u8>, crate::ReportError> {
    let (doc, meta) = after_action_report(facts, control, msp, generated);
    crate::render(&doc, &meta)
}

fn ended(e: &Exercise, now: DateTime<Utc>) -> bool {
    e.clock_state(now).status == ExerciseStatus::Ended
}

/// The day (or days) the exercise ran; before its start, that it has not run.
fn dates(e: &Exercise, now: DateTime<Utc>) -> String {
    let clock = e.clock_state(now);
    match (clock.started_at, clock.ended_at) {
        (None, _) => "Not started yet".to_owned(),
        (Some(s), Some(end)) if s.date_naive() == end.date_naive() => format!(
            "{}, {} to {} UTC",
            day(s.date_naive()),
            s.format("%H:%M"),
            end.format("%H:%M")
        ),
        (Some(s), Some(end)) => format!("{} to {}", when(s), when(end)),
        (Some(s), None) => format!("Started {}; not ended yet", when(s)),
    }
}

fn exercise_day(e: &Exercise, now: DateTime<Utc>) -> String {
    e.clock_state(now)
        .started_at
        .map_or_else(|| "Not started yet".to_owned(), |s| day(s.date_naive()))
}

fn status_words(e: &Exercise, now: DateTime<Utc>) -> &'static str {
    match e.clock_state(now).status {
        ExerciseStatus::NotStarted => "Draft: the exercise has not started",
        ExerciseStatus::Running | ExerciseStatus::Paused => "Draft: the exercise has not ended",
        ExerciseStatus::Ended => "Final: the exercise has ended",
    }
}

fn draft_notice(e: &Exercise, now: DateTime<Utc>) -> Option<Callout> {
    (!ended(e, now)).then(|| Callout {
        tone: Tone::Warning,
        title: status_words(e, now).to_owned(),
        body: text(
            "This report describes the exercise so far. Ratings, observations and the \
             improvement plan may still change; export it again once the exercise has ended.",
        ),
    })
}

fn title_page(
    facts: &ExerciseFacts,
    control: &ReportControl,
    msp: &MspBranding,
    tlp: Tlp,
    now: DateTime<Utc>,
) -> TitlePage {
    let e = &facts.exercise;
    let mut facts_rows = vec![
        ("Client".to_owned(), facts.client.name.clone()),
        ("Exercise date".to_owned(), exercise_day(e, now)),
        (
            "Scenario".to_owned(),
            format!("{} (version {})", e.scenario.title, e.scenario.version),
        ),
        ("Classification".to_owned(), tlp.label().to_owned()),
    ];
    facts_rows.extend(control_rows(control, msp, "Prepared by"));
    facts_rows.push(("Status".to_owned(), status_words(e, now).to_owned()));
    let notice = draft_notice(e, now).unwrap_or_else(|| Callout {
        tone: Tone::Info,
        title: "TLP:AMBER: for your organisation".into(),
        body: text(
            "This report names weaknesses in your incident response. Share it within your \
             organisation, and with your insurer or auditors as needed to act on it; please \
             do not publish it.",
        ),
    });
    TitlePage {
        kicker: format!("{TITLE} · Tabletop exercise"),
        title: short_name(e, &facts.client.name),
        subtitle: facts.client.name.clone(),
        client_logo: facts.client.branding.logo.as_ref().map(Image::from),
        prepared_by: msp.name.clone(),
        msp_logo: msp.logo.as_ref().map(Image::from),
        facts: facts_rows,
        notice: Some(notice),
    }
}

fn overview(b: &mut Vec<Block>, f: &ExerciseFacts, now: DateTime<Utc>) {
    let e = &f.exercise;
    let clock = e.clock_state(now);
    b.push(Block::heading(1, SECTIONS[0]));
    if let Some(n) = draft_notice(e, now) {
        b.push(Block::Callout(n));
    }
    let running = match clock.status {
        ExerciseStatus::NotStarted => vec![Span::italic("Not started yet")],
        ExerciseStatus::Ended => {
            let ran = duration(f64::from(clock.elapsed_seconds) / 60.0);
            // Wall time minus running time: what the room spent paused.
            let paused = match (clock.started_at, clock.ended_at) {
                (Some(s), Some(end)) => (end - s).num_seconds() - i64::from(clock.elapsed_seconds),
                _ => 0,
            };
            if paused >= 60 {
                text(format!(
                    "{ran}, not counting {} paused",
                    duration(paused as f64 / 60.0)
                ))
            } else {
                text(ran)
            }
        }
        _ => text(format!(
            "{} so far",
            duration(f64::from(clock.elapsed_seconds) / 60.0)
        )),
    };
    let plan = match &f.plan_title {
        Some(p) => text(p.clone()),
        None => vec![Span::italic(
            "No plan was current when the exercise was prepared",
        )],
    };
    let types = if e.incident_types.is_empty() {
        vec![Span::italic("None named")]
    } else {
        text(
            e.incident_types
                .iter()
                .map(|t| type_label(t))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    b.push(Block::KeyValue(vec![
        ("Exercise".to_owned(), text(e.name.clone())),
        (
            "Type".to_owned(),
            text("Discussion-based tabletop exercise"),
        ),
        ("Date".to_owned(), text(dates(e, now))),
        ("Exercise time".to_owned(), running),
        ("Organisation".to_owned(), text(f.client.name.clone())),
        ("Plan rehearsed".to_owned(), plan),
        (
            "Scenario".to_owned(),
            text(format!(
                "{} (version {})",
                e.scenario.title, e.scenario.version
            )),
        ),
        ("Incident types".to_owned(), types),
    ]));
    b.push(Block::heading(2, "Scenario"));
    paragraphs(b, &e.narrative);
    b.push(Block::heading(2, "Objectives"));
    objective_table(b, e, false);
    b.push(Block::heading(2, "Participants"));
    if e.participants.is_empty() {
        b.push(italic("No participants were recorded."));
    } else {
        b.push(Block::Table(Table {
            columns: vec![Column::new("Name", 3.0), Column::new("Role", 4.0)],
            rows: e
                .participants
                .iter()
                .map(|p| {
                    vec![
                        vec![Span::bold(p.name.clone())],
                        if p.role.trim().is_empty() {
                            vec![Span::italic("No role recorded")]
                        } else {
                            text(p.role.clone())
                        },
                    ]
                })
                .collect(),
        }));
    }
}

/// "two objectives were performed without challenges (P), one ..." for every letter used,
/// and the unrated ones named as such: a missing rating is never silently dropped.
fn ratings_sentence(objectives: &[Objective]) -> String {
    let total = objectives.len();
    if total == 0 {
        return "The exercise had no objectives to rate.".to_owned();
    }
    let mut parts: Vec<String> = RATINGS
        .iter()
        .filter_map(|r| {
            let n = objectives.iter().filter(|o| o.rating == Some(*r)).count();
            (n > 0).then(|| {
                format!(
                    "{} {} {} ({})",
                    count(n),
                    plural(n, "was", "were"),
                    rating_label(*r).to_lowercase(),
                    r.letter()
                )
            })
        })
        .collect();
    let unrated = objectives.iter().filter(|o| o.rating.is_none()).count();
    if unrated == total {
        return format!(
            "None of the {} objective{} {} rated yet.",
            count(total),
            plural(total, "", "s"),
            plural(total, "is", "are")
        );
    }
    if unrated > 0 {
        parts.push(format!(
            "{} {} not rated yet",
            count(unrated),
            plural(unrated, "is", "are")
        ));
    }
    let list = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.join(""),
    };
    format!(
        "Of the {} objective{}, {list}.",
        count(total),
        plural(total, "", "s")
    )
}

fn summary(b: &mut Vec<Block>, f: &ExerciseFacts, now: DateTime<Utc>) {
    let e = &f.exercise;
    let clock = e.clock_state(now);
    b.push(Block::heading(1, SECTIONS[1]));
    let plan = e
        .plan_version
        .map_or("its incident response".to_owned(), |v| {
            format!("its incident response plan (version {v})")
        });
    let people = match e.participants.len() {
        0 => String::new(),
        n => format!(", with {} participant{}", count(n), plural(n, "", "s")),
    };
    let story = match clock.started_at {
        None => format!(
            "{} is to rehearse {plan} against the scenario “{}”. The exercise has not \
             started yet.",
            f.client.name, e.scenario.title
        ),
        Some(s) if clock.status == ExerciseStatus::Ended => format!(
            "On {}, {} rehearsed {plan} against the scenario “{}” in a tabletop exercise of \
             {}{people}.",
            day(s.date_naive()),
            f.client.name,
            e.scenario.title,
            duration(f64::from(clock.elapsed_seconds) / 60.0)
        ),
        Some(s) => format!(
            "On {}, {} began rehearsing {plan} against the scenario “{}” in a tabletop \
             exercise{people}. The exercise has not ended: {} of exercise time so far.",
            day(s.date_naive()),
            f.client.name,
            e.scenario.title,
            duration(f64::from(clock.elapsed_seconds) / 60.0)
        ),
    };
    b.push(Block::paragraph(story));
    b.push(Block::paragraph(ratings_sentence(&e.objectives)));
    b.push(Block::heading(2, "Strengths"));
    bullets_or(b, &e.strengths, "No exercise-wide strengths were recorded.");
    b.push(Block::heading(2, "Primary areas for improvement"));
    bullets_or(
        b,
        &e.improvements,
        "No exercise-wide areas for improvement were recorded.",
    );
    b.push(Block::paragraph(plan_sentence(&e.findings)));
}

fn plan_sentence(findings: &[Finding]) -> String {
    let due = |d: Option<NaiveDate>| d.map_or_else(|| "no date".to_owned(), day);
    match findings {
        [] => "No improvement items were recorded, so the improvement plan is empty.".to_owned(),
        [one] => format!(
            "The improvement plan at the end of this report holds one item, owned by {} and \
             due on {}.",
            one.owner.trim(),
            due(one.due)
        ),
        many => {
            let earliest: Option<NaiveDate> = many.iter().filter_map(|x| x.due).min();
            format!(
                "The improvement plan at the end of this report holds {} items, each with an \
                 owner and a due date; the earliest is due on {}.",
                count(many.len()),
                due(earliest)
            )
        }
    }
}

fn objective_table(b: &mut Vec<Block>, e: &Exercise, rated: bool) {
    if e.objectives.is_empty() {
        b.push(italic("The exercise has no objectives."));
        return;
    }
    let mut columns = vec![
        Column::new("#", 0.4),
        Column::new("Objective", if rated { 4.6 } else { 6.0 }),
        Column::new("Capability", 1.6),
    ];
    if rated {
        columns.push(Column::new("Rating", 2.4));
    }
    let rows = e
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut row = vec![
                text((i + 1).to_string()),
                text(o.text.clone()),
                text(o.capability.label()),
            ];
            if rated {
                row.push(rating_cell(o.rating));
            }
            row
        })
        .collect();
    b.push(Block::Table(Table { columns, rows }));
}

fn ratings(b: &mut Vec<Block>, e: &Exercise) {
    b.push(Block::heading(1, SECTIONS[2]));
    b.push(Block::paragraph(
        "How well each objective was met, on the four-point scale of the Homeland Security \
         Exercise and Evaluation Program (HSEEP).",
    ));
    objective_table(b, e, true);
    b.push(Block::heading(2, "Rating scale"));
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Rating", 0.8),
            Column::new("Name", 2.6),
            Column::new("Meaning", 5.6),
        ],
        rows: RATINGS
            .iter()
            .map(|r| {
                vec![
                    vec![Span::bold(r.letter())],
                    text(rating_label(*r)),
                    text(rating_meaning(*r)),
                ]
            })
            .collect(),
    }));
}

fn improvement_plan(b: &mut Vec<Block>, f: &ExerciseFacts, generated: DateTime<Utc>) {
    let e = &f.exercise;
    b.push(Block::heading(1, SECTIONS[5]));
    if e.findings.is_empty() {
        b.push(italic(
            "No improvement items were recorded in this exercise.",
        ));
        return;
    }
    b.push(Block::paragraph(
        "What the exercise showed must change, who owns each change and when it is due \
         (HSEEP's Appendix A). Each item is also tracked as a change to your incident response \
         plan; the status is as of the date of this report.",
    ));
    let mut items: Vec<&Finding> = e.findings.iter().collect();
    // Soonest first: the order the owners will work through them.
    items.sort_by_key(|x| (x.due.is_none(), x.due));
    let status = |x: &Finding| match f
        .plan_changes
        .iter()
        .find(|p| p.id == x.plan_change_id)
        .map(|p| p.status)
    {
        Some(PlanChangeStatus::Done) => vec![Span::bold("Done")],
        // Past its date on the day of the report: the reader should see it without counting.
        Some(PlanChangeStatus::Open) if x.due.is_some_and(|d| d < generated.date_naive()) => {
            vec![Span::bold("Overdue")]
        }
        Some(PlanChangeStatus::Open) => text("Open"),
        None => vec![Span::italic("Not tracked")],
    };
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Issue and corrective action", 4.4),
            Column::new("Plan section and objective", 2.1),
            Column::new("Owner", 1.6),
            Column::new("Due", 1.3),
            Column::new("Status", 1.0),
        ],
        rows: items
            .iter()
            .map(|x| {
                vec![
                    vec![
                        Span::bold(format!("{}\n", x.issue.trim())),
                        Span::plain(x.corrective_action.trim().to_owned()),
                    ],
                    text(format!(
                        "{}\n{}",
                        section_label(&x.plan_section),
                        x.objective.as_deref().map_or_else(
                            || "No objective".to_owned(),
                            |k| format!("Objective {}", objective_name(e, k))
                        )
                    )),
                    text(x.owner.clone()),
                    match x.due {
                        Some(d) => text(day(d)),
                        None => vec![Span::italic("No date")],
                    },
                    status(x),
                ]
            })
            .collect(),
    }));
}
