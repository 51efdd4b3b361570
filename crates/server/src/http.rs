//! Protocol v1 over HTTP: one handler per endpoint, each a check of the caller and one call
//! into `Storage` (on the blocking pool: both engines are synchronous).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use cordon_sync::api::{self, ApiError, PROTOCOL_HEADER};
use cordon_sync::wire::{self, PROTOCOL};
use serde::Deserialize;
use tokio::sync::watch;

use crate::storage::{Caller, NewDevice, Pushed, Redeemed, Storage};
use crate::{Clock, random_token, sha256_hex};

/// At most this many batches, or this many bytes, per pull page.
pub const PAGE_BATCHES: usize = 1000;
pub const PAGE_BYTES: usize = 32 * 1024 * 1024;
/// A push carries at most this many bytes (several sealed batches).
pub const MAX_PUSH: usize = 4 * wire::MAX_BODY;
/// Requests per token: a burst, then a steady rate.
const RATE_BURST: f64 = 400.0;
const RATE_PER_SEC: f64 = 200.0;
const MAX_WAIT: Duration = Duration::from_secs(55);

pub struct Server {
    pub storage: Arc<dyn Storage>,
    pub clock: Clock,
    /// The newest batch number stored by this process: what long-polls wake on. Several
    /// processes on one PostgreSQL also re-read the storage every second while waiting.
    newest: watch::Sender<i64>,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Server {
    pub fn new(storage: Arc<dyn Storage>, clock: Clock) -> Arc<Server> {
        Arc::new(Server {
            storage,
            clock,
            newest: watch::channel(0).0,
            buckets: Mutex::new(HashMap::new()),
        })
    }

    fn now(&self) -> String {
        crate::stamp((self.clock)())
    }
}

/// An error as the API answers it.
pub struct Refusal(StatusCode, ApiError);

impl Refusal {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Refusal {
        Refusal(
            status,
            ApiError {
                code: code.into(),
                message: message.into(),
                server_last_seq: None,
            },
        )
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, axum::Json(self.1)).into_response()
    }
}

impl From<crate::storage::StorageError> for Refusal {
    fn from(e: crate::storage::StorageError) -> Refusal {
        tracing::error!(error = %e, "storage failed");
        Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the sync server cannot reach its storage right now; try again in a minute (its administrator can read why in the server's log)",
        )
    }
}

type Answer<T> = Result<T, Refusal>;

async fn blocking<T: Send + 'static>(
    s: &Arc<Server>,
    f: impl FnOnce(&dyn Storage) -> Result<T, crate::storage::StorageError> + Send + 'static,
) -> Answer<T> {
    let storage = s.storage.clone();
    tokio::task::spawn_blocking(move || f(storage.as_ref()))
        .await
        .map_err(|_| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the server failed on this request; try again",
            )
        })?
        .map_err(Refusal::from)
}

pub fn router(server: Arc<Server>) -> Router {
    let v1 = Router::new()
        .route("/join", post(join))
        .route("/invites", post(invite))
        .route("/devices", get(devices))
        .route("/grants", post(grant))
        .route("/keys", get(keys))
        .route("/status", get(status))
        .route("/push", post(push))
        .route("/pull/{scope}", get(pull))
        .route("/wait", get(wait))
        .route("/revoke/{device}", post(revoke))
        .route("/leave", post(leave))
        .route("/blobs/{scope}/{blob}", get(blob_manifest))
        .route("/blobs/{scope}/{blob}/{idx}", get(get_chunk).put(put_chunk))
        .route("/recovery", post(set_recovery))
        .route("/recovery/keys", get(recovery_keys))
        .layer(middleware::from_fn(protocol));
    Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({"ok": true})) }),
        )
        .route("/version", get(version))
        .nest("/v1", v1)
        .fallback(unknown_path)
        .layer(DefaultBodyLimit::max(MAX_PUSH))
        .layer(middleware::from_fn(log))
        .with_state(server)
}

async fn log(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let started = Instant::now();
    let resp = next.run(req).await;
    tracing::info!(%method, %path, status = resp.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
    resp
}

async fn protocol(req: Request, next: Next) -> Response {
    let sent = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if sent.as_deref() != Some(&PROTOCOL.to_string()) {
        return Refusal::new(
            StatusCode::BAD_REQUEST,
            "protocol",
            format!(
                "this server speaks sync protocol {PROTOCOL} and the request says {}; update Cordon on this laptop or the server, whichever is older",
                sent.unwrap_or_else(|| "none".into())
            ),
        )
        .into_response();
    }
    next.run(req).await
}

async fn unknown_path(uri: axum::http::Uri) -> Refusal {
    let path = uri.path();
    if path.starts_with("/v") && !path.starts_with("/v1/") {
        return Refusal::new(
            StatusCode::NOT_FOUND,
            "protocol",
            format!(
                "this server speaks sync protocol {PROTOCOL} only ({path} is not one of its paths); update Cordon on this laptop or the server, whichever is older"
            ),
        );
    }
    Refusal::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("{path} is not a path of the Cordon sync server"),
    )
}

