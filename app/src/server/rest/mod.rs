//! The JSON REST API under `/api`: the contract existing clients use. Every handler's first
//! lines are authentication (`Me`) and the policy check.

mod admin;
mod auth;
pub mod extract;
mod goals;
mod health;
mod jobs;
mod sessions;

use axum::{
    Router,
    routing::{get, patch, post, put},
};

use super::state::AppState;
use crate::error::AppError;

/// Every `/api` route. Unknown paths under `/api` answer with a JSON 404, not the HTML page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/forgot-password", post(auth::forgot_password))
        .route("/auth/reset-password", post(auth::reset_password))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
        .route("/auth/password", put(auth::change_password))
        .route("/auth/profile", patch(auth::update_profile))
        .route("/health", get(health::health))
        .route("/jobs", get(jobs::list_jobs))
        .route("/sessions/student/{student_id}", get(sessions::list_student_sessions))
        .route("/goals", post(goals::create_goal))
        .route("/goals/student/{student_id}", get(goals::list_student_goals))
        .route("/admin/users", get(admin::list_users).post(admin::create_user))
        .route("/admin/users/{id}", patch(admin::update_user))
        .route("/admin/links", post(admin::link).delete(admin::unlink))
        .route("/admin/outbox", get(admin::list_outbox))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::NotFound("API route".into())
}
