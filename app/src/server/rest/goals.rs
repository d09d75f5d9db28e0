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

/// `GET /api/goals/{id}`: the goal with `progress` (0..1), `concepts`, `progressHistory`, how
/// progress was computed and, with a target date, the concepts at risk by then.
#[utoipa::path(
    get,
    path = "/goals/{id}",
    tag = "goals",
    params(("id" = Uuid, Path, description = "The goal")),
    responses((status = 200, description = "The goal with its progress, concepts, progress history and what is at risk by its date", body = GoalDetail)),
)]
pub async fn get_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<GoalDetail>, AppError> {
    Ok(Json(goals::get_goal(&state, &me, id).await?))
}

/// `PATCH /api/goals/{id}` with any of subject, description, targetDate, status,
/// masteryTarget and conceptIds → the goal as `GET` shows it.
#[utoipa::path(
    patch,
    path = "/goals/{id}",
    tag = "goals",
    params(("id" = Uuid, Path, description = "The goal")),
    request_body = GoalPatch,
    responses((status = 200, description = "The updated goal", body = GoalDetail)),
)]
pub async fn update_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<GoalPatch>,
) -> Result<Json<GoalDetail>, AppError> {
    Ok(Json(goals::update_goal(&state, &me, id, body).await?))
}

/// `DELETE /api/goals/{id}` → 204.
#[utoipa::path(
    delete,
    path = "/goals/{id}",
    tag = "goals",
    params(("id" = Uuid, Path, description = "The goal")),
    responses((status = 204, description = "The goal is gone")),
)]
pub async fn delete_goal(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    goals::delete_goal(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
