//! The health check's view of the queue: live workers, which doubles as the database check,
//! answered from a cache for half a second, and never waiting longer than half a second for the
//! database: an outage shows as 503 within a second.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement};

use super::{JobQueue, QueueError};

/// How long a health probe's answer is reused. Load balancers and monitors may poll
/// `/api/health` thousands of times a second; the database is asked at most once per this.
const PROBE_TTL: Duration = Duration::from_millis(500);
/// A database that has not answered by then counts as down (the pool would otherwise keep
/// retrying refused connections for its whole acquire timeout).
const PROBE_TIMEOUT: Duration = Duration::from_millis(500);

/// The last live-worker count (or the error that replaced it), and a lock so that only one
/// request at a time refreshes it.
#[derive(Debug, Default)]
pub(super) struct HealthProbe {
    last: std::sync::RwLock<Option<(Instant, Result<i64, String>)>>,
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
            *last = Some((Instant::now(), answer.clone()));
        }
    }
}

impl JobQueue {
    /// The health check: live workers, which doubles as the database check. Answers from the
    /// last probe when it is under half a second old; otherwise one caller asks the database while
    /// the others wait for its answer.
    pub async fn health_probe(&self) -> Result<i64, String> {
        if let Some(answer) = self.probe.fresh() {
            return answer;
        }
        let _refreshing = self.probe.refresh.lock().await;
        if let Some(answer) = self.probe.fresh() {
            return answer;
        }
        let answer = match tokio::time::timeout(PROBE_TIMEOUT, self.live_workers()).await {
            Ok(answer) => answer.map_err(|e| e.to_string()),
            Err(_) => Err(format!("no answer within {} ms", PROBE_TIMEOUT.as_millis())),
        };
        self.probe.store(&answer);
        answer
    }

    /// Workers that sent a heartbeat recently, across every process sharing this database.
    pub async fn live_workers(&self) -> Result<i64, QueueError> {
        // Three missed heartbeats means the worker is gone (see `store::HEARTBEAT`).
        let d = self.store.dialect();
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {} WHERE last_seen >= {}",
            d.workers, d.dead_before
        );
        let statement = Statement::from_string(self.db.get_database_backend(), sql);
        let row = self
            .db
            .query_one_raw(statement)
            .await
            .map_err(|e| QueueError::Storage(e.to_string()))?;
        row.map(|r| r.try_get_by_index::<i64>(0))
            .transpose()
            .map_err(|e| QueueError::Storage(e.to_string()))
            .map(|n| n.unwrap_or(0))
    }
}
