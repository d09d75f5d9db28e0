//! `POST /api/admin/jobs/{name}/run`: an admin runs a job now and reads what it did.

use axum::{Json, body::Bytes, extract::State};

use super::extract::ApiPath;
use crate::{
    dto::nudge::{JobRunReport, JobRunRequest},
    error::AppError,
    server::{
        auth::{current::Me, policy},
        services::job_runs,
        state::AppState,
    },
};

/// The body is optional: `{goalId}` narrows `generate-subject-suggestions` to one goal;
/// `analyze-transcript` needs `{sessionId}` and analyses that session again with the current
/// engine (409 while it is still queued or being analysed).
#[utoipa::path(
    post,
    path = "/admin/jobs/{name}/run",
    tag = "admin",
    params(("name" = String, Path, description = "The job function, e.g. send-engagement-nudges")),
    request_body = Option<JobRunRequest>,
    responses(
        (status = 200, description = "What the run did: students considered, acted on, skipped and why; or the session analysed again", body = JobRunReport),
        (status = 409, description = "The session is still queued or being analysed"),
        (status = 422, description = "A job that runs for one practice, or analyze-transcript without sessionId"),
    ),
)]
pub async fn run_job(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(name): ApiPath<String>,
    body: Bytes,
) -> Result<Json<JobRunReport>, AppError> {
    // Who may ask comes before what was asked: a non-admin learns nothing from the body's checks.
    policy::require_admin(&me)?;
    let request = if body.iter().all(u8::is_ascii_whitespace) {
        JobRunRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| AppError::BadRequest(format!("malformed JSON body: {e}")))?
    };
    Ok(Json(job_runs::run_job(&state, &me, &name, request).await?))
}
