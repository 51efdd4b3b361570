//! A client company of the MSP: who they are, where they operate (which decides the
//! notification clocks that apply), what their contract and cyber-insurer require, and how
//! their reports are branded.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::id::ClientId;
use crate::jurisdiction::Jurisdiction;
use crate::validation::{Checker, Invalid};

pub use crate::limits::{MAX_LOGO_BYTES, MAX_NAME_CHARS};

/// Sectors that matter to incident response: they select rules (NIS2 essential entities,
/// HIPAA for healthcare, PCI for retail) and scenario wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Healthcare,
    Finance,
    Legal,
    Retail,
    Manufacturing,
    Education,
    Government,
    NonProfit,
    Technology,
    Hospitality,
    Energy,
    Transport,
    ProfessionalServices,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 14] = [
        Sector::Healthcare,
        Sector::Finance,
        Sector::Legal,
        Sector::Retail,
        Sector::Manufacturing,
        Sector::Education,
        Sector::Government,
        Sector::NonProfit,
        Sector::Technology,
        Sector::Hospitality,
        Sector::Energy,
        Sector::Transport,
        Sector::ProfessionalServices,
        Sector::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sector::Healthcare => "Healthcare",
            Sector::Finance => "Finance",
            Sector::Legal => "Legal",
            Sector::Retail => "Retail",
            Sector::Manufacturing => "Manufacturing",
            Sector::Education => "Education",
            Sector::Government => "Government",
            Sector::NonProfit => "Non-profit",
            Sector::Technology => "Technology",
            Sector::Hospitality => "Hospitality",
            Sector::Energy => "Energy",
            Sector::Transport => "Transport",
            Sector::ProfessionalServices => "Professional services",
            Sector::Other => "Other",
        }
    }
}

/// A person at the client whom the MSP calls in an incident.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientContact {
    pub name: String,
    /// Their role at the client ("IT manager", "Managing director").
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// The client's cyber-insurer: most policies void cover if they are not told in time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Insurer {
    pub name: String,
    pub policy_number: String,
    /// Hours from discovery within which the insurer must be told.
    pub notice_hours: Option<u32>,
    /// The claims or breach hotline.
    pub claims_contact: String,
}

/// An image for report headers. Bytes travel as base64 in JSON.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Logo {
    /// `image/png` or `image/jpeg`, checked against the bytes themselves.
    pub media_type: String,
    #[serde(with = "base64_bytes")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logo({}, {} bytes)", self.media_type, self.data.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Branding {
    /// `#RRGGBB`, used for headings and rules in the client's reports.
    pub accent_colour: Option<String>,
    pub logo: Option<Logo>,
}

/// What a person types when creating or editing a client. Jurisdictions arrive as text so
/// that a bad code becomes a message under the field, not a deserialisation failure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientInput {
    pub name: String,
    pub sectors: Vec<Sector>,
    pub jurisdictions: Vec<String>,
    pub contacts: Vec<ClientContact>,
    /// The contract's notice window: hours within which the MSP must tell the client.
    pub contract_notice_hours: Option<u32>,
    /// Any other contractual terms about incidents, as written in the contract.
    pub contract_terms: String,
    pub insurer: Option<Insurer>,
    pub branding: Branding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Client {
    pub id: ClientId,
    pub name: String,
    pub sectors: Vec<Sector>,
    pub jurisdictions: Vec<Jurisdiction>,
    pub contacts: Vec<ClientContact>,
    pub contract_notice_hours: Option<u32>,
    pub contract_terms: String,
    pub insurer: Option<Insurer>,
    pub branding: Branding,
    /// Archived clients leave the everyday lists but keep every record.
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of the client list: what a person scans, without the logo bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClientSummary {
    pub id: ClientId,
    pub name: String,
    pub sectors: Vec<Sector>,
    pub jurisdictions: Vec<Jurisdiction>,
    /// The first contact, "Name (role)", the person most often called.
    pub primary_contact: Option<String>,
    pub contact_count: u32,
    pub accent_colour: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl ClientSummary {
    pub fn of(c: &Client) -> ClientSummary {
        ClientSummary {
            id: c.id,
            name: c.name.clone(),
            sectors: c.sectors.clone(),
            jurisdictions: c.jurisdictions.clone(),
            primary_contact: c.contacts.first().map(|p| {
                if p.role.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} ({})", p.name, p.role)
                }
            }),
            contact_count: c.contacts.len() as u32,
            accent_colour: c.branding.accent_colour.clone(),
            archived_at: c.archived_at,
            updated_at: c.updated_at,
        }
    }
}

