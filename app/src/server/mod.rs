//! The backend core, compiled only with `ssr`.

pub mod ai;
pub mod assets;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod entities;
pub mod grading;
pub mod jobs;
pub mod metrics;
pub mod middleware;
pub mod models;
pub mod queue;
pub mod render_reads;
pub mod rest;
pub mod services;
pub mod state;
pub mod transcript;

/// Brings a database up to date: our schema, then the job queue's tables. Several processes
/// starting at once on one PostgreSQL database take turns (an advisory lock), so none of them
/// sees a half-made schema or fails on a table another one just created.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<(), db::DbError> {
    let _turn = db::MigrationLock::take(db).await?;
    db::migrate(db).await?;
    queue::setup_storage(db).await.map_err(|e| db::DbError::Migration(format!("job queue: {e}")))
}