async fn version() -> axum::Json<api::Version> {
    axum::Json(api::Version {
        server: env!("CARGO_PKG_VERSION").into(),
        protocols: vec![PROTOCOL],
    })
}

/// The device behind the request's token; refused when unknown, revoked or over its rate.
async fn caller(s: &Arc<Server>, headers: &HeaderMap) -> Answer<Caller> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::UNAUTHORIZED,
                "token_missing",
                "this request carries no device token; join the team first (`cordon sync join`)",
            )
        })?;
    let hash = sha256_hex(token.as_bytes());
    {
        let mut buckets = s.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let (tokens, at) = buckets.entry(hash.clone()).or_insert((RATE_BURST, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * RATE_PER_SEC).min(RATE_BURST);
        *at = now;
        if *tokens < 1.0 {
            return Err(Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "this device sends requests faster than the server allows; wait a second and sync again",
            ));
        }
        *tokens -= 1.0;
    }
    let now = s.now();
    let found = blocking(s, move |st| st.caller(&hash, &now)).await?;
    match found {
        None => Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "token_unknown",
            "the server does not know this device's token (it left the team, or the server was reset); join again with a new invitation from your admin",
        )),
        Some(c) if c.revoked => Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "revoked",
            "the team's admin revoked this device: it can no longer sync, and nothing new reaches it; if that is a mistake, ask your admin for a new invitation",
        )),
        Some(c) => Ok(c),
    }
}

fn admin_only(c: &Caller) -> Answer<()> {
    if c.admin {
        Ok(())
    } else {
        Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "admin_only",
            "only the team's admin device can do this; ask your admin",
        ))
    }
}

fn field(name: &str, message: String) -> Refusal {
    Refusal::new(
        StatusCode::BAD_REQUEST,
        "invalid",
        format!("{name}: {message}"),
    )
}

async fn join(State(s): State<Arc<Server>>, body: Bytes) -> Answer<axum::Json<api::Joined>> {
    let req: api::JoinRequest = serde_json::from_slice(&body)
        .map_err(|e| field("body", format!("not a join request ({e})")))?;
    if uuid_like(&req.device).is_none() {
        return Err(field(
            "device",
            format!("'{}' is not a device id", req.device),
        ));
    }
    let name = req.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(field(
            "name",
            "give this device a name of 1 to 80 characters (\"Alice's laptop\")".into(),
        ));
    }
    if req.public_key.len() != 64 || hex::decode(&req.public_key).is_err() {
        return Err(field(
            "public_key",
            "not an X25519 public key in hex".into(),
        ));
    }
    let token = random_token();
    let device = NewDevice {
        device: req.device.clone(),
        name,
        public_key: req.public_key.clone(),
        token_hash: sha256_hex(token.as_bytes()),
        recovery: req.recovery.clone(),
    };
    let code_hash = crate::invite_hash(&req.invite);
    let now = s.now();
    match blocking(&s, move |st| st.redeem(&code_hash, &device, &now)).await? {
        Redeemed::Joined {
            team,
            team_name,
            admin,
            first,
        } => {
            tracing::info!(device = %req.device, admin, "device joined");
            Ok(axum::Json(api::Joined {
                team,
                team_name,
                token,
                admin,
                first,
            }))
        }
        Redeemed::Unknown => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "invite_unknown",
            "this invitation is not one the server issued; check the code you were given, or ask your admin for a new one",
        )),
        Redeemed::RecoveryMismatch => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "recovery_mismatch",
            "recovery phrase: these 24 words are not this team's recovery phrase; check each word against what was written down when the team was made (the invitation is still valid)",
        )),
        Redeemed::Expired => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "invite_expired",
            "this invitation has expired; ask your admin for a new one (`cordon sync invite`)",
        )),
        Redeemed::Used => Err(Refusal::new(
            StatusCode::CONFLICT,
            "invite_used",
            "this invitation was already used by another device; each invitation admits one device, so ask your admin for a new one",
        )),
        Redeemed::DeviceTaken => Err(Refusal::new(
            StatusCode::CONFLICT,
            "device_taken",
            "a device with this laptop's device id is already in the team; this workspace has joined before",
        )),
    }
}

