//! Running jobs: one handler per job function (one file each), the worker runner, and the retry
//! policy, which is the job layer's alone: services return their own errors and never see an
//! attempt; [`settle`] turns an attempt's outcome into "done", "try again" or "failed for good"
//! (marking the work failed and telling its student on the last attempt).
//!
//! Retries: a job is attempted up to `jobs.max_attempts` times inside the worker, sleeping an
//! exponential backoff between attempts, and is pushed with the same `max_attempts` so the queue
//! does not pick a finally failed job up again.

mod analyze_transcript;
mod generate_practice;
mod generate_subject_suggestions;
mod runner;
mod send_engagement_nudges;
mod settle;

use std::future::Future;

pub use runner::JobRunner;
pub use settle::{Failure, settle};

use super::{queue::Job, state::AppState};

/// How a job of this kind is done. Implemented once per job function, beside nothing else.
pub trait Perform: Job {
    /// Does the work. `attempt` counts from 1.
    fn perform(
        self,
        state: AppState,
        attempt: JobAttempt,
    ) -> impl Future<Output = Result<(), JobError>> + Send;
}

#[derive(Debug, Clone, Copy)]
pub struct JobAttempt {
    pub number: usize,
    pub max: usize,
}

impl JobAttempt {
    pub fn is_final(&self) -> bool {
        self.number >= self.max
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt (a provider timeout, a busy database).
    #[error(transparent)]
    Transient(#[from] anyhow::Error),
    /// Retrying cannot help; recorded as failed at once.
    #[error("{0}")]
    Permanent(String),
}

impl From<sea_orm::DbErr> for JobError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Transient(err.into())
    }
}

impl From<super::queue::QueueError> for JobError {
    fn from(err: super::queue::QueueError) -> Self {
        Self::Transient(err.into())
    }
}
