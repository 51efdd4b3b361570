//! Protocol v1 on the wire: the sealed batch.
//!
//! A frame is `CSB1` ‖ u32 header length ‖ header JSON ‖ u32 body length ‖ nonce (24) ‖
//! XChaCha20-Poly1305 ciphertext of the deflated ops (JSON lines). The header is in the clear
//! because the server routes by it; it is also the AAD (after the protocol tag), so a server
//! that moves a batch to another scope, device or place in the sequence breaks the seal.
//! Frozen by `tests/golden/frame_v1.hex`.

use std::io::{Read as _, Write as _};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::SyncError;
use crate::keys::SecretKey;

/// The protocol this build speaks, in paths (`/v1/…`) and the `cordon-protocol` header.
pub const PROTOCOL: u32 = 1;
const MAGIC: &[u8; 4] = b"CSB1";
const AAD_TAG: &[u8] = b"cordon-sync/1 batch\n";
/// A header is a few hundred bytes; a body is capped so one batch fits in memory on both ends.
pub const MAX_HEADER: usize = 4 * 1024;
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// What the server may read of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchHeader {
    /// The protocol version the batch was sealed under.
    pub v: u32,
    pub team: String,
    /// The scope's id on the server (`keys::scope_id`), not the client id.
    pub scope: String,
    /// The device that wrote the ops (not always the one pushing them).
    pub device: String,
    pub first_seq: i64,
    pub last_seq: i64,
    /// The last seq of this (scope, device) the pusher knew the server had; 0 for the first.
    pub prev_last_seq: i64,
    /// The scope key's epoch the body is sealed under.
    pub epoch: u32,
    pub count: u32,
}

/// A sealed batch as bytes, with its header read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub header: BatchHeader,
    pub bytes: Vec<u8>,
}

/// Seals `plain` (ops as JSON lines) under `key`.
pub fn seal(
    key: &SecretKey,
    header: &BatchHeader,
    plain: &[u8],
    nonce: [u8; 24],
) -> Result<Frame, SyncError> {
    let head = serde_json::to_vec(header).expect("a header serialises");
    let mut deflated = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    deflated
        .write_all(plain)
        .and_then(|()| deflated.flush())
        .map_err(|e| SyncError::Protocol(format!("cannot compress a batch: {e}")))?;
    let deflated = deflated
        .finish()
        .map_err(|e| SyncError::Protocol(format!("cannot compress a batch: {e}")))?;
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &deflated,
                aad: &aad(&head),
            },
        )
        .map_err(|_| SyncError::Protocol("cannot seal a batch".into()))?;
    let body_len = 24 + sealed.len();
    if body_len > MAX_BODY {
        return Err(SyncError::Protocol(format!(
            "a batch of {} ops seals to {body_len} bytes, over the {MAX_BODY} limit; send fewer ops per batch",
            header.count
        )));
    }
    let mut bytes = Vec::with_capacity(12 + head.len() + body_len);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(head.len() as u32).to_be_bytes());
    bytes.extend_from_slice(&head);
    bytes.extend_from_slice(&(body_len as u32).to_be_bytes());
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    Ok(Frame {
        header: header.clone(),
        bytes,
    })
}

fn aad(head: &[u8]) -> Vec<u8> {
    [AAD_TAG, head].concat()
}

