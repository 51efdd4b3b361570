//! Sync protocol v1, as both ends see it: the sealed batch (`wire`), the team's keys and how
//! they are wrapped per device (`keys`), the JSON of each endpoint (`api`), and the laptop's
//! HTTP client (`client`). The server links `wire` and `api` only: it routes frames by their
//! plaintext header and never holds a key. What to push and how to apply what arrives is
//! `cordon-app`'s, over its store.

pub mod api;
pub mod client;
pub mod keys;
pub mod wire;

/// Why a sync step failed; callers branch on it (a revoked device stops, an overlap re-reads
/// the server's status, a network error is retried later).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Unreachable(String),
    #[error("{message}")]
    Server {
        status: u16,
        code: String,
        message: String,
        server_last_seq: Option<i64>,
    },
    #[error("{0}")]
    Protocol(String),
    #[error("{0}")]
    Sealed(String),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
}
