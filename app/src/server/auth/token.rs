//! Session tokens: HS256 JWTs carrying the user id and the token version they were issued under.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// `users.token_version` at issue time. Logout, a password change or deactivation bumps
    /// the stored version, and every older token stops working.
    pub ver: i32,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn expires_at(&self) -> DateTime<Utc> {
        // An unreadable expiry reads as long past, so the token is renewed, never trusted longer.
        DateTime::from_timestamp(self.exp, 0).unwrap_or_default()
    }
}

/// Signs a token for `user_id`, issued `now` and valid for `ttl`.
pub fn issue(
    secret: &[u8],
    user_id: Uuid,
    version: i32,
    now: DateTime<Utc>,
    ttl: Duration,
) -> anyhow::Result<String> {
    let claims =
        Claims { sub: user_id, ver: version, iat: now.timestamp(), exp: (now + ttl).timestamp() };
    Ok(encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret))?)
}

/// Verifies signature, algorithm and expiry. Only HS256 is accepted, so `alg: none` and
/// tokens signed with any other algorithm or key are refused.
pub fn verify(secret: &[u8], token: &str) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "sub", "iat"]);
    decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation)
        .ok()
        .map(|data| data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        crate::server::clock::Clock::system().now()
    }

    const SECRET: &[u8] = b"a-test-secret-that-is-long-enough-for-hs256";

    fn b64(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn issued_tokens_verify() {
        let id = Uuid::new_v4();
        let token = issue(SECRET, id, 3, now(), Duration::minutes(60)).expect("issues");
        let claims = verify(SECRET, &token).expect("verifies");
        assert_eq!((claims.sub, claims.ver), (id, 3));
    }

    #[test]
    fn tampered_expired_foreign_and_unsigned_tokens_are_refused() {
        let id = Uuid::new_v4();
        let token = issue(SECRET, id, 0, now(), Duration::minutes(60)).expect("issues");

        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(verify(SECRET, &tampered).is_none(), "tampered signature");

        let expired = issue(SECRET, id, 0, now(), Duration::minutes(-5)).expect("issues");
        assert!(verify(SECRET, &expired).is_none(), "expired");

        let foreign =
            issue(b"another-secret-entirely-0123456789abcdef", id, 0, now(), Duration::minutes(60))
                .expect("issues");
        assert!(verify(SECRET, &foreign).is_none(), "signed with another secret");

        let now = now().timestamp();
        let payload = format!(r#"{{"sub":"{id}","ver":0,"iat":{now},"exp":{}}}"#, now + 3600);
        let unsigned =
            format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), b64(payload.as_bytes()));
        assert!(verify(SECRET, &unsigned).is_none(), "alg none");

        assert!(verify(SECRET, "not a jwt").is_none());
        assert!(verify(SECRET, "").is_none());
    }
}
