//! `cordon sync`: this workspace and the team's sync server. Bare `cordon sync` pushes and
//! pulls; the subcommands join, invite, approve, list, revoke and leave.

use std::io::IsTerminal as _;

use anyhow::Result;
use clap::{Args, Subcommand};
use cordon_app::{Clients, Workspace};

use crate::print_json;
use crate::terminal::say;

#[derive(Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
    /// Print counts as JSON instead of sentences.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum SyncCommand {
    /// Join a team with the invitation your admin gave you; prints this device's fingerprint.
    Join {
        /// The team's sync server, https://host[:port].
        #[arg(long)]
        server: String,
        #[arg(long)]
        invite: String,
        /// How the team sees this laptop ("Alice's laptop").
        #[arg(long)]
        device_name: String,
        #[arg(long)]
        json: bool,
    },
    /// A new laptop for a team whose admin laptop was lost: join with an admin invitation from
    /// the server's operator and re-open every key with the recovery phrase, read from
    /// standard input (never from the command line, where other users could see it).
    Recover {
        #[arg(long)]
        server: String,
        #[arg(long)]
        invite: String,
        #[arg(long)]
        device_name: String,
    },
    /// An invitation for one more device (admin).
    Invite {
        #[arg(long)]
        json: bool,
    },
    /// The team's devices, their fingerprints and clients.
    Devices {
        #[arg(long)]
        json: bool,
    },
    /// Approve a device after its user read you its fingerprint (admin).
    Approve {
        device: String,
        /// The six words `cordon sync status` shows on that laptop.
        #[arg(long)]
        fingerprint: String,
        /// `all`, or client ids separated by commas.
        #[arg(long)]
        clients: String,
        #[arg(long)]
        json: bool,
    },
    /// Where this workspace stands with its team (no network needed).
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Cut a device off (admin): its token is refused and every client it held is re-keyed.
    Revoke { device: String },
    /// Leave the team: the records stay on this laptop, the team's keys go.
    Leave,
}

