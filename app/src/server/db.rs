//! Opening the database (SQLite or PostgreSQL, picked by the URL) and migrating it.

use std::{str::FromStr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbBackend, SqlxPostgresConnector, SqlxSqliteConnector};
use sqlx::{
    Connection,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use super::config::DatabaseSettings;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres://, got {0:?}")]
    UnknownScheme(String),
    #[error("DATABASE_URL is malformed: {0}")]
    Malformed(String),
    #[error("cannot reach the database: {0}")]
    Unreachable(String),
    #[error("cannot create the database directory {0}: {1}")]
    Directory(String, String),
    #[error("migrating the database failed: {0}")]
    Migration(String),
}

/// Which database a URL names, without connecting.
pub fn backend_of(url: &str) -> Result<DbBackend, DbError> {
    if url.starts_with("sqlite:") {
        Ok(DbBackend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DbBackend::Postgres)
    } else {
        // Only the scheme is echoed back: the rest of a URL may hold a password.
        let scheme = url.split(':').next().unwrap_or_default().to_owned();
        Err(DbError::UnknownScheme(scheme))
    }
}

/// A PostgreSQL connection idle this long is checked before it is handed out again. (sqlx also
/// checks every connection as it comes back; one that failed there is closed, not pooled.)
const PG_PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// SQLite connections per pool: each runs on its own thread with its own page cache, and one
/// writer commits at a time in any case, so beyond two per core they only cost memory and
/// thread hand-offs (measured in the README: 16 → 4 on 2 cores, 9 MB less RSS, +27 % on the
/// dashboard). `configured` (`[database] max_connections`) still caps it.
pub fn sqlite_pool_size(configured: u32) -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cap = u32::try_from(cores.saturating_mul(2)).unwrap_or(u32::MAX).max(2);
    configured.clamp(1, cap)
}

/// Opens a pool for the configured URL and checks that the database answers.
pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, DbError> {
    let url = settings.url.trim();
    match backend_of(url)? {
        DbBackend::Sqlite => {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| DbError::Malformed(e.to_string()))?
                .create_if_missing(true)
                .foreign_keys(true)
                // WAL lets readers proceed while one writer commits; NORMAL is durable across
                // application crashes (and apalis' own setup would otherwise leave it OFF).
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10));
            if let Some(dir) = options.get_filename().parent()
                && !dir.as_os_str().is_empty()
                && !dir.exists()
            {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbError::Directory(dir.display().to_string(), e.to_string()))?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(sqlite_pool_size(settings.max_connections))
                // A connection to a local file cannot go stale; the default check before every
                // acquire is one more round trip to the connection's thread per query.
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|e| DbError::Unreachable(e.to_string()))?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        _ => {
            let options =
                PgConnectOptions::from_str(url).map_err(|e| DbError::Malformed(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(settings.max_connections.max(1))
                // Ping a connection only when it sat idle long enough for the server or the
                // network to have dropped it, instead of one extra round trip per query.
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for >= PG_PING_AFTER_IDLE {
                            conn.ping().await?;
                        }
                        Ok(true)
                    })
                })
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await
                .map_err(|e| DbError::Unreachable(e.to_string()))?;
            Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
        }
    }
}

/// On PostgreSQL, a session-level advisory lock held on one pooled connection while migrations
/// run; released when dropped (the connection returning to the pool is unlocked first). SQLite
/// serialises schema changes itself.
pub struct MigrationLock(Option<sqlx::pool::PoolConnection<sqlx::Postgres>>);

/// Any fixed number; it names "Study Companion migrations" among advisory locks.
const MIGRATION_LOCK_KEY: i64 = 0x5354_5544_594d_4947;

impl MigrationLock {
    pub async fn take(db: &DatabaseConnection) -> Result<Self, DbError> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Self(None));
        }
        let unreachable = |e: sqlx::Error| DbError::Unreachable(e.to_string());
        let mut conn = db.get_postgres_connection_pool().acquire().await.map_err(unreachable)?;
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut *conn)
            .await
            .map_err(unreachable)?;
        Ok(Self(Some(conn)))
    }
}

impl Drop for MigrationLock {
    fn drop(&mut self) {
        if let Some(mut conn) = self.0.take() {
            // Unlock before the connection goes back to the pool; if that fails, close it (the
            // server releases a session's locks when the session ends).
            tokio::spawn(async move {
                let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .execute(&mut *conn)
                    .await;
                if unlocked.is_err() {
                    let _ = conn.close().await;
                }
            });
        }
    }
}

/// Brings our own tables up to date (the job queue's tables are `queue::setup_storage`'s).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbError> {
    Migrator::up(db, None).await.map_err(|e| DbError::Migration(e.to_string()))
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later cannot
/// upgrade while another writer holds the lock, and SQLite then fails it with "database is
/// locked" instead of waiting. Starting as a writer makes it wait its turn (busy timeout).
/// PostgreSQL ignores the option.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// How the pool is used, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections the pool holds.
    pub open: u32,
    /// Of those, how many wait for work.
    pub idle: usize,
    /// The most it will open.
    pub max: u32,
}

pub fn pool_use(db: &DatabaseConnection) -> PoolUse {
    fn of<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> PoolUse {
        PoolUse {
            open: pool.size(),
            idle: pool.num_idle(),
            max: pool.options().get_max_connections(),
        }
    }
    match db.get_database_backend() {
        DbBackend::Postgres => of(db.get_postgres_connection_pool()),
        _ => of(db.get_sqlite_connection_pool()),
    }
}
