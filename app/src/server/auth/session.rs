//! The session middleware: resolves the caller once per request, refuses cross-origin writes
//! that ride on the cookie, and slides the cookie's expiry forward for active users.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use chrono::Duration;
use sea_orm::{DbErr, EntityTrait};
use uuid::Uuid;

use super::{
    cookie,
    current::{AuthFailure, CurrentUser},
    token,
};
use crate::{
    error::AppError,
    server::{entities::users, state::AppState},
};

/// How stale `users.last_active_at` may get before a request refreshes it: one write per user
/// per interval, not one per request.
const ACTIVITY_RESOLUTION_MINUTES: i64 = 10;

pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let bearer = cookie::bearer(request.headers());
    let from_cookie = if bearer.is_none() { cookie::read(request.headers()) } else { None };

    // Writes must come from our own pages, with a cookie or without one: SameSite=Lax keeps the
    // cookie off other sites' POSTs, and this also stops a foreign page from signing a victim
    // into the attacker's account (login CSRF sets a cookie where there was none), and covers
    // older browsers and same-site subdomains.
    if !is_safe(request.method()) && !same_origin(request.headers()) {
        return AppError::Forbidden.into_response();
    }

    let Some(token) = bearer.or(from_cookie.clone()) else {
        return next.run(request).await;
    };
    let mut renew: Option<CurrentUser> = None;
    match token::verify(state.settings.jwt_secret_bytes(), &token) {
        None => {
            request.extensions_mut().insert(AuthFailure::Rejected);
        }
        Some(claims) => match account(&state, claims.sub).await {
            Ok(Some(user)) if user.is_active && user.token_version == claims.ver => {
                let resolution = Duration::minutes(ACTIVITY_RESOLUTION_MINUTES);
                match user.touch_activity(&state.db, state.clock.now(), resolution).await {
                    Ok(true) => state.users.forget(user.id),
                    Ok(false) => {}
                    Err(err) => tracing::debug!(error = %err, "recording activity failed"),
                }
                let current = CurrentUser::from_model(&user);
                let half_life = Duration::minutes(state.settings.auth.token_ttl_minutes / 2);
                if from_cookie.is_some() && claims.expires_at() - state.clock.now() < half_life {
                    renew = Some(current.clone());
                }
                request.extensions_mut().insert(current);
            }
            Ok(_) => {
                request.extensions_mut().insert(AuthFailure::Rejected);
            }
            Err(err) => {
                tracing::warn!(error = %err, "resolving the session failed");
                request.extensions_mut().insert(AuthFailure::Unavailable);
            }
        },
    }

    let mut response = next.run(request).await;
    // Only renew when the handler did not itself set or clear the cookie (login, logout).
    if let Some(user) = renew
        && !response.headers().contains_key(header::SET_COOKIE)
        && let Some(value) = session_cookie(&state, &user)
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The account a token names: remembered for a second after the database was asked (see
/// [`super::user_cache`]).
async fn account(state: &AppState, id: Uuid) -> Result<Option<users::Model>, DbErr> {
    let now = state.clock.now();
    if let Some(user) = state.users.get(id, now) {
        return Ok(Some(user));
    }
    let ticket = state.users.ticket();
    let user = users::Entity::find_by_id(id).one(&state.db).await?;
    if let Some(user) = &user {
        state.users.put(user.clone(), now, ticket);
    }
    Ok(user)
}

/// A fresh session cookie for `user`.
pub fn session_cookie(state: &AppState, user: &CurrentUser) -> Option<header::HeaderValue> {
    let ttl = Duration::minutes(state.settings.auth.token_ttl_minutes);
    let token = issue_token(state, user.id, user.token_version).ok()?;
    cookie::session(&token, ttl.num_seconds(), state.settings.auth.secure_cookies)
}

/// A signed token for the API and the cookie alike.
pub fn issue_token(state: &AppState, user_id: uuid::Uuid, version: i32) -> anyhow::Result<String> {
    let ttl = Duration::minutes(state.settings.auth.token_ttl_minutes);
    token::issue(state.settings.jwt_secret_bytes(), user_id, version, state.clock.now(), ttl)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True when the request's Origin (or, lacking one, Referer) names the host it was sent to.
/// Requests with neither come from non-browser clients, which cannot be tricked into sending
/// a victim's cookie.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|value| value.to_str().ok());
    match source {
        None => true,
        Some(source) => source
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .is_some_and(|authority| authority.eq_ignore_ascii_case(host)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_compares_authority_with_host() {
        assert!(same_origin(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "http://127.0.0.1:3000"),
        ])));
        assert!(!same_origin(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "https://evil.example"),
        ])));
        assert!(!same_origin(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "null"),
        ])));
        assert!(same_origin(&headers(&[
            (header::HOST, "app.test"),
            (header::REFERER, "https://app.test/profile?x=1"),
        ])));
        assert!(same_origin(&headers(&[(header::HOST, "app.test")])));
    }
}