fn uuid_like(text: &str) -> Option<()> {
    (text.len() == 36 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-')).then_some(())
}

async fn invite(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
) -> Answer<axum::Json<api::Invitation>> {
    let c = caller(&s, &headers).await?;
    admin_only(&c)?;
    let code = crate::invite_code();
    let expires_at = crate::stamp((s.clock)() + chrono::Duration::hours(72));
    let (hash, team, at) = (
        crate::invite_hash(&code),
        c.team.clone(),
        expires_at.clone(),
    );
    blocking(&s, move |st| st.add_invite(&team, &hash, false, &at)).await?;
    Ok(axum::Json(api::Invitation { code, expires_at }))
}

async fn devices(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
) -> Answer<axum::Json<Vec<api::Device>>> {
    let c = caller(&s, &headers).await?;
    Ok(axum::Json(
        blocking(&s, move |st| st.devices(&c.team)).await?,
    ))
}

async fn grant(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<axum::Json<serde_json::Value>> {
    let c = caller(&s, &headers).await?;
    admin_only(&c)?;
    let grants: api::Grants = serde_json::from_slice(&body)
        .map_err(|e| field("body", format!("not a list of grants ({e})")))?;
    let team = c.team.clone();
    let known: Vec<String> = blocking(&s, move |st| st.devices(&team))
        .await?
        .into_iter()
        .filter(|d| d.revoked_at.is_none())
        .map(|d| d.device)
        .collect();
    for g in &grants.grants {
        if !known.contains(&g.device) {
            return Err(field(
                "device",
                format!(
                    "{} is not a device of this team (or it was revoked)",
                    g.device
                ),
            ));
        }
        if g.epoch == 0 || g.scope.is_empty() || g.scope.len() > 64 {
            return Err(field(
                "grant",
                format!("the grant of {} for {} is malformed", g.device, g.scope),
            ));
        }
    }
    let now = s.now();
    let n = grants.grants.len();
    blocking(&s, move |st| st.grant(&c.team, &grants.grants, &now)).await?;
    Ok(axum::Json(serde_json::json!({ "granted": n })))
}

async fn keys(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
) -> Answer<axum::Json<Vec<api::Grant>>> {
    let c = caller(&s, &headers).await?;
    Ok(axum::Json(
        blocking(&s, move |st| st.keys(&c.team, &c.device)).await?,
    ))
}

async fn status(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
) -> Answer<axum::Json<api::Status>> {
    let c = caller(&s, &headers).await?;
    Ok(axum::Json(
        blocking(&s, move |st| {
            let scopes: Vec<String> = st
                .scopes(&c.team, &c.device)?
                .into_iter()
                .filter(|x| x != "team")
                .collect();
            st.status(&c.team, &scopes)
        })
        .await?,
    ))
}

async fn push(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<axum::Json<api::Pushed>> {
    let c = caller(&s, &headers).await?;
    let mut frames = Vec::new();
    let mut rest = &body[..];
    while !rest.is_empty() {
        let (frame, tail) = wire::split(rest)
            .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, "malformed", e.to_string()))?;
        if frame.header.team != c.team {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                "scope_forbidden",
                "a batch names another team than this device's",
            ));
        }
        frames.push(frame);
        rest = tail;
    }
    let now = s.now();
    let (team, device) = (c.team.clone(), c.device.clone());
    let outcome = blocking(&s, move |st| {
        let allowed = st.scopes(&team, &device)?;
        let mut out = (Vec::new(), 0usize, None, 0i64);
        for f in &frames {
            if f.header.scope == "team" || !allowed.contains(&f.header.scope) {
                out.2 = Some(Err(f.header.scope.clone()));
                break;
            }
            match st.push(&f.header, &f.bytes, &now)? {
                Pushed::Stored { n, prev } => {
                    out.0.push(api::Numbered {
                        scope: f.header.scope.clone(),
                        prev,
                        n,
                    });
                    out.3 = out.3.max(n);
                }
                Pushed::Known => out.1 += 1,
                refused => {
                    out.2 = Some(Ok((f.header.clone(), refused)));
                    break;
                }
            }
        }
        Ok(out)
    })
    .await?;
    let (numbers, known, refused, newest) = outcome;
    let stored = numbers.len();
    if newest > 0 {
        s.newest.send_if_modified(|n| {
            let changed = newest > *n;
            *n = (*n).max(newest);
            changed
        });
    }
    match refused {
        None => Ok(axum::Json(api::Pushed {
            stored,
            known,
            numbers,
        })),
        Some(Err(scope)) => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "scope_forbidden",
            format!(
                "this device is not assigned the scope {scope}; ask your admin to assign it the client ({stored} earlier batches were stored)"
            ),
        )),
        Some(Ok((h, Pushed::Overlap { server_last_seq }))) => Err(Refusal(
            StatusCode::CONFLICT,
            ApiError {
                code: "overlap".into(),
                message: format!(
                    "the batch of device {} starting at {} does not follow the {server_last_seq} the server holds; read the status and push again",
                    h.device, h.first_seq
                ),
                server_last_seq: Some(server_last_seq),
            },
        )),
        Some(Ok((_, Pushed::StaleEpoch { current }))) => Err(Refusal::new(
            StatusCode::CONFLICT,
            "stale_epoch",
            format!(
                "a batch is sealed under an old key (the scope is at epoch {current} since a device was revoked); sync again to fetch the new key"
            ),
        )),
        Some(Ok(_)) => Err(Refusal::new(
            StatusCode::NOT_FOUND,
            "scope_unknown",
            "a batch is for a scope nobody holds a key for; the admin's device must sync first to create it",
        )),
    }
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    after: i64,
    limit: Option<usize>,
}

