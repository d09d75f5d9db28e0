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
    server::{auth::current::Me, services::sessions, state::AppState},
};

/// `GET /api/sessions/student/{studentId}?page=&perPage=`: newest first.
pub async fn list_student_sessions(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<SessionSummary>>, AppError> {
    Ok(Json(sessions::list_for_student(&state, &me, student_id, params).await?))
}

/// `POST /api/transcripts/upload` → 202 `{sessionId, status: "pending"}`.
pub async fn upload_transcript(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<crate::dto::session::UploadRequest>,
) -> Result<(axum::http::StatusCode, Json<crate::dto::session::UploadAccepted>), AppError> {
    let accepted = crate::server::services::uploads::upload(&state, &me, body).await?;
    Ok((axum::http::StatusCode::ACCEPTED, Json(accepted)))
}

/// `GET /api/sessions/{id}`: detail with analysis, concepts (with evidence) and transcript.
pub async fn get_session(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<crate::dto::session::SessionDetail>, AppError> {
    Ok(Json(sessions::detail(&state, &me, id).await?))
}

/// `POST /api/sessions/{id}/retry` → 202: a failed analysis goes back on the queue.
pub async fn retry_session(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<axum::http::StatusCode, AppError> {
    sessions::retry(&state, &me, id).await?;
    Ok(axum::http::StatusCode::ACCEPTED)
}
