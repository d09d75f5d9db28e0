//! The job runner: jobs complete, failing jobs are retried with backoff and then recorded as
//! failed, and the per-function counts say so. Exercised with test-only job kinds through the
//! same runner the four real functions use.

use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
    time::{Duration, Instant},
};

use app::dto::session::SessionStatus;
use app::server::{
    jobs::{JobAttempt, JobError, JobRunner, Perform},
    queue::Job,
    state::AppState,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::helpers::{Backend, TestApp, eventually, spawn_app};
use crate::on_both_databases;

/// Attempt numbers and when they started, per job.
type AttemptLog = HashMap<Uuid, Vec<(usize, Instant)>>;

/// Attempts seen per job, keyed by the job's own id (tests run in parallel).
static ATTEMPTS: LazyLock<Mutex<AttemptLog>> = LazyLock::new(Default::default);

fn attempts_of(id: Uuid) -> Vec<(usize, Instant)> {
    ATTEMPTS.lock().map(|map| map.get(&id).cloned().unwrap_or_default()).unwrap_or_default()
}

/// Fails its first `failures` attempts, then succeeds.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Flaky {
    id: Uuid,
    failures: usize,
}

impl Job for Flaky {
    const NAME: &'static str = "test-flaky";
}

impl Perform for Flaky {
    async fn perform(self, _state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        if let Ok(mut map) = ATTEMPTS.lock() {
            map.entry(self.id).or_default().push((attempt.number, Instant::now()));
        }
        if attempt.number <= self.failures {
            Err(JobError::Transient(anyhow::anyhow!("flaky failure {}", attempt.number)))
        } else {
            Ok(())
        }
    }
}

/// Fails permanently on its first attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Doomed {
    id: Uuid,
}

impl Job for Doomed {
    const NAME: &'static str = "test-doomed";
}

impl Perform for Doomed {
    async fn perform(self, _state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        if let Ok(mut map) = ATTEMPTS.lock() {
            map.entry(self.id).or_default().push((attempt.number, Instant::now()));
        }
        Err(JobError::Permanent("the input can never work".into()))
    }
}

fn start_test_workers(app: &TestApp) {
    let runner = JobRunner::empty().with_job::<Flaky>(&app.state).with_job::<Doomed>(&app.state);
    tokio::spawn(runner.run_until(std::future::pending()));
}

async fn stats_of(app: &TestApp, name: &str) -> app::dto::jobs::FunctionStats {
    app.state
        .jobs
        .stats()
        .await
        .expect("stats")
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| app::dto::jobs::FunctionStats::empty(name))
}

/// (status, attempts, last_result) of the only job of a kind, read from apalis' own table.
async fn stored_job(app: &TestApp, name: &str) -> (String, i64, Option<String>) {
    use sqlx::Row;
    let row = match app.backend {
        Backend::Sqlite => {
            sqlx::query("SELECT status, attempts, last_result FROM Jobs WHERE job_type = ?1")
                .bind(name)
                .fetch_one(app.db.get_sqlite_connection_pool())
                .await
                .map(|r| (r.get(0), r.get::<i64, _>(1), r.get(2)))
        }
        Backend::Postgres => sqlx::query(
            "SELECT status, attempts::bigint, last_result::text FROM apalis.jobs \
             WHERE job_type = $1",
        )
        .bind(name)
        .fetch_one(app.db.get_postgres_connection_pool())
        .await
        .map(|r| (r.get(0), r.get::<i64, _>(1), r.get(2))),
    };
    row.expect("the job row")
}

on_both_databases!(
    an_enqueued_job_completes_and_is_counted_done,
    a_failing_job_is_retried_with_backoff_then_recorded_failed,
    a_permanent_failure_is_not_retried,
    an_idempotent_enqueue_runs_once,
    a_job_enqueued_while_idle_is_picked_up_promptly,
);

async fn an_enqueued_job_completes_and_is_counted_done(backend: Backend) {
    let app = spawn_app(backend).await;
    start_test_workers(&app);
    let id = Uuid::new_v4();
    app.state.jobs.enqueue(Flaky { id, failures: 0 }).await.expect("enqueue");

    let stats = eventually(Duration::from_secs(60), "the job to be done", || async {
        let stats = stats_of(&app, Flaky::NAME).await;
        (stats.done == 1).then_some(stats)
    })
    .await;
    assert_eq!((stats.queued, stats.running, stats.failed), (0, 0, 0));
    assert_eq!(attempts_of(id).len(), 1);
    let (status, attempts, _) = stored_job(&app, Flaky::NAME).await;
    assert_eq!((status.as_str(), attempts), ("Done", 1));
}

/// Workers that have sat idle since start pick new work up within a few poll intervals, not at
/// their next heartbeat (the first upload after a start once waited 30 s for apalis' default).
async fn a_job_enqueued_while_idle_is_picked_up_promptly(backend: Backend) {
    let app = spawn_app(backend).await;
    start_test_workers(&app);
    let (student, tutor) = app.pair().await;
    tokio::time::sleep(Duration::from_secs(10)).await;

    let id = Uuid::new_v4();
    let enqueued = Instant::now();
    app.state.jobs.enqueue(Flaky { id, failures: 0 }).await.expect("enqueue");
    eventually(Duration::from_secs(60), "the job to run", || async {
        (!attempts_of(id).is_empty()).then_some(())
    })
    .await;
    let waited = attempts_of(id)[0].1 - enqueued;
    assert!(waited < Duration::from_secs(8), "an idle worker took {waited:?} to pick the job up");

    let uploaded = Instant::now();
    let detail =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    assert_eq!(detail.session.status, SessionStatus::Analyzed);
    let waited = uploaded.elapsed();
    assert!(waited < Duration::from_secs(8), "the first upload took {waited:?} to be analyzed");
}

