//! The job queue as callers see it: the four job functions (what each carries), the one list of
//! them, and [`JobQueue`] to enqueue work (`perform_later`). No apalis type leaks out.
//!
//! Storage is apalis' own table in the application database (`Jobs` on SQLite, `apalis.jobs` on
//! PostgreSQL), so any worker process takes any job exactly once. Services enqueue through this
//! module; the handlers that run the jobs live in `server::jobs`, which calls services: the
//! queue sits below both, so neither imports the other in a circle.

mod admin;
mod health;
pub(crate) mod store;

use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

pub(crate) use store::Store;
pub use store::setup_storage;

/// One kind of background work. Jobs carry ids, not payloads, and running one twice changes
/// nothing twice.
pub trait Job: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + 'static {
    /// The function name, as SPEC.md spells it; also the queue name.
    const NAME: &'static str;

    /// A key that makes a second enqueue of the same work a no-op (e.g. one nudge run per day).
    fn idempotency_key(&self) -> Option<String> {
        None
    }
}

/// The one list of job functions. `for_each_job!(m)` calls `m!` with every job type; the names
/// the API reports and the workers a process runs both come from here, so adding a job is its
/// struct below, one name in this list, and its handler in `server::jobs`.
#[macro_export]
macro_rules! for_each_job {
    ($m:ident) => {
        $m!(
            $crate::server::queue::AnalyzeTranscript,
            $crate::server::queue::GeneratePractice,
            $crate::server::queue::SendEngagementNudges,
            $crate::server::queue::GenerateSubjectSuggestions
        )
    };
}

macro_rules! job_names {
    ($($job:ty),*) => { [$(<$job as Job>::NAME),*] };
}

/// The job functions, by the names the API and the queue use.
pub const FUNCTIONS: [&str; 4] = for_each_job!(job_names);

/// `analyze-transcript`: parse, analyze and store one session, then queue its practice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnalyzeTranscript {
    pub session_id: Uuid,
}

impl Job for AnalyzeTranscript {
    const NAME: &'static str = "analyze-transcript";
}

/// `generate-practice`: the questions of one practice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GeneratePractice {
    pub practice_id: Uuid,
}

impl Job for GeneratePractice {
    const NAME: &'static str = "generate-practice";
}

/// `send-engagement-nudges`: one run per UTC day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendEngagementNudges {
    pub day: NaiveDate,
}

impl Job for SendEngagementNudges {
    const NAME: &'static str = "send-engagement-nudges";

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::NAME, self.day))
    }
}

/// `generate-subject-suggestions`: what to study next after a completed goal, once per goal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenerateSubjectSuggestions {
    pub goal_id: Uuid,
}

impl Job for GenerateSubjectSuggestions {
    const NAME: &'static str = "generate-subject-suggestions";

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::NAME, self.goal_id))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("job queue storage: {0}")]
    Storage(String),
}

/// What callers use to enqueue work and read queue health.
#[derive(Clone, Debug)]
pub struct JobQueue {
    db: DatabaseConnection,
    store: Store,
    max_attempts: usize,
    probe: std::sync::Arc<health::HealthProbe>,
}

impl JobQueue {
    pub fn new(db: &DatabaseConnection, max_attempts: u32) -> Self {
        Self {
            db: db.clone(),
            store: Store::of(db),
            max_attempts: max_attempts.max(1) as usize,
            probe: std::sync::Arc::default(),
        }
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub fn max_attempts(&self) -> usize {
        self.max_attempts
    }

    /// Puts a job on its queue (`perform_later`). Returns once it is stored; a repeated
    /// idempotency key is not an error (the job is already queued).
    #[tracing::instrument(skip_all, fields(job = J::NAME))]
    pub async fn enqueue<J: Job>(&self, job: J) -> Result<(), QueueError> {
        self.store.push(job, self.max_attempts).await
    }
}