/// The fields of an input that passed validation, normalised.
struct Checked {
    name: String,
    sectors: Vec<Sector>,
    jurisdictions: Vec<Jurisdiction>,
    contacts: Vec<ClientContact>,
    contract_notice_hours: Option<u32>,
    contract_terms: String,
    insurer: Option<Insurer>,
    branding: Branding,
}

impl Client {
    /// A new client from what the user typed; `id` and `now` come from the caller.
    pub fn create(id: ClientId, input: ClientInput, now: DateTime<Utc>) -> Result<Client, Invalid> {
        let c = check(input)?;
        Ok(Client {
            id,
            name: c.name,
            sectors: c.sectors,
            jurisdictions: c.jurisdictions,
            contacts: c.contacts,
            contract_notice_hours: c.contract_notice_hours,
            contract_terms: c.contract_terms,
            insurer: c.insurer,
            branding: c.branding,
            archived_at: None,
            created_at: now,
            updated_at: now,
        })
    }

    /// This client with its editable fields replaced by `input`.
    pub fn edited(&self, input: ClientInput, now: DateTime<Utc>) -> Result<Client, Invalid> {
        let c = check(input)?;
        Ok(Client {
            name: c.name,
            sectors: c.sectors,
            jurisdictions: c.jurisdictions,
            contacts: c.contacts,
            contract_notice_hours: c.contract_notice_hours,
            contract_terms: c.contract_terms,
            insurer: c.insurer,
            branding: c.branding,
            updated_at: now,
            ..self.clone()
        })
    }

    pub fn archived(&self, now: DateTime<Utc>) -> Client {
        Client {
            archived_at: Some(now),
            updated_at: now,
            ..self.clone()
        }
    }

    pub fn restored(&self, now: DateTime<Utc>) -> Client {
        Client {
            archived_at: None,
            updated_at: now,
            ..self.clone()
        }
    }

    /// The form's starting values when this client is edited.
    pub fn to_input(&self) -> ClientInput {
        ClientInput {
            name: self.name.clone(),
            sectors: self.sectors.clone(),
            jurisdictions: self.jurisdictions.iter().map(|j| j.to_string()).collect(),
            contacts: self.contacts.clone(),
            contract_notice_hours: self.contract_notice_hours,
            contract_terms: self.contract_terms.clone(),
            insurer: self.insurer.clone(),
            branding: self.branding.clone(),
        }
    }
}

