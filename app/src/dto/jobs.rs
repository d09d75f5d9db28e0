//! Job queue views.

use serde::{Deserialize, Serialize};

/// Counts for one job function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunctionStats {
    pub name: String,
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

impl FunctionStats {
    pub fn empty(name: &str) -> Self {
        Self { name: name.to_owned(), queued: 0, running: 0, done: 0, failed: 0 }
    }
}

/// `GET /api/jobs`. Field names follow the published contract (`function_count`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JobsView {
    pub function_count: usize,
    pub functions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<Vec<FunctionStats>>,
}

/// A job that ran out of attempts (or was stopped), for the admin's job health page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FailedJob {
    pub id: String,
    pub name: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobHealth {
    pub stats: Vec<FunctionStats>,
    pub failed: Vec<FailedJob>,
    pub live_workers: i64,
    /// Functions an admin can run now (`POST /api/admin/jobs/{name}/run`).
    #[serde(default)]
    pub runnable: Vec<String>,
}