async fn pull(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    Path(scope): Path<String>,
    Query(page): Query<Page>,
) -> Answer<Response> {
    let c = caller(&s, &headers).await?;
    let limit = page.limit.unwrap_or(PAGE_BATCHES).clamp(1, PAGE_BATCHES);
    let after = page.after.max(0);
    let rows = blocking(&s, move |st| {
        let allowed = st.scopes(&c.team, &c.device)?;
        if scope == "team" || !allowed.contains(&scope) {
            return Ok(None);
        }
        st.pull(&c.team, &scope, after, limit, PAGE_BYTES).map(Some)
    })
    .await?
    .ok_or_else(|| {
        Refusal::new(
            StatusCode::FORBIDDEN,
            "scope_forbidden",
            "this device is not assigned that scope; ask your admin to assign it the client",
        )
    })?;
    let mut body = Vec::with_capacity(rows.iter().map(|(_, f)| f.len() + 8).sum());
    for (n, frame) in rows {
        body.extend_from_slice(&n.to_be_bytes());
        body.extend_from_slice(&frame);
    }
    Ok((
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Body::from(body),
    )
        .into_response())
}

#[derive(Deserialize)]
struct Wait {
    #[serde(default)]
    after: i64,
    timeout_ms: Option<u64>,
}

async fn wait(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    Query(w): Query<Wait>,
) -> Answer<axum::Json<api::Status>> {
    let c = caller(&s, &headers).await?;
    let deadline = tokio::time::Instant::now()
        + Duration::from_millis(w.timeout_ms.unwrap_or(25_000)).min(MAX_WAIT);
    let mut rx = s.newest.subscribe();
    loop {
        let (team, device) = (c.team.clone(), c.device.clone());
        let st = blocking(&s, move |st| {
            let scopes: Vec<String> = st
                .scopes(&team, &device)?
                .into_iter()
                .filter(|x| x != "team")
                .collect();
            st.status(&team, &scopes)
        })
        .await?;
        if st.newest > w.after || tokio::time::Instant::now() >= deadline {
            return Ok(axum::Json(st));
        }
        // Woken by a push to this process, or after a second for pushes to another process.
        let nap = (deadline - tokio::time::Instant::now()).min(Duration::from_secs(1));
        let _ = tokio::time::timeout(nap, rx.changed()).await;
    }
}

async fn revoke(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    Path(device): Path<String>,
) -> Answer<axum::Json<api::Revoked>> {
    let c = caller(&s, &headers).await?;
    admin_only(&c)?;
    if device == c.device {
        return Err(field(
            "device",
            "the admin device cannot revoke itself".into(),
        ));
    }
    let now = s.now();
    let (team, d) = (c.team.clone(), device.clone());
    let scopes = blocking(&s, move |st| st.revoke(&team, &d, &now))
        .await?
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::NOT_FOUND,
                "device_unknown",
                format!("{device} is not a device of this team; `cordon sync devices` lists them"),
            )
        })?;
    tracing::info!(%device, "device revoked");
    Ok(axum::Json(api::Revoked { device, scopes }))
}

/// Files up to 4 GiB: 4096 chunks of 1 MiB.
const MAX_CHUNKS: u32 = 4096;

