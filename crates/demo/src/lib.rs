//! The demo workspace: a small MSP's book of clients, realistic enough to rehearse with.
//! Seeding is idempotent: a client whose name already exists is left as it is.
//!
//! It writes through the public `Workspace`, like a shell: nothing here reaches past the
//! facade's rules, so demo data is data a technician could have typed. `scale` generates a
//! large workspace for the benchmarks the same way.

mod assets;
mod exercises;
mod incidents;
mod plans;
mod scale;

use cordon_app::{
    AppError, DEFAULT_MSP_NAME, ErrorCode, IncidentSettings, MspBrandingSettings, Workspace,
};
use cordon_core::{ClientContact, ClientInput, Insurer, Sector};
use serde::Serialize;

pub use scale::{ScaleSpec, seed_scale};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub created: Vec<String>,
    pub already_present: Vec<String>,
}

fn contact(name: &str, role: &str, email: &str, phone: &str) -> ClientContact {
    ClientContact {
        name: name.into(),
        role: role.into(),
        email: email.into(),
        phone: phone.into(),
    }
}

fn demo_clients() -> Vec<ClientInput> {
    vec![
        ClientInput {
            name: "Brightwater Logistics GmbH".into(),
            sectors: vec![Sector::Transport],
            jurisdictions: vec!["EU".into()],
            contacts: vec![
                contact("Jürgen Weiß", "Head of IT", "j.weiss@brightwater-logistics.example", "+49 40 5550 1120"),
                contact("Anneliese Krüger", "Managing Director", "a.krueger@brightwater-logistics.example", "+49 40 5550 1100"),
            ],
            contract_notice_hours: Some(4),
            contract_terms: "MSP notifies the client's Head of IT within 4 hours of confirming a security incident; monthly security report.".into(),
            insurer: Some(Insurer {
                name: "Hanseatic Cyber Versicherung".into(),
                policy_number: "HCV-2026-448120".into(),
                notice_hours: Some(72),
                claims_contact: "+49 40 5550 9000".into(),
            }),
            branding: cordon_core::Branding { accent_colour: Some("#0b6e99".into()), logo: None },
            time_zone: "Europe/Berlin".into(),
        },
        ClientInput {
            name: "Harbour Dental Group".into(),
            sectors: vec![Sector::Healthcare],
            jurisdictions: vec!["US".into(), "US-CA".into()],
            contacts: vec![
                contact("Dr. Maya Okafor", "Practice Owner", "maya.okafor@harbourdental.example", "+1 415 555 0142"),
                contact("Luis Ortega", "Office Manager", "luis.ortega@harbourdental.example", "+1 415 555 0143"),
            ],
            contract_notice_hours: Some(24),
            contract_terms: "Business associate agreement in place; MSP reports suspected PHI exposure to the practice owner within 24 hours.".into(),
            insurer: Some(Insurer {
                name: "Pacific Shield Cyber".into(),
                policy_number: "PSC-88-20931".into(),
                notice_hours: Some(48),
                claims_contact: "claims@pacificshield.example".into(),
            }),
            branding: cordon_core::Branding { accent_colour: Some("#1f7a5c".into()), logo: None },
            time_zone: "America/Los_Angeles".into(),
        },
        ClientInput {
            name: "Calder & Finch LLP".into(),
            sectors: vec![Sector::Legal, Sector::ProfessionalServices],
            jurisdictions: vec!["UK".into()],
            contacts: vec![contact("Siobhán Calder", "Managing Partner", "s.calder@calderfinch.example", "+44 161 555 0190")],
            contract_notice_hours: Some(2),
            contract_terms: "Client-confidential matter data; the Managing Partner is called by phone first, email follows.".into(),
            insurer: Some(Insurer {
                name: "Albion Professional Indemnity".into(),
                policy_number: "API/PI/553201".into(),
                notice_hours: Some(24),
                claims_contact: "+44 20 5550 7777".into(),
            }),
            branding: cordon_core::Branding { accent_colour: Some("#5b3c88".into()), logo: None },
            time_zone: "Europe/London".into(),
        },
        ClientInput {
            name: "Meridian Credit Union".into(),
            sectors: vec![Sector::Finance],
            jurisdictions: vec!["US".into(), "US-NY".into(), "US-NJ".into()],
            contacts: vec![
                contact("Priya Raman", "CISO", "praman@meridiancu.example", "+1 212 555 0175"),
                contact("Tom Becker", "CEO", "tbecker@meridiancu.example", "+1 212 555 0100"),
            ],
            contract_notice_hours: Some(1),
            contract_terms: "NCUA 72-hour cyber incident notification applies; MSP informs the CISO within one hour.".into(),
            insurer: None,
            branding: cordon_core::Branding { accent_colour: Some("#b45309".into()), logo: None },
            time_zone: "America/New_York".into(),
        },
        ClientInput {
            name: "Saint Aldric Academy Trust".into(),
            sectors: vec![Sector::Education],
            jurisdictions: vec!["UK".into()],
            contacts: vec![contact("Fiona McLeod", "Business Manager", "f.mcleod@staldric.example", "+44 131 555 0123")],
            contract_notice_hours: None,
            contract_terms: String::new(),
            insurer: Some(Insurer {
                name: "RPA (Risk Protection Arrangement)".into(),
                policy_number: String::new(),
                notice_hours: None,
                claims_contact: "0800 555 0199".into(),
            }),
            branding: cordon_core::Branding::default(),
            time_zone: "Europe/London".into(),
        },
    ]
}

/// Adds the demo clients that are not there yet, with their plans, assets, incidents and
/// exercise.
pub fn seed(ws: &Workspace) -> Result<DemoSummary, AppError> {
    let mut summary = DemoSummary {
        created: Vec::new(),
        already_present: Vec::new(),
    };
    for input in demo_clients() {
        let name = input.name.clone();
        match ws.create_client(input) {
            Ok(_) => summary.created.push(name),
            Err(e)
                if e.code == ErrorCode::InvalidInput
                    && e.fields
                        .iter()
                        .any(|f| f.field == "name" && f.message.contains("already exists")) =>
            {
                summary.already_present.push(name)
            }
            Err(e) => return Err(e),
        }
    }
    plans::seed(ws, summary.created.iter().chain(&summary.already_present))?;
    assets::seed(ws)?;
    seed_identity(ws)?;
    incidents::seed(ws)?;
    exercises::seed(ws)?;
    Ok(summary)
}

/// The fictional MSP and technician the demo's reports and timelines are signed by, set
/// only where the user has not chosen their own.
fn seed_identity(ws: &Workspace) -> Result<(), AppError> {
    let branding = ws.msp_branding()?;
    if branding.name == DEFAULT_MSP_NAME {
        ws.save_msp_branding(MspBrandingSettings {
            name: "Northgate IT".into(),
            logo: branding.logo,
        })?;
    }
    let settings = ws.incident_settings()?;
    if !ws.author_chosen()? {
        ws.save_incident_settings(IncidentSettings {
            author_name: "Sam Porter (Northgate IT)".into(),
            ..settings
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_client_is_valid() {
        for input in demo_clients() {
            let id = cordon_core::ClientId::from_uuid(Default::default());
            let name = input.name.clone();
            assert!(
                cordon_core::Client::create(id, input, chrono::Utc::now()).is_ok(),
                "{name}"
            );
        }
    }
}
