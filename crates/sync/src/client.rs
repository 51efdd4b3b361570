//! The laptop's side of protocol v1: typed calls over HTTP, one method per endpoint. It moves
//! frames and JSON; what to push and how to apply what arrives is the caller's (`cordon-app`).

use std::io::Read;
use std::time::Duration;

use base64::Engine as _;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::SyncError;
use crate::api::{self, ApiError, PROTOCOL_HEADER};
use crate::wire::{self, Frame, PROTOCOL};

/// A connection to one sync server, as one device.
pub struct Remote {
    agent: ureq::Agent,
    base: String,
    token: Option<zeroize::Zeroizing<String>>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// A batch as `pull` hands it over: its number on the server and the frame.
pub type Pulled = (i64, Frame);

impl Remote {
    /// `server` is the base address (`https://sync.example.com`); `token` is absent before
    /// joining.
    pub fn new(server: &str, token: Option<&str>) -> Result<Remote, SyncError> {
        let ca = match std::env::var_os("CORDON_SYNC_CA_FILE").filter(|p| !p.is_empty()) {
            Some(path) => Some(std::fs::read(&path).map_err(|e| SyncError::Invalid {
                field: "CORDON_SYNC_CA_FILE".into(),
                message: format!("cannot read {}: {e}; point it at the PEM file of the CA that signed the server's certificate", std::path::Path::new(&path).display()),
            })?),
            None => None,
        };
        Remote::with_ca(server, token, ca.as_deref())
    }

    /// As `new`, trusting only the certificates in `ca_pem` (when given) for `https://`.
    pub fn with_ca(
        server: &str,
        token: Option<&str>,
        ca_pem: Option<&[u8]>,
    ) -> Result<Remote, SyncError> {
        let base = server.trim().trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(SyncError::Invalid {
                field: "server".into(),
                message: format!(
                    "'{server}' is not a server address; write it as https://host[:port]"
                ),
            });
        }
        let agent = ureq::Agent::config_builder()
            .tls_config(tls(ca_pem)?)
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Ok(Remote {
            agent,
            base,
            token: token.map(|t| zeroize::Zeroizing::new(t.to_owned())),
        })
    }

    pub fn server(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn unreachable(&self, e: ureq::Error) -> SyncError {
        SyncError::Unreachable(format!(
            "cannot reach the sync server at {}: {e}; check the address and this laptop's connection, then run `cordon sync` again",
            self.base
        ))
    }

    fn auth(&self) -> String {
        format!(
            "Bearer {}",
            self.token.as_deref().map(String::as_str).unwrap_or("")
        )
    }

    fn check(
        &self,
        resp: ureq::http::Response<ureq::Body>,
    ) -> Result<ureq::http::Response<ureq::Body>, SyncError> {
        let status = resp.status().as_u16();
        if status < 400 {
            return Ok(resp);
        }
        let mut resp = resp;
        let body = resp.body_mut().read_to_vec().unwrap_or_default();
        let err: ApiError = serde_json::from_slice(&body).unwrap_or_else(|_| ApiError {
            code: "http".into(),
            message: format!(
                "the server at {} answered {status} without a Cordon error; is it a Cordon sync server (protocol {PROTOCOL})?",
                self.base
            ),
            server_last_seq: None,
        });
        Err(SyncError::Server {
            status,
            code: err.code,
            message: err.message,
            server_last_seq: err.server_last_seq,
        })
    }

    fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, SyncError> {
        let resp = self
            .agent
            .get(&self.url(path))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .call()
            .map_err(|e| self.unreachable(e))?;
        read_json(self.check(resp)?)
    }

    fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        let resp = self
            .agent
            .post(&self.url(path))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .send_json(body)
            .map_err(|e| self.unreachable(e))?;
        read_json(self.check(resp)?)
    }

    /// `GET /version`, and a refusal when the server does not speak this build's protocol.
    pub fn version(&self) -> Result<api::Version, SyncError> {
        let v: api::Version = self.get_json("/version")?;
        if !v.protocols.contains(&PROTOCOL) {
            return Err(SyncError::Protocol(format!(
                "the server at {} speaks protocol {:?} and this Cordon speaks {PROTOCOL}; update whichever is older",
                self.base, v.protocols
            )));
        }
        Ok(v)
    }

