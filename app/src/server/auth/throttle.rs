//! A per-account throttle on password checks: however many addresses an attacker spreads a
//! guessing run over, one account gets at most this many checks a minute (logins and password
//! changes alike). Kept in process memory like the per-client limits.

use std::{num::NonZeroU32, sync::Arc, time::Duration};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};

#[derive(Clone, Debug)]
pub struct AccountThrottle {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

impl AccountThrottle {
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self { limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(n))) }
    }

    /// Takes one check for `account`; `Err(seconds)` says how long until the next is allowed.
    pub fn check(&self, account: &str) -> Result<(), u64> {
        self.limiter.check_key(&account.trim().to_lowercase()).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            wait.as_secs().max(1)
        })
    }

    /// Forgets idle accounts once a minute so the buckets do not grow without bound.
    pub fn spawn_cleanup(&self) {
        let limiter = Arc::clone(&self.limiter);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limiter.retain_recent();
            }
        });
    }
}
