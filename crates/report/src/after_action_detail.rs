//! The after-action report's detail sections: the analysis of each objective and the inject
//! log. Both read the participant text of injects, expected actions, marks and the running
//! log; neither reads facilitator notes.

use chrono::{DateTime, Utc};
use cordon_core::exercise::{ActionMark, Exercise, LogEntry, LogKind, Objective};

use crate::after_action::{
    ExerciseFacts, SECTIONS, bullets_or, exercise_time, italic, objective_name, rating_cell,
    section_label,
};
use crate::incident_report::day;
use crate::model::{Block, Column, Span, Table, Text, text};

fn kind_label(k: LogKind) -> &'static str {
    match k {
        LogKind::Decision => "Decision",
        LogKind::Observation => "Observation",
    }
}

/// Log entries as a table (exercise time, who, what), or `empty` when there are none.
fn log_table(b: &mut Vec<Block>, entries: &[&LogEntry], empty: &str) {
    if entries.is_empty() {
        b.push(italic(empty));
        return;
    }
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Time", 1.1),
            Column::new("Who", 1.9),
            Column::new("Decision or observation", 6.0),
        ],
        rows: entries
            .iter()
            .map(|l| {
                vec![
                    text(exercise_time(l.elapsed_seconds)),
                    if l.who.trim().is_empty() {
                        vec![Span::italic("Not recorded")]
                    } else {
                        text(l.who.clone())
                    },
                    vec![
                        Span::bold(format!("{}: ", kind_label(l.kind))),
                        Span::plain(l.text.clone()),
                    ],
                ]
            })
            .collect(),
    }));
}

/// The log entries about injects that test this objective, in exercise-time order.
fn observations<'a>(e: &Exercise, log: &'a [LogEntry], key: &str) -> Vec<&'a LogEntry> {
    let mut out: Vec<&LogEntry> = log
        .iter()
        .filter(|l| {
            l.inject
                .and_then(|n| e.inject(n))
                .is_some_and(|i| i.objectives.iter().any(|k| k == key))
        })
        .collect();
    out.sort_by_key(|l| (l.elapsed_seconds, l.at));
    out
}

