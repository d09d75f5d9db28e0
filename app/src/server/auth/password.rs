//! Password hashing with argon2id.
//!
//! Parameters are explicit rather than the crate's defaults so a dependency upgrade cannot
//! silently weaken them: m = 7 MiB, t = 5, p = 1, one of OWASP's equivalent minimum
//! configurations for argon2id (the same as 19 MiB with t = 2), chosen for the smaller memory
//! held per hashing thread. Hashes stored with other parameters still verify.
//! Hashing is CPU-bound for tens of milliseconds, so callers run it on the hashing threads below.

use std::cell::RefCell;

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::phc::{Output, ParamsString, PasswordHash, Salt},
};

pub const MEMORY_KIB: u32 = 7 * 1024;
pub const ITERATIONS: u32 = 5;
pub const PARALLELISM: u32 = 1;
const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;

fn params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, Some(OUTPUT_BYTES))
        .expect("argon2 parameters are within the algorithm's bounds")
}

thread_local! {
    /// argon2's work area, reused by back-to-back checks on one thread and given back to the
    /// kernel (`give_back_work_area`) when the thread has nothing queued.
    static WORK_AREA: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// What a work area reserves, in blocks: more than glibc's largest dynamic mmap threshold
/// (32 MiB on 64-bit). An allocation this size is always mapped fresh from the kernel and
/// unmapped when dropped, and never raises that threshold; a 7 MiB one would, and every
/// later allocation under it would then stay in the malloc arenas (a hundred megabytes held
/// after a few dozen logins, measured). Only the blocks argon2 uses are ever touched.
const RESERVED_BLOCKS: usize = (33 << 20) / std::mem::size_of::<Block>();

/// Runs argon2 into `out` on this thread's work area (reserved on first use, grown when a
/// stored hash asks for more than the reservation).
fn compute(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> bool {
    WORK_AREA.with(|area| {
        let Ok(mut area) = area.try_borrow_mut() else { return false };
        let blocks = params.block_count();
        if area.len() < blocks {
            if area.capacity() < blocks {
                *area = Vec::with_capacity(blocks.max(RESERVED_BLOCKS));
            }
            area.resize(blocks, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut area[..blocks]).is_ok()
    })
}

/// Gives this thread's work area back to the kernel: 7 MiB of resident memory per hashing
/// thread otherwise held between logins for the life of the process.
fn give_back_work_area() {
    WORK_AREA.with(|area| {
        if let Ok(mut area) = area.try_borrow_mut() {
            *area = Vec::new();
        }
    });
}

/// A PHC string (`$argon2id$v=19$m=7168,t=5,p=1$salt$hash`) with a fresh random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let fail = |e: &dyn std::fmt::Display| anyhow::anyhow!("hashing a password failed: {e}");
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt_bytes: [u8; SALT_BYTES] = rand::random();
    let mut out = [0u8; OUTPUT_BYTES];
    if !compute(&argon, &params, password.as_bytes(), &salt_bytes, &mut out) {
        return Err(anyhow::anyhow!("hashing a password failed"));
    }
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| fail(&e))?,
        salt: Some(Salt::new(&salt_bytes).map_err(|e| fail(&e))?),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(hash.to_string())
}

/// True when `password` matches the stored hash. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else { return false };
    let Ok(version) = parsed.version.map(Version::try_from).transpose() else { return false };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let argon = Argon2::new(algorithm, version.unwrap_or_default(), params.clone());
    let mut out = vec![0u8; expected.len()];
    if !compute(&argon, &params, password.as_bytes(), salt, &mut out) {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| &computed == expected)
}

/// What `dummy_hash` falls back to if hashing fails: a hash with today's parameters.
const DUMMY_FALLBACK: &str = "$argon2id$v=19$m=7168,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$\
                              rPT0JOtDeY9q9wg3CGVC3ceJz0fEi1CCeDcP9A7bojA";

/// A valid hash of a random password: verifying against it costs what a real check costs, so
/// a login for an unknown email takes as long as one for a known email.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash(&uuid::Uuid::new_v4().to_string()).unwrap_or_else(|_| DUMMY_FALLBACK.to_owned())
    })
}

/// Password hashing runs on threads of its own: cores − 1 of them (at least one), at a lower CPU
/// priority. A flood of logins queues here instead of taking the cores that serve everything
/// else, and argon2's 7 MiB work areas stay bounded by the number of these threads (and are
/// given back while nothing is queued).
type Work = Box<dyn FnOnce() + Send>;

/// Nice value of the hashing threads: the scheduler still gives them about a tenth of a
/// contended core, so logins slow down under load but never stop.
const HASHING_NICE: i32 = 10;

