//! `GET /api/health`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HealthView {
    /// "ok" or "unavailable".
    pub status: String,
    /// "ok", or why the database cannot be used.
    pub database: String,
    pub jobs: JobsHealth,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobsHealth {
    /// "ok" when at least one worker is alive, "no_workers" when none has a recent heartbeat,
    /// "unknown" when the database cannot be asked.
    pub status: String,
    pub live_workers: i64,
    pub in_process: bool,
}
