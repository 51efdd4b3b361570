//! `cordon-server`: where an MSP team's laptops meet. It keeps sealed batches per
//! (scope, device) sequence, wrapped keys per device, and who may read which scope; it routes
//! by the plaintext batch header (`cordon_sync::wire`) and never holds a key, a client name, a
//! client id or a plaintext byte. Storage is one trait (`storage`) with a SQLite engine (the
//! default, nothing to install) and a PostgreSQL one (several servers on one database).

pub mod http;
pub mod postgres;
pub mod sqlite;
pub mod storage;
pub mod tls;

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

/// An invitation code: 160 random bits in lowercase base32, in groups of four, so that it
/// reads aloud, never starts with a dash (it is typed after `--invite`), and survives a
/// chat window's line breaks.
pub fn invite_code() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random source failed");
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = String::new();
    for b in bytes {
        bits = (bits << 8) | u64::from(b);
        n += 8;
        while n >= 5 {
            n -= 5;
            if !out.is_empty() && out.len() % 5 == 4 {
                out.push('-');
            }
            out.push(ALPHABET[((bits >> n) & 31) as usize] as char);
        }
    }
    out
}

/// An invitation as typed: case and spaces do not matter.
pub fn invite_hash(typed: &str) -> String {
    let norm: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    sha256_hex(norm.as_bytes())
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
    let code = invite_code();
    let expires_at = stamp(now + valid_for);
    storage.add_invite(&team, &invite_hash(&code), true, &expires_at)?;
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

#[cfg(test)]
mod tests {
    #[test]
    fn invitation_codes_read_aloud_and_match_however_typed() {
        let code = super::invite_code();
        assert_eq!(code.len(), 39, "{code}");
        assert!(
            code.chars()
                .all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c) || c == '-')
        );
        assert!(!code.starts_with('-') && !code.ends_with('-'));
        assert_ne!(code, super::invite_code());
        let typed = format!(" {} ", code.to_uppercase().replace('-', "- "));
        assert_eq!(super::invite_hash(&typed), super::invite_hash(&code));
    }
}
