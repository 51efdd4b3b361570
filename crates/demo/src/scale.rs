//! A large workspace for measuring: many clients, each with an approved plan, assets and years
//! of incidents with long timelines. It goes through the same write path as the app (every
//! record is an operation in the log, every entry is hash-chained and indexed for search), so
//! what the benchmark reads is what a real workspace of that size would hold.
//!
//! The text is drawn from fixed word lists by a seeded generator: the same spec gives the
//! same workspace, and searches have realistic hit counts rather than matching everything.

use chrono::Duration;
use cordon_core::asset::{AssetInput, AssetKind, DataClass};
use cordon_core::incident::{EntryDraft, EntryKind, IncidentInput};
use cordon_core::{ClientInput, Sector};
use serde::Serialize;

use cordon_app::{AppError, Workspace};

/// How big a workspace to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScaleSpec {
    pub clients: u32,
    pub assets_per_client: u32,
    pub incidents_per_client: u32,
    pub entries_per_incident: u32,
}

impl ScaleSpec {
    /// 200 clients, 20,000 assets, 50,000 incidents, 1,000,000 timeline entries.
    pub const LARGE: ScaleSpec = ScaleSpec {
        clients: 200,
        assets_per_client: 100,
        incidents_per_client: 250,
        entries_per_incident: 20,
    };

    pub fn parse(name: &str) -> Option<ScaleSpec> {
        match name {
            "large" => Some(Self::LARGE),
            "medium" => Some(ScaleSpec {
                clients: 20,
                assets_per_client: 50,
                incidents_per_client: 100,
                entries_per_incident: 20,
            }),
            "small" => Some(ScaleSpec {
                clients: 5,
                assets_per_client: 10,
                incidents_per_client: 10,
                entries_per_incident: 5,
            }),
            _ => None,
        }
    }
}

/// A small deterministic generator (SplitMix64): reproducible without a dependency.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SURNAMES: &[&str] = &[
    "Müller",
    "Schmidt",
    "Nováková",
    "Søndergaard",
    "García",
    "O'Brien",
    "Kowalski",
    "Dubois",
    "Rossi",
    "Okafor",
    "Nakamura",
    "Fischer",
    "Lindqvist",
    "Ó Briain",
    "Weiß",
    "Jansen",
];
const TRADES: &[&str] = &[
    "Logistics",
    "Dental",
    "Legal",
    "Bakery",
    "Engineering",
    "Clinic",
    "Brewery",
    "Architects",
    "Freight",
    "Pharmacy",
    "Builders",
    "Accountants",
    "Print",
    "Foods",
    "Textiles",
    "Motors",
];
const TYPES: &[&str] = &[
    "ransomware",
    "business_email_compromise",
    "phishing",
    "lost_device",
];
const TITLES: &[&str] = &[
    "Files encrypted on",
    "Suspicious sign-in to",
    "Malware alert on",
    "Data copied from",
    "Outage of",
    "Credential phishing against",
    "Unusual outbound traffic from",
    "Laptop stolen with access to",
];
const VERBS: &[&str] = &[
    "isolated",
    "reimaged",
    "restored",
    "checked",
    "patched",
    "monitored",
    "escalated",
    "disabled",
    "rotated",
    "reviewed",
    "imaged",
    "blocked",
];
const OBJECTS: &[&str] = &[
    "the file server",
    "the VPN gateway",
    "the payroll mailbox",
    "the domain controller",
    "the backup appliance",
    "the firewall rules",
    "the CEO's laptop",
    "the print server",
    "the shared drive",
    "service accounts",
    "the EDR console",
    "the M365 tenant",
];
const FINDINGS: &[&str] = &[
    "ransom note found",
    "shadow copies deleted",
    "new forwarding rule",
    "impossible travel",
    "beaconing to a rare domain",
    "LSASS access",
    "mass file renames",
    "PowerShell download",
    "disabled antivirus",
    "new admin account",
    "RDP brute force",
    "MFA fatigue prompts",
];

