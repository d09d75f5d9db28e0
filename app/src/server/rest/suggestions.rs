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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuggestionFilter {
    goal_id: Option<Uuid>,
}

/// `GET /api/suggestions/student/{id}?goalId=`: pending suggestions, each
/// `{id, subject, reason, status}`.
pub async fn list_student_suggestions(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(student_id): ApiPath<Uuid>,
    ApiQuery(filter): ApiQuery<SuggestionFilter>,
) -> Result<Json<Vec<SuggestionView>>, AppError> {
    Ok(Json(suggestions::list_suggestions(&state, &me, student_id, filter.goal_id).await?))
}

/// `POST /api/suggestions/{id}/accept` → 201 with the new goal.
pub async fn accept_suggestion(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<GoalView>), AppError> {
    let goal = suggestions::accept_suggestion(&state, &me, id).await?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// `POST /api/suggestions/{id}/dismiss` → the suggestion, now dismissed.
pub async fn dismiss_suggestion(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SuggestionView>, AppError> {
    Ok(Json(suggestions::dismiss_suggestion(&state, &me, id).await?))
}
