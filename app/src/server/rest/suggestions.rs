//! `/api/suggestions`: what to study next after a completed goal.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiPath, ApiQuery};
use crate::{
    dto::{goal::GoalView, suggestion::SuggestionView},
    error::AppError,
    server::{auth::current::Me, services::suggestions, state::AppState},
};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct SuggestionFilter {
    /// Only the suggestions made after this goal.
    goal_id: Option<Uuid>,
}

/// `GET /api/suggestions/student/{id}?goalId=`: pending suggestions, each
/// `{id, subject, reason, status}`.
#[utoipa::path(
    get,
    path = "/suggestions/student/{student_id}",
    tag = "suggestions",
    params(("student_id" = Uuid, Path, description = "The student"), SuggestionFilter),
    responses((status = 200, description = "Pending suggestions", body = Vec<SuggestionView>)),
)]
pub async fn list_student_suggestions(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
    ApiQuery(filter): ApiQuery<SuggestionFilter>,
) -> Result<Json<Vec<SuggestionView>>, AppError> {
    Ok(Json(suggestions::list_suggestions(&state, &me, student_id, filter.goal_id).await?))
}

/// `POST /api/suggestions/{id}/accept` → 201 with the new goal.
#[utoipa::path(
    post,
    path = "/suggestions/{id}/accept",
    tag = "suggestions",
    params(("id" = Uuid, Path, description = "The suggestion")),
    responses((status = 201, description = "The new goal", body = GoalView)),
)]
pub async fn accept_suggestion(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<GoalView>), AppError> {
    let goal = suggestions::accept_suggestion(&state, &me, id).await?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// `POST /api/suggestions/{id}/dismiss` → the suggestion, now dismissed.
#[utoipa::path(
    post,
    path = "/suggestions/{id}/dismiss",
    tag = "suggestions",
    params(("id" = Uuid, Path, description = "The suggestion")),
    responses((status = 200, description = "The suggestion, now dismissed", body = SuggestionView)),
)]
pub async fn dismiss_suggestion(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SuggestionView>, AppError> {
    Ok(Json(suggestions::dismiss_suggestion(&state, &me, id).await?))
}
