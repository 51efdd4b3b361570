//! `cordon clients ...`: list, show, create, edit, archive and restore clients, over the same
//! `Workspace` calls as the app's client screens.

use anyhow::Result;
use clap::{Args, Subcommand};
use cordon_app::{AppError, Client, ClientContact, ClientInput, ErrorCode, Insurer, Workspace};

use crate::terminal::say;
use crate::{open, print_json};

#[derive(Subcommand)]
pub enum ClientsCommand {
    /// List clients, optionally those whose name or details start with QUERY.
    List {
        #[arg(long, default_value = "")]
        query: String,
        /// Include archived clients.
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// One client with its contacts, contract and insurer.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a client.
    Create {
        #[command(flatten)]
        fields: ClientFields,
        #[arg(long)]
        json: bool,
    },
    /// Change a client: only the fields given change (a repeated flag replaces the list).
    Edit {
        id: String,
        #[command(flatten)]
        fields: ClientFields,
        #[arg(long)]
        json: bool,
    },
    /// Take a client out of the everyday lists; every record is kept.
    Archive {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Bring an archived client back.
    Restore {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

/// The fields of a client as flags; on `edit`, an absent flag keeps what is stored.
#[derive(Args)]
pub struct ClientFields {
    /// The company's name as it appears on its contract.
    #[arg(long)]
    name: Option<String>,
    /// A sector (healthcare, finance, legal, retail, manufacturing, education, government,
    /// non_profit, technology, hospitality, energy, transport, professional_services, other);
    /// repeat for several.
    #[arg(long = "sector")]
    sectors: Vec<String>,
    /// Where it operates: a country (DE) or state (US-CA); repeat for several.
    #[arg(long = "jurisdiction")]
    jurisdictions: Vec<String>,
    /// A contact as "Name|role|email|phone" (empty parts allowed); repeat for several.
    #[arg(long = "contact")]
    contacts: Vec<String>,
    /// The contract's notice window in hours (0 to clear).
    #[arg(long)]
    notice_hours: Option<u32>,
    /// Other contractual terms about incidents.
    #[arg(long)]
    contract_terms: Option<String>,
    /// The cyber-insurer's name ("" to remove the insurer).
    #[arg(long)]
    insurer: Option<String>,
    #[arg(long)]
    policy_number: Option<String>,
    /// Hours within which the insurer must be told.
    #[arg(long)]
    insurer_notice_hours: Option<u32>,
    /// The insurer's claims or breach hotline.
    #[arg(long)]
    claims_contact: Option<String>,
}

fn invalid(field: &str, message: String) -> AppError {
    let mut e = AppError::new(ErrorCode::InvalidInput, format!("{field}: {message}"));
    e.fields.push(cordon_app::FieldError {
        field: field.into(),
        message,
    });
    e
}

impl ClientFields {
    /// `base` with the given flags applied.
    fn apply(self, mut input: ClientInput) -> Result<ClientInput, AppError> {
        if let Some(name) = self.name {
            input.name = name;
        }
        if !self.sectors.is_empty() {
            input.sectors = self
                .sectors
                .iter()
                .map(|s| {
                    let key = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                    serde_json::from_value(serde_json::Value::String(key)).map_err(|_| {
                        invalid(
                            "sectors",
                            format!("'{s}' is not a sector; see `cordon clients create --help`"),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        if !self.jurisdictions.is_empty() {
            input.jurisdictions = self.jurisdictions;
        }
        if !self.contacts.is_empty() {
            input.contacts = self
                .contacts
                .iter()
                .map(|c| {
                    let mut parts = c.split('|').map(str::to_owned);
                    let contact = ClientContact {
                        name: parts.next().unwrap_or_default(),
                        role: parts.next().unwrap_or_default(),
                        email: parts.next().unwrap_or_default(),
                        phone: parts.next().unwrap_or_default(),
                    };
                    if parts.next().is_some() {
                        return Err(invalid(
                            "contacts",
                            format!("'{c}' has more than four parts; write Name|role|email|phone"),
                        ));
                    }
                    Ok(contact)
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(h) = self.notice_hours {
            input.contract_notice_hours = (h > 0).then_some(h);
        }
        if let Some(t) = self.contract_terms {
            input.contract_terms = t;
        }
        let touches_insurer = self.insurer.is_some()
            || self.policy_number.is_some()
            || self.insurer_notice_hours.is_some()
            || self.claims_contact.is_some();
        if touches_insurer {
            let mut i = input.insurer.take().unwrap_or_default();
            if let Some(n) = self.insurer {
                i.name = n;
            }
            if let Some(p) = self.policy_number {
                i.policy_number = p;
            }
            if let Some(h) = self.insurer_notice_hours {
                i.notice_hours = Some(h);
            }
            if let Some(c) = self.claims_contact {
                i.claims_contact = c;
            }
            // An insurer whose name was cleared is removed (the core drops an all-empty one).
            input.insurer = if i.name.trim().is_empty() {
                Some(Insurer::default())
            } else {
                Some(i)
            };
        }
        Ok(input)
    }
}

fn print_client(c: &Client) {
    let archived = if c.archived_at.is_some() {
        "  (archived)"
    } else {
        ""
    };
    say!("{}  {}{archived}", c.id, c.name);
    let sectors: Vec<_> = c.sectors.iter().map(|s| s.label()).collect();
    let places: Vec<_> = c.jurisdictions.iter().map(|j| j.to_string()).collect();
    say!("sectors        {}", sectors.join(", "));
    say!("jurisdictions  {}", places.join(", "));
    for k in &c.contacts {
        say!(
            "contact        {} ({}) {} {}",
            k.name,
            k.role,
            k.email,
            k.phone
        );
    }
    if let Some(h) = c.contract_notice_hours {
        say!("contract       notify within {h} h");
    }
    if !c.contract_terms.is_empty() {
        say!("terms          {}", c.contract_terms);
    }
    if let Some(i) = &c.insurer {
        let hours = i
            .notice_hours
            .map(|h| format!(", notify within {h} h"))
            .unwrap_or_default();
        say!("insurer        {} {}{hours}", i.name, i.policy_number);
    }
}

fn done(c: &Client, json: bool, what: &str) -> Result<()> {
    if json {
        print_json(c)
    } else {
        say!("{what} {}  {}", c.id, c.name);
        Ok(())
    }
}

pub fn run(ws: &Workspace, command: ClientsCommand) -> Result<()> {
    // The first client may be the first record: create the workspace then, as `demo` does.
    open(ws, matches!(command, ClientsCommand::Create { .. }))?;
    match command {
        ClientsCommand::List {
            query,
            archived,
            json,
        } => {
            let clients = ws.list_clients(&query, archived)?;
            if json {
                print_json(&clients)?;
            } else if clients.is_empty() {
                say!(
                    "no clients{}",
                    if query.is_empty() {
                        String::new()
                    } else {
                        format!(" match '{query}'")
                    }
                );
            } else {
                for c in clients {
                    let places: Vec<_> = c.jurisdictions.iter().map(|j| j.to_string()).collect();
                    let archived = if c.archived_at.is_some() {
                        "  (archived)"
                    } else {
                        ""
                    };
                    say!("{}  {:<36} {}{archived}", c.id, c.name, places.join(","));
                }
            }
        }
        ClientsCommand::Show { id, json } => {
            let c = ws.client(&id)?;
            if json {
                print_json(&c)?;
            } else {
                print_client(&c);
            }
        }
        ClientsCommand::Create { fields, json } => {
            let c = ws.create_client(fields.apply(ClientInput::default())?)?;
            done(&c, json, "created")?;
        }
        ClientsCommand::Edit { id, fields, json } => {
            let input = fields.apply(ws.client(&id)?.to_input())?;
            let c = ws.update_client(&id, input)?;
            done(&c, json, "saved")?;
        }
        ClientsCommand::Archive { id, json } => done(&ws.archive_client(&id)?, json, "archived")?,
        ClientsCommand::Restore { id, json } => done(&ws.restore_client(&id)?, json, "restored")?,
    }
    Ok(())
}
