//! `/api/goals`.

use axum::{Json, extract::State, http::StatusCode};
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath};
use crate::{
    dto::goal::{GoalDetail, GoalPatch, GoalView, NewGoal},
    error::AppError,
    server::{auth::current::Me, services::goals, state::AppState},
};

/// `POST /api/goals` → 201 with the goal, stored exactly as typed.
pub async fn create_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<NewGoal>,
) -> Result<(StatusCode, Json<GoalView>), AppError> {
    let goal = goals::create_goal(&state, &me, body).await?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// `GET /api/goals/student/{studentId}`.
pub async fn list_student_goals(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
) -> Result<Json<Vec<GoalView>>, AppError> {
    Ok(Json(goals::list_goals(&state, &me, student_id).await?))
}

/// `GET /api/goals/{id}`: the goal with `progress` (0..1), `concepts`, `progressHistory`, how
/// progress was computed and, with a target date, the concepts at risk by then.
pub async fn get_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<GoalDetail>, AppError> {
    Ok(Json(goals::get_goal(&state, &me, id).await?))
}

/// `PATCH /api/goals/{id}` with any of subject, description, targetDate, status,
/// masteryTarget and conceptIds → the goal as `GET` shows it.
pub async fn update_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<GoalPatch>,
) -> Result<Json<GoalDetail>, AppError> {
    Ok(Json(goals::update_goal(&state, &me, id, body).await?))
}

/// `DELETE /api/goals/{id}` → 204.
pub async fn delete_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    goals::delete_goal(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
