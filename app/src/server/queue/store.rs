//! Where jobs are kept: apalis' storage for the application's own database (SQLite or
//! PostgreSQL), and the few facts about its tables our own queries need.

use apalis::prelude::{TaskBuilder, TaskSink, TaskSinkError};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
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
    /// Ninety seconds ago, in that type.
    pub ninety_seconds_ago: &'static str,
    /// The first bound parameter.
    pub first_parameter: &'static str,
}

const SQLITE: Dialect = Dialect {
    jobs: "Jobs",
    workers: "Workers",
    now: "strftime('%s','now')",
    ninety_seconds_ago: "strftime('%s','now') - 90",
    first_parameter: "?1",
};

const POSTGRES: Dialect = Dialect {
    jobs: "apalis.jobs",
    workers: "apalis.workers",
    now: "now()",
    ninety_seconds_ago: "now() - interval '90 seconds'",
    first_parameter: "$1",
};

pub(crate) fn sqlite_storage<J: Job>(pool: &SqlitePool) -> SqliteStorage<J> {
    SqliteStorage::new(pool).with_config(apalis_sqlite::Config::default().queue(J::NAME))
}

pub(crate) fn postgres_storage<J: Job>(pool: &PgPool) -> PostgresStorage<J> {
    PostgresStorage::new(pool).with_config(apalis_postgres::Config::default().queue(J::NAME))
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
            Self::Sqlite(pool) => sqlite_storage::<J>(pool)
                .push_task(task)
                .await
                .map_err(|e| QueueError::Storage(e.to_string())),
            Self::Postgres(pool) => match postgres_storage::<J>(pool).push_task(task).await {
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