/// The plan sections an objective touches: its capability's, then its findings' own.
fn plan_sections(e: &Exercise, o: &Objective) -> String {
    let mut sections = vec![o.capability.plan_section().to_owned()];
    for f in e
        .findings
        .iter()
        .filter(|f| f.objective.as_deref() == Some(&o.key))
    {
        if !sections.contains(&f.plan_section) {
            sections.push(f.plan_section.clone());
        }
    }
    sections
        .iter()
        .map(|s| section_label(s))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn analysis(b: &mut Vec<Block>, f: &ExerciseFacts) {
    let e = &f.exercise;
    b.push(Block::heading(1, SECTIONS[3]));
    if e.objectives.is_empty() {
        b.push(italic("The exercise has no objectives to analyse."));
        return;
    }
    b.push(Block::paragraph(
        "For each objective: its rating and why, what went well, what should go better, what \
         was decided and observed during the injects that tested it, and the plan sections it \
         points to. Times are exercise time from the start (T+hours:minutes).",
    ));
    for (i, o) in e.objectives.iter().enumerate() {
        b.push(Block::heading(
            2,
            format!("Objective {}: {}", i + 1, o.capability.label()),
        ));
        b.push(Block::Paragraph(vec![Span::italic(o.text.clone())]));
        let why = match (o.rating, o.rationale.trim()) {
            (None, _) => vec![Span::italic("The objective has not been rated.")],
            (Some(_), "") => vec![Span::italic("No rationale recorded")],
            (Some(_), r) => text(r.to_owned()),
        };
        b.push(Block::KeyValue(vec![
            ("Rating".to_owned(), rating_cell(o.rating)),
            ("Why".to_owned(), why),
            ("Plan sections".to_owned(), text(plan_sections(e, o))),
        ]));
        let seen = observations(e, &f.log, &o.key);
        let has_findings = e
            .findings
            .iter()
            .any(|x| x.objective.as_deref() == Some(&o.key));
        // Four empty sub-headings in a row read like a broken report: one sentence instead.
        if o.rating.is_none()
            && o.strengths.is_empty()
            && o.improvements.is_empty()
            && seen.is_empty()
            && !has_findings
        {
            b.push(italic(
                "Nothing was recorded for this objective: no strengths, areas for improvement \
                 or observations.",
            ));
            continue;
        }
        b.push(Block::heading(3, "Strengths"));
        bullets_or(b, &o.strengths, "No strengths recorded for this objective.");
        b.push(Block::heading(3, "Areas for improvement"));
        bullets_or(
            b,
            &o.improvements,
            "No areas for improvement recorded for this objective.",
        );
        b.push(Block::heading(3, "Observations"));
        log_table(b, &seen, "No observations recorded for this objective.");
        let items: Vec<Text> = e
            .findings
            .iter()
            .filter(|x| x.objective.as_deref() == Some(&o.key))
            .map(|x| {
                let due = x
                    .due
                    .map_or_else(|| "no date".to_owned(), |d| format!("due {}", day(d)));
                vec![
                    Span::bold(x.issue.trim().to_owned()),
                    Span::plain(format!(
                        "\n{} (owner {}, {due})",
                        x.corrective_action.trim(),
                        x.owner.trim()
                    )),
                ]
            })
            .collect();
        if !items.is_empty() {
            b.push(Block::heading(3, "Improvement items"));
            b.push(Block::Bullets(items));
        }
    }
}

fn mark_cell(m: Option<ActionMark>) -> Text {
    match m {
        Some(ActionMark::Done) => vec![Span::bold("Done")],
        Some(ActionMark::Partly) => text("Partly"),
        Some(ActionMark::NotDone) => vec![Span::bold("Not done")],
        None => vec![Span::italic("Not assessed")],
    }
}

pub(crate) fn inject_log(b: &mut Vec<Block>, f: &ExerciseFacts, now: DateTime<Utc>) {
    let e = &f.exercise;
    b.push(Block::heading(1, SECTIONS[4]));
    let shown = e.revealed(now);
    if shown.is_empty() {
        b.push(italic(
            "No injects were revealed: the exercise has not started.",
        ));
    } else {
        b.push(Block::paragraph(
            "Each inject as the room saw it, in the order it was revealed, with the actions \
             the plan expected, how far the team got with each, and what was logged against \
             it.",
        ));
    }
    for i in &shown {
        b.push(Block::heading(
            2,
            format!("Inject {}: {}", i.number, i.title),
        ));
        let tested = if i.objectives.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = i.objectives.iter().map(|k| objective_name(e, k)).collect();
            let list = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("objectives {} and {last}", rest.join(", "))
                }
                _ => format!("objective {}", names.join("")),
            };
            format!(" · tests {list}")
        };
        b.push(Block::Paragraph(vec![Span::italic(format!(
            "Revealed at {}{tested}",
            exercise_time(i.reveal_second())
        ))]));
        b.push(Block::paragraph(i.text.clone()));
        if i.expected_actions.is_empty() {
            b.push(italic("No expected actions were set for this inject."));
        } else {
            b.push(Block::Table(Table {
                columns: vec![
                    Column::new("Expected action", 6.5),
                    Column::new("Result", 1.5),
                ],
                rows: i
                    .expected_actions
                    .iter()
                    .map(|a| vec![text(a.text.clone()), mark_cell(a.mark)])
                    .collect(),
            }));
        }
        let mut logged: Vec<&LogEntry> = f
            .log
            .iter()
            .filter(|l| l.inject == Some(i.number))
            .collect();
        logged.sort_by_key(|l| (l.elapsed_seconds, l.at));
        log_table(b, &logged, "Nothing was logged against this inject.");
    }
    let unseen: Vec<String> = e
        .injects
        .iter()
        .filter(|i| !shown.iter().any(|s| s.number == i.number))
        .map(|i| format!("{}. {}", i.number, i.title))
        .collect();
    if !unseen.is_empty() && !shown.is_empty() {
        b.push(Block::heading(2, "Injects not reached"));
        b.push(Block::paragraph(
            "These injects were prepared but not revealed during the session:",
        ));
        b.push(Block::Bullets(unseen.into_iter().map(text).collect()));
    }
    let general: Vec<&LogEntry> = f.log.iter().filter(|l| l.inject.is_none()).collect();
    if !general.is_empty() || !shown.is_empty() {
        b.push(Block::heading(2, "General notes"));
        log_table(b, &general, "No general notes were logged.");
    }
}
