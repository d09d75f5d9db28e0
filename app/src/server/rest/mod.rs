//! The JSON REST API under `/api`: the contract existing clients use. Every handler's first
//! lines are authentication (`Me`) and the policy check.

mod admin;
mod auth;
mod bookings;
mod chat;
pub mod extract;
mod goals;
mod health;
mod invitations;
mod job_runs;
mod jobs;
mod kpis;
pub mod metrics;
mod notifications;
mod nudges;
pub mod openapi;
mod people;
mod practice;
mod progress;
mod sessions;
mod suggestions;
mod test_support;
mod tutor;

use std::sync::Arc;

use axum::{
    Router,
    routing::{get, post},
};
use utoipa::{OpenApi, openapi::OpenApi as Document};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::state::AppState;
use crate::error::AppError;

/// Every `/api` route, and the OpenAPI document describing them (built from the same handler
/// annotations, so the two cannot drift). Unknown paths under `/api` answer with a JSON 404,
/// not the HTML page.
pub fn router(state: &AppState) -> (Router<AppState>, Arc<Document>) {
    let (api, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::forgot_password))
        .routes(routes!(auth::reset_password))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::change_password))
        .routes(routes!(auth::update_profile))
        .routes(routes!(health::health))
        .routes(routes!(jobs::list_jobs))
        .routes(routes!(sessions::list_student_sessions))
        .routes(routes!(goals::create_goal))
        .routes(routes!(goals::list_student_goals))
        .routes(routes!(admin::list_users, admin::create_user))
        .routes(routes!(admin::update_user))
        .routes(routes!(admin::link, admin::unlink))
        .routes(routes!(admin::list_outbox))
        .routes(routes!(sessions::upload_transcript))
        .routes(routes!(sessions::get_session))
        .routes(routes!(sessions::retry_session))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(notifications::mark_all_notifications_read))
        .routes(routes!(notifications::mark_notification_read))
        .routes(routes!(practice::request_practice))
        .routes(routes!(practice::start_review))
        .routes(routes!(practice::list_practices))
        .routes(routes!(practice::view_practice))
        .routes(routes!(practice::save_answer))
        .routes(routes!(practice::take_hint))
        .routes(routes!(practice::submit_practice))
        .routes(routes!(practice::explain_question))
        .routes(routes!(practice::retry_practice))
        .routes(routes!(progress::student_progress))
        .routes(routes!(people::list_tutors))
        .routes(routes!(people::list_students))
        // Goals that move, subject suggestions, nudges and the companion's numbers.
        .routes(routes!(goals::get_goal, goals::update_goal, goals::delete_goal))
        .routes(routes!(suggestions::list_student_suggestions))
        .routes(routes!(suggestions::accept_suggestion))
        .routes(routes!(suggestions::dismiss_suggestion))
        .routes(routes!(nudges::nudge_settings, nudges::save_nudge_settings))
        .routes(routes!(job_runs::run_job))
        .routes(routes!(kpis::admin_kpis))
        // Chat with memory: conversations, answers (streamed as server-sent events), routing.
        .routes(routes!(chat::create_conversation, chat::list_conversations))
        .routes(routes!(
            chat::get_conversation,
            chat::rename_conversation,
            chat::delete_conversation
        ))
        .merge(
            // A question is at most 4,000 characters: a body far past that is refused as too
            // large.
            OpenApiRouter::new()
                .routes(routes!(chat::send_message))
                .layer(axum::extract::DefaultBodyLimit::max(64 * 1024)),
        )
        .routes(routes!(chat::route_conversation))
        .routes(routes!(chat::send_escalation))
        .routes(routes!(chat::dismiss_escalation))
        .routes(routes!(chat::starter_questions))
        // Who is linked to whom: a tutor's invitations, the student's answer.
        .routes(routes!(invitations::invite_student))
        .routes(routes!(invitations::list_invitations))
        .routes(routes!(invitations::accept_invitation))
        .routes(routes!(invitations::decline_invitation))
        // Booking a tutor: availability, free slots, bookings.
        .routes(routes!(bookings::get_availability, bookings::save_availability))
        .routes(routes!(bookings::list_slots))
        .routes(routes!(bookings::create_booking, bookings::list_bookings))
        .routes(routes!(bookings::cancel_booking))
        .routes(routes!(bookings::reschedule_booking))
        .routes(routes!(bookings::booking_calendar))
        // The tutor's side: the roster with risk flags, the student page, the brief.
        .routes(routes!(tutor::tutor_roster))
        .routes(routes!(tutor::student_brief))
        .routes(routes!(tutor::student_overview))
        .split_for_parts();
    let document = Arc::new(openapi::finish(document, "/api"));
    let served = Arc::clone(&document);
    // The document itself, its viewer, and the test-only clock are the only routes outside it.
    #[expect(clippy::disallowed_methods, reason = "the document describes the API, not itself")]
    let api = api
        .route("/openapi.json", get(move || openapi::document(Arc::clone(&served))))
        .route("/docs", get(openapi::docs_page));
    let api = if state.clock.is_adjustable() {
        #[expect(clippy::disallowed_methods, reason = "exists only when APP_ENV=test")]
        let api = api.route("/test/clock", post(test_support::advance_clock));
        api
    } else {
        api
    };
    let api = api
        .fallback(not_found)
        .route_layer(axum::middleware::from_fn(crate::server::middleware::metrics::mark_route));
    (Router::new().nest("/api", api), document)
}

async fn not_found() -> AppError {
    AppError::NotFound("API route".into())
}