/// Splits one frame off the front of `input`: the frame and what follows it. The server calls
/// this without a key, to route; `open` then checks the seal on the laptop.
pub fn split(input: &[u8]) -> Result<(Frame, &[u8]), SyncError> {
    let bad = |why: &str| SyncError::Protocol(format!("a batch is malformed: {why}"));
    if input.len() < 8 || &input[..4] != MAGIC {
        return Err(bad(
            "it does not start with CSB1 (is the other side a Cordon of another protocol version?)",
        ));
    }
    let hlen = u32::from_be_bytes(input[4..8].try_into().expect("4 bytes")) as usize;
    if hlen > MAX_HEADER || input.len() < 12 + hlen {
        return Err(bad("its header is cut off or too long"));
    }
    let head = &input[8..8 + hlen];
    let blen = u32::from_be_bytes(input[8 + hlen..12 + hlen].try_into().expect("4 bytes")) as usize;
    if !(24 + 16..=MAX_BODY).contains(&blen) || input.len() < 12 + hlen + blen {
        return Err(bad("its body is cut off or too long"));
    }
    let header: BatchHeader = serde_json::from_slice(head)
        .map_err(|e| bad(&format!("its header is not a v1 header ({e})")))?;
    if header.v != PROTOCOL {
        return Err(SyncError::Protocol(format!(
            "a batch was sealed under protocol {}, this Cordon speaks {PROTOCOL}; update Cordon",
            header.v
        )));
    }
    if header.first_seq < 1
        || header.last_seq < header.first_seq
        || header.prev_last_seq < 0
        || header.prev_last_seq >= header.first_seq
        || header.count == 0
    {
        return Err(bad("its sequence numbers do not follow each other"));
    }
    let end = 12 + hlen + blen;
    Ok((
        Frame {
            header,
            bytes: input[..end].to_vec(),
        },
        &input[end..],
    ))
}

/// The ops inside a frame, once its seal is checked. A flipped byte anywhere in header or body
/// is refused here, before anything is applied.
pub fn open(frame: &Frame, key: &SecretKey) -> Result<Vec<u8>, SyncError> {
    let hlen = u32::from_be_bytes(frame.bytes[4..8].try_into().expect("4 bytes")) as usize;
    let head = &frame.bytes[8..8 + hlen];
    let body = &frame.bytes[12 + hlen..];
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let deflated = cipher
        .decrypt(
            XNonce::from_slice(&body[..24]),
            Payload {
                msg: &body[24..],
                aad: &aad(head),
            },
        )
        .map_err(|_| {
            SyncError::Sealed(format!(
                "a batch from device {} (ops {}–{}) does not open with its scope's key: it was altered on the way or on the server; nothing of it was applied",
                frame.header.device, frame.header.first_seq, frame.header.last_seq
            ))
        })?;
    let mut plain = Vec::new();
    flate2::read::DeflateDecoder::new(&deflated[..])
        .take(64 * MAX_BODY as u64)
        .read_to_end(&mut plain)
        .map_err(|e| SyncError::Protocol(format!("a sealed batch does not inflate: {e}")))?;
    Ok(plain)
}

/// Files (evidence) travel in chunks of this size, each sealed on its own, so an upload or a
/// download that breaks resumes at the chunk it stopped at.
pub const CHUNK: usize = 1024 * 1024;
const CHUNK_TAG: &[u8] = b"cordon-sync/1 chunk\n";

fn chunk_aad(blob: &str, index: u32, total: u32, epoch: u32) -> Vec<u8> {
    [
        CHUNK_TAG,
        format!("{blob}#{index}/{total}#{epoch}").as_bytes(),
    ]
    .concat()
}

/// A chunk as stored on the server: epoch (u32) ‖ nonce ‖ ciphertext, bound to the blob's id,
/// its place and the count, so chunks cannot be swapped, dropped or moved to another file.
pub fn seal_chunk(
    key: &SecretKey,
    epoch: u32,
    blob: &str,
    index: u32,
    total: u32,
    data: &[u8],
    nonce: [u8; 24],
) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: data,
                aad: &chunk_aad(blob, index, total, epoch),
            },
        )
        .expect("sealing a chunk cannot fail");
    [&epoch.to_be_bytes()[..], &nonce, &sealed].concat()
}

/// The epoch a stored chunk was sealed under, to pick its key.
pub fn chunk_epoch(bytes: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?))
}

