//! Runs the job workers (in `serve` with in-process workers, or in `worker` processes) and the
//! daily nudge schedule.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use apalis::layers::retry::backoff::{ExponentialBackoffMaker, MakeBackoff};
use apalis::prelude::{
    AbortError, Attempt, BackendExt, BoxDynError, Data, Monitor, PollSnapshot, PollStrategy,
    RetryPolicy, WorkerBuilder, WorkerBuilderExt,
};
use apalis_cron::{CronScheduler, Tick};

use super::{JobAttempt, JobError, Perform};
use crate::server::{
    queue::{
        SendEngagementNudges, Store,
        store::{postgres_storage, sqlite_storage},
    },
    state::AppState,
};

/// Wakes a worker every `interval` to look for work.
///
/// apalis' own `IntervalStrategy` re-arms its timer without polling it, so no waker is left
/// registered for the next tick; a worker that went idle after other database traffic then slept
/// until its next heartbeat (30 s on SQLite), which is how long the first upload after a start
/// waited. This strategy always leaves the next tick armed and registered.
struct EveryInterval {
    interval: Duration,
    tick: Pin<Box<tokio::time::Sleep>>,
}

impl EveryInterval {
    fn new(interval: Duration) -> Self {
        Self { interval, tick: Box::pin(tokio::time::sleep(interval)) }
    }
}

impl Clone for EveryInterval {
    fn clone(&self) -> Self {
        Self::new(self.interval)
    }
}

impl PollStrategy for EveryInterval {
    fn poll_drive(&mut self, cx: &mut Context<'_>, _: &PollSnapshot) -> Poll<Option<()>> {
        if self.tick.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.tick.as_mut().reset(tokio::time::Instant::now() + self.interval);
        // Polling the fresh timer registers this task's waker for the next tick.
        let _ = self.tick.as_mut().poll(cx);
        Poll::Ready(Some(()))
    }
}

/// Builds the set of workers for this process.
pub struct JobRunner {
    monitor: Monitor,
}

impl JobRunner {
    /// Workers for every job function in the queue's list, plus the nudge schedule.
    pub fn new(state: &AppState) -> Self {
        macro_rules! with_jobs {
            ($($job:ty),*) => { Self::empty()$(.with_job::<$job>(state))* };
        }
        crate::for_each_job!(with_jobs).with_nudge_schedule(state)
    }

    /// An empty runner; tests add their own job kinds to exercise the machinery.
    pub fn empty() -> Self {
        let monitor = Monitor::new()
            .shutdown_timeout(Duration::from_secs(30))
            // Workers stop when their database query fails (an outage, a restart of the
            // server); they come back, after a growing pause, instead of staying dead.
            .should_restart(|worker, error| {
                tracing::warn!(worker = worker.name(), %error, restarts = worker.restarts(), "job worker stopped");
                true
            });
        Self { monitor }
    }

    /// Adds a worker for one job kind.
    pub fn with_job<J: Perform>(mut self, state: &AppState) -> Self {
        let settings = &state.settings.jobs;
        let poll = Duration::from_millis(settings.poll_interval_ms.max(10));
        let backoff_min = Duration::from_millis(settings.backoff_ms.max(1));
        let concurrency = settings.concurrency;
        let max_attempts = state.jobs.max_attempts();
        // Worker names must be unique per process: apalis refuses a name it saw recently.
        let instance = format!("{}-{}", J::NAME, uuid::Uuid::new_v4().simple());
        let state = state.clone();

        macro_rules! worker {
            ($backend:expr) => {{
                let state = state.clone();
                let instance = instance.clone();
                move |restarts: usize| {
                    let backoff = ExponentialBackoffMaker::new(
                        backoff_min,
                        backoff_min.saturating_mul(64),
                        0.1,
                        apalis::layers::retry::HasherRng::default(),
                    )
                    .map(|mut maker| maker.make_backoff())
                    .expect("backoff bounds are ordered");
                    // A worker that died on a database error is restarted by the monitor; the
                    // pause before it starts again grows with each restart (capped at 30 s), so
                    // an outage does not turn into a tight loop of failing queries.
                    let pause = Duration::from_secs((restarts as u64).min(30));
                    WorkerBuilder::new(format!("{instance}-{restarts}"))
                        .backend(
                            $backend
                                .before_start(move |_| async move {
                                    if !pause.is_zero() {
                                        tracing::warn!(
                                            job = J::NAME,
                                            ?pause,
                                            "restarting a job worker"
                                        );
                                        tokio::time::sleep(pause).await;
                                    }
                                    Ok(())
                                })
                                .poll_with_strategy(EveryInterval::new(poll)),
                        )
                        .data(state.clone())
                        .data(MaxAttempts(max_attempts))
                        .concurrency(concurrency)
                        .retry(RetryPolicy::retries(max_attempts - 1).with_backoff(backoff))
                        .build(handle::<J>)
                }
            }};
        }

        self.monitor = match state.jobs.store().clone() {
            Store::Sqlite(pool) => {
                self.monitor.register(worker!(sqlite_storage::<J>(&pool, concurrency)))
            }
            Store::Postgres(pool) => {
                self.monitor.register(worker!(postgres_storage::<J>(&pool, concurrency)))
            }
        };
        self
    }

