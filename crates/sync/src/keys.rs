//! The keys of a team, and how they travel.
//!
//! - A **scope key** seals one client's ops (and the workspace's own settings, scope
//!   `workspace`) for one epoch; revoking a device starts a new epoch.
//! - The **team key** names things on the server: a scope's id there is a keyed hash of the
//!   client id, so the server can route batches without learning which client they are.
//! - Each device has an X25519 key pair that stays in its SQLCipher file. Keys reach a device
//!   wrapped to its public key; the admin wraps them only after comparing the device's
//!   fingerprint, so the server never vouches for a key.
//! - A recovery phrase (24 BIP39 words) is another X25519 key pair: every key is wrapped to it
//!   too, so a lost admin laptop does not lose the team's data.
//!
//! Randomness comes in as bytes: callers draw it from the OS, tests pass fixed bytes.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::SyncError;

/// 32 secret bytes, zeroised on drop, never printed.
pub struct SecretKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl SecretKey {
    pub fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey(Zeroizing::new(bytes))
    }

    /// From a stored slice; `None` when it is not 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<SecretKey> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(SecretKey::from_bytes(arr))
    }

    /// The bytes, to store them in the (encrypted) workspace and nowhere else.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

/// A device's public key, as the server and the other devices see it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DevicePublic(pub [u8; 32]);

impl fmt::Debug for DevicePublic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevicePublic({})", self.to_hex())
    }
}

impl DevicePublic {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Result<DevicePublic, SyncError> {
        let bytes = hex::decode(text)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| SyncError::Protocol(format!("'{text}' is not a device public key")))?;
        Ok(DevicePublic(bytes))
    }

    /// Six words from the key's hash, read aloud between the admin and the new device's user:
    /// the check that the key the server relays is the one on that laptop. 66 bits: a server
    /// that wants to slip its own key in must find a key with the same words.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::new_with_prefix(b"cordon-sync/1 fingerprint\n")
            .chain_update(self.0)
            .finalize();
        let words = bip39::Language::English.word_list();
        let bits: u128 = u128::from_be_bytes(digest[..16].try_into().expect("16 bytes"));
        (0..6)
            .map(|i| words[((bits >> (128 - 11 * (i + 1))) & 0x7ff) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A device's own X25519 secret.
pub struct DeviceSecret(StaticSecret);

impl fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceSecret(<redacted>)")
    }
}

impl DeviceSecret {
    pub fn from_key(key: &SecretKey) -> DeviceSecret {
        DeviceSecret(StaticSecret::from(*key.expose()))
    }

    pub fn public(&self) -> DevicePublic {
        DevicePublic(PublicKey::from(&self.0).to_bytes())
    }

    pub fn to_key(&self) -> SecretKey {
        SecretKey::from_bytes(self.0.to_bytes())
    }
}

/// Fingerprints are compared by their words, however they were typed.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '-' || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    norm(a) == norm(b)
}

const WRAP_INFO: &[u8] = b"cordon-sync/1 wrap";

/// Wraps `key` to `to`: ephemeral public key ‖ nonce ‖ sealed key. `context` names what the
/// key is for (scope id and epoch) and is bound in, so the server cannot hand a device one
/// scope's key as another's.
pub fn wrap(
    key: &SecretKey,
    to: &DevicePublic,
    context: &str,
    ephemeral: [u8; 32],
    nonce: [u8; 24],
) -> Vec<u8> {
    let eph = StaticSecret::from(ephemeral);
    let eph_pub = PublicKey::from(&eph);
    let shared = eph.diffie_hellman(&PublicKey::from(to.0));
    let kek = wrap_key(shared.as_bytes(), eph_pub.as_bytes(), &to.0);
    let cipher = XChaCha20Poly1305::new((&*kek).into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.expose(),
                aad: context.as_bytes(),
            },
        )
        .expect("sealing 32 bytes cannot fail");
    let mut out = Vec::with_capacity(32 + 24 + sealed.len());
    out.extend_from_slice(eph_pub.as_bytes());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Opens what `wrap` made for this device.
pub fn unwrap(blob: &[u8], me: &DeviceSecret, context: &str) -> Result<SecretKey, SyncError> {
    let bad = || {
        SyncError::Sealed(format!(
            "the key for {context} does not open with this device's key; ask your admin to approve this device again"
        ))
    };
    if blob.len() != 32 + 24 + 32 + 16 {
        return Err(bad());
    }
    let eph_pub: [u8; 32] = blob[..32].try_into().expect("32 bytes");
    let shared = me.0.diffie_hellman(&PublicKey::from(eph_pub));
    let kek = wrap_key(shared.as_bytes(), &eph_pub, &me.public().0);
    let cipher = XChaCha20Poly1305::new((&*kek).into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&blob[32..56]),
                Payload {
                    msg: &blob[56..],
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| bad())?,
    );
    SecretKey::from_slice(&plain).ok_or_else(bad)
}

fn wrap_key(shared: &[u8; 32], eph_pub: &[u8; 32], to: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(eph_pub);
    salt[32..].copy_from_slice(to);
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(&salt), shared)
        .expand(WRAP_INFO, out.as_mut())
        .expect("32 bytes is a valid HKDF length");
    out
}

