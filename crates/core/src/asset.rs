//! A client's critical assets and their risk.
//!
//! An asset is what an incident would hit: a file server, the practice-management SaaS, the
//! backup appliance. Responders need to know at a glance how much it matters (criticality
//! 1–4, 1 highest), what data it holds (which decides breach-notification duties), how fast it
//! must be back (RTO/RPO), what it depends on, what is known to be weak about it, and a risk
//! register entry (likelihood × impact with a rationale). `prioritised` orders a client's
//! assets for the responder: criticality first, then risk score.
//!
//! Pure: ids and time come from the caller; dependencies arrive as text (an id, or the name of
//! another asset of the same client, which is what a spreadsheet holds) and are resolved by a
//! function the store passes in, because only the store knows the client's other assets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::id::{AssetId, ClientId};
use crate::validation::{Checker, Invalid};

pub use crate::limits::MAX_NAME_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    Server,
    Workstation,
    NetworkDevice,
    SaasApplication,
    CloudWorkload,
    Database,
    BackupSystem,
    IdentityProvider,
    OtDevice,
    Other,
}

impl AssetKind {
    pub const ALL: [AssetKind; 10] = [
        AssetKind::Server,
        AssetKind::Workstation,
        AssetKind::NetworkDevice,
        AssetKind::SaasApplication,
        AssetKind::CloudWorkload,
        AssetKind::Database,
        AssetKind::BackupSystem,
        AssetKind::IdentityProvider,
        AssetKind::OtDevice,
        AssetKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AssetKind::Server => "Server",
            AssetKind::Workstation => "Workstation",
            AssetKind::NetworkDevice => "Network device",
            AssetKind::SaasApplication => "SaaS application",
            AssetKind::CloudWorkload => "Cloud workload",
            AssetKind::Database => "Database",
            AssetKind::BackupSystem => "Backup system",
            AssetKind::IdentityProvider => "Identity provider",
            AssetKind::OtDevice => "OT device",
            AssetKind::Other => "Other",
        }
    }

    /// What a spreadsheet says: the label, the snake_case name, or a common synonym.
    pub fn parse(text: &str) -> Option<AssetKind> {
        let k = squash(text);
        AssetKind::ALL
            .into_iter()
            .find(|a| squash(a.label()) == k)
            .or(match k.as_str() {
                "fileserver" | "vm" | "virtualmachine" | "host" | "srv" => Some(AssetKind::Server),
                "laptop" | "desktop" | "pc" | "endpoint" => Some(AssetKind::Workstation),
                "network" | "router" | "switch" | "firewall" | "wifi" | "accesspoint" => {
                    Some(AssetKind::NetworkDevice)
                }
                "saas" | "saasapp" | "application" | "app" | "cloudservice" => {
                    Some(AssetKind::SaasApplication)
                }
                "cloud" | "cloudvm" | "container" | "iaas" => Some(AssetKind::CloudWorkload),
                "db" | "sql" | "sqlserver" => Some(AssetKind::Database),
                "backup" | "backups" | "nas" => Some(AssetKind::BackupSystem),
                "idp" | "identity" | "sso" | "activedirectory" | "ad" | "entraid" => {
                    Some(AssetKind::IdentityProvider)
                }
                "ot" | "ics" | "scada" | "plc" | "iot" => Some(AssetKind::OtDevice),
                _ => None,
            })
    }
}

/// Kinds of data whose exposure triggers duties (GDPR, HIPAA, PCI DSS, contracts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DataClass {
    Pii,
    Phi,
    PaymentCard,
    Credentials,
    IntellectualProperty,
    Financial,
    ConfidentialBusiness,
}

