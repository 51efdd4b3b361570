//! A 40-page internal post-incident report: Cordon's time to lay it out and write the PDF
//! (a sixth of the entries name people and places in Japanese, Hebrew and Arabic, so the
//! font fallback, shaping, bidi and tagging are all in the timing),
//! against Chromium headless printing an HTML file of the same content (`--print-to-pdf`),
//! in the same run. Goals: Cordon ≤ 200 ms, and ≥ 10× faster than Chromium.
//!
//! `cargo bench -p cordon-report --bench incident_report` (or `make bench`). Chromium is
//! Debian's `chromium` package (or CHROMIUM=/path); without it, the baseline is skipped and
//! the reason printed. The HTML is produced from the same `Document` blocks, with print CSS
//! for A4, repeated table headers and page breaks, so both sides typeset the same text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use cordon_core::incident::{
    ActionItem, ActionStatus, AffectedAsset, ChainReport, CustodyTransfer, EntryKind, Evidence,
    Incident, IncidentMetrics, IncidentPhase, KeyTimes, Notice, PostIncidentReview, RoleAssignment,
    SeverityAssessment, TimelineEntry,
};
use cordon_core::{EntryId, EvidenceId, IncidentId, NoticeId};
use cordon_report::model::{Block, Document, Meta, Text};
use cordon_report::{Audience, IncidentFacts, ReportControl, incident_report, render_counted};
use uuid::Uuid;

const ENTRIES: u32 = 260;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0197_0000_0000_7000_8000_0000_0000_0000 + n)
}

