//! `/api/goals`.

use axum::{Json, extract::State, http::StatusCode};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::{
    dto::goal::{GoalView, NewGoal},
    error::AppError,
    server::{auth::current::Me, services::goals, state::AppState},
};

/// `POST /api/goals` → 201 with the goal, stored exactly as typed.
#[utoipa::path(
    post,
    path = "/goals",
    tag = "goals",
    request_body = NewGoal,
    responses((status = 201, description = "The goal, stored exactly as typed", body = GoalView)),
)]
pub async fn create_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<NewGoal>,
) -> Result<(StatusCode, Json<GoalView>), AppError> {
    let goal = goals::create_goal(&state, &me, body).await?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// `GET /api/goals/student/{studentId}`.
#[utoipa::path(
    get,
    path = "/goals/student/{student_id}",
    tag = "goals",
    params(("student_id" = Uuid, Path, description = "The student")),
    responses((status = 200, description = "The student's goals", body = Vec<GoalView>)),
)]
pub async fn list_student_goals(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
) -> Result<Json<Vec<GoalView>>, AppError> {
    Ok(Json(goals::list_goals(&state, &me, student_id).await?))
}
