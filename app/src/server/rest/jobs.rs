//! `GET /api/jobs`: the job functions, and their counts for admins.

use axum::{Json, extract::State};

use crate::{
    dto::jobs::JobsView,
    error::AppError,
    server::{jobs::FUNCTIONS, state::AppState},
};

pub async fn list_jobs(State(_state): State<AppState>) -> Result<Json<JobsView>, AppError> {
    Ok(Json(JobsView {
        function_count: FUNCTIONS.len(),
        functions: FUNCTIONS.iter().map(|name| (*name).to_owned()).collect(),
        stats: None,
    }))
}
