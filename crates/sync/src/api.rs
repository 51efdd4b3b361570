//! The JSON both ends of protocol v1 speak, beside the frames of `wire`. Every path starts
//! with `/v1/`; every request carries `cordon-protocol: 1`; every error is an `ApiError`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The header that names the protocol on every request and response.
pub const PROTOCOL_HEADER: &str = "cordon-protocol";

/// An error from the server: `code` is for programs, `message` for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// For `overlap`: the last seq the server holds for that (scope, device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_last_seq: Option<i64>,
}

/// `GET /version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub server: String,
    pub protocols: Vec<u32>,
}

/// `POST /v1/join`: a device redeems an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub invite: String,
    pub device: String,
    pub name: String,
    /// Hex of the device's X25519 public key.
    pub public_key: String,
    /// When recovering: the public key of the phrase typed, which must be the team's, checked
    /// before the invitation is used up (a typo does not cost the invitation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub team: String,
    pub team_name: String,
    /// The device's token: sent as `Authorization: Bearer …`; the server keeps only its hash.
    pub token: String,
    /// Admitted by an admin invitation (the first device of a team always is).
    pub admin: bool,
    /// The team's first device: it makes the team key and the recovery phrase.
    pub first: bool,
}

/// `POST /v1/invites` (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub code: String,
    pub expires_at: String,
}

/// A device as `GET /v1/devices` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub device: String,
    pub name: String,
    pub public_key: String,
    pub admin: bool,
    pub joined_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
    /// The scopes it may read and write (server ids).
    pub scopes: Vec<String>,
}

/// One key wrapped to one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub device: String,
    /// Server id of the scope, or `team` for the team key.
    pub scope: String,
    pub epoch: u32,
    /// Base64 of `keys::wrap`'s output.
    pub wrapped: String,
}

/// `POST /v1/grants` (admin): keys for devices; a grant for a scope also gives the device
/// access to it. `epoch` above the scope's current one starts a new epoch (after a revocation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grants {
    pub grants: Vec<Grant>,
}

/// `GET /v1/status`: for each scope this device may read, its epoch and the last seq the
/// server holds per device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub scopes: BTreeMap<String, ScopeStatus>,
    /// The newest batch number the server holds in those scopes: what `wait` waits past.
    pub newest: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeStatus {
    pub epoch: u32,
    /// The newest batch number in the scope: a pull that reached it is done.
    pub newest: i64,
    pub devices: BTreeMap<String, i64>,
}

/// What a push did with each batch, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pushed {
    /// Batches stored.
    pub stored: usize,
    /// Batches the server already had (a replay after a lost answer).
    pub known: usize,
    /// The number each stored batch got, in push order.
    pub numbers: Vec<Numbered>,
}

/// A stored batch's number, and the scope's newest number before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Numbered {
    pub scope: String,
    pub prev: i64,
    pub n: i64,
}

/// `GET /v1/blobs/{scope}/{blob}`: which chunks of a file the server holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobManifest {
    /// How many chunks the file has (0: the server holds none of it).
    pub total: u32,
    pub present: Vec<u32>,
}

/// `POST /v1/revoke/{device}` (admin): what the device held, for the admin to rotate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    pub device: String,
    pub scopes: Vec<String>,
}
