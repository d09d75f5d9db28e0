//! The session cookie: HttpOnly so scripts cannot read it, SameSite=Lax so other sites' forms
//! do not carry it, Secure in production.

use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION_COOKIE: &str = "sc_session";

/// A `Set-Cookie` value carrying `token` for `max_age_secs`.
pub fn session(token: &str, max_age_secs: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .ok()
}

/// A `Set-Cookie` value that removes the session cookie.
pub fn cleared(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("sc_session=; Path=/; Max-Age=0"))
}

/// The session token from the request's cookies, if any.
pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// The token from `Authorization: Bearer …`, if any.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; sc_session=tok.en.x; b=2"));
        assert_eq!(read(&headers).as_deref(), Some("tok.en.x"));
    }

    #[test]
    fn bearer_is_case_insensitive_and_trimmed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer  abc.def "));
        assert_eq!(bearer(&headers).as_deref(), Some("abc.def"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_and_lax() {
        let value = session("t", 3600, true).expect("valid header");
        let text = value.to_str().expect("ascii");
        assert!(
            text.contains("HttpOnly") && text.contains("SameSite=Lax") && text.contains("Secure")
        );
        assert!(
            !session("t", 3600, false).expect("valid").to_str().expect("ascii").contains("Secure")
        );
    }
}
