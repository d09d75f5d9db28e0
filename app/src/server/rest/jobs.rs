//! `GET /api/jobs`: the job functions; per-function counts for admins.

use axum::{Json, extract::State};

use crate::{
    dto::jobs::JobsView,
    error::AppError,
    server::{auth::current::MaybeMe, queue::FUNCTIONS, state::AppState},
};

#[utoipa::path(
    get,
    path = "/jobs",
    tag = "jobs",
    responses((status = 200, description = "The job functions; per-function counts for admins", body = JobsView)),
    security((), ("bearer" = [])),
)]
pub async fn list_jobs(
    State(state): State<AppState>,
    MaybeMe(me): MaybeMe,
) -> Result<Json<JobsView>, AppError> {
    let stats = match me {
        Some(me) if me.is_admin() => Some(state.jobs.stats().await.map_err(anyhow::Error::from)?),
        _ => None,
    };
    Ok(Json(JobsView {
        function_count: FUNCTIONS.len(),
        functions: FUNCTIONS.iter().map(|name| (*name).to_owned()).collect(),
        stats,
    }))
}
