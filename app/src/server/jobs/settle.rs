//! The one place an attempt's outcome becomes a retry decision, for every job.

use std::future::Future;

use super::{JobAttempt, JobError};

/// A service error as the job layer sees it: whether another attempt could succeed.
pub trait Failure: std::error::Error + Send + Sync + 'static {
    /// True when retrying cannot help (the input is gone or can never work).
    fn is_permanent(&self) -> bool;
}

/// Settles one attempt. On success, done. On a permanent failure, or a transient one on the
/// last attempt, `give_up` runs (mark the work failed, tell the student) and the job ends as
/// failed; earlier transient failures leave the work as it is for the next attempt.
pub async fn settle<E, G, Fut>(
    attempt: JobAttempt,
    result: Result<(), E>,
    give_up: G,
) -> Result<(), JobError>
where
    E: Failure,
    G: FnOnce(&E) -> Fut,
    Fut: Future<Output = Result<(), sea_orm::DbErr>>,
{
    let Err(err) = result else {
        return Ok(());
    };
    let permanent = err.is_permanent();
    tracing::warn!(error = %err, permanent, attempt = attempt.number, "job attempt failed");
    if permanent || attempt.is_final() {
        give_up(&err).await?;
    }
    if permanent {
        Err(JobError::Permanent(err.to_string()))
    } else {
        Err(JobError::Transient(anyhow::Error::new(err)))
    }
}
