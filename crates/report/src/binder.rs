//! The plan binder: a client's incident-response plan as a printed document, for the day
//! its systems (and perhaps ours) are down. Ordered for that day: who to call and how (the
//! out-of-band channels marked) comes first, then who escalates to whom, who does what, how
//! the team talks, how bad it is, and each playbook as a checklist to tick with a pen.

use chrono::{DateTime, Utc};
use cordon_core::{
    ChannelKind, Client, Contact, ContactKind, EscalationLevel, Logo, Phase, Plan, PlanStatus,
    Playbook,
};

use crate::model::{
    Block, Callout, CheckItem, Colour, Column, Document, Image, Meta, Span, Table, Text, TitlePage,
    Tlp, Tone, text,
};

/// Who prepared the binder: the MSP's name and logo.
#[derive(Debug, Clone, Default)]
pub struct MspBranding {
    pub name: String,
    pub logo: Option<Logo>,
}

/// The binder's section titles, in order: tests look for each of them.
pub const SECTIONS: [&str; 7] = [
    "Contacts and out-of-band channels",
    "Escalation",
    "Roles and duties",
    "Communication",
    "Severity matrix",
    "Review history",
    "Playbooks",
];

/// What every page of a report about `client` repeats: the MSP as author, the client's name,
/// accent colour and logo, the marking and the generated time. Each report adds its own title,
/// subject and keywords.
pub(crate) fn client_meta(
    client: &Client,
    msp: &MspBranding,
    tlp: Tlp,
    generated: DateTime<Utc>,
) -> Meta {
    Meta {
        title: String::new(),
        // The PDF's Author and the footer name the MSP; the person is on the control page.
        author: msp.name.clone(),
        subject: String::new(),
        keywords: Vec::new(),
        client: client.name.clone(),
        tlp,
        generated,
        accent: client
            .branding
            .accent_colour
            .as_deref()
            .and_then(Colour::parse_hex),
        header_logo: client.branding.logo.as_ref().map(Image::from),
        watermark: None,
        lang: crate::model::DEFAULT_LANG.into(),
    }
}

/// The binder as a document and its page furniture. TLP:AMBER, because it lists people's
/// direct numbers and the client's weak points: for the client's and the MSP's teams only.
pub fn plan_binder(
    plan: &Plan,
    client: &Client,
    msp: &MspBranding,
    generated: DateTime<Utc>,
) -> (Document, Meta) {
    let meta = Meta {
        title: plan.title.clone(),
        subject: format!(
            "Incident response plan for {}, version {}",
            client.name, plan.version
        ),
        keywords: vec![
            "incident response plan".into(),
            client.name.clone(),
            format!("version {}", plan.version),
        ],
        ..client_meta(client, msp, Tlp::Amber, generated)
    };
    let mut blocks = Vec::new();
    contacts(&mut blocks, plan, client);
    escalation(&mut blocks, &plan.escalation);
    roles(&mut blocks, plan);
    communication(&mut blocks, plan);
    severity(&mut blocks, plan);
    reviews(&mut blocks, plan);
    playbooks(&mut blocks, &plan.playbooks);
    let doc = Document {
        title_page: Some(title_page(plan, client, msp)),
        contents: true,
        blocks,
    };
    (doc, meta)
}

/// The binder as PDF bytes.
pub fn render_plan_binder(
    plan: &Plan,
    client: &Client,
    msp: &MspBranding,
    generated: DateTime<Utc>,
) -> Result<Vec<u8>, crate::ReportError> {
    let (doc, meta) = plan_binder(plan, client, msp, generated);
    crate::render(&doc, &meta)
}

fn status_word(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Draft => "Draft",
        PlanStatus::Approved => "Approved",
        PlanStatus::Superseded => "Superseded",
    }
}

