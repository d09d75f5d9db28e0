//! `/api/sessions/*`.

use axum::{Json, extract::State};
use uuid::Uuid;

use super::extract::{ApiPath, ApiQuery};
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