    pub fn join(&self, req: &api::JoinRequest) -> Result<api::Joined, SyncError> {
        self.post_json("/v1/join", req)
    }

    pub fn invite(&self) -> Result<api::Invitation, SyncError> {
        self.post_json("/v1/invites", &serde_json::json!({}))
    }

    pub fn devices(&self) -> Result<Vec<api::Device>, SyncError> {
        self.get_json("/v1/devices")
    }

    pub fn grant(&self, grants: &api::Grants) -> Result<(), SyncError> {
        let _: serde_json::Value = self.post_json("/v1/grants", grants)?;
        Ok(())
    }

    /// Every key wrapped to this device.
    pub fn keys(&self) -> Result<Vec<api::Grant>, SyncError> {
        self.get_json("/v1/keys")
    }

    pub fn status(&self) -> Result<api::Status, SyncError> {
        self.get_json("/v1/status")
    }

    pub fn revoke(&self, device: &str) -> Result<api::Revoked, SyncError> {
        self.post_json(&format!("/v1/revoke/{device}"), &serde_json::json!({}))
    }

    /// Registers the recovery phrase's public key (the admin's first device, once).
    pub fn set_recovery(&self, public_key: &str) -> Result<(), SyncError> {
        let _: serde_json::Value = self.post_json(
            "/v1/recovery",
            &serde_json::json!({ "public_key": public_key }),
        )?;
        Ok(())
    }

    /// Every key wrapped to the recovery phrase (admin).
    pub fn recovery_keys(&self) -> Result<Vec<api::Grant>, SyncError> {
        self.get_json("/v1/recovery/keys")
    }

    /// Which chunks of a file the server holds.
    pub fn blob(&self, scope: &str, blob: &str) -> Result<api::BlobManifest, SyncError> {
        self.get_json(&format!("/v1/blobs/{scope}/{blob}"))
    }

    /// Stores one sealed chunk (idempotent: a chunk sent twice is kept once).
    pub fn put_chunk(
        &self,
        scope: &str,
        blob: &str,
        index: u32,
        total: u32,
        sealed: &[u8],
    ) -> Result<(), SyncError> {
        let resp = self
            .agent
            .put(&self.url(&format!("/v1/blobs/{scope}/{blob}/{index}?total={total}")))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .header("content-type", "application/octet-stream")
            .send(sealed)
            .map_err(|e| self.unreachable(e))?;
        let _: serde_json::Value = read_json(self.check(resp)?)?;
        Ok(())
    }

    /// One sealed chunk.
    pub fn chunk(&self, scope: &str, blob: &str, index: u32) -> Result<Vec<u8>, SyncError> {
        let resp = self
            .agent
            .get(&self.url(&format!("/v1/blobs/{scope}/{blob}/{index}")))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .call()
            .map_err(|e| self.unreachable(e))?;
        let mut resp = self.check(resp)?;
        resp.body_mut()
            .with_config()
            .limit(2 * wire::CHUNK as u64)
            .read_to_vec()
            .map_err(|e| {
                SyncError::Unreachable(format!(
                    "a file's download broke off ({e}); run `cordon sync` again to resume"
                ))
            })
    }

    /// Leaves the team: the server refuses this device's token from now on.
    pub fn leave(&self) -> Result<api::Revoked, SyncError> {
        self.post_json("/v1/leave", &serde_json::json!({}))
    }

    /// Pushes frames in one request; the server takes them in order and stops at the first it
    /// refuses.
    pub fn push(&self, frames: &[Frame]) -> Result<api::Pushed, SyncError> {
        let body: Vec<u8> = frames
            .iter()
            .flat_map(|f| f.bytes.iter().copied())
            .collect();
        let resp = self
            .agent
            .post(&self.url("/v1/push"))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .header("content-type", "application/octet-stream")
            .send(&body[..])
            .map_err(|e| self.unreachable(e))?;
        read_json(self.check(resp)?)
    }

