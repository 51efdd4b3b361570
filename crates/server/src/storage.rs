//! What the server keeps, behind one trait with two engines (`sqlite`, `postgres`) that pass
//! the same tests. Everything in it is routing metadata or ciphertext: team and device ids,
//! device names and public keys, hashes of tokens and invitations, scope ids (keyed hashes the
//! server cannot reverse), sequence numbers, wrapped keys and sealed frames.

use cordon_sync::api;
use cordon_sync::wire::BatchHeader;

/// A storage failure; the HTTP layer answers 503 and logs it.
#[derive(Debug, thiserror::Error)]
#[error("storage: {0}")]
pub struct StorageError(pub String);

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError(e.to_string())
    }
}

impl From<postgres::Error> for StorageError {
    fn from(e: postgres::Error) -> Self {
        StorageError(e.to_string())
    }
}

/// The device a token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub team: String,
    pub device: String,
    pub admin: bool,
    pub revoked: bool,
}

/// A device redeeming an invitation.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub device: String,
    pub name: String,
    pub public_key: String,
    pub token_hash: String,
    /// When recovering, the phrase's public key, checked against the team's.
    pub recovery: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    Joined {
        team: String,
        team_name: String,
        admin: bool,
        /// The team's first device: it makes the team's keys.
        first: bool,
    },
    Unknown,
    Expired,
    /// The recovery key named does not match the team's.
    RecoveryMismatch,
    Used,
    DeviceTaken,
}

/// What a push did with one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// Stored as batch `n`; `prev` is the scope's newest batch before it (0: none), so the
    /// pusher can move its own pull cursor over its own batch when nothing came between.
    Stored { n: i64, prev: i64 },
    /// The server holds these seqs already: a replay after a lost answer.
    Known,
    /// The frame does not follow what the server holds for its (scope, device).
    Overlap { server_last_seq: i64 },
    /// Sealed under an epoch that is not the scope's current one.
    StaleEpoch { current: u32 },
    /// The scope has no key yet: nobody granted it.
    UnknownScope,
}

pub trait Storage: Send + Sync {
    fn create_team(&self, team: &str, name: &str, now: &str) -> Result<(), StorageError>;
    fn add_invite(
        &self,
        team: &str,
        code_hash: &str,
        admin: bool,
        expires_at: &str,
    ) -> Result<(), StorageError>;
    /// Checks the invitation and adds the device, in one transaction.
    fn redeem(
        &self,
        code_hash: &str,
        device: &NewDevice,
        now: &str,
    ) -> Result<Redeemed, StorageError>;
    fn caller(&self, token_hash: &str, now: &str) -> Result<Option<Caller>, StorageError>;
    fn devices(&self, team: &str) -> Result<Vec<api::Device>, StorageError>;
    /// Stores wrapped keys; a grant gives its device the scope; a grant at a higher epoch
    /// than the scope's makes it the scope's epoch.
    fn grant(&self, team: &str, grants: &[api::Grant], now: &str) -> Result<(), StorageError>;
    fn keys(&self, team: &str, device: &str) -> Result<Vec<api::Grant>, StorageError>;
    /// The scopes a device may read and write.
    fn scopes(&self, team: &str, device: &str) -> Result<Vec<String>, StorageError>;
    fn status(&self, team: &str, scopes: &[String]) -> Result<api::Status, StorageError>;
    fn push(&self, header: &BatchHeader, frame: &[u8], now: &str) -> Result<Pushed, StorageError>;
    /// Batches of a scope numbered above `after`, oldest first, until `limit` batches or
    /// `max_bytes`.
    fn pull(
        &self,
        team: &str,
        scope: &str,
        after: i64,
        limit: usize,
        max_bytes: usize,
    ) -> Result<Vec<(i64, Vec<u8>)>, StorageError>;
    fn revoke(
        &self,
        team: &str,
        device: &str,
        now: &str,
    ) -> Result<Option<Vec<String>>, StorageError>;
    /// Keeps a sealed chunk of a file (idempotent).
    fn put_chunk(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
        idx: u32,
        total: u32,
        data: &[u8],
    ) -> Result<(), StorageError>;
    /// The chunk count of a file and the chunks held.
    fn manifest(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
    ) -> Result<api::BlobManifest, StorageError>;
    fn chunk(
        &self,
        team: &str,
        scope: &str,
        blob: &str,
        idx: u32,
    ) -> Result<Option<Vec<u8>>, StorageError>;
    /// Registers the public key of the team's recovery phrase, as the device `recovery` (it
    /// never gets a token); false when the team has one already.
    fn set_recovery(&self, team: &str, public_key: &str, now: &str) -> Result<bool, StorageError>;
    /// A team by its id or its name.
    fn find_team(&self, id_or_name: &str) -> Result<Option<String>, StorageError> {
        Ok(self
            .teams()?
            .into_iter()
            .find(|(id, name)| id == id_or_name || name == id_or_name)
            .map(|(id, _)| id))
    }
    /// Every team, for `admin list-devices`.
    fn teams(&self) -> Result<Vec<(String, String)>, StorageError>;
}

/// A pull page: batches in order until `max_bytes` is reached (the batch that crosses it
/// included, so a page always moves on).
pub fn page(
    rows: impl IntoIterator<Item = (i64, Vec<u8>)>,
    max_bytes: usize,
) -> Vec<(i64, Vec<u8>)> {
    let (mut out, mut bytes) = (Vec::new(), 0usize);
    for (n, frame) in rows {
        bytes += frame.len();
        out.push((n, frame));
        if bytes >= max_bytes {
            break;
        }
    }
    out
}