/// The caller, when it may read and write `scope`.
async fn in_scope(s: &Arc<Server>, headers: &HeaderMap, scope: &str) -> Answer<Caller> {
    let c = caller(s, headers).await?;
    let (team, device, sc) = (c.team.clone(), c.device.clone(), scope.to_owned());
    let allowed = blocking(s, move |st| Ok(st.scopes(&team, &device)?.contains(&sc))).await?;
    if scope == "team" || !allowed {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "scope_forbidden",
            "this device is not assigned that scope; ask your admin to assign it the client",
        ));
    }
    Ok(c)
}

async fn blob_manifest(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    Path((scope, blob)): Path<(String, String)>,
) -> Answer<axum::Json<api::BlobManifest>> {
    let c = in_scope(&s, &headers, &scope).await?;
    Ok(axum::Json(
        blocking(&s, move |st| st.manifest(&c.team, &scope, &blob)).await?,
    ))
}

#[derive(Deserialize)]
struct ChunkOf {
    total: u32,
}

async fn put_chunk(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    Path((scope, blob, idx)): Path<(String, String, u32)>,
    Query(of): Query<ChunkOf>,
    body: Bytes,
) -> Answer<axum::Json<serde_json::Value>> {
    let c = in_scope(&s, &headers, &scope).await?;
    if of.total == 0 || of.total > MAX_CHUNKS || idx >= of.total {
        return Err(field(
            "total",
            format!(
                "chunk {idx} of {} is not a place in a file of at most {MAX_CHUNKS} chunks",
                of.total
            ),
        ));
    }
    if body.len() > wire::CHUNK + 64 || blob.len() > 64 {
        return Err(field(
            "chunk",
            format!("a chunk holds at most {} bytes", wire::CHUNK),
        ));
    }
    blocking(&s, move |st| {
        st.put_chunk(&c.team, &scope, &blob, idx, of.total, &body)
    })
    .await?;
    Ok(axum::Json(serde_json::json!({ "ok": true })))
}

async fn get_chunk(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    Path((scope, blob, idx)): Path<(String, String, u32)>,
) -> Answer<Response> {
    let c = in_scope(&s, &headers, &scope).await?;
    let data = blocking(&s, move |st| st.chunk(&c.team, &scope, &blob, idx))
        .await?
        .ok_or_else(|| Refusal::new(StatusCode::NOT_FOUND, "chunk_missing", "the server does not hold that part of the file yet; the laptop that added it has not finished sending it"))?;
    Ok((
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Body::from(data),
    )
        .into_response())
}

#[derive(Deserialize)]
struct RecoveryKey {
    public_key: String,
}

/// The admin's first sync registers the recovery phrase's public key, once per team.
async fn set_recovery(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<axum::Json<serde_json::Value>> {
    let c = caller(&s, &headers).await?;
    admin_only(&c)?;
    let req: RecoveryKey = serde_json::from_slice(&body)
        .map_err(|e| field("body", format!("not a recovery key ({e})")))?;
    if req.public_key.len() != 64 || hex::decode(&req.public_key).is_err() {
        return Err(field(
            "public_key",
            "not an X25519 public key in hex".into(),
        ));
    }
    let now = s.now();
    let set = blocking(&s, move |st| {
        st.set_recovery(&c.team, &req.public_key, &now)
    })
    .await?;
    if !set {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "recovery_set",
            "this team already has a recovery phrase; the one written down when the team was made stays valid",
        ));
    }
    Ok(axum::Json(serde_json::json!({ "ok": true })))
}

/// Every key wrapped to the recovery phrase, for an admin's laptop that was given the phrase.
async fn recovery_keys(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
) -> Answer<axum::Json<Vec<api::Grant>>> {
    let c = caller(&s, &headers).await?;
    admin_only(&c)?;
    Ok(axum::Json(
        blocking(&s, move |st| st.keys(&c.team, "recovery")).await?,
    ))
}

/// A device leaving the team on its own: its token is refused from now on, as if revoked.
async fn leave(
    State(s): State<Arc<Server>>,
    headers: HeaderMap,
) -> Answer<axum::Json<api::Revoked>> {
    let c = caller(&s, &headers).await?;
    let now = s.now();
    let (team, d) = (c.team.clone(), c.device.clone());
    let scopes = blocking(&s, move |st| st.revoke(&team, &d, &now))
        .await?
        .unwrap_or_default();
    tracing::info!(device = %c.device, "device left");
    Ok(axum::Json(api::Revoked {
        device: c.device,
        scopes,
    }))
}
