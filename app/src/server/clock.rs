//! The application's clock. In the `test` environment it can be moved forward, so an
//! end-to-end test can see a review come due without waiting days; everywhere else it is the
//! system clock and cannot be moved.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Debug)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
    adjustable: bool,
}

impl Clock {
    pub fn system() -> Self {
        Self { offset_secs: Arc::new(AtomicI64::new(0)), adjustable: false }
    }

    pub fn adjustable() -> Self {
        Self { offset_secs: Arc::new(AtomicI64::new(0)), adjustable: true }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_secs.load(Ordering::Relaxed))
    }

    pub fn is_adjustable(&self) -> bool {
        self.adjustable
    }

    /// Moves time forward; refused on a system clock.
    pub fn advance(&self, by: Duration) -> bool {
        if self.adjustable && by >= Duration::zero() {
            self.offset_secs.fetch_add(by.num_seconds(), Ordering::Relaxed);
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_adjustable_clock_moves() {
        let system = Clock::system();
        assert!(!system.advance(Duration::days(1)));
        let test = Clock::adjustable();
        let before = test.now();
        assert!(test.advance(Duration::days(3)));
        assert!(test.now() - before >= Duration::days(3));
        assert!(!test.advance(Duration::days(-1)), "never backwards");
    }
}
