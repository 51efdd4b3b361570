//! Hybrid logical clock: the order of changes across devices whose wall clocks disagree.
//!
//! A timestamp is (wall milliseconds, counter, device). Each local change ticks past both the
//! last timestamp and the wall clock, so a device's timestamps never go backwards even when
//! its clock is set back; a remote timestamp is observed so that later local changes sort
//! after it. A remote timestamp too far ahead of our wall clock is refused rather than
//! letting one bad clock drag every device into the future.

use std::fmt;
use std::str::FromStr;

use crate::id::DeviceId;

/// How far ahead of our wall clock a remote timestamp may be before it is refused: a day, so
/// a laptop whose clock is off by a time zone still syncs (with a warning), while one set a
/// year ahead cannot drag every device's clock into next year.
pub const MAX_DRIFT_MS: u64 = 24 * 60 * 60 * 1000;

/// How far ahead a remote timestamp may be before the device that wrote it is named in a
/// warning: its clock is wrong, even if its changes are accepted.
pub const WARN_DRIFT_MS: u64 = 5 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub device: DeviceId,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HlcError {
    #[error(
        "a change from device {device} is stamped {ahead_ms} ms ahead of this computer's clock (limit {MAX_DRIFT_MS} ms); check the date and time on that device"
    )]
    TooFarAhead { device: DeviceId, ahead_ms: u64 },
    #[error("the logical clock's counter overflowed; the device clock is far behind, set it right")]
    CounterOverflow,
    #[error("'{0}' is not a clock timestamp")]
    Malformed(String),
}

impl Hlc {
    pub const fn zero(device: DeviceId) -> Self {
        Self {
            wall_ms: 0,
            counter: 0,
            device,
        }
    }

    /// The timestamp for a new local change, given the last one this device issued.
    pub fn tick(last: &Hlc, now_ms: u64) -> Result<Hlc, HlcError> {
        if now_ms > last.wall_ms {
            Ok(Hlc {
                wall_ms: now_ms,
                counter: 0,
                device: last.device,
            })
        } else {
            let counter = last
                .counter
                .checked_add(1)
                .ok_or(HlcError::CounterOverflow)?;
            Ok(Hlc {
                wall_ms: last.wall_ms,
                counter,
                device: last.device,
            })
        }
    }

    /// How far this timestamp is ahead of the wall clock `now_ms` (0 when it is not).
    pub fn ahead_of(&self, now_ms: u64) -> u64 {
        self.wall_ms.saturating_sub(now_ms)
    }

    /// Our clock after seeing a remote timestamp: later local ticks sort after `remote`.
    pub fn observe(last: &Hlc, remote: &Hlc, now_ms: u64) -> Result<Hlc, HlcError> {
        if remote.wall_ms > now_ms.saturating_add(MAX_DRIFT_MS) {
            return Err(HlcError::TooFarAhead {
                device: remote.device,
                ahead_ms: remote.wall_ms - now_ms,
            });
        }
        let wall_ms = now_ms.max(last.wall_ms).max(remote.wall_ms);
        let counter = if wall_ms == last.wall_ms && wall_ms == remote.wall_ms {
            last.counter
                .max(remote.counter)
                .checked_add(1)
                .ok_or(HlcError::CounterOverflow)?
        } else if wall_ms == last.wall_ms {
            last.counter
                .checked_add(1)
                .ok_or(HlcError::CounterOverflow)?
        } else if wall_ms == remote.wall_ms {
            remote
                .counter
                .checked_add(1)
                .ok_or(HlcError::CounterOverflow)?
        } else {
            0
        };
        Ok(Hlc {
            wall_ms,
            counter,
            device: last.device,
        })
    }
}

/// Fixed-width hex so that the text form sorts exactly as the clock does; this is the form
/// stored in the op log and shipped by sync, so it is frozen by a golden test.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:012x}-{:08x}-{}",
            self.wall_ms, self.counter, self.device
        )
    }
}

impl FromStr for Hlc {
    type Err = HlcError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || HlcError::Malformed(s.to_owned());
        let mut parts = s.splitn(3, '-');
        let wall = parts.next().filter(|p| p.len() == 12).ok_or_else(bad)?;
        let counter = parts.next().filter(|p| p.len() == 8).ok_or_else(bad)?;
        let device = parts.next().ok_or_else(bad)?;
        Ok(Hlc {
            wall_ms: u64::from_str_radix(wall, 16).map_err(|_| bad())?,
            counter: u32::from_str_radix(counter, 16).map_err(|_| bad())?,
            device: device.parse().map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn dev(n: u128) -> DeviceId {
        DeviceId::from_uuid(Uuid::from_u128(n))
    }

    #[test]
    fn text_form_is_frozen() {
        let h = Hlc {
            wall_ms: 1_764_000_000_000,
            counter: 7,
            device: dev(1),
        };
        assert_eq!(
            h.to_string(),
            "019ab697e800-00000007-00000000-0000-0000-0000-000000000001"
        );
        assert_eq!(h.to_string().parse::<Hlc>().unwrap(), h);
        assert!("nonsense".parse::<Hlc>().is_err());
    }

    #[test]
    fn a_clock_set_back_does_not_move_time_backwards() {
        let first = Hlc::tick(&Hlc::zero(dev(1)), 10_000).unwrap();
        let second = Hlc::tick(&first, 4_000).unwrap();
        assert!(second > first);
        assert_eq!((second.wall_ms, second.counter), (10_000, 1));
    }

    #[test]
    fn a_remote_stamp_too_far_ahead_is_refused() {
        let last = Hlc {
            wall_ms: 1_000,
            counter: 0,
            device: dev(1),
        };
        let remote = Hlc {
            wall_ms: 1_000 + MAX_DRIFT_MS + 1_000 + 1,
            counter: 0,
            device: dev(2),
        };
        assert!(matches!(
            Hlc::observe(&last, &remote, 1_000),
            Err(HlcError::TooFarAhead { .. })
        ));
    }

    proptest! {
        #[test]
        fn ticks_are_strictly_increasing_under_any_clock(nows in proptest::collection::vec(0u64..1_000_000, 1..200)) {
            let mut last = Hlc::zero(dev(1));
            for now in nows {
                let next = Hlc::tick(&last, now).unwrap();
                prop_assert!(next > last);
                prop_assert!(next.to_string() > last.to_string(), "text order must follow clock order");
                last = next;
            }
        }

        #[test]
        fn observing_sorts_after_both(lw in 0u64..1_000_000, lc in 0u32..100, rw in 0u64..1_000_000, rc in 0u32..100, now in 0u64..1_000_000) {
            let last = Hlc { wall_ms: lw, counter: lc, device: dev(1) };
            let remote = Hlc { wall_ms: rw, counter: rc, device: dev(2) };
            if let Ok(next) = Hlc::observe(&last, &remote, now) {
                prop_assert!((next.wall_ms, next.counter) > (last.wall_ms, last.counter));
                prop_assert!((next.wall_ms, next.counter) > (remote.wall_ms, remote.counter));
            }
        }
    }
}
