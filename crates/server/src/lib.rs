//! `cordon-server`: where an MSP team's laptops meet. It keeps sealed batches per
//! (scope, device) sequence, wrapped keys per device, and who may read which scope; it routes
//! by the plaintext batch header (`cordon_sync::wire`) and never holds a key, a client name, a
//! client id or a plaintext byte. Storage is one trait (`storage`) with a SQLite engine (the
//! default, nothing to install) and a PostgreSQL one (several servers on one database).

pub mod http;
pub mod postgres;
pub mod sqlite;
pub mod storage;

use std::sync::Arc;

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use rand::TryRngCore as _;
use sha2::{Digest, Sha256};

/// The server's clock, injected so tests can move it.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// Times as the server stores them: RFC 3339 in UTC to the millisecond, so they sort as text.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// 32 random bytes from the OS, URL-safe: device tokens and invitation codes.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random source failed");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new team and its first (admin) invitation's code.
pub fn create_team(
    storage: &dyn storage::Storage,
    name: &str,
    now: DateTime<Utc>,
    valid_for: chrono::Duration,
) -> Result<(String, String, String), storage::StorageError> {
    let team = uuid_v4_like();
    storage.create_team(&team, name, &stamp(now))?;
    let code = random_token();
    let expires_at = stamp(now + valid_for);
    storage.add_invite(&team, &sha256_hex(code.as_bytes()), true, &expires_at)?;
    Ok((team, code, expires_at))
}

fn uuid_v4_like() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng
        .try_fill_bytes(&mut b)
        .expect("the OS random source failed");
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}