fn entry_text(d: &mut Draw, k: u32) -> (EntryKind, String) {
    match k % 4 {
        0 => (
            EntryKind::Observation,
            format!("{} on {}", d.pick(FINDINGS), d.pick(OBJECTS)),
        ),
        1 => (
            EntryKind::Action,
            format!("{} {}", d.pick(OBJECTS), d.pick(VERBS)),
        ),
        2 => (
            EntryKind::Decision,
            format!(
                "Decided to keep {} {} until {} is understood",
                d.pick(OBJECTS),
                d.pick(VERBS),
                d.pick(FINDINGS)
            ),
        ),
        _ => (
            EntryKind::Communication,
            format!("Called {} about {}", d.pick(SURNAMES), d.pick(FINDINGS)),
        ),
    }
}

/// Generates `spec` on top of what the workspace holds. `progress(done, total)` is called
/// after each client. Returns how many incidents were written.
pub fn seed_scale(
    ws: &Workspace,
    spec: ScaleSpec,
    mut progress: impl FnMut(u32, u32),
) -> Result<u32, AppError> {
    let mut d = Draw(0x00C0_FFEE);
    let now = ws.now();
    let mut incidents = 0;
    for c in 0..spec.clients {
        let name = format!("{} {} {:03}", d.pick(SURNAMES), d.pick(TRADES), c + 1);
        let client = ws.create_client(ClientInput {
            name,
            sectors: vec![Sector::ALL[d.below(Sector::ALL.len())]],
            jurisdictions: vec![["EU", "UK", "US-NY", "US-TX"][d.below(4)].into()],
            contract_notice_hours: Some(4),
            ..Default::default()
        })?;
        let cid = client.id.to_string();
        let plan = ws.create_plan_from_template(&cid, "baseline")?;
        ws.approve_plan(&plan.id.to_string(), "Scale generator", "")?;
        let assets: Vec<AssetInput> = (0..spec.assets_per_client)
            .map(|a| AssetInput {
                name: format!("SRV-{:04}", a + 1),
                kind: AssetKind::Server,
                owner: d.pick(SURNAMES).to_owned(),
                location: format!("{} site", d.pick(TRADES)),
                criticality: 1 + (a % 4),
                data_classes: if a % 3 == 0 {
                    vec![DataClass::Pii]
                } else {
                    Vec::new()
                },
                ..Default::default()
            })
            .collect();
        ws.add_assets(&cid, assets)?;
        let asset_ids: Vec<_> = ws
            .list_assets(&cid, false)?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        for i in 0..spec.incidents_per_client {
            // Spread over three years, oldest first, so the list's newest page is real.
            let back = Duration::minutes(
                (3 * 365 * 24 * 60) * i64::from(spec.incidents_per_client - i)
                    / i64::from(spec.incidents_per_client.max(1)),
            );
            let detected = now - back;
            let (asset, asset_name) = &asset_ids[d.below(asset_ids.len())];
            let entries: Vec<EntryDraft> = (0..spec.entries_per_incident)
                .map(|k| {
                    let (kind, text) = entry_text(&mut d, k);
                    EntryDraft {
                        kind,
                        text,
                        occurred_at: Some(detected + Duration::minutes(i64::from(k) * 17)),
                        client_visible: k % 3 == 0,
                        technique: None,
                        corrects: None,
                    }
                })
                .collect();
            let input = IncidentInput {
                incident_type: d.pick(TYPES).into(),
                title: format!("{} {asset_name}", d.pick(TITLES)),
                description: format!("{} reported by {}", d.pick(FINDINGS), d.pick(SURNAMES)),
                detected_at: detected,
                reported_by: d.pick(SURNAMES).into(),
                affected_assets: vec![*asset],
                scope: String::new(),
            };
            ws.record_past_incident(&cid, input, entries, "Scale generator")?;
            incidents += 1;
        }
        progress(c + 1, spec.clients);
    }
    Ok(incidents)
}
