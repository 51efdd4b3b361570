//! Shared by the tests and the sample example: a realistic plan built from the shipped
//! templates, a client with non-ASCII names and logos, and poppler-utils to read PDFs back.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cordon_core::plan::baseline;
use cordon_core::{
    Approval, Branding, ChannelKind, Client, ClientContact, ClientId, ContactChannel, Insurer,
    Logo, Plan, PlanId, PlanStatus, Review, Sector,
};
use cordon_report::MspBranding;
use uuid::Uuid;

pub const CLIENT_NAME: &str = "Müller & Søn – Kraków “Zürich”";

pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

pub fn logo(name: &str) -> Logo {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Logo {
        media_type: "image/png".into(),
        data: std::fs::read(path).expect("fixture logo"),
    }
}

pub fn client() -> Client {
    Client {
        id: ClientId::from_uuid(Uuid::nil()),
        name: CLIENT_NAME.into(),
        sectors: vec![Sector::ALL[0]],
        jurisdictions: Vec::new(),
        contacts: vec![
            ClientContact {
                name: "Jürgen Straße".into(),
                role: "Geschäftsführer".into(),
                email: "j.strasse@mueller-soen.example".into(),
                phone: "+49 30 1234 5678".into(),
            },
            ClientContact {
                name: "Øyvind Kraków-Łęcki".into(),
                role: "IT manager".into(),
                email: "oyvind@mueller-soen.example".into(),
                phone: "+48 12 345 67 89".into(),
            },
        ],
        contract_notice_hours: Some(24),
        contract_terms: String::new(),
        insurer: Some(Insurer {
            name: "Hanseatische Cyber Versicherung AG".into(),
            policy_number: "HCV-2026-004711".into(),
            notice_hours: Some(48),
            claims_contact: "+49 40 9876 5432 (24×7 breach hotline)".into(),
        }),
        branding: Branding {
            accent_colour: Some("#0F766E".into()),
            logo: Some(logo("client-logo.png")),
        },
        archived_at: None,
        created_at: at(2026, 1, 5, 9),
        updated_at: at(2026, 1, 5, 9),
    }
}

pub fn msp() -> MspBranding {
    MspBranding {
        name: "Northwind Managed Services".into(),
        logo: Some(logo("msp-logo.png")),
    }
}

/// The baseline template and its default playbooks, filled in as an MSP would, approved.
pub fn plan() -> Plan {
    let (mut input, template) = baseline().plan_input(&[]);
    let people = [
        "Jürgen Straße",
        "Øyvind Kraków-Łęcki",
        "Ana Núñez",
        "Zoë Brontë",
    ];
    for (i, role) in input.roles.iter_mut().enumerate() {
        role.primary = people[i % people.len()].into();
        role.backup = people[(i + 1) % people.len()].into();
    }
    for (i, c) in input.contacts.iter_mut().enumerate() {
        c.name = format!("{} {}", people[i % people.len()], i + 1);
        c.channels = vec![
            ContactChannel {
                kind: ChannelKind::Email,
                value: format!("contact{i}@mueller-soen.example"),
            },
            ContactChannel {
                kind: ChannelKind::Phone,
                value: format!("+49 30 555 01{i:02}"),
            },
            ContactChannel {
                kind: ChannelKind::OutOfBand,
                value: format!("Signal +49 171 555 01{i:02}"),
            },
        ];
        c.last_verified = NaiveDate::from_ymd_opt(2026, 10, 1);
    }
    Plan {
        id: PlanId::from_uuid(Uuid::nil()),
        client_id: ClientId::from_uuid(Uuid::nil()),
        version: 3,
        status: PlanStatus::Approved,
        template: Some(template),
        title: input.title,
        roles: input.roles,
        contacts: input.contacts,
        communication: input.communication,
        escalation: input.escalation,
        severity: input.severity,
        playbooks: input.playbooks,
        review_interval_months: input.review_interval_months,
        approval: Some(Approval {
            by: "Jürgen Straße".into(),
            at: at(2026, 11, 2, 10),
            note: "Approved at the quarterly review; Straße signs for the board.".into(),
        }),
        superseded_at: None,
        reviews: vec![Review {
            by: "Ana Núñez".into(),
            at: at(2026, 11, 20, 15),
            summary: "No changes; bridge numbers re-verified.".into(),
            version: 3,
        }],
        created_at: at(2026, 10, 1, 9),
        updated_at: at(2026, 11, 20, 15),
    }
}

/// Fails with the fix when poppler-utils is missing, instead of a confusing spawn error.
fn tool(name: &str) -> Command {
    let found = Command::new(name).arg("-v").output().is_ok();
    assert!(
        found,
        "`{name}` not found: the report tests read PDFs back with poppler-utils. \
         Install it with `apt-get install -y poppler-utils` (scripts/setup-debian.sh does)."
    );
    Command::new(name)
}

/// Writes the PDF to a file of its own under the target dir and returns the path.
pub fn save(pdf: &[u8], name: &str) -> PathBuf {
    let base = option_env!("CARGO_TARGET_TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
    let dir = base.join("report-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

fn run(mut cmd: Command) -> String {
    let out = cmd.output().expect("poppler tool runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The text of pages `first..=last` (1-based), or of every page.
pub fn pdftotext(path: &PathBuf, pages: Option<(usize, usize)>) -> String {
    let mut cmd = tool("pdftotext");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    cmd.args(["-layout", "-enc", "UTF-8"]).arg(path).arg("-");
    run(cmd)
}

pub fn pdfinfo(path: &PathBuf) -> String {
    let mut cmd = tool("pdfinfo");
    cmd.arg(path);
    run(cmd)
}

pub fn pdffonts(path: &PathBuf) -> String {
    let mut cmd = tool("pdffonts");
    cmd.arg(path);
    run(cmd)
}

pub fn page_count(path: &PathBuf) -> usize {
    pdfinfo(path)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages")
}

/// The text in reading order (pdftotext's default mode, what a copy of the page gives),
/// without the bidi embedding marks poppler puts around right-to-left runs.
pub fn pdftotext_reading(path: &PathBuf) -> String {
    let mut cmd = tool("pdftotext");
    cmd.args(["-enc", "UTF-8"]).arg(path).arg("-");
    run(cmd).replace(['\u{202B}', '\u{202C}'], "")
}

/// `qpdf --check` passes, and the file as qpdf rewrites it uncompressed (object streams
/// expanded), to look for dictionary keys as text.
pub fn qpdf_uncompressed(path: &PathBuf) -> String {
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect(
            "`qpdf` runs: install it with `apt-get install -y qpdf` (scripts/setup-debian.sh does)",
        );
    assert!(
        check.status.success(),
        "qpdf --check failed: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let out = path.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(path)
        .arg(&out)
        .status()
        .expect("qpdf runs");
    assert!(status.success(), "qpdf --qdf failed");
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}
