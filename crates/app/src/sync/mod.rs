//! Sync with the team's server, over `cordon_sync`: join, invite, approve, push and pull,
//! revoke, leave. Every call the CLI and the desktop app make goes through here.
//!
//! A sync is: fetch the keys wrapped to this device; if this is the admin's device, give every
//! local client a scope key and re-key the scopes a revoked device held; read the server's
//! status; push, per (scope, device), the ops the server lacks, sealed under the scope's key;
//! pull, per scope, the batches after the last one applied, each applied with its cursor in one
//! transaction. The server sees scope ids (keyed hashes), seqs and ciphertext.

use std::collections::{BTreeMap, BTreeSet};

use cordon_store::{Op, Store, StoreError, SyncAccount};
use cordon_sync::SyncError;
use cordon_sync::api;
use cordon_sync::client::{Remote, b64, unb64};
use cordon_sync::keys::{self, DevicePublic, DeviceSecret, SecretKey};
use cordon_sync::wire::{self, BatchHeader, PROTOCOL};
use rand::TryRngCore as _;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::{AppError, ErrorCode};
use crate::workspace::Workspace;

mod exchange;

/// Ops per sealed batch, and bytes per push request.
const BATCH_OPS: usize = 2000;
const PUSH_BYTES: usize = 12 * 1024 * 1024;
const PULL_PAGE: usize = 1000;
/// Ops read from the log at a time when pushing.
const READ_PAGE: usize = 5000;
/// What the server held per (scope id, device) at the end of a sync.
type Seen = BTreeMap<String, BTreeMap<String, i64>>;

/// The key every scope id is derived from.
const TEAM: &str = "team";
/// The recovery phrase's key pair, as a device of the team.
const RECOVERY: &str = "recovery";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncJoined {
    pub server: String,
    pub team_name: String,
    pub device: String,
    /// Six words the admin compares before approving this device.
    pub fingerprint: String,
    pub admin: bool,
    /// The team's recovery phrase, given to its first device once, to be written down: it
    /// re-opens every key if that laptop is lost. Never stored, never shown again.
    pub recovery_phrase: Option<String>,
}

/// A join in progress.
struct Joining {
    first: bool,
    public: SyncJoined,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncInvitation {
    pub code: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncDevice {
    pub device: String,
    pub name: String,
    pub fingerprint: String,
    pub admin: bool,
    pub this_device: bool,
    pub joined_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Clients it is assigned, by id, as far as this workspace knows them.
    pub clients: Vec<String>,
    /// Waiting for the admin to compare its fingerprint and assign clients.
    pub pending: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Ops sent to the server, and in how many sealed batches.
    pub pushed: usize,
    pub batches: usize,
    /// Ops received that this workspace did not have.
    pub pulled: usize,
    /// Ops received that it had (its own, or sent twice).
    pub known: usize,
    /// Records waiting for changes that have not arrived.
    pub waiting: usize,
    /// Scopes re-keyed because a device that held them was revoked.
    pub rekeyed: usize,
    /// Evidence files sent, received, and waiting for the laptop that holds them to send them.
    pub files_sent: usize,
    pub files_received: usize,
    pub files_waiting: usize,
    /// Clients whose changes stay on this laptop: not assigned to it on the server.
    pub not_shared: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub joined: bool,
    pub server: Option<String>,
    pub team_name: Option<String>,
    pub device: String,
    pub fingerprint: Option<String>,
    pub admin: bool,
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
    /// Changes made here (or received from a file) that the server did not hold at the last sync.
    pub waiting: i64,
}

/// Which clients a device is approved for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clients {
    All,
    Some(Vec<String>),
}

impl Clients {
    /// `all`, or client ids separated by commas.
    pub fn parse(text: &str) -> Result<Clients, AppError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") {
            return Ok(Clients::All);
        }
        let ids: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if ids.is_empty() {
            return Err(invalid(
                "clients",
                "name the clients this device may see: `all`, or client ids separated by commas (`cordon clients list` shows them)",
            ));
        }
        Ok(Clients::Some(ids))
    }
}

/// A (scope, device, highest seq) of the op log, as `Store::streams` lists them.
type Stream = (String, String, i64);

