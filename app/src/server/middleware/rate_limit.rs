//! Per-client-IP rate limits (token buckets from `governor`): a tight one on the credential
//! endpoints (login, sign-up, password reset; REST and server functions alike) against
//! guessing, and a global one configurable as `RATE_LIMIT_MAX` requests per minute. Refusals
//! are 429 `{error, code}` with Retry-After.
//!
//! Buckets live in process memory: each web process limits on its own, which bounds abuse per
//! process and needs no shared store.
//!
//! The client is the peer address, unless the peer is a configured trusted proxy: then the
//! `X-Forwarded-For` chain is walked from the right, past trusted proxies, to the first address
//! no trusted proxy vouches for (a client cannot forge its way past a proxy that appends). An
//! IPv6 client is counted by its /64, the block one subscriber controls.

use std::{
    net::{IpAddr, Ipv6Addr},
    num::NonZeroU32,
    sync::Arc,
    time::Duration,
};

use ipnet::IpNet;

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};

use crate::error::AppError;

/// The credential endpoints, under both the REST API and the server-function prefix: every
/// route that checks or sets a password.
const CREDENTIAL_PATHS: [&str; 10] = [
    "/api/auth/login",
    "/api/auth/register",
    "/api/auth/forgot-password",
    "/api/auth/reset-password",
    "/api/auth/password",
    "/_fn/auth/login",
    "/_fn/auth/register",
    "/_fn/auth/forgot-password",
    "/_fn/auth/reset-password",
    "/_fn/auth/password",
];

#[derive(Clone)]
pub struct Limits {
    global: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    credentials: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    trusted: Arc<Vec<IpNet>>,
}

/// The address a client is counted under: IPv4 as is (also when mapped into IPv6), IPv6 by /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(bits))
            }
        },
    }
}

/// The client of a request from `peer` with this `X-Forwarded-For` value.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.unwrap_or("").rsplit(',') {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

fn per_minute(n: u32) -> Arc<DefaultKeyedRateLimiter<IpAddr>> {
    let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::keyed(Quota::per_minute(n)))
}

impl Limits {
    pub fn new(global_per_minute: u32, credentials_per_minute: u32, trusted: &[String]) -> Self {
        let trusted = trusted
            .iter()
            .filter_map(|p| {
                p.parse::<IpNet>().ok().or_else(|| p.parse::<IpAddr>().ok().map(IpNet::from))
            })
            .collect();
        Self {
            global: per_minute(global_per_minute),
            credentials: per_minute(credentials_per_minute),
            trusted: Arc::new(trusted),
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
    let peer = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded =
        request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let ip = peer.map(|peer| client_key(client_ip(peer, forwarded.as_deref(), &limits.trusted)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("a network")).collect()
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.5".parse().expect("ip");
        let client: IpAddr = "203.0.113.7".parse().expect("ip");
        let trusted = nets(&["10.0.0.0/8"]);
        // Behind the proxy, the last untrusted hop is the client, whatever it prepended.
        assert_eq!(client_ip(proxy, Some("1.2.3.4, 203.0.113.7"), &trusted), client);
        // A direct client cannot pick its bucket with a forged header.
        assert_eq!(client_ip(client, Some("1.2.3.4"), &trusted), client);
        assert_eq!(client_ip(proxy, Some("1.2.3.4"), &[]), proxy);
        assert_eq!(client_ip(proxy, None, &trusted), proxy);
        assert_eq!(client_ip(proxy, Some("not-an-ip"), &trusted), proxy);
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        let other: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("ip");
        assert_eq!(client_key(mapped), "192.0.2.1".parse::<IpAddr>().expect("ip"));
    }
}