impl DataClass {
    pub const ALL: [DataClass; 7] = [
        DataClass::Pii,
        DataClass::Phi,
        DataClass::PaymentCard,
        DataClass::Credentials,
        DataClass::IntellectualProperty,
        DataClass::Financial,
        DataClass::ConfidentialBusiness,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DataClass::Pii => "PII",
            DataClass::Phi => "PHI",
            DataClass::PaymentCard => "Payment card",
            DataClass::Credentials => "Credentials",
            DataClass::IntellectualProperty => "Intellectual property",
            DataClass::Financial => "Financial",
            DataClass::ConfidentialBusiness => "Confidential business",
        }
    }

    pub fn parse(text: &str) -> Option<DataClass> {
        let k = squash(text);
        DataClass::ALL
            .into_iter()
            .find(|d| squash(d.label()) == k)
            .or(match k.as_str() {
                "personaldata" | "personal" | "personallyidentifiableinformation" => {
                    Some(DataClass::Pii)
                }
                "health" | "healthdata" | "medical" | "ephi" | "protectedhealthinformation" => {
                    Some(DataClass::Phi)
                }
                "pci" | "card" | "cardholder" | "cardholderdata" | "chd" | "paymentcards" => {
                    Some(DataClass::PaymentCard)
                }
                "secrets" | "passwords" | "keys" | "creds" => Some(DataClass::Credentials),
                "ip" | "tradesecrets" | "sourcecode" => Some(DataClass::IntellectualProperty),
                "finance" | "banking" | "accounting" => Some(DataClass::Financial),
                "confidential" | "business" | "clientconfidential" => {
                    Some(DataClass::ConfidentialBusiness)
                }
                _ => None,
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
    pub fn parse(text: &str) -> Option<Severity> {
        let k = squash(text);
        Severity::ALL.into_iter().find(|s| s.label() == k)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum VulnStatus {
    Open,
    Mitigated,
    Accepted,
    Fixed,
}

impl VulnStatus {
    pub const ALL: [VulnStatus; 4] = [
        VulnStatus::Open,
        VulnStatus::Mitigated,
        VulnStatus::Accepted,
        VulnStatus::Fixed,
    ];
    pub fn label(self) -> &'static str {
        match self {
            VulnStatus::Open => "open",
            VulnStatus::Mitigated => "mitigated",
            VulnStatus::Accepted => "accepted",
            VulnStatus::Fixed => "fixed",
        }
    }
    pub fn parse(text: &str) -> Option<VulnStatus> {
        let k = squash(text);
        VulnStatus::ALL.into_iter().find(|s| s.label() == k)
    }
}

/// A known weakness of the asset (a CVE, a missing control).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Vulnerability {
    pub title: String,
    pub severity: Severity,
    pub status: VulnStatus,
}

/// What the user types for the risk register entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RiskInput {
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u32,
    /// 1 (negligible) to 5 (severe).
    pub impact: u32,
    pub rationale: String,
}

/// A risk register entry; `score` is likelihood × impact (1–25), kept so lists sort by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Risk {
    pub likelihood: u32,
    pub impact: u32,
    pub score: u32,
    pub rationale: String,
}

/// What a person types (or a CSV row holds) for an asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssetInput {
    pub name: String,
    pub kind: AssetKind,
    /// Who at the client answers for it; empty is allowed but is a readiness gap.
    pub owner: String,
    pub location: String,
    /// 1 (business stops without it) to 4 (can wait).
    pub criticality: u32,
    pub data_classes: Vec<DataClass>,
    /// Recovery time objective in minutes: how long it may be down.
    pub rto_minutes: Option<u32>,
    /// Recovery point objective in minutes: how much data may be lost.
    pub rpo_minutes: Option<u32>,
    /// Other assets of the same client this one needs: their ids or their names.
    pub dependencies: Vec<String>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub risk: Option<RiskInput>,
}