/// Scope id on the server → local scope, for the scopes of `streams` and the workspace's own.
fn names(team: &SecretKey, streams: &[Stream]) -> BTreeMap<String, String> {
    streams
        .iter()
        .map(|(scope, _, _)| scope.as_str())
        .chain(["workspace"])
        .map(|sc| (keys::scope_id(team, sc), sc.to_owned()))
        .collect()
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::from(cordon_core::Invalid::one(field, message.into()))
}

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> AppError {
        match e {
            SyncError::Invalid { field, message } => invalid(&field, message),
            SyncError::Server { code, message, .. } if code == "revoked" => {
                AppError::new(ErrorCode::Revoked, message)
            }
            SyncError::Server { code, message, .. }
                if code == "invalid" || code == "recovery_mismatch" =>
            {
                AppError::new(ErrorCode::InvalidInput, message)
            }
            SyncError::Unreachable(m) => AppError::new(ErrorCode::SyncUnreachable, m),
            other => AppError::new(ErrorCode::SyncRefused, other.to_string()),
        }
    }
}

fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>, AppError> {
    let mut out = Zeroizing::new([0u8; N]);
    rand::rngs::OsRng
        .try_fill_bytes(out.as_mut())
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("the system random source failed: {e}"),
            )
        })?;
    Ok(out)
}

fn not_joined() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "this workspace has not joined a team; ask your admin for an invitation and run `cordon sync join --server URL --invite CODE --device-name NAME`",
    )
}

/// The keys this laptop holds, by (scope id, epoch).
struct Keyring(BTreeMap<(String, u32), SecretKey>);

impl Keyring {
    fn load(s: &Store) -> Result<Keyring, StoreError> {
        Ok(Keyring(
            s.sync_keys()?
                .into_iter()
                .filter_map(|k| Some(((k.scope, k.epoch), SecretKey::from_slice(&k.key)?)))
                .collect(),
        ))
    }

    fn get(&self, scope: &str, epoch: u32) -> Option<&SecretKey> {
        self.0.get(&(scope.to_owned(), epoch))
    }

    fn team(&self) -> Result<&SecretKey, AppError> {
        self.get(TEAM, 1).ok_or_else(|| {
            AppError::new(ErrorCode::SyncRefused, "this device has not received the team's keys yet: the admin must approve it (`cordon sync approve` on the admin's laptop), then run `cordon sync` again")
        })
    }

    fn epochs(&self, scope: &str) -> Vec<u32> {
        self.0
            .keys()
            .filter(|(s, _)| s == scope)
            .map(|(_, e)| *e)
            .collect()
    }
}

/// One joined workspace's view of the team, for the length of one call.
struct Session {
    account: SyncAccount,
    remote: Remote,
    me: DeviceSecret,
}

impl Workspace {
    fn session(&self) -> Result<Session, AppError> {
        let account = self.with(|s| s.sync_account())?.ok_or_else(not_joined)?;
        let remote = Remote::new(&account.server, Some(&account.token))?;
        let secret = SecretKey::from_slice(&account.device_secret)
            .ok_or_else(|| AppError::new(ErrorCode::Storage, "this workspace's device key is damaged; leave the team (`cordon sync leave`) and join again"))?;
        Ok(Session {
            me: DeviceSecret::from_key(&secret),
            account,
            remote,
        })
    }

