//! The demo clients' critical assets, with risk entries, so the asset screens, the priority
//! list and (later) readiness checks have something real to show. A few gaps are deliberate:
//! a criticality-1 asset with no owner, one with no RTO, open critical vulnerabilities.
//! Idempotent: a demo client that already has assets is left alone.

use cordon_core::asset::{
    AssetInput, AssetKind as K, DataClass as D, RiskInput, Severity, VulnStatus, Vulnerability,
};

use cordon_app::{AppError, Workspace};

#[allow(clippy::too_many_arguments)]
fn a(
    name: &str,
    kind: K,
    owner: &str,
    location: &str,
    criticality: u32,
    data: &[D],
    rto_h: Option<u32>,
    rpo_h: Option<u32>,
    deps: &[&str],
    risk: (u32, u32, &str),
) -> AssetInput {
    AssetInput {
        name: name.into(),
        kind,
        owner: owner.into(),
        location: location.into(),
        criticality,
        data_classes: data.to_vec(),
        rto_minutes: rto_h.map(|h| h * 60),
        rpo_minutes: rpo_h.map(|h| h * 60),
        dependencies: deps.iter().map(|d| d.to_string()).collect(),
        vulnerabilities: Vec::new(),
        risk: Some(RiskInput {
            likelihood: risk.0,
            impact: risk.1,
            rationale: risk.2.into(),
        }),
    }
}

fn v(title: &str, severity: Severity, status: VulnStatus) -> Vulnerability {
    Vulnerability {
        title: title.into(),
        severity,
        status,
    }
}

