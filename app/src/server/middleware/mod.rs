//! HTTP middleware: security headers, caching headers, rate limits and request metrics. The session middleware lives with auth.

pub mod caching;
pub mod metrics;
pub mod pages;
pub mod rate_limit;
pub mod security;
pub mod server_fn;
pub mod visitor_pages;
