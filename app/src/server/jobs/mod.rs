//! Background jobs: the four functions, the queue facade callers use, and the worker runner.
//!
//! Storage is apalis' own table in the application database (`Jobs` on SQLite, `apalis.jobs` on
//! PostgreSQL), so any worker process takes any job exactly once. Callers only see [`JobQueue`]
//! and the job structs; no apalis type leaks out of this module.
//!
//! Retries: a job is attempted up to `jobs.max_attempts` times inside the worker, sleeping an
//! exponential backoff between attempts, and is pushed with the same `max_attempts` so the queue
//! does not pick a finally failed job up again. A job whose error is permanent (bad input, a row
//! that no longer exists) returns [`JobError::Permanent`] and is not retried.

mod analyze_transcript;
mod generate_practice;
mod generate_subject_suggestions;
mod runner;
mod send_engagement_nudges;

use std::{collections::BTreeMap, future::Future};

use sea_orm::{DatabaseConnection, DbBackend};
use serde::{Serialize, de::DeserializeOwned};
use sqlx::{PgPool, Row, SqlitePool};

pub use analyze_transcript::AnalyzeTranscript;
pub use generate_practice::GeneratePractice;
pub use generate_subject_suggestions::GenerateSubjectSuggestions;
pub use runner::{JobRunner, NUDGE_SCHEDULE};
pub use send_engagement_nudges::SendEngagementNudges;

use super::state::AppState;
use crate::dto::jobs::{FailedJob, FunctionStats};

/// The job functions, by the names the API and the queue use.
pub const FUNCTIONS: [&str; 4] = [
    AnalyzeTranscript::NAME,
    GeneratePractice::NAME,
    SendEngagementNudges::NAME,
    GenerateSubjectSuggestions::NAME,
];

/// One kind of background work. Jobs carry ids, not payloads, and running one twice changes
/// nothing twice.
pub trait Job: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + 'static {
    /// The function name, as SPEC.md spells it; also the queue name.
    const NAME: &'static str;

    /// A key that makes a second enqueue of the same work a no-op (e.g. one nudge run per day).
    fn idempotency_key(&self) -> Option<String> {
        None
    }

    /// Does the work. `attempt` counts from 1; `final_attempt` says no retry follows an error.
    fn run(
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

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("job queue storage: {0}")]
    Storage(String),
    #[error("encoding the job: {0}")]
    Encode(String),
}

/// The database the queue lives in.
#[derive(Clone, Debug)]
pub(crate) enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Store {
    fn of(db: &DatabaseConnection) -> Self {
        match db.get_database_backend() {
            DbBackend::Postgres => Self::Postgres(db.get_postgres_connection_pool().clone()),
            _ => Self::Sqlite(db.get_sqlite_connection_pool().clone()),
        }
    }
}

/// Creates or updates apalis' tables. On SQLite it runs on a short-lived single connection:
/// apalis' setup switches `synchronous` OFF for the connection it runs on, and that must not be
/// a connection the application keeps using.
pub async fn setup_storage(db: &DatabaseConnection) -> Result<(), QueueError> {
    let storage = |e: &dyn std::fmt::Display| QueueError::Storage(e.to_string());
    match Store::of(db) {
        Store::Sqlite(pool) => {
            let options = (*pool.connect_options()).clone();
            let setup_pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(|e| storage(&e))?;
            apalis_sqlite::SqliteStorage::setup(&setup_pool).await.map_err(|e| storage(&e))?;
            setup_pool.close().await;
            Ok(())
        }
        Store::Postgres(pool) => {
            apalis_postgres::PostgresStorage::setup(&pool).await.map_err(|e| storage(&e))
        }
    }
}

/// What callers use to enqueue work and read queue health.
#[derive(Clone, Debug)]
pub struct JobQueue {
    store: Store,
    max_attempts: usize,
    probe: std::sync::Arc<HealthProbe>,
}

/// How long a health probe's answer is reused. Load balancers and monitors may poll
/// `/api/health` thousands of times a second; the database is asked at most once per this.
const PROBE_TTL: std::time::Duration = std::time::Duration::from_secs(1);

/// The last live-worker count (or the error that replaced it), and a lock so that only one
/// request at a time refreshes it.
#[derive(Debug, Default)]
struct HealthProbe {
    last: std::sync::RwLock<Option<(std::time::Instant, Result<i64, String>)>>,
    refresh: tokio::sync::Mutex<()>,
}

impl HealthProbe {
    fn fresh(&self) -> Option<Result<i64, String>> {
        let last = self.last.read().ok()?;
        let (at, answer) = last.as_ref()?;
        (at.elapsed() < PROBE_TTL).then(|| answer.clone())
    }

    fn store(&self, answer: &Result<i64, String>) {
        if let Ok(mut last) = self.last.write() {
            *last = Some((std::time::Instant::now(), answer.clone()));
        }
    }
}