    /// Streams the batches of `scope` after number `after`, at most `limit`, handing each to
    /// `apply` as it arrives: a kill between two leaves every applied batch applied.
    pub fn pull(
        &self,
        scope: &str,
        after: i64,
        limit: usize,
        mut apply: impl FnMut(Pulled) -> Result<(), SyncError>,
    ) -> Result<usize, SyncError> {
        let resp = self
            .agent
            .get(&self.url(&format!("/v1/pull/{scope}?after={after}&limit={limit}")))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .call()
            .map_err(|e| self.unreachable(e))?;
        let mut reader = self.check(resp)?.into_body().into_reader();
        let mut n = 0;
        loop {
            let mut number = [0u8; 8];
            match read_full(&mut reader, &mut number)? {
                0 => return Ok(n),
                8 => {}
                _ => return Err(cut()),
            }
            let mut head = [0u8; 8];
            if read_full(&mut reader, &mut head)? != 8 {
                return Err(cut());
            }
            let hlen = u32::from_be_bytes(head[4..8].try_into().expect("4 bytes")) as usize;
            if hlen > wire::MAX_HEADER {
                return Err(cut());
            }
            let mut rest = vec![0u8; hlen + 4];
            if read_full(&mut reader, &mut rest)? != rest.len() {
                return Err(cut());
            }
            let blen = u32::from_be_bytes(rest[hlen..].try_into().expect("4 bytes")) as usize;
            if blen > wire::MAX_BODY {
                return Err(cut());
            }
            let mut body = vec![0u8; blen];
            if read_full(&mut reader, &mut body)? != blen {
                return Err(cut());
            }
            let bytes = [&head[..], &rest, &body].concat();
            let (frame, _) = wire::split(&bytes)?;
            apply((i64::from_be_bytes(number), frame))?;
            n += 1;
        }
    }

    /// Waits up to `timeout` for a batch numbered above `after` in this device's scopes;
    /// answers the newest number (equal to `after` when nothing came).
    pub fn wait(&self, after: i64, timeout: Duration) -> Result<i64, SyncError> {
        let resp = self
            .agent
            .get(&self.url(&format!(
                "/v1/wait?after={after}&timeout_ms={}",
                timeout.as_millis()
            )))
            .header(PROTOCOL_HEADER, PROTOCOL.to_string())
            .header("authorization", self.auth())
            .call()
            .map_err(|e| self.unreachable(e))?;
        let status: api::Status = read_json(self.check(resp)?)?;
        Ok(status.newest)
    }
}

/// Mozilla's roots, or only the given CA's (`CORDON_SYNC_CA_FILE`): an MSP whose server has a
/// certificate from its own CA trusts that CA and nothing else.
fn tls(ca_pem: Option<&[u8]>) -> Result<ureq::tls::TlsConfig, SyncError> {
    let Some(pem) = ca_pem else {
        return Ok(ureq::tls::TlsConfig::builder().build());
    };
    let certs: Vec<_> = ureq::tls::parse_pem(pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(SyncError::Invalid {
            field: "CORDON_SYNC_CA_FILE".into(),
            message: "the file holds no PEM certificate; point it at the CA that signed the server's certificate".into(),
        });
    }
    Ok(ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(certs)))
        .build())
}

fn cut() -> SyncError {
    SyncError::Protocol(
        "the server's answer was cut off mid-batch; run `cordon sync` again to resume".into(),
    )
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, SyncError> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(SyncError::Unreachable(format!(
                    "the connection to the sync server broke mid-download ({e}); run `cordon sync` again to resume"
                )));
            }
        }
    }
    Ok(got)
}

fn read_json<T: DeserializeOwned>(resp: ureq::http::Response<ureq::Body>) -> Result<T, SyncError> {
    let mut resp = resp;
    let body = resp
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| SyncError::Unreachable(format!("the server's answer broke off: {e}")))?;
    serde_json::from_slice(&body).map_err(|e| {
        SyncError::Protocol(format!(
            "the server's answer is not protocol {PROTOCOL} JSON: {e}"
        ))
    })
}

/// Base64 as the API writes wrapped keys.
pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn unb64(text: &str) -> Result<Vec<u8>, SyncError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| SyncError::Protocol("a wrapped key from the server is not base64".into()))
}