    /// Each tick of `engagement.nudge_schedule` (daily at 09:00 UTC by default) enqueues one
    /// nudge run for that day; the idempotency key makes the ticks of several processes
    /// collapse into one job.
    fn with_nudge_schedule(mut self, state: &AppState) -> Self {
        let schedule = match state.settings.engagement.cron_schedule() {
            Ok(schedule) => schedule,
            Err(err) => {
                // Settings::load already refused a bad schedule; this is a hand-built state.
                tracing::error!(error = %err, "no nudge schedule");
                return self;
            }
        };
        let state = state.clone();
        let name = format!("nudge-schedule-{}", uuid::Uuid::new_v4().simple());
        self.monitor = self.monitor.register(move |restarts| {
            let schedule = schedule.clone();
            WorkerBuilder::new(format!("{name}-{restarts}"))
                .backend(CronScheduler::new(schedule))
                .data(state.clone())
                .build(enqueue_nudges)
        });
        self
    }

    /// Runs until `shutdown` resolves, then lets running jobs finish (up to 30 s).
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), String> {
        self.monitor
            .run_with_signal(async move {
                shutdown.await;
                Ok(())
            })
            .await
            .map_err(|e| e.to_string())
    }
}

#[derive(Clone, Copy)]
struct MaxAttempts(usize);

async fn handle<J: Perform>(
    job: J,
    state: Data<AppState>,
    max: Data<MaxAttempts>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
    let attempt = JobAttempt { number: attempt.current().max(1), max: max.0.0 };
    let started = std::time::Instant::now();
    let result = job.perform((*state).clone(), attempt).await;
    let elapsed = started.elapsed();
    let elapsed_ms = elapsed.as_millis() as u64;
    let outcome = match &result {
        Ok(()) => "done",
        Err(JobError::Transient(_)) if !attempt.is_final() => "retry",
        Err(_) => "failed",
    };
    state.metrics.job(J::NAME, outcome, elapsed);
    match result {
        Ok(()) => {
            tracing::info!(job = J::NAME, attempt = attempt.number, elapsed_ms, "job done");
            Ok(())
        }
        Err(JobError::Permanent(reason)) => {
            tracing::warn!(job = J::NAME, attempt = attempt.number, %reason, "job failed for good");
            Err(Box::new(AbortError::new(reason)))
        }
        Err(JobError::Transient(err)) => {
            tracing::warn!(
                job = J::NAME,
                attempt = attempt.number,
                max_attempts = attempt.max,
                error = %format!("{err:#}"),
                "job attempt failed"
            );
            Err(err.into())
        }
    }
}

async fn enqueue_nudges(tick: Tick, state: Data<AppState>) -> Result<(), BoxDynError> {
    let at = chrono::DateTime::from_timestamp(tick.get_timestamp() as i64, 0)
        .unwrap_or_else(|| state.clock.now());
    state
        .jobs
        .enqueue(SendEngagementNudges { day: at.date_naive() })
        .await
        .map_err(|e| Box::new(e) as BoxDynError)
}