fn check(input: ClientInput) -> Result<Checked, Invalid> {
    let mut ck = Checker::default();

    let name = collapse_spaces(&input.name);
    if name.is_empty() {
        ck.fail(
            "name",
            "a client needs a name; type the company's name as it appears on its contract",
        );
    } else if name.chars().count() > MAX_NAME_CHARS {
        ck.fail(
            "name",
            format!("the name is longer than {MAX_NAME_CHARS} characters; shorten it"),
        );
    }
    ck.name("name", &name);

    let mut sectors = input.sectors;
    sectors.sort();
    sectors.dedup();

    let mut jurisdictions = Vec::new();
    for raw in input.jurisdictions.iter().filter(|j| !j.trim().is_empty()) {
        match raw.parse::<Jurisdiction>() {
            Ok(j) if !jurisdictions.contains(&j) => jurisdictions.push(j),
            Ok(_) => {}
            Err(msg) => ck.fail("jurisdictions", msg),
        }
    }

    let mut contacts = Vec::new();
    for (i, c) in input.contacts.into_iter().enumerate() {
        let contact = ClientContact {
            name: collapse_spaces(&c.name),
            role: collapse_spaces(&c.role),
            email: c.email.trim().to_owned(),
            phone: c.phone.trim().to_owned(),
        };
        if contact == ClientContact::default() {
            continue; // an empty row left in the form
        }
        let field = format!("contacts.{i}");
        for (part, text) in [
            ("name", &contact.name),
            ("role", &contact.role),
            ("email", &contact.email),
            ("phone", &contact.phone),
        ] {
            ck.name(format!("{field}.{part}"), text);
        }
        if contact.name.is_empty() {
            ck.fail(
                format!("{field}.name"),
                "each contact needs a name; fill it in or remove the row",
            );
        }
        if !contact.email.is_empty() && !looks_like_email(&contact.email) {
            ck.fail(
                format!("{field}.email"),
                format!(
                    "'{}' is not an email address; use name@example.com",
                    contact.email
                ),
            );
        }
        if contact.email.is_empty() && contact.phone.is_empty() {
            ck.fail(
                format!("{field}.phone"),
                "give at least a phone number or an email, or nobody can reach this contact",
            );
        }
        contacts.push(contact);
    }

    if input.contract_notice_hours == Some(0) {
        ck.fail("contract_notice_hours", "a notice window of 0 hours cannot be met; enter the hours the contract allows, or leave it empty");
    }

    let insurer = input.insurer.map(|i| Insurer {
        name: collapse_spaces(&i.name),
        policy_number: i.policy_number.trim().to_owned(),
        notice_hours: i.notice_hours,
        claims_contact: i.claims_contact.trim().to_owned(),
    });
    let insurer = match insurer {
        Some(i) if i == Insurer::default() => None,
        Some(i) => {
            if i.name.is_empty() {
                ck.fail(
                    "insurer.name",
                    "name the insurer, or clear the insurer fields",
                );
            }
            ck.name("insurer.name", &i.name);
            ck.name("insurer.policy_number", &i.policy_number);
            if i.notice_hours == Some(0) {
                ck.fail(
                    "insurer.notice_hours",
                    "a notice window of 0 hours cannot be met; enter the hours the policy allows",
                );
            }
            Some(i)
        }
        None => None,
    };

    let accent_colour = match input.branding.accent_colour.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) if is_hex_colour(c) => Some(c.to_ascii_lowercase()),
        Some(c) => {
            ck.fail(
                "branding.accent_colour",
                format!("'{c}' is not a colour; use # and six hex digits, like #1f6feb"),
            );
            None
        }
    };

    let logo = match input.branding.logo {
        Some(logo) => match check_logo(&logo) {
            Ok(()) => Some(logo),
            Err(msg) => {
                ck.fail("branding.logo", msg);
                None
            }
        },
        None => None,
    };

    ck.finish(Checked {
        name,
        sectors,
        jurisdictions,
        contacts,
        contract_notice_hours: input.contract_notice_hours,
        contract_terms: input.contract_terms.trim().to_owned(),
        insurer,
        branding: Branding {
            accent_colour,
            logo,
        },
    })
}

/// Size, magic bytes, and a media type that matches them: every logo Cordon keeps, a client's or
/// the MSP's, passes this one check.
pub fn check_logo(logo: &Logo) -> Result<(), String> {
    if logo.data.len() > MAX_LOGO_BYTES {
        return Err(format!(
            "the logo is {:.1} MB; use a PNG or JPEG under {} KB (600×200 pixels is plenty for a report header)",
            logo.data.len() as f64 / 1_000_000.0,
            MAX_LOGO_BYTES / 1024
        ));
    }
    let sniffed = if logo.data.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if logo.data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        return Err(
            "the logo is not a PNG or JPEG image; export it as PNG and pick it again".into(),
        );
    };
    if logo.media_type != sniffed {
        return Err(format!(
            "the file says it is {} but its content is {sniffed}; pick the file again",
            logo.media_type
        ));
    }
    Ok(())
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