fn facts() -> IncidentFacts {
    let detected = support::at(2026, 9, 12, 8);
    let incident_id = IncidentId::from_uuid(id(1));
    let client = support::client();
    let texts = [
        "EDR alert on WS-{n}: powershell.exe spawned by WINWORD.EXE with an encoded command; host isolated from the network and memory captured for analysis.",
        "Firewall shows outbound TLS from 10.20.{n}.15 to 185.220.101.{m} on port 443 every 60 seconds; blocked at the perimeter and added to the watch list.",
        "Called Jürgen Weiß (Head of IT) to agree the next steps: keep the mail gateway in monitor mode, reset the three affected accounts, update at 14:00.",
        "Decision by the Incident Commander: restore the payroll share from the 02:00 snapshot after the backup is verified clean by hash against the offline copy.",
        "Mailbox audit for user{n}@brightwater.example reviewed for the exposure window; no forwarding rules, no new OAuth consents, no sign-ins from new countries.",
        // Names and places in other scripts: the fallback faces, shaping and bidi are timed too.
        "Call with the Tokyo office (東京オフィス, 田中さん) and the Tel Aviv team (צוות תל אביב): share \\\\fs{n}\\payroll isolated ✓; Dubai branch (فرع دبي) informed ✗ no answer yet.",
    ];
    let timeline: Vec<TimelineEntry> = (0..ENTRIES)
        .map(|n| {
            let text = texts[n as usize % texts.len()]
                .replace("{n}", &format!("{:03}", n))
                .replace("{m}", &(n % 250).to_string());
            TimelineEntry {
                id: EntryId::from_uuid(id(1000 + u128::from(n))),
                incident_id,
                seq: n + 1,
                occurred_at: detected + Span::minutes(i64::from(n) * 7),
                recorded_at: detected + Span::minutes(i64::from(n) * 7 + 2),
                author: "Jo Fischer".into(),
                kind: [
                    EntryKind::Observation,
                    EntryKind::Action,
                    EntryKind::Communication,
                    EntryKind::Decision,
                ][n as usize % 4],
                text,
                client_visible: n % 3 == 0,
                technique: (n % 5 == 0).then(|| format!("T10{:02}", 40 + n % 30)),
                corrects: None,
                prev_hash: format!("{:064x}", n),
                parents: Vec::new(),
                hash: format!("{:064x}", n + 1),
            }
        })
        .collect();
    let evidence = (0..12)
        .map(|n| {
            let e = Evidence {
                id: EvidenceId::from_uuid(id(5000 + n)),
                incident_id,
                title: format!("Memory image of WS-{n:03}"),
                source: format!("WS-{n:03}, collected with the EDR live response"),
                collected_by: "Jo Fischer".into(),
                collected_at: detected + Span::hours(2),
                notes: "Sealed in bag 2026-0912-A; kept on the encrypted evidence drive.".into(),
                file_name: format!("ws-{n:03}.mem"),
                sha256: format!("{:064x}", 0xabcdef + n),
                size_bytes: 17_179_869_184.0,
                content_stored: false,
                recorded_at: detected + Span::hours(2),
            };
            let custody = vec![CustodyTransfer {
                evidence_id: e.id,
                from: "Jo Fischer".into(),
                to: "Björn Ødegård (forensics)".into(),
                at: detected + Span::hours(5),
                reason: "Analysis".into(),
                recorded_at: detected + Span::hours(5),
            }];
            (e, custody)
        })
        .collect();
    let notices = (0..6)
        .map(|n| Notice {
            id: NoticeId::from_uuid(id(7000 + n)),
            incident_id,
            recipient: "Der Hamburgische Beauftragte für Datenschutz".into(),
            channel: "Online form".into(),
            sent_at: detected + Span::hours(20 + n as i64),
            summary: "Art. 33 notification: salary slips of 38 employees forwarded for 6 days."
                .into(),
            reference: format!("HmbBfDI-2026-09{n:02}"),
            clock: None,
            escalation_level: None,
            recorded_by: "Jo Fischer".into(),
            recorded_at: detected + Span::hours(20 + n as i64),
        })
        .collect();
    let key_times = KeyTimes {
        first_malicious_activity: Some(detected - Span::days(6)),
        detected,
        reported: Some(detected),
        contained: Some(detected + Span::hours(2)),
        eradicated: Some(detected + Span::hours(26)),
        recovered: Some(detected + Span::hours(48)),
        closed: Some(detected + Span::hours(72)),
    };
    let incident = Incident {
        id: incident_id,
        client_id: client.id,
        plan_id: None,
        plan_version: None,
        incident_type: "phishing".into(),
        title: "Payroll mailbox phished via fake DHL notice".into(),
        description: "A payroll clerk entered Microsoft 365 credentials on a fake DHL page.".into(),
        reported_by: "Anneliese Krüger".into(),
        phase: IncidentPhase::Closed,
        affected_assets: Vec::new(),
        scope: "One site".into(),
        severity: SeverityAssessment::default(),
        roles: vec![RoleAssignment {
            role: "Incident Commander".into(),
            person: "Sam Patel".into(),
            backup: "Jo Fischer".into(),
        }],
        tasks: Vec::new(),
        key_times,
        triggers: Vec::new(),
        internal_notes: "Suspect password reuse; check the clerk's other accounts.".into(),
        review: PostIncidentReview {
            root_cause: "A payroll mailbox without MFA.".into(),
            contributing_factors: "Legacy authentication allowed.".into(),
            what_worked: "Containment took two hours.".into(),
            what_did_not: "Nobody knew who approves a DPA notice.".into(),
            lessons_learned: "Name the DPO and a deputy.".into(),
            action_items: vec![ActionItem {
                id: "1".into(),
                title: "Enforce MFA on every mailbox".into(),
                owner: "Jürgen Weiß".into(),
                due: None,
                status: ActionStatus::Open,
            }],
        },
        created_at: detected,
        updated_at: detected,
    };
    IncidentFacts {
        incident,
        client,
        plan_title: None,
        affected: vec![AffectedAsset {
            name: "TMS Cloud".into(),
            criticality: 1,
            data_classes: Vec::new(),
        }],
        chain: ChainReport {
            intact: true,
            entries: ENTRIES,
            broken_at: None,
        },
        timeline,
        evidence,
        notices,
        clocks: Vec::new(),
        escalations: Vec::new(),
        metrics: IncidentMetrics::default(),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

fn spans(t: &Text) -> String {
    t.iter()
        .map(|s| match s.style {
            cordon_report::Style::Bold => format!("<b>{}</b>", esc(&s.text)),
            cordon_report::Style::Italic => format!("<i>{}</i>", esc(&s.text)),
            cordon_report::Style::Regular => esc(&s.text),
        })
        .collect()
}

/// The same document as HTML with print CSS: what a "just print the web page" pipeline does.
fn html(doc: &Document, meta: &Meta) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html><head><meta charset=utf-8><title>{}</title><style>\
         @page {{ size: A4; margin: 27mm 20mm 22mm 20mm; }}\
         body {{ font-family: Lato, 'DejaVu Sans', sans-serif; font-size: 10pt; color: #1e242b; }}\
         h1 {{ font-size: 17pt; color: #0f766e; border-bottom: 1px solid #0f766e; break-after: avoid; }}\
         h2 {{ font-size: 13pt; break-after: avoid; }}\
         table {{ width: 100%; border-collapse: collapse; font-size: 9pt; }}\
         thead {{ display: table-header-group; }} tr {{ break-inside: avoid; }}\
         th {{ background: #0f766e; color: white; text-align: left; padding: 4px 5px; }}\
         td {{ padding: 4px 5px; border-bottom: 1px solid #d5dadf; vertical-align: top; }}\
         .callout {{ background: #eef5f4; border-left: 3px solid #0f766e; padding: 8px; }}\
         .break {{ break-after: page; }}</style></head><body>",
        esc(&meta.title)
    );
    if let Some(tp) = &doc.title_page {
        let _ = write!(
            h,
            "<section class=break><p>{}</p><h1>{}</h1><p>{}</p><table>",
            esc(&tp.kicker),
            esc(&tp.title),
            esc(&tp.subtitle)
        );
        for (k, v) in &tp.facts {
            let _ = write!(h, "<tr><td><b>{}</b></td><td>{}</td></tr>", esc(k), esc(v));
        }
        let _ = write!(
            h,
            "</table><p>Prepared by {}</p></section>",
            esc(&tp.prepared_by)
        );
    }
    if doc.contents {
        h.push_str("<section class=break><h1>Contents</h1><ol>");
        for b in &doc.blocks {
            if let Block::Heading { level: 1, text } = b {
                let _ = write!(h, "<li>{}</li>", esc(text));
            }
        }
        h.push_str("</ol></section>");
    }
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                let l = (*level).clamp(1, 3);
                let _ = write!(h, "<h{l}>{}</h{l}>", esc(text));
            }
            Block::Paragraph(t) => {
                let _ = write!(h, "<p>{}</p>", spans(t));
            }
            Block::Bullets(items) => {
                h.push_str("<ul>");
                for i in items {
                    let _ = write!(h, "<li>{}</li>", spans(i));
                }
                h.push_str("</ul>");
            }
            Block::KeyValue(rows) => {
                h.push_str("<table>");
                for (k, v) in rows {
                    let _ = write!(
                        h,
                        "<tr><td><b>{}</b></td><td>{}</td></tr>",
                        esc(k),
                        spans(v)
                    );
                }
                h.push_str("</table>");
            }
            Block::Table(t) => {
                h.push_str("<table><thead><tr>");
                for c in &t.columns {
                    let _ = write!(h, "<th>{}</th>", esc(&c.title));
                }
                h.push_str("</tr></thead><tbody>");
                for row in &t.rows {
                    h.push_str("<tr>");
                    for cell in row {
                        let _ = write!(h, "<td>{}</td>", spans(cell));
                    }
                    h.push_str("</tr>");
                }
                h.push_str("</tbody></table>");
            }
            Block::Checklist(items) => {
                h.push_str("<ul>");
                for i in items {
                    let _ = write!(
                        h,
                        "<li>☐ {}<br><small>{}</small></li>",
                        spans(&i.text),
                        spans(&i.note)
                    );
                }
                h.push_str("</ul>");
            }
            Block::Callout(c) => {
                let _ = write!(
                    h,
                    "<div class=callout><b>{}</b><br>{}</div>",
                    esc(&c.title),
                    spans(&c.body)
                );
            }
            Block::Image { .. } => {}
            Block::PageBreak => h.push_str("<div class=break></div>"),
        }
    }
    h.push_str("</body></html>");
    h
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn chromium() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            let p = PathBuf::from(dir).join(name);
            if p.exists() {
                return Ok(p);
            }
        }
    }
    Err("no chromium found (apt-get install -y chromium, or set CHROMIUM=/path)".into())
}

fn main() {
    let facts = facts();
    let msp = support::msp();
    let control = ReportControl {
        version: "1.0".into(),
        author: "Jo Fischer".into(),
        approver: "Sam Patel".into(),
        distribution: vec!["Incident response team".into()],
    };
    let generated = support::at(2026, 11, 26, 12);
    let build = || incident_report(&facts, Audience::Internal, &control, &msp, generated);

    // Warm up (fonts parsed once per process, allocator), then measure.
    let first = render_counted(&build().0, &build().1).expect("renders");
    let runs = 15;
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (doc, meta) = build();
        let r = render_counted(&doc, &meta).expect("renders");
        std::hint::black_box(&r.pdf);
        times.push(t.elapsed());
    }
    let ours = median(times);
    println!(
        "cordon: internal report, {} timeline entries: {} pages, {} KB, median {:.1} ms over {runs} runs (goal ≤ 200 ms)",
        ENTRIES,
        first.pages,
        first.pdf.len() / 1024,
        ours.as_secs_f64() * 1000.0
    );

    let (doc, meta) = build();
    let dir = std::env::temp_dir().join(format!("cordon-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cordon.pdf"), &first.pdf).unwrap();
    println!(
        "cordon's PDF: {} ({})",
        dir.join("cordon.pdf").display(),
        first
            .warning()
            .unwrap_or_else(|| "every character printed".into())
    );
    let html_path = dir.join("report.html");
    std::fs::write(&html_path, html(&doc, &meta)).unwrap();
    let browser = match chromium() {
        Ok(b) => b,
        Err(why) => {
            println!("chromium baseline skipped: {why}");
            return;
        }
    };
    let pdf_path = dir.join("chromium.pdf");
    let mut chrome_times = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_file(&pdf_path);
        let t = Instant::now();
        let out = Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--run-all-compositor-stages-before-draw",
            ])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg(format!("--print-to-pdf={}", pdf_path.display()))
            .arg(format!("file://{}", html_path.display()))
            .output();
        let elapsed = t.elapsed();
        match out {
            Ok(o) if pdf_path.exists() => {
                let _ = o;
                chrome_times.push(elapsed);
            }
            Ok(o) => {
                println!(
                    "chromium baseline skipped: it wrote no PDF ({})",
                    String::from_utf8_lossy(&o.stderr)
                        .lines()
                        .last()
                        .unwrap_or("")
                );
                return;
            }
            Err(e) => {
                println!(
                    "chromium baseline skipped: {} did not start: {e}",
                    browser.display()
                );
                return;
            }
        }
    }
    let theirs = median(chrome_times);
    let chrome_pages = std::fs::read(&pdf_path)
        .ok()
        .and_then(|b| lopdf::Document::load_mem(&b).ok())
        .map_or(0, |d| d.get_pages().len());
    println!(
        "chromium --print-to-pdf of the same content as HTML: {chrome_pages} pages, median {:.1} ms over 3 runs (process start included, as a report pipeline pays it)",
        theirs.as_secs_f64() * 1000.0
    );
    println!(
        "ratio: Cordon is {:.1}× faster (goal ≥ 10×)",
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