async fn a_failing_job_is_retried_with_backoff_then_recorded_failed(backend: Backend) {
    let app = spawn_app(backend).await;
    start_test_workers(&app);
    let max_attempts = app.state.jobs.max_attempts();
    assert_eq!(max_attempts, 3, "the test profile allows three attempts");

    // Two failures then success: retried, and done on the third attempt.
    let recovers = Uuid::new_v4();
    app.state.jobs.enqueue(Flaky { id: recovers, failures: 2 }).await.expect("enqueue");
    eventually(Duration::from_secs(60), "the flaky job to recover", || async {
        (stats_of(&app, Flaky::NAME).await.done == 1).then_some(())
    })
    .await;
    let seen = attempts_of(recovers);
    assert_eq!(seen.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2, 3]);

    // Backoff: the gaps grow (20 ms, then about 40 ms in the test profile).
    let first_gap = seen[1].1 - seen[0].1;
    let second_gap = seen[2].1 - seen[1].1;
    assert!(first_gap >= Duration::from_millis(18), "first backoff was {first_gap:?}");
    assert!(second_gap >= Duration::from_millis(36), "second backoff was {second_gap:?}");

    // Always failing: three attempts, then failed with the error kept.
    let hopeless = Uuid::new_v4();
    app.state.jobs.enqueue(Flaky { id: hopeless, failures: usize::MAX }).await.expect("enqueue");
    let stats = eventually(Duration::from_secs(60), "the job to be recorded failed", || async {
        let stats = stats_of(&app, Flaky::NAME).await;
        (stats.failed == 1).then_some(stats)
    })
    .await;
    assert_eq!((stats.done, stats.queued, stats.running), (1, 0, 0));
    assert_eq!(attempts_of(hopeless).len(), max_attempts);

    // It stays failed: no worker picks it up again.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(attempts_of(hopeless).len(), max_attempts);
    assert_eq!(stats_of(&app, Flaky::NAME).await.failed, 1);
}

async fn a_permanent_failure_is_not_retried(backend: Backend) {
    let app = spawn_app(backend).await;
    start_test_workers(&app);
    let id = Uuid::new_v4();
    app.state.jobs.enqueue(Doomed { id }).await.expect("enqueue");
    eventually(Duration::from_secs(60), "the doomed job to fail", || async {
        (stats_of(&app, Doomed::NAME).await.failed == 1).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(attempts_of(id).len(), 1);
    let (status, _, last_result) = stored_job(&app, Doomed::NAME).await;
    assert_eq!(status, "Killed");
    assert!(
        last_result.is_some_and(|r| r.contains("the input can never work")),
        "the failure reason is recorded"
    );

    // An admin retry puts it back on the queue with fresh attempts.
    let job_id: String = match backend {
        Backend::Sqlite => sqlx::query_scalar("SELECT id FROM Jobs WHERE job_type = ?1")
            .bind(Doomed::NAME)
            .fetch_one(app.db.get_sqlite_connection_pool())
            .await
            .expect("job id"),
        Backend::Postgres => sqlx::query_scalar("SELECT id FROM apalis.jobs WHERE job_type = $1")
            .bind(Doomed::NAME)
            .fetch_one(app.db.get_postgres_connection_pool())
            .await
            .expect("job id"),
    };
    assert!(app.state.jobs.retry_failed(&job_id).await.expect("retry"));
    eventually(Duration::from_secs(60), "the retried job to run again", || async {
        (attempts_of(id).len() == 2).then_some(())
    })
    .await;
    assert!(!app.state.jobs.retry_failed("no-such-job").await.expect("retry"));
}

/// A job kind with a fixed idempotency key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Daily {
    id: Uuid,
}

impl Job for Daily {
    const NAME: &'static str = "test-daily";

    fn idempotency_key(&self) -> Option<String> {
        Some("2026-11-25".into())
    }
}

impl Perform for Daily {
    async fn perform(self, _state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        if let Ok(mut map) = ATTEMPTS.lock() {
            map.entry(self.id).or_default().push((attempt.number, Instant::now()));
        }
        Ok(())
    }
}

async fn an_idempotent_enqueue_runs_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = Uuid::new_v4();
    app.state.jobs.enqueue(Daily { id }).await.expect("first enqueue");
    app.state.jobs.enqueue(Daily { id }).await.expect("second enqueue is accepted");
    tokio::spawn(
        JobRunner::empty().with_job::<Daily>(&app.state).run_until(std::future::pending()),
    );
    eventually(Duration::from_secs(60), "the daily job to run", || async {
        (stats_of(&app, Daily::NAME).await.done == 1).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(attempts_of(id).len(), 1, "the second enqueue was a no-op");
}
