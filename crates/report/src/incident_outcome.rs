//! The post-incident report's closing sections, shared by both audiences: the notifications
//! made against their deadlines, the lessons learned, and the action plan.

use cordon_core::incident::{ActionStatus, EscalationStatus, Incident, Notice};
use cordon_core::notification::{ClockStatus, NotificationClock};

use crate::incident_report::{CLIENT_SECTIONS, IncidentFacts, day, paragraphs, when_cell};
use crate::model::{Block, Column, Span, Table, Text, text};

fn clock_outcome(c: &NotificationClock) -> Text {
    match c.status {
        ClockStatus::SentOnTime => vec![Span::bold("Met")],
        ClockStatus::SentLate => vec![Span::bold("Missed (sent late)")],
        ClockStatus::Overdue => vec![Span::bold("Missed (not sent)")],
        ClockStatus::DueSoon | ClockStatus::Running => text("Not yet due"),
        ClockStatus::AwaitingTrigger => vec![Span::italic("Not started")],
    }
}

pub(crate) fn notifications(b: &mut Vec<Block>, f: &IncidentFacts) {
    b.push(Block::heading(1, CLIENT_SECTIONS[7]));
    b.push(Block::heading(2, "Deadlines"));
    if f.clocks.is_empty() {
        b.push(Block::Paragraph(vec![Span::italic(
            "No notification duty applied to this incident.",
        )]));
    } else {
        b.push(Block::Table(Table {
            columns: vec![
                Column::new("Duty", 3.2),
                Column::new("Window", 1.4),
                Column::new("Deadline", 1.8),
                Column::new("Sent", 1.8),
                Column::new("Outcome", 1.6),
            ],
            rows: f
                .clocks
                .iter()
                .map(|c| {
                    let mut duty = vec![Span::bold(c.name.clone())];
                    if !c.recipient.trim().is_empty() {
                        duty.push(Span::plain(format!("\nTo: {}", c.recipient)));
                    }
                    if !c.source.citation.trim().is_empty() {
                        duty.push(Span::italic(format!("\n{}", c.source.citation)));
                    }
                    vec![
                        duty,
                        text(c.window.clone()),
                        match c.deadline {
                            Some(d) => when_cell(d),
                            None => vec![Span::italic("Not started")],
                        },
                        match c.sent_at {
                            Some(d) => when_cell(d),
                            None => vec![Span::italic("Not sent")],
                        },
                        clock_outcome(c),
                    ]
                })
                .collect(),
        }));
    }
    b.push(Block::heading(2, "Notifications made"));
    let mut notices: Vec<&Notice> = f.notices.iter().collect();
    notices.sort_by_key(|n| n.sent_at);
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Sent", 1.7),
            Column::new("To", 2.4),
            Column::new("How", 1.4),
            Column::new("What was said", 4.0),
        ],
        rows: notices
            .iter()
            .map(|n| {
                let mut said = text(n.summary.clone());
                if !n.reference.trim().is_empty() {
                    said.push(Span::italic(format!("\nReference: {}", n.reference)));
                }
                vec![
                    when_cell(n.sent_at),
                    text(n.recipient.clone()),
                    text(n.channel.clone()),
                    said,
                ]
            })
            .collect(),
    }));
}

pub(crate) fn lessons(b: &mut Vec<Block>, i: &Incident) {
    let r = &i.review;
    b.push(Block::heading(1, CLIENT_SECTIONS[8]));
    let parts = [
        ("What worked", &r.what_worked),
        ("What did not", &r.what_did_not),
        ("What we change", &r.lessons_learned),
    ];
    if parts.iter().all(|(_, s)| s.trim().is_empty()) {
        b.push(Block::Paragraph(vec![Span::italic(
            "The lessons-learned review has not been recorded yet.",
        )]));
        return;
    }
    for (title, body) in parts {
        if body.trim().is_empty() {
            continue;
        }
        b.push(Block::heading(2, title));
        paragraphs(b, body);
    }
}

pub(crate) fn action_plan(b: &mut Vec<Block>, i: &Incident) {
    b.push(Block::heading(1, CLIENT_SECTIONS[9]));
    let status = |s: ActionStatus| match s {
        ActionStatus::Open => text("Open"),
        ActionStatus::InProgress => text("In progress"),
        ActionStatus::Done => vec![Span::bold("Done")],
    };
    b.push(Block::Table(Table {
        columns: vec![
            Column::new("Action", 4.5),
            Column::new("Owner", 2.0),
            Column::new("Due", 1.4),
            Column::new("Status", 1.3),
        ],
        rows: i
            .review
            .action_items
            .iter()
            .map(|a| {
                vec![
                    text(a.title.clone()),
                    if a.owner.trim().is_empty() {
                        vec![Span::italic("Not assigned")]
                    } else {
                        text(a.owner.clone())
                    },
                    match a.due {
                        Some(d) => text(day(d)),
                        None => vec![Span::italic("No date")],
                    },
                    status(a.status),
                ]
            })
            .collect(),
    }));
}

pub(crate) fn escalation_status(s: EscalationStatus) -> &'static str {
    match s {
        EscalationStatus::Pending => "Pending",
        EscalationStatus::Due => "Due",
        EscalationStatus::Overdue => "Overdue",
        EscalationStatus::Done => "Done",
        EscalationStatus::NotRequired => "Not required",
    }
}
