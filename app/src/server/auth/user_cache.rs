//! The accounts the session middleware resolved a moment ago, so a burst of requests from one
//! user (a page and its server functions, a client polling) reads the user's row once, not once
//! per request.
//!
//! Every write to an account in this process forgets it at once (`forget`, called by the
//! services that change a user). Another process (a second web server, `study-companion admin`)
//! cannot tell this one, so an entry is trusted for [`FRESH_FOR`] only: a role change,
//! deactivation or revoked token made elsewhere takes effect here within that second.

use std::{
    collections::HashMap,
    sync::{
        RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::server::entities::users;

/// How long a row read by the middleware answers for the account.
pub const FRESH_FOR: Duration = Duration::seconds(1);
/// Beyond this many accounts the cache drops stale entries (and, if none are stale, all of
/// them): memory stays bounded whatever the traffic.
const CAPACITY: usize = 10_000;

#[derive(Debug, Default)]
pub struct UserCache {
    entries: RwLock<HashMap<Uuid, (DateTime<Utc>, users::Model)>>,
    /// Bumped by every `forget`: a row read before a write finished must not be remembered
    /// after the write forgot the account.
    forgets: AtomicU64,
}

impl UserCache {
    /// The account as read at most [`FRESH_FOR`] before `now`.
    pub fn get(&self, id: Uuid, now: DateTime<Utc>) -> Option<users::Model> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(&id).filter(|(read_at, _)| fresh(*read_at, now)).map(|(_, user)| user.clone())
    }

    /// Taken before reading a row, handed back to [`UserCache::put`].
    pub fn ticket(&self) -> u64 {
        self.forgets.load(Ordering::Acquire)
    }

    /// Remembers `user` as read from the database at `now`, unless an account was forgotten
    /// since `ticket` was taken (the row may predate that write).
    pub fn put(&self, user: users::Model, now: DateTime<Utc>, ticket: u64) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if self.forgets.load(Ordering::Acquire) != ticket {
            return;
        }
        if entries.len() >= CAPACITY && !entries.contains_key(&user.id) {
            entries.retain(|_, (read_at, _)| fresh(*read_at, now));
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(user.id, (now, user));
    }

    /// Drops what is known about `id`: the next request reads the row again.
    pub fn forget(&self, id: Uuid) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        self.forgets.fetch_add(1, Ordering::AcqRel);
        entries.remove(&id);
    }
}

fn fresh(read_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= read_at && now - read_at < FRESH_FOR
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    fn start() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).expect("a valid instant")
    }

    fn user(id: Uuid, now: DateTime<Utc>) -> users::Model {
        users::Model {
            id,
            email: format!("{id}@example.com"),
            password_hash: String::new(),
            name: "Cached".into(),
            role: Role::Student,
            grade: None,
            time_zone: "UTC".into(),
            token_version: 0,
            is_active: true,
            last_login_at: None,
            last_active_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn an_entry_answers_for_one_second_and_not_after() {
        let cache = UserCache::default();
        let now = start();
        let id = Uuid::new_v4();
        cache.put(user(id, now), now, cache.ticket());
        assert!(cache.get(id, now + Duration::milliseconds(999)).is_some());
        assert!(cache.get(id, now + FRESH_FOR).is_none());
        // A clock that went backwards trusts nothing.
        assert!(cache.get(id, now - Duration::milliseconds(1)).is_none());
    }

    #[test]
    fn forgetting_an_account_drops_only_that_account() {
        let cache = UserCache::default();
        let now = start();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        cache.put(user(a, now), now, cache.ticket());
        cache.put(user(b, now), now, cache.ticket());
        cache.forget(a);
        assert!(cache.get(a, now).is_none());
        assert!(cache.get(b, now).is_some());
    }

    #[test]
    fn a_row_read_before_a_write_forgot_the_account_is_not_kept() {
        let cache = UserCache::default();
        let now = start();
        let id = Uuid::new_v4();
        let ticket = cache.ticket();
        // The write lands (and forgets) while the middleware's read is in flight.
        cache.forget(id);
        cache.put(user(id, now), now, ticket);
        assert!(cache.get(id, now).is_none());
        cache.put(user(id, now), now, cache.ticket());
        assert!(cache.get(id, now).is_some());
    }

    #[test]
    fn a_full_cache_makes_room_and_stays_bounded() {
        let cache = UserCache::default();
        let now = start();
        for _ in 0..CAPACITY {
            let id = Uuid::new_v4();
            cache.put(user(id, now), now, cache.ticket());
        }
        let later = now + FRESH_FOR;
        let newest = Uuid::new_v4();
        cache.put(user(newest, later), later, cache.ticket());
        assert!(cache.get(newest, later).is_some());
        assert_eq!(cache.entries.read().expect("lock").len(), 1, "stale entries were dropped");
    }
}
