//! Where jobs are kept: apalis' storage for the application's own database (SQLite or
//! PostgreSQL), and the few facts about its tables our own queries need.

use apalis::prelude::{TaskBuilder, TaskSink, TaskSinkError};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use std::time::Duration;

use sea_orm::{DatabaseConnection, DbBackend};
use sqlx::{PgPool, SqlitePool};

use super::{Job, QueueError};

/// The database the queue lives in.
#[derive(Clone, Debug)]
pub(crate) enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// How apalis' tables are named and how "now" is written on each database; our admin and
/// health queries are written once against this.
pub(super) struct Dialect {
    pub jobs: &'static str,
    pub workers: &'static str,
    /// Now, in the type apalis stores times in (epoch seconds on SQLite, timestamptz on PG).
    pub now: &'static str,
    /// A worker whose last beat is older than this is dead (`HEARTBEAT × MISSED_HEARTBEATS`
    /// ago), in that type.
    pub dead_before: &'static str,
    /// The first bound parameter.
    pub first_parameter: &'static str,
}

const SQLITE: Dialect = Dialect {
    jobs: "Jobs",
    workers: "Workers",
    now: "strftime('%s','now')",
    dead_before: "strftime('%s','now') - 15",
    first_parameter: "?1",
};

const POSTGRES: Dialect = Dialect {
    jobs: "apalis.jobs",
    workers: "apalis.workers",
    now: "now()",
    dead_before: "now() - interval '15 seconds'",
    first_parameter: "$1",
};

/// Workers beat this often; one silent for [`MISSED_HEARTBEATS`] beats is dead, and the jobs it
/// held (a process killed mid-job) go back to the queue for another worker. apalis' defaults
/// (30 s × 10) would strand them for five minutes.
const HEARTBEAT: Duration = Duration::from_secs(5);
const MISSED_HEARTBEATS: usize = 3;

/// `batch`: jobs a worker takes per fetch. No more than it runs at once, so a busy worker never
/// sits on work an idle one could take, and a killed one strands few.
pub(crate) fn sqlite_storage<J: Job>(pool: &SqlitePool, batch: usize) -> SqliteStorage<J> {
    SqliteStorage::new(pool).with_config(
        apalis_sqlite::Config::default()
            .queue(J::NAME)
            .heartbeat_interval(HEARTBEAT)
            .missed_heartbeats(MISSED_HEARTBEATS)
            .batch_size(batch.max(1)),
    )
}

pub(crate) fn postgres_storage<J: Job>(pool: &PgPool, batch: usize) -> PostgresStorage<J> {
    PostgresStorage::new(pool).with_config(
        apalis_postgres::Config::default()
            .queue(J::NAME)
            .heartbeat_interval(HEARTBEAT)
            .missed_heartbeats(MISSED_HEARTBEATS)
            .batch_size(batch.max(1)),
    )
}

impl Store {
    pub(super) fn of(db: &DatabaseConnection) -> Self {
        match db.get_database_backend() {
            DbBackend::Postgres => Self::Postgres(db.get_postgres_connection_pool().clone()),
            _ => Self::Sqlite(db.get_sqlite_connection_pool().clone()),
        }
    }

    pub(super) fn dialect(&self) -> &'static Dialect {
        match self {
            Self::Sqlite(_) => &SQLITE,
            Self::Postgres(_) => &POSTGRES,
        }
    }

    pub(super) async fn push<J: Job>(&self, job: J, max_attempts: usize) -> Result<(), QueueError> {
        let key = job.idempotency_key();
        let mut task = TaskBuilder::new(job).max_attempts(max_attempts);
        if let Some(key) = key {
            task = task.idempotency_key(key);
        }
        let task = task.build();
        match self {
            Self::Sqlite(pool) => sqlite_storage::<J>(pool, 1)
                .push_task(task)
                .await
                .map_err(|e| QueueError::Storage(e.to_string())),
            Self::Postgres(pool) => match postgres_storage::<J>(pool, 1).push_task(task).await {
                Ok(()) => Ok(()),
                // SQLite's insert ignores a repeated idempotency key; PostgreSQL's raises a
                // unique violation. Either way the job is already queued: not an error.
                Err(TaskSinkError::PushError(apalis_postgres::Error::Database(
                    sqlx::Error::Database(db_err),
                ))) if db_err.is_unique_violation() => Ok(()),
                Err(e) => Err(QueueError::Storage(e.to_string())),
            },
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
            SqliteStorage::setup(&setup_pool).await.map_err(|e| storage(&e))?;
            setup_pool.close().await;
            Ok(())
        }
        Store::Postgres(pool) => PostgresStorage::setup(&pool).await.map_err(|e| storage(&e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_counts_a_worker_dead_when_apalis_does() {
        let seconds = (HEARTBEAT * MISSED_HEARTBEATS as u32).as_secs();
        assert!(SQLITE.dead_before.ends_with(&format!("- {seconds}")));
        assert!(POSTGRES.dead_before.contains(&format!("'{seconds} seconds'")));
    }
}