mod base64_bytes {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|_| {
                serde::de::Error::custom("logo data is not base64; pick the image file again")
            })
    }
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

    fn id() -> ClientId {
        ClientId::from_uuid(Uuid::from_u128(42))
    }

    fn input(name: &str) -> ClientInput {
        ClientInput {
            name: name.into(),
            ..Default::default()
        }
    }

    fn png(len: usize) -> Logo {
        let mut data = b"\x89PNG\r\n\x1a\n".to_vec();
        data.resize(len, 0);
        Logo {
            media_type: "image/png".into(),
            data,
        }
    }

    #[test]
    fn normalises_what_was_typed() {
        let mut i = input("  Harbour   Dental  Group ");
        i.jurisdictions = vec!["eu".into(), "EU".into(), "us-ca".into(), " ".into()];
        i.sectors = vec![Sector::Healthcare, Sector::Healthcare];
        i.branding.accent_colour = Some("#1F6FEB".into());
        i.contacts = vec![ClientContact::default()];
        let c = Client::create(id(), i, now()).unwrap();
        assert_eq!(c.name, "Harbour Dental Group");
        assert_eq!(
            c.jurisdictions
                .iter()
                .map(|j| j.as_str())
                .collect::<Vec<_>>(),
            ["EU", "US-CA"]
        );
        assert_eq!(c.sectors, [Sector::Healthcare]);
        assert_eq!(c.branding.accent_colour.as_deref(), Some("#1f6feb"));
        assert!(c.contacts.is_empty(), "an empty contact row is dropped");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut i = input("   ");
        i.jurisdictions = vec!["US-ZZ".into()];
        i.branding.logo = Some(png(2 * 1024 * 1024));
        i.branding.accent_colour = Some("blue".into());
        i.contacts = vec![ClientContact {
            name: "Ana".into(),
            email: "ana-at-example".into(),
            ..Default::default()
        }];
        let err = Client::create(id(), i, now()).unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "jurisdictions",
                "contacts.0.email",
                "branding.accent_colour",
                "branding.logo"
            ]
        );
        let logo = &err.fields[4].message;
        assert!(logo.contains("2.1 MB") && logo.contains("512 KB"), "{logo}");
    }

    #[test]
    fn a_logo_must_be_the_image_it_claims() {
        let mut i = input("Acme");
        i.branding.logo = Some(Logo {
            media_type: "image/jpeg".into(),
            data: png(100).data,
        });
        let err = Client::create(id(), i.clone(), now()).unwrap_err();
        assert!(err.fields[0].message.contains("content is image/png"));
        i.branding.logo = Some(Logo {
            media_type: "image/png".into(),
            data: b"GIF89a".to_vec(),
        });
        assert!(Client::create(id(), i, now()).is_err());
    }

    #[test]
    fn edit_keeps_identity_and_creation_time() {
        let c = Client::create(id(), input("Acme"), now()).unwrap();
        let later = now() + chrono::Duration::hours(1);
        let e = c.edited(input("Acme Ltd"), later).unwrap();
        assert_eq!(
            (e.id, e.created_at, e.updated_at, e.name.as_str()),
            (c.id, now(), later, "Acme Ltd")
        );
        assert_eq!(c.archived(later).restored(later).archived_at, None);
        assert_eq!(
            Client::create(id(), e.to_input(), now()).unwrap().name,
            "Acme Ltd"
        );
    }

    #[test]
    fn logo_bytes_travel_as_base64() {
        let logo = png(10);
        let json = serde_json::to_value(&logo).unwrap();
        assert_eq!(json["data"], "iVBORw0KGgoAAA==");
        assert_eq!(serde_json::from_value::<Logo>(json).unwrap(), logo);
    }
}