pub(crate) fn demo_assets(client: &str) -> Vec<AssetInput> {
    match client {
        "Brightwater Logistics GmbH" => {
            let mut fs = a(
                "FS-01",
                K::Server,
                "Jürgen Weiß",
                "Hamburg HQ server room",
                1,
                &[D::Pii, D::ConfidentialBusiness],
                Some(8),
                Some(24),
                &["DC-01"],
                (
                    4,
                    5,
                    "Holds HR and customer shipping records (PII); the usual ransomware target; backups are nightly only.",
                ),
            );
            fs.vulnerabilities = vec![v("SMBv1 still enabled", Severity::High, VulnStatus::Open)];
            let mut vpn = a(
                "VPN-GW",
                K::NetworkDevice,
                "Jürgen Weiß",
                "Hamburg HQ",
                1,
                &[D::Credentials],
                Some(4),
                None,
                &["DC-01"],
                (
                    4,
                    4,
                    "Internet-facing; depot staff connect from shared laptops.",
                ),
            );
            vpn.vulnerabilities = vec![v(
                "CVE-2024-3400 PAN-OS GlobalProtect",
                Severity::Critical,
                VulnStatus::Mitigated,
            )];
            vec![
                a(
                    "DC-01",
                    K::IdentityProvider,
                    "Jürgen Weiß",
                    "Hamburg HQ server room",
                    1,
                    &[D::Credentials],
                    Some(4),
                    Some(24),
                    &[],
                    (
                        3,
                        5,
                        "Domain controller: whoever owns it owns every system.",
                    ),
                ),
                fs,
                a(
                    "TMS Cloud",
                    K::SaasApplication,
                    "Anneliese Krüger",
                    "Vendor cloud (EU)",
                    1,
                    &[D::Pii, D::Financial],
                    None,
                    None,
                    &[],
                    (
                        2,
                        5,
                        "Transport management: no dispatch without it; vendor's RTO not in the contract.",
                    ),
                ),
                vpn,
                a(
                    "BKP-01",
                    K::BackupSystem,
                    "",
                    "Bremen depot",
                    2,
                    &[D::Pii],
                    Some(24),
                    Some(24),
                    &["FS-01"],
                    (
                        2,
                        4,
                        "Backup NAS on the same domain; nobody named as owner yet.",
                    ),
                ),
                a(
                    "Depot scanners",
                    K::OtDevice,
                    "",
                    "Bremen depot",
                    3,
                    &[],
                    Some(48),
                    None,
                    &[],
                    (3, 2, "Handheld scanners on a flat network."),
                ),
            ]
        }
        "Harbour Dental Group" => vec![
            a(
                "Dentrix EHR",
                K::SaasApplication,
                "Dr. Maya Okafor",
                "Vendor cloud (US)",
                1,
                &[D::Phi, D::Pii],
                Some(4),
                Some(1),
                &["M365 tenant"],
                (
                    3,
                    5,
                    "All patient records (PHI); HIPAA breach notification if exposed.",
                ),
            ),
            a(
                "Imaging server",
                K::Server,
                "",
                "Embarcadero clinic back office",
                1,
                &[D::Phi],
                None,
                Some(24),
                &[],
                (3, 4, "X-ray imaging; no owner and no RTO agreed yet."),
            ),
            a(
                "Card terminals",
                K::OtDevice,
                "Luis Ortega",
                "Front desks",
                2,
                &[D::PaymentCard],
                Some(8),
                None,
                &[],
                (2, 4, "P2PE terminals; PCI scope."),
            ),
            a(
                "M365 tenant",
                K::IdentityProvider,
                "Luis Ortega",
                "Microsoft cloud",
                1,
                &[D::Credentials, D::Phi],
                Some(4),
                Some(4),
                &[],
                (
                    4,
                    4,
                    "Email with PHI attachments; phishing is the likeliest way in.",
                ),
            ),
        ],
        "Calder & Finch LLP" => vec![
            a(
                "iManage DMS",
                K::SaasApplication,
                "Siobhán Calder",
                "Vendor cloud (UK)",
                1,
                &[D::ConfidentialBusiness, D::Pii],
                Some(8),
                Some(1),
                &["Entra ID"],
                (
                    3,
                    5,
                    "Client matter files; a leak is a regulatory and reputational event.",
                ),
            ),
            a(
                "Entra ID",
                K::IdentityProvider,
                "Siobhán Calder",
                "Microsoft cloud",
                1,
                &[D::Credentials],
                Some(2),
                None,
                &[],
                (4, 5, "Single sign-on for everything; BEC starts here."),
            ),
            a(
                "Accounts PC",
                K::Workstation,
                "",
                "Manchester office",
                2,
                &[D::Financial],
                Some(24),
                Some(24),
                &["Entra ID"],
                (
                    3,
                    4,
                    "Pays client account transfers; target of invoice fraud.",
                ),
            ),
            a(
                "Office firewall",
                K::NetworkDevice,
                "Siobhán Calder",
                "Manchester office",
                2,
                &[],
                Some(8),
                None,
                &[],
                (2, 3, "Managed by the MSP."),
            ),
        ],
        "Meridian Credit Union" => vec![
            a(
                "Core banking",
                K::Database,
                "Priya Raman",
                "Colocation NJ",
                1,
                &[D::Financial, D::Pii],
                Some(2),
                Some(0),
                &["AD-01"],
                (2, 5, "Member accounts; NCUA 72-hour notice if disrupted."),
            ),
            a(
                "Online banking",
                K::CloudWorkload,
                "Priya Raman",
                "AWS us-east-1",
                1,
                &[D::Credentials, D::Pii, D::Financial],
                Some(1),
                Some(1),
                &["Core banking"],
                (4, 5, "Internet-facing; credential stuffing seen monthly."),
            ),
            a(
                "AD-01",
                K::IdentityProvider,
                "Priya Raman",
                "Head office",
                1,
                &[D::Credentials],
                Some(4),
                Some(24),
                &[],
                (3, 5, "Staff identity for all branches."),
            ),
            a(
                "Card processor link",
                K::NetworkDevice,
                "Tom Becker",
                "Colocation NJ",
                2,
                &[D::PaymentCard],
                Some(4),
                None,
                &["Core banking"],
                (2, 4, "Dedicated line to the card processor."),
            ),
            a(
                "Branch ATMs",
                K::OtDevice,
                "",
                "Branches",
                3,
                &[D::PaymentCard],
                Some(24),
                None,
                &[],
                (2, 3, "Vendor-maintained; skimming risk."),
            ),
        ],
        "Saint Aldric Academy Trust" => vec![
            a(
                "MIS (Arbor)",
                K::SaasApplication,
                "Fiona McLeod",
                "Vendor cloud (UK)",
                1,
                &[D::Pii],
                Some(24),
                Some(24),
                &["Google Workspace"],
                (3, 4, "Pupil records including safeguarding notes."),
            ),
            a(
                "Google Workspace",
                K::IdentityProvider,
                "Fiona McLeod",
                "Google cloud",
                1,
                &[D::Credentials, D::Pii],
                Some(8),
                None,
                &[],
                (
                    4,
                    4,
                    "Staff and pupil accounts; phishing of staff is common.",
                ),
            ),
            a(
                "Finance server",
                K::Server,
                "",
                "Trust office",
                2,
                &[D::Financial, D::Pii],
                Some(48),
                Some(24),
                &[],
                (2, 4, "Payroll; an old Windows server."),
            ),
            a(
                "Curriculum file share",
                K::Server,
                "Fiona McLeod",
                "Trust office",
                3,
                &[D::IntellectualProperty],
                Some(72),
                Some(24),
                &[],
                (3, 2, "Teaching materials."),
            ),
        ],
        _ => Vec::new(),
    }
}

/// Adds each demo client's assets when it has none yet. Returns how many were added.
pub(crate) fn seed(ws: &Workspace) -> Result<u32, AppError> {
    let mut added = 0;
    for client in ws.list_clients("", true)? {
        let assets = demo_assets(&client.name);
        if assets.is_empty() || !ws.list_assets(&client.id.to_string(), true)?.is_empty() {
            continue;
        }
        added += ws.add_assets(&client.id.to_string(), assets)?;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_assets_are_valid_and_have_a_readiness_gap() {
        let names = [
            "Brightwater Logistics GmbH",
            "Harbour Dental Group",
            "Calder & Finch LLP",
            "Meridian Credit Union",
            "Saint Aldric Academy Trust",
        ];
        let mut gap = false;
        for n in names {
            let list = demo_assets(n);
            assert!((4..=8).contains(&list.len()), "{n}");
            gap |= list
                .iter()
                .any(|a| a.criticality == 1 && (a.owner.is_empty() || a.rto_minutes.is_none()));
        }
        assert!(gap);
        let fs = demo_assets(names[0])
            .into_iter()
            .find(|a| a.name == "FS-01")
            .unwrap();
        assert_eq!(fs.criticality, 1);
        assert!(fs.data_classes.contains(&D::Pii));
    }
}
