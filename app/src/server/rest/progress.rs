//! `GET /api/progress/student/{id}`.

use axum::{Json, extract::State};
use uuid::Uuid;

use super::extract::ApiPath;
use crate::{
    dto::progress::ProgressView,
    error::AppError,
    server::{auth::current::Me, services::progress, state::AppState},
};

#[utoipa::path(
    get,
    path = "/progress/student/{student_id}",
    tag = "progress",
    params(("student_id" = Uuid, Path, description = "The student")),
    responses((status = 200, description = "Mastery per concept and practice scores over time", body = ProgressView)),
)]
pub async fn student_progress(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
) -> Result<Json<ProgressView>, AppError> {
    Ok(Json(progress::student_progress(&state, &me, student_id).await?))
}
