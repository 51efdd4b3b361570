//! The `cordon-server` binary: serve, or administer a team from the server's own shell.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand};
use cordon_server::storage::Storage;
use cordon_server::{http, sqlite, system_clock};

#[derive(Parser)]
#[command(
    name = "cordon-server",
    version,
    about = "The MSP's own Cordon sync server: it stores ciphertext only",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(flatten)]
    serve: Serve,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args)]
struct Storage_ {
    /// Keep everything in a SQLite file in this folder (nothing else to install).
    #[arg(long, conflicts_with = "database_url")]
    data: Option<PathBuf>,
    /// Keep everything in PostgreSQL; several servers may share one database.
    #[arg(long, env = "CORDON_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Args)]
struct Serve {
    #[command(flatten)]
    storage: Storage_,
    /// Address to listen on; `127.0.0.1:0` picks a free port (see --port-file).
    #[arg(long, default_value = "127.0.0.1:8443")]
    listen: SocketAddr,
    /// Write the port actually listened on to this file, once listening.
    #[arg(long)]
    port_file: Option<PathBuf>,
    /// Speak HTTPS with this certificate chain (PEM); without it, plain HTTP for a TLS
    /// reverse proxy in front.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Administer teams from the server's shell.
    Admin {
        #[command(subcommand)]
        command: Admin,
    },
}

#[derive(Subcommand)]
enum Admin {
    /// Create a team and print its first invitation, for the admin's laptop.
    CreateTeam {
        #[command(flatten)]
        storage: Storage_,
        #[arg(long)]
        name: String,
        /// How long the invitation stays valid: 30m, 72h, 7d.
        #[arg(long, default_value = "72h")]
        valid_for: String,
        #[arg(long)]
        json: bool,
    },
    /// An invitation for an existing team: `--admin` for a laptop that replaces a lost admin
    /// laptop (it re-opens the keys with the recovery phrase, `cordon sync recover`).
    Invite {
        #[command(flatten)]
        storage: Storage_,
        /// The team's id or name.
        #[arg(long)]
        team: String,
        #[arg(long)]
        admin: bool,
        #[arg(long, default_value = "72h")]
        valid_for: String,
        #[arg(long)]
        json: bool,
    },
    /// Every device of every team.
    ListDevices {
        #[command(flatten)]
        storage: Storage_,
        #[arg(long)]
        json: bool,
    },
    /// Refuse a device's token from now on (its laptop was lost). The admin's laptop rotates
    /// the keys it held at its next sync.
    Revoke {
        #[command(flatten)]
        storage: Storage_,
        device: String,
    },
}

fn open(s: &Storage_) -> Result<Arc<dyn Storage>> {
    match (&s.data, &s.database_url) {
        (Some(dir), None) => Ok(Arc::new(sqlite::Sqlite::open(dir).with_context(|| {
            format!("cannot open the server's data in {}", dir.display())
        })?)),
        (None, Some(url)) => Ok(Arc::new(
            cordon_server::postgres::Postgres::connect(url)
                .context("cannot open the PostgreSQL database")?,
        )),
        _ => bail!(
            "say where the server keeps its data: --data DIR (SQLite) or --database-url postgres://… (PostgreSQL)"
        ),
    }
}

fn parse_duration(text: &str) -> Result<chrono::Duration> {
    let (n, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: i64 = n.parse().with_context(|| {
        format!("--valid-for: '{text}' is not a duration; write 30m, 72h or 7d")
    })?;
    let d = match unit {
        "s" => chrono::Duration::seconds(n),
        "m" => chrono::Duration::minutes(n),
        "h" | "" => chrono::Duration::hours(n),
        "d" => chrono::Duration::days(n),
        _ => bail!("--valid-for: '{text}' is not a duration; write 30m, 72h or 7d"),
    };
    if n <= 0 {
        bail!("--valid-for: an invitation must stay valid for some time; write 30m, 72h or 7d");
    }
    Ok(d)
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cordon-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Admin { command }) => admin(command),
    }
}

