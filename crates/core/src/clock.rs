//! The one way anything learns the time. Rules take a `DateTime` argument; the store and the
//! shells hold a `Clock` so that tests can move time, including backwards.

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}
