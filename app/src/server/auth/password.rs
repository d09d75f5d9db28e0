//! Password hashing with argon2id.
//!
//! Parameters are explicit rather than the crate's defaults so a dependency upgrade cannot
//! silently weaken them: m = 19 MiB, t = 2, p = 1 (OWASP's minimum recommendation for argon2id).
//! Hashing is CPU-bound for tens of milliseconds, so callers run it on the blocking pool.

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("argon2 parameters are within the algorithm's bounds");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

/// True when `password` matches the stored hash. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A valid hash of a random password: verifying against it costs what a real check costs, so
/// a login for an unknown email takes as long as one for a known email.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash(&uuid::Uuid::new_v4().to_string()).unwrap_or_else(|_| {
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$\
             3rN1eSgnmvUNVWvRqgl1y6mszpwUEhW8/1U0vqZ6TlE"
                .to_owned()
        })
    })
}

/// At most this many hashes run at once: all cores but one, so a flood of logins queues up
/// instead of starving every other request of CPU.
fn permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1))
    })
}

/// Hash on tokio's blocking pool.
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    let _permit = permits().acquire().await?;
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

/// Verify on tokio's blocking pool. `stored` of `None` verifies against the dummy hash and
/// returns false.
pub async fn verify_blocking(password: String, stored: Option<String>) -> bool {
    let Ok(_permit) = permits().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            let _ = verify(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_carry_the_parameters() {
        let hashed = hash("correct horse battery staple").expect("hashes");
        assert!(hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hashed}");
        assert!(verify("correct horse battery staple", &hashed));
        assert!(!verify("correct horse battery stapl", &hashed));
    }

    #[test]
    fn same_password_gets_different_salts() {
        assert_ne!(hash("same password!").ok(), hash("same password!").ok());
    }

    #[test]
    fn malformed_hash_never_matches() {
        assert!(!verify("anything", "not a hash"));
        assert!(!verify("anything", ""));
        assert!(!verify("x", dummy_hash()));
    }
}
