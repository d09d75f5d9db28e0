//! `/api/sessions/*`.

use axum::{Json, extract::State};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::{
    dto::{
        page::{Page, PageParams},
        session::SessionSummary,
    },
    error::AppError,
    server::{
        auth::current::Me,
        services::{
            sessions,
            uploads::{self, NewUpload},
        },
        state::AppState,
    },
};

/// `GET /api/sessions/student/{studentId}?page=&perPage=`: newest first.
#[utoipa::path(
    get,
    path = "/sessions/student/{student_id}",
    tag = "sessions",
    params(("student_id" = Uuid, Path, description = "The student"), PageParams),
    responses((status = 200, description = "The student's sessions, newest first", body = Page<SessionSummary>)),
)]
pub async fn list_student_sessions(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<SessionSummary>>, AppError> {
    Ok(Json(sessions::list_student_sessions(&state, &me, student_id, params).await?))
}

/// `POST /api/transcripts/upload` → 202 `{sessionId, status: "pending"}`.
#[utoipa::path(
    post,
    path = "/transcripts/upload",
    tag = "sessions",
    request_body = crate::dto::session::UploadRequest,
    responses((status = 202, description = "Stored; the analysis is queued", body = crate::dto::session::UploadAccepted)),
)]
pub async fn upload_transcript(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<crate::dto::session::UploadRequest>,
) -> Result<(axum::http::StatusCode, Json<crate::dto::session::UploadAccepted>), AppError> {
    let upload = NewUpload::try_from(body)?;
    let accepted = uploads::upload_transcript(&state, &me, upload).await?;
    Ok((axum::http::StatusCode::ACCEPTED, Json(accepted)))
}

/// `GET /api/sessions/{id}`: detail with analysis, concepts (with evidence) and transcript.
#[utoipa::path(
    get,
    path = "/sessions/{id}",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session")),
    responses((status = 200, description = "The session with its analysis, concepts, evidence and transcript", body = crate::dto::session::SessionDetail)),
)]
pub async fn get_session(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<crate::dto::session::SessionDetail>, AppError> {
    Ok(Json(sessions::get_session(&state, &me, id).await?))
}

/// `POST /api/sessions/{id}/retry` → 202: a failed analysis goes back on the queue.
#[utoipa::path(
    post,
    path = "/sessions/{id}/retry",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session")),
    responses((status = 202, description = "The failed analysis is queued again")),
)]
pub async fn retry_session(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<axum::http::StatusCode, AppError> {
    sessions::retry_session(&state, &me, id).await?;
    Ok(axum::http::StatusCode::ACCEPTED)
}