/// Opens a chunk `seal_chunk` made.
pub fn open_chunk(
    key: &SecretKey,
    blob: &str,
    index: u32,
    total: u32,
    bytes: &[u8],
) -> Result<Vec<u8>, SyncError> {
    let epoch = chunk_epoch(bytes)
        .filter(|_| bytes.len() >= 4 + 24 + 16)
        .ok_or_else(|| SyncError::Protocol(format!("chunk {index} of a file is cut off")))?;
    XChaCha20Poly1305::new(key.expose().into())
        .decrypt(
            XNonce::from_slice(&bytes[4..28]),
            Payload {
                msg: &bytes[28..],
                aad: &chunk_aad(blob, index, total, epoch),
            },
        )
        .map_err(|_| {
            SyncError::Sealed(format!(
                "chunk {index} of an evidence file does not open with its client's key: it was altered on the way or on the server; the file was not kept"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn header() -> BatchHeader {
        BatchHeader {
            v: 1,
            team: "t1".into(),
            scope: "0f".repeat(16),
            device: "0195f0a0-0000-7000-8000-000000000001".into(),
            first_seq: 3,
            last_seq: 4,
            prev_last_seq: 2,
            epoch: 1,
            count: 2,
        }
    }

    #[test]
    fn a_frame_opens_with_its_key_and_refuses_any_flipped_byte() {
        let key = SecretKey::from_bytes([4; 32]);
        let frame = seal(&key, &header(), b"{\"a\":1}\n{\"b\":2}\n", [1; 24]).unwrap();
        let (read, rest) = split(&frame.bytes).unwrap();
        assert!(rest.is_empty());
        assert_eq!(read.header, header());
        assert_eq!(open(&read, &key).unwrap(), b"{\"a\":1}\n{\"b\":2}\n");
        assert!(open(&read, &SecretKey::from_bytes([5; 32])).is_err());
        for i in 0..frame.bytes.len() {
            let mut bytes = frame.bytes.clone();
            bytes[i] ^= 0x01;
            let opened = split(&bytes).and_then(|(f, _)| open(&f, &key));
            assert!(opened.is_err(), "byte {i} flipped and still opened");
        }
    }

    #[test]
    fn a_cut_frame_or_another_protocol_is_refused() {
        let key = SecretKey::from_bytes([4; 32]);
        let frame = seal(&key, &header(), b"x", [1; 24]).unwrap();
        assert!(split(&frame.bytes[..frame.bytes.len() - 1]).is_err());
        let v2 = BatchHeader { v: 2, ..header() };
        let other = seal(&key, &v2, b"x", [1; 24]).unwrap();
        let err = split(&other.bytes).unwrap_err().to_string();
        assert!(err.contains("protocol 2"), "{err}");
    }

    #[test]
    fn a_chunk_opens_only_in_its_place() {
        let key = SecretKey::from_bytes([4; 32]);
        let c = seal_chunk(&key, 2, "b1", 1, 3, b"part", [5; 24]);
        assert_eq!(chunk_epoch(&c), Some(2));
        assert_eq!(open_chunk(&key, "b1", 1, 3, &c).unwrap(), b"part");
        assert!(open_chunk(&key, "b1", 0, 3, &c).is_err(), "another place");
        assert!(open_chunk(&key, "b1", 1, 2, &c).is_err(), "another count");
        assert!(open_chunk(&key, "b2", 1, 3, &c).is_err(), "another file");
        let mut flipped = c.clone();
        flipped[0] ^= 1;
        assert!(
            open_chunk(&key, "b1", 1, 3, &flipped).is_err(),
            "another epoch"
        );
    }

    #[test]
    fn the_v1_frame_is_frozen() {
        let key = SecretKey::from_bytes([4; 32]);
        let frame = seal(&key, &header(), b"{\"op\":\"golden\"}\n", [1; 24]).unwrap();
        let golden = include_str!("../tests/golden/frame_v1.hex").trim();
        if std::env::var_os("CORDON_BLESS").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/frame_v1.hex"),
                hex::encode(&frame.bytes) + "\n",
            )
            .unwrap();
            return;
        }
        assert_eq!(
            hex::encode(&frame.bytes),
            golden,
            "the v1 wire format changed; a change of format needs a new protocol version"
        );
        let (read, _) = split(&hex::decode(golden).unwrap()).unwrap();
        assert_eq!(open(&read, &key).unwrap(), b"{\"op\":\"golden\"}\n");
    }
}
