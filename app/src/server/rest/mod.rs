//! The JSON REST API under `/api`: the contract existing clients use.

mod health;
mod jobs;

use axum::{Router, routing::get};

use super::state::AppState;
use crate::error::AppError;

/// Every `/api` route. Unknown paths under `/api` answer with a JSON 404, not the HTML page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/jobs", get(jobs::list_jobs))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::NotFound("API route".into())
}
