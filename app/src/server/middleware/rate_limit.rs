//! Per-client-IP rate limits (token buckets from `governor`): a tight one on the credential
//! endpoints (login, sign-up, password reset; REST and server functions alike) against
//! guessing, and a global one configurable as `RATE_LIMIT_MAX` requests per minute. Refusals
//! are 429 `{error, code}` with Retry-After.
//!
//! Buckets live in process memory: each web process limits on its own, which bounds abuse per
//! process and needs no shared store.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};

use crate::error::AppError;

/// The credential endpoints, under both the REST API and the server-function prefix.
const CREDENTIAL_PATHS: [&str; 8] = [
    "/api/auth/login",
    "/api/auth/register",
    "/api/auth/forgot-password",
    "/api/auth/reset-password",
    "/_fn/auth/login",
    "/_fn/auth/register",
    "/_fn/auth/forgot-password",
    "/_fn/auth/reset-password",
];

#[derive(Clone)]
pub struct Limits {
    global: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    credentials: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

fn per_minute(n: u32) -> Arc<DefaultKeyedRateLimiter<IpAddr>> {
    let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::keyed(Quota::per_minute(n)))
}

impl Limits {
    pub fn new(global_per_minute: u32, credentials_per_minute: u32) -> Self {
        Self {
            global: per_minute(global_per_minute),
            credentials: per_minute(credentials_per_minute),
        }
    }

    /// Forgets idle clients once a minute so the buckets do not grow without bound.
    pub fn spawn_cleanup(&self) {
        let limits = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limits.global.retain_recent();
                limits.credentials.retain_recent();
            }
        });
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<IpAddr>, ip: &IpAddr) -> Result<(), AppError> {
    limiter.check_key(ip).map_err(|not_until| {
        let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
        AppError::RateLimited { retry_after_secs: wait.as_secs().max(1) }
    })
}

pub async fn enforce(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(ip) = ip {
        if let Err(err) = check(&limits.global, &ip) {
            return err.into_response();
        }
        if CREDENTIAL_PATHS.contains(&request.uri().path())
            && let Err(err) = check(&limits.credentials, &ip)
        {
            tracing::warn!(%ip, path = request.uri().path(), "credential rate limit hit");
            return err.into_response();
        }
    }
    next.run(request).await
}