/// Password checks that may wait for a hashing thread. More than this and a caller is told to come
/// back later (503 with Retry-After) instead of joining an unbounded backlog that would stall
/// every login behind a flood of wrong passwords.
pub const QUEUE_CAPACITY: usize = 32;

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every hashing thread is busy and the queue is full: try again shortly.
    #[error("password checks are busy; try again shortly")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// The hashing threads and their bounded queue. One per application state: the threads stop when
/// the last clone is dropped.
#[derive(Clone)]
pub struct Hasher {
    queue: std::sync::mpsc::SyncSender<Work>,
}

impl Hasher {
    /// Starts cores − 1 hashing threads (at least one).
    pub fn start() -> Self {
        let (queue, receiver) = std::sync::mpsc::sync_channel::<Work>(QUEUE_CAPACITY);
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        for index in 0..cores.saturating_sub(1).max(1) {
            let receiver = std::sync::Arc::clone(&receiver);
            let spawned = std::thread::Builder::new().name(format!("password-hash-{index}")).spawn(
                move || {
                    lower_priority();
                    loop {
                        // Work already queued reuses the work area (a flood of logins pays
                        // for it once); with nothing queued it goes back before waiting.
                        let next = match receiver.lock() {
                            Ok(receiver) => receiver.try_recv().or_else(|_| {
                                give_back_work_area();
                                receiver.recv()
                            }),
                            Err(_) => return,
                        };
                        // Every sender dropped: the state is gone, so is this thread.
                        let Ok(work) = next else { return };
                        // A panic loses only that one hash (its caller sees an error).
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
                    }
                },
            );
            if let Err(err) = spawned {
                tracing::error!(%err, "could not start a password hashing thread");
            }
        }
        Self { queue }
    }

    /// Runs `work` on a hashing thread and waits for its result. A full queue is `Busy` at once;
    /// work whose caller has gone (the request timed out or the client left) is skipped.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (reply, result) = tokio::sync::oneshot::channel();
        self.queue
            .try_send(Box::new(move || {
                if !reply.is_closed() {
                    let _ = reply.send(work());
                }
            }))
            .map_err(|err| match err {
                std::sync::mpsc::TrySendError::Full(_) => HashError::Busy,
                std::sync::mpsc::TrySendError::Disconnected(_) => {
                    HashError::Failed("the password hashing threads have stopped".into())
                }
            })?;
        result.await.map_err(|_| HashError::Failed("the hashing thread gave no answer".into()))
    }

    /// Hash on a hashing thread.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.run(move || hash(&password)).await?.map_err(|e| HashError::Failed(e.to_string()))
    }

    /// Verify on a hashing thread. `stored` of `None` verifies against the dummy hash (so an
    /// unknown email costs what a known one does) and returns false.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashError> {
        self.run(move || match stored {
            Some(stored) => verify(&password, &stored),
            None => {
                let _ = verify(&password, dummy_hash());
                false
            }
        })
        .await
    }
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher").finish_non_exhaustive()
    }
}

fn lower_priority() {
    // On Linux the nice value is per thread; `None` means the calling thread.
    #[cfg(unix)]
    if let Err(err) = rustix::process::setpriority_process(None, HASHING_NICE) {
        tracing::warn!(%err, "could not lower the priority of password hashing");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_carry_the_parameters() {
        let hashed = hash("correct horse battery staple").expect("hashes");
        assert!(hashed.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{hashed}");
        assert!(verify("correct horse battery staple", &hashed));
        assert!(!verify("correct horse battery stapl", &hashed));
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_verify() {
        use argon2::password_hash::PasswordHasher;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let theirs = argon.hash_password(b"stored before the work area").expect("hashes");
        assert!(verify("stored before the work area", &theirs.to_string()));
        assert!(!verify("stored before the work are", &theirs.to_string()));
        // Other parameters (a bigger memory cost) still verify: the work area grows.
        let bigger = Params::new(MEMORY_KIB * 2, 1, 1, None).expect("params");
        let big = Argon2::new(Algorithm::Argon2id, Version::V0x13, bigger)
            .hash_password(b"bigger memory")
            .expect("hashes");
        assert!(verify("bigger memory", &big.to_string()));
        // ... and today's hashes still verify on the grown area.
        assert!(verify("bigger memory", &hash("bigger memory").expect("hashes")));
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

    #[test]
    fn the_fallback_dummy_is_a_well_formed_hash_with_todays_parameters() {
        let parsed = PasswordHash::new(DUMMY_FALLBACK).expect("parses");
        assert_eq!(Params::try_from(&parsed).expect("params").m_cost(), MEMORY_KIB);
        assert!(!verify("anything", DUMMY_FALLBACK));
    }
}