fn admin(cmd: Admin) -> Result<()> {
    match cmd {
        Admin::CreateTeam {
            storage,
            name,
            valid_for,
            json,
        } => {
            let name = name.trim();
            if name.is_empty() {
                bail!("--name: give the team a name (your MSP's name)");
            }
            let valid_for = parse_duration(&valid_for)?;
            let st = open(&storage)?;
            let (team, code, expires_at) =
                cordon_server::create_team(st.as_ref(), name, chrono::Utc::now(), valid_for)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"team": team, "invite": code, "expires_at": expires_at})
                );
            } else {
                println!("Team '{name}' created ({team}).");
                println!(
                    "Invitation for the admin's laptop (valid until {expires_at}, one device):"
                );
                println!("  {code}");
                println!(
                    "On that laptop: cordon sync join --server URL --invite {code} --device-name NAME"
                );
            }
            Ok(())
        }
        Admin::Invite {
            storage,
            team,
            admin,
            valid_for,
            json,
        } => {
            let valid_for = parse_duration(&valid_for)?;
            let st = open(&storage)?;
            let Some(id) = st.find_team(team.trim())? else {
                bail!(
                    "--team: no team is called or numbered '{team}'; `cordon-server admin list-devices` names them"
                );
            };
            let code = cordon_server::invite_code();
            let expires_at = cordon_server::stamp(chrono::Utc::now() + valid_for);
            st.add_invite(&id, &cordon_server::invite_hash(&code), admin, &expires_at)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"team": id, "invite": code, "admin": admin, "expires_at": expires_at})
                );
            } else {
                println!(
                    "{} invitation for team {id} (valid until {expires_at}, one device):",
                    if admin { "Admin" } else { "Member" }
                );
                println!("  {code}");
            }
            Ok(())
        }
        Admin::ListDevices { storage, json } => {
            let st = open(&storage)?;
            let mut all = Vec::new();
            for (team, name) in st.teams()? {
                for d in st.devices(&team)? {
                    all.push(serde_json::json!({"team": team, "team_name": name, "device": d}));
                }
            }
            if json {
                println!("{}", serde_json::Value::Array(all));
            } else {
                for row in &all {
                    let d = &row["device"];
                    println!(
                        "{}  {}  {}{}{}",
                        d["device"].as_str().unwrap_or(""),
                        d["name"].as_str().unwrap_or(""),
                        row["team_name"].as_str().unwrap_or(""),
                        if d["admin"].as_bool() == Some(true) {
                            "  admin"
                        } else {
                            ""
                        },
                        if d["revoked_at"].is_string() {
                            "  revoked"
                        } else {
                            ""
                        },
                    );
                }
            }
            Ok(())
        }
        Admin::Revoke { storage, device } => {
            let st = open(&storage)?;
            let now = cordon_server::stamp(chrono::Utc::now());
            for (team, _) in st.teams()? {
                if let Some(scopes) = st.revoke(&team, &device, &now)? {
                    println!(
                        "Device {device} revoked; it held {} scopes, which the admin's laptop re-keys at its next sync.",
                        scopes.len()
                    );
                    return Ok(());
                }
            }
            bail!(
                "{device} is not a device on this server; `cordon-server admin list-devices` lists them"
            )
        }
    }
}

fn serve(args: Serve) -> Result<()> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(cordon_server::tls::config(cert, key)?),
        _ => None,
    };
    let storage = open(&args.storage)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        if let Some(file) = &args.port_file {
            let tmp = file.with_extension("tmp");
            std::fs::write(&tmp, addr.port().to_string())?;
            std::fs::rename(&tmp, file)?;
        }
        tracing::info!(%addr, protocol = cordon_sync::wire::PROTOCOL, tls = tls.is_some(), "cordon-server listening");
        let app = http::router(http::Server::new(storage, system_clock()));
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match tls {
            Some(config) => axum::serve(cordon_server::tls::TlsListener::new(listener, config), app)
                .with_graceful_shutdown(stop)
                .await,
            None => axum::serve(listener, app).with_graceful_shutdown(stop).await,
        }
        .context("the server stopped")
    })
}