fn title_page(plan: &Plan, client: &Client, msp: &MspBranding) -> TitlePage {
    let mut facts = vec![
        ("Client".to_owned(), client.name.clone()),
        ("Version".to_owned(), plan.version.to_string()),
        ("Status".to_owned(), status_word(plan.status).to_owned()),
    ];
    match &plan.approval {
        Some(a) => {
            facts.push(("Approved by".into(), a.by.clone()));
            facts.push(("Approved on".into(), a.at.format("%-d %B %Y").to_string()));
            if !a.note.is_empty() {
                facts.push(("Approval note".into(), a.note.clone()));
            }
        }
        None => facts.push(("Approved by".into(), "Not approved".into())),
    }
    if let Some(due) = plan.next_review_due() {
        facts.push((
            "Next review due".into(),
            due.format("%-d %B %Y").to_string(),
        ));
    }
    if let Some(t) = &plan.template {
        facts.push((
            "Based on".into(),
            format!("{} template, version {}", t.name, t.version),
        ));
    }
    let notice = match plan.status {
        PlanStatus::Approved => Callout {
            tone: Tone::Info,
            title: "Keep this copy where the team can reach it offline".into(),
            body: text(
                "Start with the contacts: channels marked OUT-OF-BAND do not depend on the \
                 client's own systems. Tick each playbook step as it is done and note the time.",
            ),
        },
        PlanStatus::Draft => Callout {
            tone: Tone::Warning,
            title: "Draft: not approved".into(),
            body: text(
                "This version has not been approved. Follow the approved plan if there is one.",
            ),
        },
        PlanStatus::Superseded => Callout {
            tone: Tone::Danger,
            title: "Superseded".into(),
            body: text(format!(
                "A newer version of this plan was approved{}. Use the current version.",
                plan.superseded_at
                    .map(|d| format!(" on {}", d.format("%-d %B %Y")))
                    .unwrap_or_default()
            )),
        },
    };
    TitlePage {
        kicker: format!(
            "Incident response plan · version {} · {}",
            plan.version,
            status_word(plan.status)
        ),
        title: plan.title.clone(),
        subtitle: client.name.clone(),
        client_logo: client.branding.logo.as_ref().map(Image::from),
        prepared_by: msp.name.clone(),
        msp_logo: msp.logo.as_ref().map(Image::from),
        facts,
        notice: Some(notice),
    }
}

fn or_missing(s: &str, missing: &str) -> Vec<Span> {
    if s.trim().is_empty() {
        vec![Span::italic(missing)]
    } else {
        vec![Span::plain(s)]
    }
}

fn kind_label(k: ContactKind) -> &'static str {
    match k {
        ContactKind::Msp => "MSP",
        ContactKind::Client => "Client",
        ContactKind::Insurer => "Insurer",
        ContactKind::LegalCounsel => "Legal counsel",
        ContactKind::Forensics => "Forensics",
        ContactKind::LawEnforcement => "Law enforcement",
        ContactKind::Regulator => "Regulator",
        ContactKind::OtherThirdParty => "Third party",
    }
}

fn channel_label(k: ChannelKind) -> &'static str {
    match k {
        ChannelKind::Phone => "Phone",
        ChannelKind::Email => "Email",
        ChannelKind::SecureMessaging => "Secure messaging",
        ChannelKind::OutOfBand => "OUT-OF-BAND",
    }
}

fn contact_row(c: &Contact) -> Vec<Text> {
    let mut who = if c.name.trim().is_empty() {
        vec![Span::italic("Name not recorded")]
    } else {
        vec![Span::bold(c.name.clone())]
    };
    let org: Vec<&str> = [c.organisation.as_str(), kind_label(c.kind)]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    who.push(Span::plain(format!("\n{}", org.join(" · "))));
    if !c.role.trim().is_empty() {
        who.push(Span::italic(format!("\n{}", c.role)));
    }
    // Out-of-band first: it is the one that works when the client's systems do not.
    let mut channels: Vec<_> = c.channels.iter().collect();
    channels.sort_by_key(|ch| ch.kind != ChannelKind::OutOfBand);
    let mut reach = Vec::new();
    for (i, ch) in channels.iter().enumerate() {
        let sep = if i == 0 { "" } else { "\n" };
        let label = format!("{sep}{}: ", channel_label(ch.kind));
        reach.push(if ch.kind == ChannelKind::OutOfBand {
            Span::bold(label)
        } else {
            Span::plain(label)
        });
        reach.push(Span::plain(ch.value.clone()));
    }
    if reach.is_empty() {
        reach.push(Span::italic("No channel recorded"));
    }
    let verified = match c.last_verified {
        Some(d) => text(d.format("%-d %b %Y").to_string()),
        None => vec![Span::italic("Never")],
    };
    vec![who, reach, verified]
}