pub fn run(ws: &Workspace, args: SyncArgs) -> Result<()> {
    match args.command {
        None => {
            let tty = std::io::stderr().is_terminal() && !args.json;
            let report = ws.sync_with(&mut |share| {
                if tty {
                    eprint!("\rsyncing {:>3.0} %", share * 100.0);
                }
            })?;
            if tty {
                eprintln!();
            }
            for w in &report.warnings {
                eprintln!("cordon: warning: {w}");
            }
            if args.json {
                print_json(&report)?;
            } else {
                say!(
                    "synced: {} changes sent in {} batches, {} received ({} already here)",
                    report.pushed,
                    report.batches,
                    report.pulled,
                    report.known
                );
                if report.files_sent + report.files_received > 0 {
                    say!(
                        "{} evidence files sent, {} received",
                        report.files_sent,
                        report.files_received
                    );
                }
                if report.files_waiting > 0 {
                    say!(
                        "{} evidence files wait for the laptop that holds them to sync",
                        report.files_waiting
                    );
                }
                if report.rekeyed > 0 {
                    say!("{} scopes re-keyed after a revocation", report.rekeyed);
                }
                if report.waiting > 0 {
                    say!(
                        "{} records wait for changes that have not arrived yet",
                        report.waiting
                    );
                }
                if !report.not_shared.is_empty() {
                    say!(
                        "{} clients stay on this laptop only: they are not assigned to it on the server (ask your admin): {}",
                        report.not_shared.len(),
                        report.not_shared.join(", ")
                    );
                }
            }
        }
        Some(SyncCommand::Join {
            server,
            invite,
            device_name,
            json,
        }) => {
            let joined = ws.sync_join(&server, &invite, &device_name)?;
            if json {
                print_json(&joined)?;
            } else {
                say!("joined team '{}' at {}", joined.team_name, joined.server);
                say!("this device: {}", joined.device);
                say!("fingerprint: {}", joined.fingerprint);
                if let Some(words) = &joined.recovery_phrase {
                    say!("");
                    say!("RECOVERY PHRASE (shown once; write it down and keep it offline):");
                    say!("  {words}");
                    say!(
                        "it re-opens every client's data if this laptop is lost: `cordon sync recover`"
                    );
                    say!("");
                }
                if joined.admin {
                    say!(
                        "this is the team's admin device; invite the others with `cordon sync invite`"
                    );
                } else {
                    say!(
                        "read the fingerprint to your admin: they approve this device with it, then run `cordon sync`"
                    );
                }
            }
        }
        Some(SyncCommand::Recover {
            server,
            invite,
            device_name,
        }) => {
            if std::io::stdin().is_terminal() {
                eprint!("recovery phrase (24 words): ");
            }
            let mut phrase = zeroize::Zeroizing::new(String::new());
            std::io::stdin().read_line(&mut phrase)?;
            let joined = ws.sync_recover(&server, &invite, &device_name, &phrase)?;
            say!(
                "recovered team '{}': every key re-opened on this laptop ({})",
                joined.team_name,
                joined.device
            );
            say!("run `cordon sync` to bring the records back");
        }
        Some(SyncCommand::Invite { json }) => {
            let inv = ws.sync_invite()?;
            if json {
                print_json(&inv)?;
            } else {
                say!("invitation (one device, valid until {}):", inv.expires_at);
                say!("  {}", inv.code);
            }
        }
        Some(SyncCommand::Devices { json }) => {
            let devices = ws.sync_devices()?;
            if json {
                print_json(&devices)?;
            } else {
                for d in &devices {
                    let state = if d.revoked_at.is_some() {
                        "revoked".to_owned()
                    } else if d.pending {
                        "waiting for approval".to_owned()
                    } else {
                        format!("{} clients", d.clients.len())
                    };
                    say!(
                        "{}  {}{}{}  [{}]  {}",
                        d.device,
                        d.name,
                        if d.admin { " (admin)" } else { "" },
                        if d.this_device { " (this laptop)" } else { "" },
                        d.fingerprint,
                        state
                    );
                }
            }
        }
        Some(SyncCommand::Approve {
            device,
            fingerprint,
            clients,
            json,
        }) => {
            let clients = Clients::parse(&clients)?;
            let d = ws.sync_approve(&device, &fingerprint, &clients)?;
            if json {
                print_json(&d)?;
            } else {
                say!(
                    "{} approved for {} clients; it receives them at its next `cordon sync`",
                    d.name,
                    d.clients.len()
                );
            }
        }
        Some(SyncCommand::Status { json }) => {
            let st = ws.sync_status()?;
            if json {
                print_json(&st)?;
            } else if !st.joined {
                say!(
                    "not in a team: this workspace stays on this laptop (join one with `cordon sync join`)"
                );
            } else {
                say!("team         {}", st.team_name.as_deref().unwrap_or(""));
                say!("server       {}", st.server.as_deref().unwrap_or(""));
                say!(
                    "device       {}{}",
                    st.device,
                    if st.admin { " (admin)" } else { "" }
                );
                say!("fingerprint  {}", st.fingerprint.as_deref().unwrap_or(""));
                say!(
                    "last sync    {}",
                    st.last_sync_at.as_deref().unwrap_or("never")
                );
                say!("waiting      {} changes not yet on the server", st.waiting);
                if let Some(e) = &st.last_error {
                    say!("last error   {e}");
                }
            }
        }
        Some(SyncCommand::Revoke { device }) => {
            let rekeyed = ws.sync_revoke(&device)?;
            say!(
                "{device} revoked; the {rekeyed} scopes it held (its clients and the workspace settings) were re-keyed: nothing new reaches it"
            );
        }
        Some(SyncCommand::Leave) => {
            ws.sync_leave()?;
            say!("left the team; the records stay in this workspace");
        }
    }
    Ok(())
}