impl JobQueue {
    pub fn new(db: &DatabaseConnection, max_attempts: u32) -> Self {
        Self {
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

    /// Puts a job on its queue (`perform_later`). Returns once it is stored.
    #[tracing::instrument(skip_all, fields(job = J::NAME))]
    pub async fn enqueue<J: Job>(&self, job: J) -> Result<(), QueueError> {
        use apalis::prelude::{TaskBuilder, TaskSink, TaskSinkError};

        let key = job.idempotency_key();
        let mut task = TaskBuilder::new(job).max_attempts(self.max_attempts);
        if let Some(key) = key {
            task = task.idempotency_key(key);
        }
        let task = task.build();
        match &self.store {
            Store::Sqlite(pool) => {
                let mut storage = runner::sqlite_storage::<J>(pool);
                storage.push_task(task).await.map_err(|e| QueueError::Storage(e.to_string()))
            }
            Store::Postgres(pool) => {
                let mut storage = runner::postgres_storage::<J>(pool);
                match storage.push_task(task).await {
                    Ok(()) => Ok(()),
                    // SQLite's insert ignores a repeated idempotency key; PostgreSQL's raises a
                    // unique violation. Either way the job is already queued: not an error.
                    Err(TaskSinkError::PushError(apalis_postgres::Error::Database(
                        sqlx::Error::Database(db_err),
                    ))) if db_err.is_unique_violation() => Ok(()),
                    Err(e) => Err(QueueError::Storage(e.to_string())),
                }
            }
        }
    }

    /// Per-function counts: queued (waiting, or failed with attempts left), running, done and
    /// failed (attempts exhausted, or aborted). Every known function appears, even at zero.
    pub async fn stats(&self) -> Result<Vec<FunctionStats>, QueueError> {
        let mut by_name: BTreeMap<String, FunctionStats> =
            FUNCTIONS.iter().map(|name| ((*name).to_owned(), FunctionStats::empty(name))).collect();
        let rows: Vec<(String, String, bool, i64)> = match &self.store {
            Store::Sqlite(pool) => sqlx::query(
                "SELECT job_type, status, attempts >= max_attempts AS exhausted, COUNT(*) \
                 FROM Jobs GROUP BY job_type, status, exhausted",
            )
            .fetch_all(pool)
            .await
            .map_err(|e| QueueError::Storage(e.to_string()))?
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get::<i64, _>(2) != 0, r.get(3)))
            .collect(),
            Store::Postgres(pool) => sqlx::query(
                "SELECT job_type, status, attempts >= max_attempts AS exhausted, COUNT(*) \
                 FROM apalis.jobs GROUP BY job_type, status, exhausted",
            )
            .fetch_all(pool)
            .await
            .map_err(|e| QueueError::Storage(e.to_string()))?
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect(),
        };
        for (name, status, exhausted, n) in rows {
            let entry = by_name.entry(name.clone()).or_insert_with(|| FunctionStats::empty(&name));
            match status.as_str() {
                "Pending" | "Queued" => entry.queued += n,
                "Running" => entry.running += n,
                "Done" => entry.done += n,
                "Failed" if !exhausted => entry.queued += n,
                _ => entry.failed += n,
            }
        }
        Ok(by_name.into_values().collect())
    }

    /// The health check: live workers, which doubles as the database check. Answers from the
    /// last probe when it is under a second old; otherwise one caller asks the database while
    /// the others wait for its answer.
    pub async fn health_probe(&self) -> Result<i64, String> {
        if let Some(answer) = self.probe.fresh() {
            return answer;
        }
        let _refreshing = self.probe.refresh.lock().await;
        if let Some(answer) = self.probe.fresh() {
            return answer;
        }
        let answer = self.live_workers().await.map_err(|e| e.to_string());
        self.probe.store(&answer);
        answer
    }

    /// Workers that sent a heartbeat recently, across every process sharing this database.
    pub async fn live_workers(&self) -> Result<i64, QueueError> {
        // apalis heartbeats every 30 s; three missed beats means the worker is gone.
        let result = match &self.store {
            Store::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM Workers WHERE last_seen >= strftime('%s','now') - 90",
                )
                .fetch_one(pool)
                .await
            }
            Store::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM apalis.workers \
                     WHERE last_seen >= now() - interval '90 seconds'",
                )
                .fetch_one(pool)
                .await
            }
        };
        result.map_err(|e| QueueError::Storage(e.to_string()))
    }

    /// The newest finally failed (or stopped) jobs, with the error they last reported.
    pub async fn failed(&self, limit: i64) -> Result<Vec<FailedJob>, QueueError> {
        let rows: Vec<(String, String, i64, Option<String>)> = match &self.store {
            Store::Sqlite(pool) => sqlx::query(
                "SELECT id, job_type, attempts, last_result FROM Jobs \
                 WHERE status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts) \
                 ORDER BY done_at DESC LIMIT ?1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(|e| QueueError::Storage(e.to_string()))?
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect(),
            Store::Postgres(pool) => sqlx::query(
                "SELECT id, job_type, attempts::bigint, last_result::text FROM apalis.jobs \
                 WHERE status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts) \
                 ORDER BY done_at DESC NULLS LAST LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(|e| QueueError::Storage(e.to_string()))?
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect(),
        };
        Ok(rows
            .into_iter()
            .map(|(id, name, attempts, last_error)| FailedJob { id, name, attempts, last_error })
            .collect())
    }

    /// Puts a finally failed job back on its queue with a fresh set of attempts.
    /// Returns false when no failed job has that id.
    pub async fn retry_failed(&self, job_id: &str) -> Result<bool, QueueError> {
        let result = match &self.store {
            Store::Sqlite(pool) => sqlx::query(
                "UPDATE Jobs SET status = 'Pending', attempts = 0, lock_by = NULL, \
                 lock_at = NULL, done_at = NULL, run_at = strftime('%s','now') \
                 WHERE id = ?1 AND (status = 'Killed' OR (status = 'Failed' \
                 AND attempts >= max_attempts))",
            )
            .bind(job_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
            Store::Postgres(pool) => sqlx::query(
                "UPDATE apalis.jobs SET status = 'Pending', attempts = 0, lock_by = NULL, \
                 lock_at = NULL, done_at = NULL, run_at = now() \
                 WHERE id = $1 AND (status = 'Killed' OR (status = 'Failed' \
                 AND attempts >= max_attempts))",
            )
            .bind(job_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
        };
        result.map(|n| n > 0).map_err(|e| QueueError::Storage(e.to_string()))
    }
}
