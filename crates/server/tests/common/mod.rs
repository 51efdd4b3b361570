//! Real parts for the server's tests: the `cordon-server` binary as a process on a free
//! loopback port, on SQLite or on a throwaway PostgreSQL cluster started here (initdb + pg_ctl,
//! as the postgres user when the tests run as root), and laptops as real workspaces.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cordon_app::{SystemClock, Workspace};

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

fn pg_bin(tool: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed (scripts/setup-debian.sh installs it)")
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .collect();
    dirs.sort();
    dirs.pop()
        .expect("no PostgreSQL version in /usr/lib/postgresql")
        .join(tool)
}

fn as_pg(tool: &str) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(pg_bin(tool));
        c
    } else {
        Command::new(pg_bin(tool))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A PostgreSQL cluster of its own, stopped when dropped.
pub struct Pg {
    dir: tempfile::TempDir,
    pub port: u16,
}

impl Pg {
    pub fn start() -> Pg {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(
            dir.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o777),
        )
        .unwrap();
        let data = dir.path().join("data");
        let out = as_pg("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let out = as_pg("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.path().join("log"))
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1",
                dir.path().display()
            ))
            .args(["-w", "start"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Pg { dir, port }
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = as_pg("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Starts `cordon-server` on `store` with `extra` arguments on a free port; its port, once
/// it listens.
// The child is handed back and killed and waited for by `Server`'s drop.
#[allow(clippy::zombie_processes)]
fn spawn(store: &[String], extra: &[&str], dir: &Path) -> (Child, String) {
    let port_file = dir.join("port");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cordon-server"))
        .args(store)
        .args(extra)
        .args(["--listen", "127.0.0.1:0", "--port-file"])
        .arg(&port_file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Ok(port) = std::fs::read_to_string(&port_file) {
            return (child, port);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not start");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A `cordon-server` process, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    store: Vec<String>,
    dir: tempfile::TempDir,
    pub pg: Option<Pg>,
}

impl Server {
    pub fn start(engine: Engine) -> Server {
        Server::start_with(engine, &[])
    }

    /// With more arguments (`--tls-cert …`); the address is https when they name TLS.
    pub fn start_with(engine: Engine, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let pg = matches!(engine, Engine::Postgres).then(Pg::start);
        let store = match &pg {
            Some(pg) => vec!["--database-url".to_owned(), pg.url()],
            None => vec![
                "--data".to_owned(),
                dir.path().join("server").display().to_string(),
            ],
        };
        let (child, port) = spawn(&store, extra, dir.path());
        Server {
            child,
            url: format!(
                "{}://127.0.0.1:{port}",
                if extra.contains(&"--tls-cert") {
                    "https"
                } else {
                    "http"
                }
            ),
            store,
            dir,
            pg,
        }
    }

    /// A second server process on the same PostgreSQL database (several may share one).
    pub fn another(&self) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let (child, port) = spawn(&self.store, &[], dir.path());
        Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
            store: self.store.clone(),
            dir,
            pg: None,
        }
    }

    /// `cordon-server admin …` on this server's storage.
    pub fn admin(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_cordon-server"))
            .arg("admin")
            .args(&args[..1])
            .args(&self.store)
            .args(&args[1..])
            .output()
            .unwrap()
    }

    /// A new team; its admin invitation.
    pub fn team(&self, name: &str, valid_for: &str) -> String {
        let out = self.admin(&[
            "create-team",
            "--name",
            name,
            "--valid-for",
            valid_for,
            "--json",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["invite"].as_str().unwrap().to_owned()
    }

    /// The SQLite engine's folder (empty for PostgreSQL).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("server")
    }

    /// Flips one byte in the sealed body of the newest batch, as a tampering server would.
    pub fn tamper_newest_batch(&self) {
        match &self.pg {
            Some(pg) => {
                let mut c = postgres::Client::connect(&pg.url(), postgres::NoTls).unwrap();
                let n = c
                    .execute(
                        "UPDATE batches SET frame = set_byte(frame, length(frame) - 5, get_byte(frame, length(frame) - 5) # 1)
                         WHERE n = (SELECT max(n) FROM batches)",
                        &[],
                    )
                    .unwrap();
                assert_eq!(n, 1);
            }
            None => {
                let c = rusqlite::Connection::open(
                    self.dir.path().join("server/cordon-server.sqlite3"),
                )
                .unwrap();
                let (n, mut frame): (i64, Vec<u8>) = c
                    .query_row(
                        "SELECT n, frame FROM batches ORDER BY n DESC LIMIT 1",
                        [],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .unwrap();
                let at = frame.len() - 5;
                frame[at] ^= 1;
                c.execute(
                    "UPDATE batches SET frame = ?1 WHERE n = ?2",
                    rusqlite::params![frame, n],
                )
                .unwrap();
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A laptop: a real workspace in its own folder.
pub struct Laptop {
    pub ws: Workspace,
    _dir: tempfile::TempDir,
}

impl Laptop {
    pub fn empty() -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::new(dir.path(), Arc::new(SystemClock));
        ws.create(Some("a long enough passphrase".into())).unwrap();
        Laptop { ws, _dir: dir }
    }

    pub fn demo() -> Laptop {
        let l = Laptop::empty();
        cordon_demo::seed(&l.ws).unwrap();
        l
    }

    pub fn path(&self) -> &Path {
        self._dir.path()
    }
}