impl Default for AssetInput {
    fn default() -> Self {
        AssetInput {
            name: String::new(),
            kind: AssetKind::Other,
            owner: String::new(),
            location: String::new(),
            criticality: 3,
            data_classes: Vec::new(),
            rto_minutes: None,
            rpo_minutes: None,
            dependencies: Vec::new(),
            vulnerabilities: Vec::new(),
            risk: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Asset {
    pub id: AssetId,
    pub client_id: ClientId,
    pub name: String,
    pub kind: AssetKind,
    pub owner: String,
    pub location: String,
    pub criticality: u32,
    pub data_classes: Vec<DataClass>,
    pub rto_minutes: Option<u32>,
    pub rpo_minutes: Option<u32>,
    pub dependencies: Vec<AssetId>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub risk: Option<Risk>,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Asset {
    /// A new asset. `resolve` turns a dependency (id or name) into the id of another asset of
    /// the same client, or `None` when there is none.
    pub fn create(
        id: AssetId,
        client_id: ClientId,
        input: AssetInput,
        resolve: &dyn Fn(&str) -> Option<AssetId>,
        now: DateTime<Utc>,
    ) -> Result<Asset, Invalid> {
        let c = check(id, input, resolve)?;
        Ok(Asset {
            id,
            client_id,
            name: c.name,
            kind: c.kind,
            owner: c.owner,
            location: c.location,
            criticality: c.criticality,
            data_classes: c.data_classes,
            rto_minutes: c.rto_minutes,
            rpo_minutes: c.rpo_minutes,
            dependencies: c.dependencies,
            vulnerabilities: c.vulnerabilities,
            risk: c.risk,
            archived_at: None,
            created_at: now,
            updated_at: now,
        })
    }

    pub fn edited(
        &self,
        input: AssetInput,
        resolve: &dyn Fn(&str) -> Option<AssetId>,
        now: DateTime<Utc>,
    ) -> Result<Asset, Invalid> {
        let created = Asset::create(self.id, self.client_id, input, resolve, now)?;
        Ok(Asset {
            created_at: self.created_at,
            archived_at: self.archived_at,
            ..created
        })
    }

    pub fn archived(&self, now: DateTime<Utc>) -> Asset {
        Asset {
            archived_at: Some(now),
            updated_at: now,
            ..self.clone()
        }
    }

    pub fn risk_score(&self) -> u32 {
        self.risk.as_ref().map_or(0, |r| r.score)
    }

    /// The form's starting values; dependencies as ids.
    pub fn to_input(&self) -> AssetInput {
        AssetInput {
            name: self.name.clone(),
            kind: self.kind,
            owner: self.owner.clone(),
            location: self.location.clone(),
            criticality: self.criticality,
            data_classes: self.data_classes.clone(),
            rto_minutes: self.rto_minutes,
            rpo_minutes: self.rpo_minutes,
            dependencies: self.dependencies.iter().map(|d| d.to_string()).collect(),
            vulnerabilities: self.vulnerabilities.clone(),
            risk: self.risk.as_ref().map(|r| RiskInput {
                likelihood: r.likelihood,
                impact: r.impact,
                rationale: r.rationale.clone(),
            }),
        }
    }
}

/// The order a responder works in: criticality 1 first, then the higher risk score, then name.
pub fn priority_cmp(a: &Asset, b: &Asset) -> std::cmp::Ordering {
    a.criticality
        .cmp(&b.criticality)
        .then(b.risk_score().cmp(&a.risk_score()))
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then(a.id.cmp(&b.id))
}

pub fn prioritised(mut assets: Vec<Asset>) -> Vec<Asset> {
    assets.sort_by(priority_cmp);
    assets
}

struct Checked {
    name: String,
    kind: AssetKind,
    owner: String,
    location: String,
    criticality: u32,
    data_classes: Vec<DataClass>,
    rto_minutes: Option<u32>,
    rpo_minutes: Option<u32>,
    dependencies: Vec<AssetId>,
    vulnerabilities: Vec<Vulnerability>,
    risk: Option<Risk>,
}

fn check(
    own_id: AssetId,
    input: AssetInput,
    resolve: &dyn Fn(&str) -> Option<AssetId>,
) -> Result<Checked, Invalid> {
    let mut ck = Checker::default();
    let name = collapse_spaces(&input.name);
    if name.is_empty() {
        ck.fail(
            "name",
            "an asset needs a name; use its hostname or the name staff call it (e.g. FS-01)",
        );
    } else if name.chars().count() > MAX_NAME_CHARS {
        ck.fail(
            "name",
            format!("the name is longer than {MAX_NAME_CHARS} characters; shorten it"),
        );
    }
    ck.name("name", &name);
    let owner = collapse_spaces(&input.owner);
    let location = collapse_spaces(&input.location);
    ck.name("owner", &owner);
    ck.name("location", &location);
    if !(1..=4).contains(&input.criticality) {
        ck.fail(
            "criticality",
            format!(
                "criticality must be 1 (highest) to 4; use 1–4 (got {})",
                input.criticality
            ),
        );
    }
    let mut data_classes = input.data_classes;
    data_classes.sort();
    data_classes.dedup();

    let mut dependencies = Vec::new();
    let mut self_reported = false;
    let mut ck_self = false;
    for dep in input
        .dependencies
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
    {
        // By name too: the asset may not be in the store yet (a new one, a CSV row).
        let is_self_name = !name.is_empty() && collapse_spaces(dep).eq_ignore_ascii_case(&name);
        match resolve(dep) {
            _ if self_reported && is_self_name => {}
            Some(id) if id == own_id => self_reported = true,
            _ if is_self_name => self_reported = true,
            Some(id) if !dependencies.contains(&id) => dependencies.push(id),
            Some(_) => {}
            None if !ck.name("dependencies", dep) => {}
            None => ck.fail(
                "dependencies",
                format!(
                    "'{dep}' is not an asset of this client; add that asset first or correct the name"
                ),
            ),
        }
        if self_reported && !ck_self {
            ck_self = true;
            ck.fail(
                "dependencies",
                format!("an asset cannot depend on itself; remove '{dep}'"),
            );
        }
    }

    let mut vulnerabilities = Vec::new();
    for (i, v) in input.vulnerabilities.into_iter().enumerate() {
        let title = collapse_spaces(&v.title);
        ck.name(format!("vulnerabilities.{i}.title"), &title);
        if title.is_empty() {
            ck.fail(
                format!("vulnerabilities.{i}.title"),
                "each vulnerability needs a title (a CVE id or a short description); fill it in or remove it",
            );
        }
        vulnerabilities.push(Vulnerability { title, ..v });
    }

    let risk = match input.risk {
        None => None,
        Some(r) => {
            if !(1..=5).contains(&r.likelihood) {
                ck.fail(
                    "risk.likelihood",
                    format!(
                        "likelihood must be 1 (rare) to 5 (almost certain); use 1–5 (got {})",
                        r.likelihood
                    ),
                );
            }
            if !(1..=5).contains(&r.impact) {
                ck.fail(
                    "risk.impact",
                    format!(
                        "impact must be 1 (negligible) to 5 (severe); use 1–5 (got {})",
                        r.impact
                    ),
                );
            }
            Some(Risk {
                likelihood: r.likelihood,
                impact: r.impact,
                score: r.likelihood * r.impact,
                rationale: r.rationale.trim().to_owned(),
            })
        }
    };

    ck.finish(Checked {
        name,
        kind: input.kind,
        owner,
        location,
        criticality: input.criticality,
        data_classes,
        rto_minutes: input.rto_minutes,
        rpo_minutes: input.rpo_minutes,
        dependencies,
        vulnerabilities,
        risk,
    })
}

/// "4h", "30 min", "2d", "90m" or a bare number of hours → minutes.
pub fn parse_duration(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num.replace(',', ".").parse().map_err(|_| {
        format!(
            "'{text}' is not a duration; write it like 4h, 30m or 2d (a bare number means hours)"
        )
    })?;
    let per = match unit.trim() {
        "" | "h" | "hr" | "hrs" | "hour" | "hours" | "std" => 60.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
        "d" | "day" | "days" | "tag" | "tage" => 1440.0,
        "w" | "week" | "weeks" => 10080.0,
        _ => {
            return Err(format!(
                "'{text}' is not a duration; write it like 4h, 30m or 2d (a bare number means hours)"
            ));
        }
    };
    let minutes = (num * per).round();
    if !(0.0..=(365.0 * 1440.0)).contains(&minutes) {
        return Err(format!("'{text}' is more than a year; use at most 365d"));
    }
    Ok(Some(minutes as u32))
}

/// Minutes back to the shortest exact text `parse_duration` reads.
pub fn format_duration(minutes: u32) -> String {
    if minutes > 0 && minutes.is_multiple_of(1440) {
        format!("{}d", minutes / 1440)
    } else if minutes.is_multiple_of(60) {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-26T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }
    fn aid(n: u128) -> AssetId {
        AssetId::from_uuid(Uuid::from_u128(n))
    }
    fn cid() -> ClientId {
        ClientId::from_uuid(Uuid::from_u128(7))
    }
    fn none(_: &str) -> Option<AssetId> {
        None
    }
    fn asset(n: u128, name: &str, criticality: u32, risk: Option<(u32, u32)>) -> Asset {
        let input = AssetInput {
            name: name.into(),
            criticality,
            risk: risk.map(|(l, i)| RiskInput {
                likelihood: l,
                impact: i,
                rationale: String::new(),
            }),
            ..Default::default()
        };
        Asset::create(aid(n), cid(), input, &none, now()).unwrap()
    }

    #[test]
    fn prioritised_by_criticality_then_risk_then_name() {
        let list = prioritised(vec![
            asset(1, "Printer", 4, Some((5, 5))),
            asset(2, "b-mail", 1, Some((2, 2))),
            asset(3, "FS-01", 1, Some((4, 5))),
            asset(4, "a-web", 1, Some((2, 2))),
            asset(5, "Backup", 2, None),
        ]);
        let names: Vec<_> = list.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["FS-01", "a-web", "b-mail", "Backup", "Printer"]);
        assert_eq!(list[0].risk_score(), 20);
    }

    #[test]
    fn bad_fields_name_the_fix() {
        let input = AssetInput {
            name: " ".into(),
            criticality: 5,
            risk: Some(RiskInput {
                likelihood: 0,
                impact: 6,
                rationale: String::new(),
            }),
            vulnerabilities: vec![Vulnerability {
                title: "".into(),
                severity: Severity::High,
                status: VulnStatus::Open,
            }],
            ..Default::default()
        };
        let err = Asset::create(aid(1), cid(), input, &none, now()).unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "criticality",
                "vulnerabilities.0.title",
                "risk.likelihood",
                "risk.impact"
            ]
        );
        assert!(
            err.fields[1]
                .message
                .starts_with("criticality must be 1 (highest) to 4; use 1–4")
        );
    }

    #[test]
    fn dependencies_resolve_and_reject_self_and_strangers() {
        let resolve = |d: &str| match d.to_lowercase().as_str() {
            "dc-01" => Some(aid(2)),
            "me" => Some(aid(1)),
            _ => None,
        };
        let mut input = AssetInput {
            name: "FS-01".into(),
            dependencies: vec!["DC-01".into(), "dc-01 ".into(), "DC-01".into()],
            ..Default::default()
        };
        let a = Asset::create(aid(1), cid(), input.clone(), &resolve, now()).unwrap();
        assert_eq!(a.dependencies, [aid(2)]);
        input.dependencies = vec!["me".into(), "Nowhere".into(), "fs-01".into()];
        let err = Asset::create(aid(1), cid(), input, &resolve, now()).unwrap_err();
        let msgs: Vec<_> = err.fields.iter().map(|f| f.message.as_str()).collect();
        assert!(msgs[0].contains("cannot depend on itself"), "{msgs:?}");
        assert!(
            msgs[1].contains("'Nowhere' is not an asset of this client"),
            "{msgs:?}"
        );
        assert_eq!(msgs.len(), 2, "{msgs:?}");
    }

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("4h"), Ok(Some(240)));
        assert_eq!(parse_duration("4"), Ok(Some(240)));
        assert_eq!(parse_duration("30 min"), Ok(Some(30)));
        assert_eq!(parse_duration("1,5h"), Ok(Some(90)));
        assert_eq!(parse_duration("2d"), Ok(Some(2880)));
        assert_eq!(parse_duration(""), Ok(None));
        assert!(
            parse_duration("soon")
                .unwrap_err()
                .contains("4h, 30m or 2d")
        );
        for m in [0, 15, 90, 240, 2880] {
            assert_eq!(parse_duration(&format_duration(m)), Ok(Some(m)));
        }
    }

    #[test]
    fn labels_and_synonyms_parse() {
        for k in AssetKind::ALL {
            assert_eq!(AssetKind::parse(k.label()), Some(k));
        }
        for d in DataClass::ALL {
            assert_eq!(DataClass::parse(d.label()), Some(d));
        }
        assert_eq!(
            AssetKind::parse("saas_application"),
            Some(AssetKind::SaasApplication)
        );
        assert_eq!(DataClass::parse("personal data"), Some(DataClass::Pii));
        assert_eq!(
            DataClass::parse("payment_card"),
            Some(DataClass::PaymentCard)
        );
        assert_eq!(DataClass::parse("sandwiches"), None);
    }
}