/// What the server calls a scope: a keyed hash of the client id (or `workspace`), so it can
/// keep sequences per scope without learning which client a batch is about.
pub fn scope_id(team: &SecretKey, scope: &str) -> String {
    keyed(team, b"scope", scope.as_bytes())
}

/// What the server calls a blob: a keyed hash of its SHA-256, so equal files are stored once
/// and the server cannot test whether it holds a file it knows.
pub fn blob_id(team: &SecretKey, sha256_hex: &str) -> String {
    keyed(team, b"blob", sha256_hex.as_bytes())
}

fn keyed(team: &SecretKey, what: &[u8], text: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(team.expose()).expect("any key length");
    mac.update(b"cordon-sync/1 ");
    mac.update(what);
    mac.update(b"\n");
    mac.update(text);
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The context a wrapped key is bound to.
pub fn wrap_context(scope_id: &str, epoch: u32) -> String {
    format!("{scope_id}#{epoch}")
}

/// A recovery phrase: 24 words that re-open every key of the team.
pub struct RecoveryPhrase(Zeroizing<String>);

impl fmt::Debug for RecoveryPhrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryPhrase(<redacted>)")
    }
}

impl RecoveryPhrase {
    pub fn from_entropy(entropy: [u8; 32]) -> RecoveryPhrase {
        let words = bip39::Mnemonic::from_entropy(&entropy)
            .expect("32 bytes is a valid BIP39 entropy")
            .to_string();
        RecoveryPhrase(Zeroizing::new(words))
    }

    pub fn parse(text: &str) -> Result<RecoveryPhrase, SyncError> {
        let words = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        bip39::Mnemonic::parse_in(bip39::Language::English, &words).map_err(|e| {
            SyncError::Invalid {
                field: "recovery phrase".into(),
                message: format!("it is not the 24 words Cordon showed ({e}); check each word against what was written down"),
            }
        })?;
        Ok(RecoveryPhrase(Zeroizing::new(words)))
    }

    pub fn words(&self) -> &str {
        &self.0
    }

    /// The recovery key pair: what every key is also wrapped to.
    pub fn secret(&self) -> DeviceSecret {
        let m = bip39::Mnemonic::parse_in(bip39::Language::English, self.0.as_str())
            .expect("checked when made");
        let entropy = Zeroizing::new(m.to_entropy());
        let mut out = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(Some(b"cordon-sync/1 recovery"), &entropy)
            .expand(b"x25519", out.as_mut())
            .expect("32 bytes is a valid HKDF length");
        DeviceSecret(StaticSecret::from(*out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(seed: u8) -> DeviceSecret {
        DeviceSecret::from_key(&SecretKey::from_bytes([seed; 32]))
    }

    #[test]
    fn a_wrapped_key_opens_for_its_device_and_context_only() {
        let key = SecretKey::from_bytes([7; 32]);
        let (alice, bob) = (device(1), device(2));
        let blob = wrap(&key, &alice.public(), "s#1", [9; 32], [3; 24]);
        assert_eq!(unwrap(&blob, &alice, "s#1").unwrap().expose(), &[7; 32]);
        assert!(unwrap(&blob, &bob, "s#1").is_err(), "another device");
        assert!(unwrap(&blob, &alice, "s#2").is_err(), "another epoch");
        let mut flipped = blob.clone();
        flipped[60] ^= 1;
        assert!(unwrap(&flipped, &alice, "s#1").is_err(), "a flipped byte");
    }

    #[test]
    fn fingerprints_differ_per_key_and_compare_loosely() {
        let (a, b) = (
            device(1).public().fingerprint(),
            device(2).public().fingerprint(),
        );
        assert_ne!(a, b);
        assert_eq!(a.split(' ').count(), 6);
        assert!(same_fingerprint(&a, &a.to_uppercase().replace(' ', "-")));
        assert!(!same_fingerprint(&a, &b));
    }

    #[test]
    fn scope_ids_are_keyed() {
        let (t1, t2) = (
            SecretKey::from_bytes([1; 32]),
            SecretKey::from_bytes([2; 32]),
        );
        assert_ne!(scope_id(&t1, "c"), scope_id(&t2, "c"));
        assert_ne!(scope_id(&t1, "c"), scope_id(&t1, "d"));
        assert_ne!(scope_id(&t1, "c"), blob_id(&t1, "c"));
        assert_eq!(scope_id(&t1, "c").len(), 32);
    }

    #[test]
    fn a_recovery_phrase_typed_back_gives_the_same_key() {
        let phrase = RecoveryPhrase::from_entropy([5; 32]);
        assert_eq!(phrase.words().split(' ').count(), 24);
        let typed =
            RecoveryPhrase::parse(&format!("  {}\n", phrase.words().to_uppercase())).unwrap();
        assert_eq!(typed.secret().public(), phrase.secret().public());
        let mut words: Vec<&str> = phrase.words().split(' ').collect();
        words.swap(0, 1);
        assert!(RecoveryPhrase::parse(&words.join(" ")).is_err(), "checksum");
    }
}
