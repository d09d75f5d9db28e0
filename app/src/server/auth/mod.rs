//! Authentication and authorization: password hashing, tokens, the session cookie and
//! middleware, the current user (and the cache of recently resolved accounts), and the access
//! policy.

pub mod cookie;
pub mod current;
pub mod password;
pub mod policy;
pub mod session;
pub mod throttle;
pub mod token;
pub mod user_cache;
