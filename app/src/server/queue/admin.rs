//! What admins see of the queue: per-function counts, the jobs that failed for good, and putting
//! one of those back. Written once for both databases against the store's [`Dialect`].

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, Statement, Value};

use super::{FUNCTIONS, JobQueue, QueueError};
use crate::dto::jobs::{FailedJob, FunctionStats};

fn storage(err: sea_orm::DbErr) -> QueueError {
    QueueError::Storage(err.to_string())
}

/// Finally failed: attempts used up, or stopped for good (a permanent failure).
const FINALLY_FAILED: &str =
    "(status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts))";

impl JobQueue {
    fn statement(&self, sql: String, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(self.db.get_database_backend(), sql, values)
    }

    /// Per-function counts: queued (waiting, or failed with attempts left), running, done and
    /// failed (attempts exhausted, or aborted). Every known function appears, even at zero.
    pub async fn stats(&self) -> Result<Vec<FunctionStats>, QueueError> {
        let d = self.store.dialect();
        let sql = format!(
            "SELECT job_type, status, \
             CAST(CASE WHEN attempts >= max_attempts THEN 1 ELSE 0 END AS BIGINT) AS exhausted, \
             CAST(COUNT(*) AS BIGINT) AS n FROM {} GROUP BY job_type, status, exhausted",
            d.jobs
        );
        let rows = self.db.query_all_raw(self.statement(sql, vec![])).await.map_err(storage)?;
        let mut by_name: BTreeMap<String, FunctionStats> =
            FUNCTIONS.iter().map(|name| ((*name).to_owned(), FunctionStats::empty(name))).collect();
        for row in rows {
            let name: String = row.try_get_by_index(0).map_err(storage)?;
            let status: String = row.try_get_by_index(1).map_err(storage)?;
            let exhausted = row.try_get_by_index::<i64>(2).map_err(storage)? != 0;
            let n: i64 = row.try_get_by_index(3).map_err(storage)?;
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

    /// The newest finally failed (or stopped) jobs, with the error they last reported.
    pub async fn failed(&self, limit: u32) -> Result<Vec<FailedJob>, QueueError> {
        let d = self.store.dialect();
        let sql = format!(
            "SELECT id, job_type, CAST(attempts AS BIGINT), CAST(last_result AS TEXT) FROM {} \
             WHERE {FINALLY_FAILED} ORDER BY done_at DESC NULLS LAST LIMIT {limit}",
            d.jobs
        );
        let rows = self.db.query_all_raw(self.statement(sql, vec![])).await.map_err(storage)?;
        rows.into_iter()
            .map(|row| {
                Ok(FailedJob {
                    id: row.try_get_by_index(0).map_err(storage)?,
                    name: row.try_get_by_index(1).map_err(storage)?,
                    attempts: row.try_get_by_index(2).map_err(storage)?,
                    last_error: row.try_get_by_index(3).map_err(storage)?,
                })
            })
            .collect()
    }

    /// Puts a finally failed job back on its queue with a fresh set of attempts.
    /// Returns false when no failed job has that id.
    pub async fn retry_failed(&self, job_id: &str) -> Result<bool, QueueError> {
        let d = self.store.dialect();
        let sql = format!(
            "UPDATE {} SET status = 'Pending', attempts = 0, lock_by = NULL, lock_at = NULL, \
             done_at = NULL, run_at = {} WHERE id = {} AND {FINALLY_FAILED}",
            d.jobs, d.now, d.first_parameter
        );
        let result =
            self.db.execute_raw(self.statement(sql, vec![job_id.into()])).await.map_err(storage)?;
        Ok(result.rows_affected() > 0)
    }
}