fn contacts(blocks: &mut Vec<Block>, plan: &Plan, client: &Client) {
    blocks.push(Block::heading(1, SECTIONS[0]));
    blocks.push(Block::paragraph(
        "Call in this order of need. OUT-OF-BAND channels do not run over the client's \
         email, chat or phone system; use them when those may be down or watched.",
    ));
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Who", 3.2),
            Column::new("How to reach", 4.0),
            Column::new("Verified", 1.3),
        ],
        rows: plan.contacts.iter().map(contact_row).collect(),
    }));
    blocks.push(Block::heading(2, "Client contacts on record"));
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Name", 2.5),
            Column::new("Role", 2.5),
            Column::new("Phone", 2.0),
            Column::new("Email", 3.0),
        ],
        rows: client
            .contacts
            .iter()
            .map(|c| {
                vec![
                    vec![Span::bold(c.name.clone())],
                    text(c.role.clone()),
                    text(c.phone.clone()),
                    text(c.email.clone()),
                ]
            })
            .collect(),
    }));
    blocks.push(Block::heading(2, "Cyber insurer"));
    let insurer = client.insurer.as_ref().map(|i| {
        vec![
            ("Insurer".to_owned(), or_missing(&i.name, "Not recorded")),
            (
                "Policy number".to_owned(),
                or_missing(&i.policy_number, "Not recorded"),
            ),
            (
                "Claims hotline".to_owned(),
                or_missing(&i.claims_contact, "Not recorded"),
            ),
            (
                "Notify within".to_owned(),
                match i.notice_hours {
                    Some(h) => vec![Span::bold(format!("{h} hours of discovery"))],
                    None => vec![Span::italic("Not recorded")],
                },
            ),
        ]
    });
    blocks.push(Block::KeyValue(insurer.unwrap_or_default()));
}

/// `240` → "4 h"; `90` → "1 h 30 min"; `2880` → "2 days".
pub fn minutes(m: u32) -> String {
    match m {
        m if m >= 1440 && m % 1440 == 0 => {
            let d = m / 1440;
            format!("{d} day{}", if d == 1 { "" } else { "s" })
        }
        m if m >= 60 && m % 60 == 0 => format!("{} h", m / 60),
        m if m > 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{m} min"),
    }
}

fn escalation(blocks: &mut Vec<Block>, levels: &[EscalationLevel]) {
    blocks.push(Block::heading(1, SECTIONS[1]));
    blocks.push(Block::paragraph(
        "Escalate to a level when either of its triggers is met; each level also informs the \
         levels above it that are already engaged.",
    ));
    let rows = levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut when = Vec::new();
            if let Some(s) = &l.severity {
                when.push(format!("Severity {s} or worse"));
            }
            if let Some(m) = l.after_minutes {
                let verb = if when.is_empty() { "Not" } else { "not" };
                when.push(format!("{verb} contained {} after detection", minutes(m)));
            }
            let when = if when.is_empty() {
                vec![Span::italic("No trigger recorded")]
            } else {
                text(when.join("\nor "))
            };
            vec![
                vec![Span::bold(format!("{}", i + 1))],
                text(l.who.clone()),
                when,
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Level", 0.8),
            Column::new("Who", 3.5),
            Column::new("When", 4.5),
        ],
        rows,
    }));
}

fn roles(blocks: &mut Vec<Block>, plan: &Plan) {
    blocks.push(Block::heading(1, SECTIONS[2]));
    let rows = plan
        .roles
        .iter()
        .map(|r| {
            let duties = r
                .duties
                .iter()
                .map(|d| format!("• {d}"))
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                vec![Span::bold(r.name.clone())],
                or_missing(&r.primary, "Not named"),
                or_missing(&r.backup, "Not named"),
                or_missing(&duties, "No duties recorded"),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Role", 2.2),
            Column::new("Primary", 2.0),
            Column::new("Backup", 2.0),
            Column::new("Duties", 5.0),
        ],
        rows,
    }));
}

fn communication(blocks: &mut Vec<Block>, plan: &Plan) {
    let c = &plan.communication;
    blocks.push(Block::heading(1, SECTIONS[3]));
    blocks.push(Block::KeyValue(vec![
        (
            "Keeps the client informed".into(),
            or_missing(&c.informs_client, "Not named"),
        ),
        (
            "May speak to press, customers or regulators".into(),
            or_missing(&c.external_speakers.join(", "), "Nobody named"),
        ),
    ]));
    blocks.push(Block::heading(2, "Channels"));
    blocks.push(Block::Table(Table {
        columns: vec![Column::new("Purpose", 5.0), Column::new("Channel", 2.0)],
        rows: c
            .channels
            .iter()
            .map(|u| {
                let label = channel_label(u.channel);
                let ch = if u.channel == ChannelKind::OutOfBand {
                    vec![Span::bold(label)]
                } else {
                    text(label)
                };
                vec![text(u.purpose.clone()), ch]
            })
            .collect(),
    }));
    blocks.push(Block::heading(2, "Update cadence"));
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Severity", 1.0),
            Column::new("Update every", 3.0),
        ],
        rows: c
            .cadence
            .iter()
            .map(|u| {
                vec![
                    vec![Span::bold(u.level.clone())],
                    text(minutes(u.every_minutes)),
                ]
            })
            .collect(),
    }));
}

