//! The one way anything learns the time. Rules take a `DateTime` argument; the store and the
//! shells hold a `Clock` so that tests can move time, including backwards.
//!
//! The wall clock lives with the shells (`cordon_app::SystemClock`); `ManualClock` lives here
//! because it reads nothing from the machine, and every crate's tests want the same one.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that says what it is told: for tests, and for anything that must see a given
/// moment. Shared behind an `Arc`, so it is moved through `&self`. It keeps Unix milliseconds,
/// so anything finer in a moment it is given is dropped.
#[derive(Debug)]
pub struct ManualClock {
    millis: AtomicI64,
}

impl ManualClock {
    pub fn at(t: DateTime<Utc>) -> ManualClock {
        ManualClock {
            millis: AtomicI64::new(t.timestamp_millis()),
        }
    }

    pub fn set(&self, t: DateTime<Utc>) {
        self.millis.store(t.timestamp_millis(), Ordering::SeqCst);
    }

    /// Moves the clock by `by`, backwards when it is negative: a device's clock can be
    /// corrected, and the rules must survive it.
    pub fn advance(&self, by: Duration) {
        let by = by.num_milliseconds();
        // `fetch_update` only fails when the closure returns `None`; this one never does.
        let _ = self
            .millis
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |ms| {
                Some(ms.saturating_add(by))
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        let ms = self.millis.load(Ordering::SeqCst);
        // Pushed past what chrono can represent, the clock stops at the end it went past
        // rather than panic inside whatever test or rule asked.
        DateTime::from_timestamp_millis(ms).unwrap_or(if ms < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_manual_clock_says_what_it_is_told_and_moves_both_ways() {
        let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let clock = ManualClock::at(start);
        assert_eq!(clock.now(), start);

        clock.advance(Duration::minutes(5));
        assert_eq!(clock.now(), start + Duration::minutes(5));

        clock.advance(Duration::hours(-2));
        assert_eq!(clock.now(), start - Duration::minutes(115));

        let later = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        clock.set(later);
        assert_eq!(clock.now(), later);
    }
}
