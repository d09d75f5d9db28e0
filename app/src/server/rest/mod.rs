//! The JSON REST API under `/api`: the contract existing clients use. Every handler's first
//! lines are authentication (`Me`) and the policy check.

mod admin;
mod auth;
mod chat;
pub mod extract;
mod goals;
mod health;
mod jobs;
mod notifications;
mod people;
mod practice;
mod progress;
mod sessions;
mod test_support;

use axum::{
    Router,
    routing::{get, patch, post, put},
};

use super::state::AppState;
use crate::error::AppError;

/// Every `/api` route. Unknown paths under `/api` answer with a JSON 404, not the HTML page.
pub fn router(state: &AppState) -> Router<AppState> {
    let router = Router::new()
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
        .route("/transcripts/upload", post(sessions::upload_transcript))
        .route("/sessions/{id}", get(sessions::get_session))
        .route("/sessions/{id}/retry", post(sessions::retry_session))
        .route("/notifications/student/{user_id}", get(notifications::list_notifications))
        .route(
            "/notifications/student/{user_id}/read-all",
            post(notifications::mark_all_notifications_read),
        )
        .route("/notifications/{id}/read", post(notifications::mark_notification_read))
        .route("/practice/generate", post(practice::request_practice))
        .route("/practice/review", post(practice::start_review))
        .route("/practice/student/{student_id}", get(practice::list_practices))
        .route("/practice/{id}", get(practice::view_practice))
        .route("/practice/{id}/answer", put(practice::save_answer))
        .route("/practice/{id}/hint", post(practice::take_hint))
        .route("/practice/{id}/submit", post(practice::submit_practice))
        .route("/practice/{id}/explain", post(practice::explain_question))
        .route("/practice/{id}/retry", post(practice::retry_practice))
        .route("/progress/student/{student_id}", get(progress::student_progress))
        .route("/tutors", get(people::list_tutors))
        .route("/students", get(people::list_students))
        .route("/chat/conversations", post(chat::create_conversation).get(chat::list_conversations))
        .route(
            "/chat/conversations/{id}",
            get(chat::get_conversation)
                .patch(chat::rename_conversation)
                .delete(chat::delete_conversation),
        )
        // A question is at most 4,000 characters: a body far past that is refused as too large.
        .route(
            "/chat/conversations/{id}/messages",
            post(chat::send_message).layer(axum::extract::DefaultBodyLimit::max(64 * 1024)),
        )
        .route("/chat/conversations/{id}/route", post(chat::route_conversation))
        .route("/chat/escalations/{id}/send", post(chat::send_escalation))
        .route("/chat/escalations/{id}/dismiss", post(chat::dismiss_escalation))
        .route("/chat/starters", get(chat::starter_questions));
    let router = if state.clock.is_adjustable() {
        router.route("/test/clock", post(test_support::advance_clock))
    } else {
        router
    };
    router.fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::NotFound("API route".into())
}
