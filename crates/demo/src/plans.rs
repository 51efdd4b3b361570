//! Demo plans: every demo client gets an approved plan built from the templates (the baseline
//! plus the playbooks that fit its sector), tailored with the people and numbers of a fictional
//! MSP ("Northgate IT") and of the client itself. Idempotent: a client that already has any
//! plan version is left alone, so running the demo twice adds nothing the second time.

use cordon_core::{ChannelKind, Client, ClientId, ContactChannel, ContactKind, PlanInput};

use cordon_app::{AppError, Workspace};

/// The fictional MSP's responders.
const MSP_LEAD: &str = "Sam Patel";
const MSP_ENGINEER: &str = "Jo Fischer";
const MSP_ENGINEER_2: &str = "Alex Moreau";
const MSP_COORDINATOR: &str = "Rita Okoye";

fn ch(kind: ChannelKind, value: &str) -> ContactChannel {
    ContactChannel {
        kind,
        value: value.into(),
    }
}

/// Phone or email, judged from the text (insurers give one or the other as their hotline).
fn reach(value: &str) -> ContactChannel {
    if value.contains('@') {
        ch(ChannelKind::Email, value)
    } else {
        ch(ChannelKind::Phone, value)
    }
}

fn regulator(client: &Client) -> (&'static str, &'static str) {
    let uk = client.jurisdictions.iter().any(|j| j.as_str() == "UK");
    let us = client
        .jurisdictions
        .iter()
        .any(|j| j.as_str().starts_with("US"));
    if uk {
        (
            "Information Commissioner's Office (ICO)",
            "+44 303 555 0110",
        )
    } else if us {
        (
            "State Attorney General, data breach unit",
            "+1 202 555 0187",
        )
    } else {
        ("Lead data protection authority", "+49 228 5550 0100")
    }
}

/// The baseline, tailored to one client: people in every role, a way to reach every contact.
fn tailor(client: &Client, mut input: PlanInput, verified: chrono::NaiveDate) -> PlanInput {
    input.title = format!("{} incident response plan", client.name);
    let first = client.contacts.first();
    let second = client.contacts.get(1);
    let client_lead = first.map_or(MSP_COORDINATOR.to_owned(), |c| c.name.clone());
    let client_backup = second.map_or(MSP_LEAD.to_owned(), |c| c.name.clone());
    for role in &mut input.roles {
        let (primary, backup) = match role.name.as_str() {
            "Incident Commander" => (MSP_LEAD.to_owned(), MSP_ENGINEER.to_owned()),
            "Communications Coordinator" => (client_lead.clone(), client_backup.clone()),
            "Technical Lead" => (MSP_ENGINEER.to_owned(), MSP_ENGINEER_2.to_owned()),
            _ => (MSP_COORDINATOR.to_owned(), MSP_ENGINEER_2.to_owned()),
        };
        // A demo client with one contact would otherwise back itself up.
        role.backup = if primary.eq_ignore_ascii_case(&backup) {
            MSP_COORDINATOR.to_owned()
        } else {
            backup
        };
        role.primary = primary;
    }

    let (reg_name, reg_phone) = regulator(client);
    let mut contacts = Vec::new();
    for mut c in std::mem::take(&mut input.contacts) {
        c.last_verified = Some(verified);
        match c.kind {
            ContactKind::Msp => {
                c.name = MSP_LEAD.into();
                c.organisation = "Northgate IT (MSP)".into();
                c.channels = vec![
                    ch(ChannelKind::Phone, "+44 20 5550 0100"),
                    ch(ChannelKind::Email, "soc@northgate-it.example"),
                    ch(ChannelKind::OutOfBand, "Signal group 'Northgate IR bridge'"),
                ];
            }
            ContactKind::Client => {
                let Some(p) = first else { continue };
                c.name = p.name.clone();
                c.organisation = client.name.clone();
                c.role = p.role.clone();
                c.channels = [
                    (ChannelKind::Phone, p.phone.as_str()),
                    (ChannelKind::Email, p.email.as_str()),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ch(k, v))
                .collect();
                c.channels.push(ch(
                    ChannelKind::OutOfBand,
                    "Personal mobile (in sealed envelope at MSP)",
                ));
            }
            ContactKind::Insurer => {
                let Some(ins) = &client.insurer else { continue };
                c.organisation = ins.name.clone();
                if !ins.claims_contact.is_empty() {
                    c.channels = vec![reach(&ins.claims_contact)];
                }
            }
            ContactKind::LegalCounsel => {
                c.name = "Hannah Reid".into();
                c.organisation = "Marlow & Reid (breach counsel)".into();
                c.channels = vec![
                    ch(ChannelKind::Phone, "+44 20 5550 0300"),
                    ch(ChannelKind::Email, "breach@marlowreid.example"),
                ];
            }
            ContactKind::Forensics => {
                c.organisation = "Ironclad DFIR (retainer)".into();
                c.channels = vec![
                    ch(ChannelKind::Phone, "+1 646 555 0142"),
                    ch(ChannelKind::SecureMessaging, "Wire: @ironclad-dfir-oncall"),
                ];
            }
            ContactKind::LawEnforcement => {
                c.channels = vec![ch(ChannelKind::Phone, "+44 300 555 0140")];
            }
            ContactKind::Regulator => {
                c.organisation = reg_name.into();
                c.channels = vec![ch(ChannelKind::Phone, reg_phone)];
            }
            ContactKind::OtherThirdParty => {}
        }
        if c.channels.is_empty() {
            continue;
        }
        contacts.push(c);
    }
    input.contacts = contacts;
    input
}

/// Gives each named client without a plan an approved one. Returns how many were added.
pub(crate) fn seed<'a>(
    ws: &Workspace,
    client_names: impl IntoIterator<Item = &'a String>,
) -> Result<u32, AppError> {
    let names: Vec<&String> = client_names.into_iter().collect();
    let mut added = 0;
    for summary in ws.list_clients("", true)? {
        if !names.contains(&&summary.name) {
            continue;
        }
        let id: ClientId = summary.id;
        if !ws.list_plans(&id.to_string())?.is_empty() {
            continue;
        }
        let client = ws.client(&id.to_string())?;
        let draft = ws.create_plan_from_template(&id.to_string(), "baseline")?;
        let input = tailor(&client, draft.to_input(), draft.created_at.date_naive());
        let draft = ws.update_plan(&draft.id.to_string(), input)?;
        let approver = client
            .contacts
            .first()
            .map_or(MSP_LEAD.to_owned(), |c| c.name.clone());
        ws.approve_plan(
            &draft.id.to_string(),
            &approver,
            "Approved at the onboarding review (demo data)",
        )?;
        added += 1;
    }
    Ok(added)
}
