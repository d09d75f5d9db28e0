//! The health check's view of the queue: live workers, which doubles as the database check,
//! answered from a cache for up to a second.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement};

use super::{JobQueue, QueueError};

/// How long a health probe's answer is reused. Load balancers and monitors may poll
/// `/api/health` thousands of times a second; the database is asked at most once per this.
const PROBE_TTL: Duration = Duration::from_secs(1);

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
        let d = self.store.dialect();
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {} WHERE last_seen >= {}",
            d.workers, d.ninety_seconds_ago
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