    fn stamp(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Joins the team an invitation is for. The team's first device is its admin: it makes the
    /// team key and a recovery phrase, returned here once and never again.
    pub fn sync_join(
        &self,
        server: &str,
        invite: &str,
        device_name: &str,
    ) -> Result<SyncJoined, AppError> {
        let (joined, me) = self.join_team(server, invite, device_name, None)?;
        let mut recovery_phrase = None;
        if joined.first {
            let s = self.session()?;
            let phrase = keys::RecoveryPhrase::from_entropy(*random::<32>()?);
            let recovery = phrase.secret().public();
            s.remote.set_recovery(&recovery.to_hex())?;
            self.with(|st| {
                st.approve_sync_device(RECOVERY, &recovery.to_hex(), &self.stamp())?;
                st.set_sync_device_all_clients(RECOVERY, true)
            })?;
            // The team key names every scope on the server; the first device makes it, once.
            let team = SecretKey::from_bytes(*random::<32>()?);
            self.with(|st| st.put_sync_key(TEAM, 1, team.expose()))?;
            let grants = vec![
                self.wrap_for(&me.public(), &joined.public.device, TEAM, 1, &team)?,
                self.wrap_for(&recovery, RECOVERY, TEAM, 1, &team)?,
            ];
            s.remote.grant(&api::Grants { grants })?;
            recovery_phrase = Some(phrase.words().to_owned());
        }
        Ok(SyncJoined {
            recovery_phrase,
            ..joined.public
        })
    }

    /// A new laptop for a team whose admin laptop was lost: joins with an admin invitation
    /// from the server's operator (`cordon-server admin invite --admin`) and re-opens every key
    /// with the recovery phrase. `cordon sync` then brings every record back.
    pub fn sync_recover(
        &self,
        server: &str,
        invite: &str,
        device_name: &str,
        phrase: &str,
    ) -> Result<SyncJoined, AppError> {
        let phrase = keys::RecoveryPhrase::parse(phrase)?;
        let secret = phrase.secret();
        let recovery = secret.public();
        let (joined, me) = self.join_team(server, invite, device_name, Some(&recovery))?;
        let undo = |e: AppError| {
            if let Ok(s) = self.session() {
                let _ = s.remote.leave();
            }
            let _ = self.with(|st| st.forget_sync());
            e
        };
        let restore = || -> Result<(), AppError> {
            if !joined.public.admin || joined.first {
                return Err(invalid(
                    "invite",
                    "recovering needs an admin invitation for the existing team: ask whoever runs the server for `cordon-server admin invite --team NAME --admin`",
                ));
            }
            let s = self.session()?;
            let on_server = s
                .remote
                .devices()?
                .into_iter()
                .find(|d| d.device == RECOVERY);
            if on_server.as_ref().map(|d| d.public_key.as_str()) != Some(recovery.to_hex().as_str())
            {
                return Err(invalid(
                    "recovery phrase",
                    "these 24 words are not this team's recovery phrase; check each word against what was written down when the team was made, then ask for a new admin invitation (this one is used up)",
                ));
            }
            let mut grants = Vec::new();
            for g in s.remote.recovery_keys()? {
                let key = keys::unwrap(
                    &unb64(&g.wrapped)?,
                    &secret,
                    &keys::wrap_context(&g.scope, g.epoch),
                )?;
                self.with(|st| st.put_sync_key(&g.scope, g.epoch, key.expose()))?;
                grants.push(self.wrap_for(
                    &me.public(),
                    &joined.public.device,
                    &g.scope,
                    g.epoch,
                    &key,
                )?);
            }
            s.remote.grant(&api::Grants { grants })?;
            self.with(|st| {
                st.approve_sync_device(RECOVERY, &recovery.to_hex(), &self.stamp())?;
                st.set_sync_device_all_clients(RECOVERY, true)
            })?;
            Ok(())
        };
        restore().map_err(undo)?;
        Ok(joined.public)
    }

    /// Redeems an invitation and keeps the account: the step every way into a team shares.
    fn join_team(
        &self,
        server: &str,
        invite: &str,
        device_name: &str,
        recovery: Option<&DevicePublic>,
    ) -> Result<(Joining, DeviceSecret), AppError> {
        if self.with(|s| s.sync_account())?.is_some() {
            return Err(AppError::new(
                ErrorCode::AlreadyExists,
                "this workspace is already in a team; `cordon sync status` shows which (leave it first with `cordon sync leave`)",
            ));
        }
        let name = device_name.trim();
        if name.is_empty() {
            return Err(invalid(
                "device name",
                "name this laptop for the team (\"Alice's laptop\")",
            ));
        }
        let invite = invite.trim();
        if invite.is_empty() {
            return Err(invalid(
                "invite",
                "paste the invitation code your admin gave you",
            ));
        }
        let remote = Remote::new(server, None)?;
        remote.version()?;
        let secret = SecretKey::from_bytes(*random::<32>()?);
        let me = DeviceSecret::from_key(&secret);
        let device = self.with(|s| Ok(s.device_id().to_string()))?;
        let joined = remote.join(&api::JoinRequest {
            invite: invite.to_owned(),
            device: device.clone(),
            name: name.to_owned(),
            public_key: me.public().to_hex(),
            recovery: recovery.map(DevicePublic::to_hex),
        })?;
        let account = SyncAccount {
            server: remote.server().to_owned(),
            team: joined.team.clone(),
            team_name: joined.team_name.clone(),
            token: Zeroizing::new(joined.token.clone()),
            device_secret: Zeroizing::new(secret.expose().to_vec()),
            admin: joined.admin,
            joined_at: self.stamp(),
            last_sync_at: None,
            last_error: None,
            last_status: BTreeMap::new(),
        };
        self.with(|s| s.set_sync_account(&account))?;
        if joined.admin {
            self.with(|s| s.approve_sync_device(&device, &me.public().to_hex(), &self.stamp()))?;
        }
        Ok((
            Joining {
                first: joined.first,
                public: SyncJoined {
                    server: account.server,
                    team_name: joined.team_name,
                    device,
                    fingerprint: me.public().fingerprint(),
                    admin: joined.admin,
                    recovery_phrase: None,
                },
            },
            me,
        ))
    }

    fn wrap_for(
        &self,
        to: &DevicePublic,
        device: &str,
        scope: &str,
        epoch: u32,
        key: &SecretKey,
    ) -> Result<api::Grant, AppError> {
        let wrapped = keys::wrap(
            key,
            to,
            &keys::wrap_context(scope, epoch),
            *random::<32>()?,
            *random::<24>()?,
        );
        Ok(api::Grant {
            device: device.to_owned(),
            scope: scope.to_owned(),
            epoch,
            wrapped: b64(&wrapped),
        })
    }

    /// An invitation for one more device (admin only).
    pub fn sync_invite(&self) -> Result<SyncInvitation, AppError> {
        let s = self.session()?;
        let inv = s.remote.invite()?;
        Ok(SyncInvitation {
            code: inv.code,
            expires_at: inv.expires_at,
        })
    }

    /// The team's devices, with their fingerprints and the clients each may see.
    pub fn sync_devices(&self) -> Result<Vec<SyncDevice>, AppError> {
        let s = self.session()?;
        let names = self.scope_names()?;
        let me = self.with(|st| Ok(st.device_id().to_string()))?;
        Ok(s.remote
            .devices()?
            .into_iter()
            .filter(|d| d.device != RECOVERY)
            .map(|d| {
                let fingerprint = DevicePublic::from_hex(&d.public_key)
                    .map(|k| k.fingerprint())
                    .unwrap_or_else(|_| "(not a key)".into());
                let clients = d
                    .scopes
                    .iter()
                    .filter_map(|sid| names.get(sid))
                    .filter(|n| n.as_str() != "workspace")
                    .cloned()
                    .collect();
                SyncDevice {
                    pending: d.revoked_at.is_none() && d.scopes.is_empty(),
                    this_device: d.device == me,
                    device: d.device,
                    name: d.name,
                    fingerprint,
                    admin: d.admin,
                    joined_at: d.joined_at,
                    last_seen_at: d.last_seen_at,
                    revoked_at: d.revoked_at,
                    clients,
                }
            })
            .collect())
    }

    /// Scope id on the server → local scope (client id or `workspace`), for what this laptop holds.
    fn scope_names(&self) -> Result<BTreeMap<String, String>, AppError> {
        let keyring = self.with(Keyring::load)?;
        let Ok(team) = keyring.team() else {
            return Ok(BTreeMap::new());
        };
        Ok(names(team, &self.with(|s| s.streams())?))
    }

    /// The id the server knows a scope (client id or `workspace`) by: for tests that speak to
    /// the server directly.
    #[doc(hidden)]
    pub fn sync_scope_id(&self, scope: &str) -> Result<String, AppError> {
        let keyring = self.with(Keyring::load)?;
        Ok(keys::scope_id(keyring.team()?, scope))
    }

    /// Approves a device after its user read out its fingerprint, for some clients or all.
    pub fn sync_approve(
        &self,
        device: &str,
        fingerprint: &str,
        clients: &Clients,
    ) -> Result<SyncDevice, AppError> {
        let s = self.session()?;
        if !s.account.admin {
            return Err(AppError::new(
                ErrorCode::SyncRefused,
                "only the team's admin device can approve devices; ask your admin",
            ));
        }
        let found = s
            .remote
            .devices()?
            .into_iter()
            .find(|d| d.device == device.trim())
            .ok_or_else(|| {
                invalid(
                    "device",
                    format!(
                        "{device} is not a device of the team; `cordon sync devices` lists them"
                    ),
                )
            })?;
        if found.revoked_at.is_some() {
            return Err(invalid(
                "device",
                format!("{} was revoked; it needs a new invitation", found.name),
            ));
        }
        let key = DevicePublic::from_hex(&found.public_key)?;
        if !keys::same_fingerprint(&key.fingerprint(), fingerprint) {
            return Err(invalid(
                "fingerprint",
                format!(
                    "'{fingerprint}' is not the fingerprint of the key the server holds for {}; do not approve it. Ask its user to read the six words `cordon sync status` shows on that laptop: if they match what you typed, the server handed out another key and must not be trusted",
                    found.name
                ),
            ));
        }
        self.create_scopes(&s, &self.with(|st| st.streams())?)?;
        let keyring = self.with(Keyring::load)?;
        let team = keyring.team()?;
        let names = self.scope_names()?;
        let wanted: BTreeSet<String> = match clients {
            Clients::All => names.values().cloned().collect(),
            Clients::Some(ids) => {
                let mut set = BTreeSet::from(["workspace".to_owned()]);
                for id in ids {
                    self.client(id).map_err(|_| invalid("clients", format!("'{id}' is not a client of this workspace; `cordon clients list` shows their ids")))?;
                    set.insert(id.clone());
                }
                set
            }
        };
        let mut grants = Vec::new();
        for scope in
            std::iter::once(TEAM.to_owned()).chain(wanted.iter().map(|sc| keys::scope_id(team, sc)))
        {
            for epoch in keyring.epochs(&scope) {
                grants.push(self.wrap_for(
                    &key,
                    &found.device,
                    &scope,
                    epoch,
                    keyring.get(&scope, epoch).expect("listed"),
                )?);
            }
        }
        s.remote.grant(&api::Grants { grants })?;
        self.with(|st| {
            st.approve_sync_device(&found.device, &found.public_key, &self.stamp())?;
            st.set_sync_device_all_clients(&found.device, *clients == Clients::All)
        })?;
        self.sync_devices()?
            .into_iter()
            .find(|d| d.device == found.device)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::SyncRefused,
                    "the server lost the device it just approved",
                )
            })
    }

    /// The admin gives every local client (and the workspace) a key, epoch 1, so its changes can
    /// be sealed; the key is wrapped to the admin's own device.
    fn create_scopes(&self, s: &Session, streams: &[Stream]) -> Result<(), AppError> {
        if !s.account.admin {
            return Ok(());
        }
        let keyring = self.with(Keyring::load)?;
        let Ok(team) = keyring.team() else {
            return Ok(());
        };
        let new: Vec<String> = names(team, streams)
            .into_keys()
            .filter(|sid| keyring.epochs(sid).is_empty())
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        let device = self.with(|st| Ok(st.device_id().to_string()))?;
        // Besides this laptop: the recovery phrase, and every device approved for all clients
        // that is still in the team with the key its fingerprint was checked against.
        let current: BTreeMap<String, String> = s
            .remote
            .devices()?
            .into_iter()
            .filter(|d| d.revoked_at.is_none())
            .map(|d| (d.device, d.public_key))
            .collect();
        let mut to = Vec::new();
        for (d, pk) in self.with(|st| st.all_clients_sync_devices())? {
            if d != device && current.get(&d) == Some(&pk) {
                to.push((d, DevicePublic::from_hex(&pk)?));
            }
        }
        let mut grants = Vec::new();
        for sid in new {
            let key = SecretKey::from_bytes(*random::<32>()?);
            self.with(|st| st.put_sync_key(&sid, 1, key.expose()))?;
            grants.push(self.wrap_for(&s.me.public(), &device, &sid, 1, &key)?);
            for (d, pk) in &to {
                grants.push(self.wrap_for(pk, d, &sid, 1, &key)?);
            }
        }
        if !grants.is_empty() {
            s.remote.grant(&api::Grants { grants })?;
        }
        Ok(())
    }

    /// Stores the keys wrapped to this device that it does not hold yet.
    fn fetch_keys(&self, s: &Session) -> Result<(), AppError> {
        let keyring = self.with(Keyring::load)?;
        for g in s.remote.keys()? {
            if keyring.get(&g.scope, g.epoch).is_some() {
                continue;
            }
            let key = keys::unwrap(
                &unb64(&g.wrapped)?,
                &s.me,
                &keys::wrap_context(&g.scope, g.epoch),
            )?;
            self.with(|st| st.put_sync_key(&g.scope, g.epoch, key.expose()))?;
        }
        Ok(())
    }

    /// After a revocation: each scope a revoked device held at its current epoch gets a new key,
    /// wrapped to the approved devices that still hold it (and to this one).
    fn rekey_revoked(&self, s: &Session) -> Result<usize, AppError> {
        if !s.account.admin {
            return Ok(0);
        }
        let devices = s.remote.devices()?;
        let approved = self.with(|st| st.approved_sync_devices())?;
        let me = self.with(|st| Ok(st.device_id().to_string()))?;
        let keyring = self.with(Keyring::load)?;
        let stale: BTreeSet<&String> = devices
            .iter()
            .filter(|d| d.revoked_at.is_some())
            .flat_map(|d| d.scopes.iter())
            // The team key only names scopes: the revoked device keeps knowing the names,
            // and the server refuses it anyway.
            .filter(|sid| sid.as_str() != TEAM)
            .collect();
        let mut grants = Vec::new();
        for sid in &stale {
            let epoch = keyring.epochs(sid).into_iter().max().unwrap_or(0) + 1;
            let key = SecretKey::from_bytes(*random::<32>()?);
            self.with(|st| st.put_sync_key(sid, epoch, key.expose()))?;
            grants.push(self.wrap_for(&s.me.public(), &me, sid, epoch, &key)?);
            for d in devices
                .iter()
                .filter(|d| d.revoked_at.is_none() && d.device != me && d.scopes.contains(sid))
            {
                // Only to a key the admin compared: the server's list could carry another.
                let Some(pk) = approved.get(&d.device).filter(|pk| **pk == d.public_key) else {
                    continue;
                };
                grants.push(self.wrap_for(
                    &DevicePublic::from_hex(pk)?,
                    &d.device,
                    sid,
                    epoch,
                    &key,
                )?);
            }
        }
        if !grants.is_empty() {
            s.remote.grant(&api::Grants { grants })?;
        }
        Ok(stale.len())
    }

    /// Revokes a device (admin only) and re-keys every scope it held.
    pub fn sync_revoke(&self, device: &str) -> Result<usize, AppError> {
        let s = self.session()?;
        if !s.account.admin {
            return Err(AppError::new(
                ErrorCode::SyncRefused,
                "only the team's admin device can revoke devices; ask your admin",
            ));
        }
        s.remote.revoke(device.trim())?;
        self.rekey_revoked(&s)
    }

    /// Leaves the team: the server refuses this device from now on, and the workspace forgets
    /// the team's keys. Its records stay.
    pub fn sync_leave(&self) -> Result<(), AppError> {
        let s = self.session()?;
        match s.remote.leave() {
            Ok(_) => {}
            Err(SyncError::Server { code, .. }) if code == "revoked" || code == "token_unknown" => {
            }
            Err(e) => return Err(e.into()),
        }
        self.with(|st| st.forget_sync())
    }

    /// Where this workspace stands with its team, without asking the server.
    pub fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let device = self.with(|st| Ok(st.device_id().to_string()))?;
        let Some(a) = self.with(|st| st.sync_account())? else {
            return Ok(SyncStatus {
                joined: false,
                server: None,
                team_name: None,
                device,
                fingerprint: None,
                admin: false,
                last_sync_at: None,
                last_error: None,
                waiting: 0,
            });
        };
        let fingerprint = SecretKey::from_slice(&a.device_secret)
            .map(|k| DeviceSecret::from_key(&k).public().fingerprint());
        let keyring = self.with(Keyring::load)?;
        let mut waiting = 0;
        if let Ok(team) = keyring.team() {
            for (scope, dev, _) in self.with(|st| st.streams())? {
                let sid = keys::scope_id(team, &scope);
                let known = a
                    .last_status
                    .get(&sid)
                    .and_then(|m| m.get(&dev))
                    .copied()
                    .unwrap_or(0);
                waiting += self.with(|st| st.stream_count(&scope, &dev, known))?;
            }
        }
        Ok(SyncStatus {
            joined: true,
            server: Some(a.server),
            team_name: Some(a.team_name),
            device,
            fingerprint,
            admin: a.admin,
            last_sync_at: a.last_sync_at,
            last_error: a.last_error,
            waiting,
        })
    }
}
