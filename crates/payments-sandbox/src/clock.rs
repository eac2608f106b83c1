//! The sandbox clock: wall-clock time plus an offset that tests move forward.
//!
//! It drives every deadline the emulators keep: Resid's 20-minute collect window, Barion's
//! payment window, reservation and delayed-capture periods, and Payelata's invoice lifetime.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use time::OffsetDateTime;

pub(crate) struct Clock {
    offset: Mutex<time::Duration>,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Self {
            offset: Mutex::new(time::Duration::ZERO),
        }
    }

    /// The sandbox's current time, to the microsecond (the finest any provider writes, so a
    /// time read back from an answer compares equal to the one kept).
    pub(crate) fn now(&self) -> OffsetDateTime {
        let t = OffsetDateTime::now_utc() + self.offset();
        t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
            .unwrap_or(t)
    }

    /// How far the clock runs ahead of the wall clock.
    pub(crate) fn offset(&self) -> time::Duration {
        *self.offset.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the clock forward by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let by = time::Duration::try_from(by).unwrap_or(time::Duration::MAX);
        let mut offset = self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        *offset = offset.saturating_add(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let clock = Clock::new();
        let before = clock.now();
        clock.advance(Duration::from_secs(1200));
        let after = clock.now();
        assert!(after - before >= time::Duration::seconds(1200));
        assert!(after - before < time::Duration::seconds(1260));
        assert_eq!(clock.offset(), time::Duration::seconds(1200));
    }
}
