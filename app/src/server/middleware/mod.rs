//! HTTP middleware: security headers and rate limits. The session middleware lives with auth.

pub mod rate_limit;
pub mod security;
pub mod server_fn;