fn severity(blocks: &mut Vec<Block>, plan: &Plan) {
    let m = &plan.severity;
    blocks.push(Block::heading(1, SECTIONS[4]));
    blocks.push(Block::Table(Table {
        columns: vec![Column::new("Level", 1.0), Column::new("Meaning", 6.0)],
        rows: m
            .levels
            .iter()
            .map(|l| {
                vec![
                    vec![Span::bold(l.name.clone())],
                    text(l.description.clone()),
                ]
            })
            .collect(),
    }));
    blocks.push(Block::heading(2, "Impact by scope"));
    blocks.push(Block::paragraph(
        "Find the row for the impact and the column for how far it reaches; the cell gives \
         the severity and the reason to record with it.",
    ));
    let mut columns = vec![Column::new("Impact \\ scope", 1.0)];
    columns.extend(m.scopes.iter().map(|s| Column::new(s.clone(), 1.5)));
    let rows = m
        .impacts
        .iter()
        .enumerate()
        .map(|(i, impact)| {
            let mut row = vec![vec![Span::bold(impact.clone())]];
            for j in 0..m.scopes.len() {
                row.push(match m.cells.get(i).and_then(|r| r.get(j)) {
                    Some(cell) => vec![
                        Span::bold(cell.level.clone()),
                        Span::plain(format!("\n{}", cell.criterion)),
                    ],
                    None => vec![Span::italic("Not rated")],
                });
            }
            row
        })
        .collect();
    blocks.push(Block::Table(Table { columns, rows }));
}

fn reviews(blocks: &mut Vec<Block>, plan: &Plan) {
    blocks.push(Block::heading(1, SECTIONS[5]));
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Reviewed", 1.4),
            Column::new("By", 2.0),
            Column::new("Version", 0.9),
            Column::new("What changed", 5.0),
        ],
        rows: plan
            .reviews
            .iter()
            .map(|r| {
                vec![
                    text(r.at.format("%-d %b %Y").to_string()),
                    text(r.by.clone()),
                    text(r.version.to_string()),
                    text(r.summary.clone()),
                ]
            })
            .collect(),
    }));
}

fn playbooks(blocks: &mut Vec<Block>, books: &[Playbook]) {
    blocks.push(Block::heading(1, SECTIONS[6]));
    if books.is_empty() {
        blocks.push(Block::Checklist(Vec::new()));
        return;
    }
    let names: Vec<Text> = books.iter().map(|b| text(b.name.clone())).collect();
    blocks.push(Block::paragraph(
        "One checklist per incident type, each on its own pages, steps grouped by phase. \
         Tick a box when the step is done and write the time beside it.",
    ));
    blocks.push(Block::Bullets(names));
    for book in books {
        blocks.push(Block::PageBreak);
        blocks.push(Block::heading(1, format!("Playbook: {}", book.name)));
        if !book.summary.trim().is_empty() {
            blocks.push(Block::paragraph(book.summary.clone()));
        }
        blocks.push(Block::KeyValue(vec![
            (
                "Declared at".into(),
                text("____ : ____   on   ____ / ____ / ________"),
            ),
            (
                "Incident commander".into(),
                text("______________________________"),
            ),
        ]));
        for phase in Phase::ALL {
            let items: Vec<CheckItem> = book
                .steps
                .iter()
                .filter(|s| s.phase == phase)
                .map(|s| {
                    let mut note = vec![Span::bold("Owner: "), Span::plain(s.owner.clone())];
                    if !s.evidence.trim().is_empty() {
                        note.push(Span::bold("   Keep: "));
                        note.push(Span::plain(s.evidence.clone()));
                    }
                    CheckItem {
                        text: text(s.action.clone()),
                        note,
                    }
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            blocks.push(Block::heading(2, phase.label()));
            blocks.push(Block::Checklist(items));
        }
    }
}
