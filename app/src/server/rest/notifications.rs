//! `/api/notifications/*`.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiPath, ApiQuery};
use crate::{
    dto::notification::NotificationList,
    error::AppError,
    server::{auth::current::Me, services::notifications, state::AppState},
};

#[derive(Deserialize)]
pub struct ListParams {
    limit: Option<u64>,
}

/// `GET /api/notifications/student/{id}` → `{notifications, unreadCount}`.
pub async fn list_notifications(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(user_id): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<NotificationList>, AppError> {
    let limit = params.limit.unwrap_or(50);
    Ok(Json(notifications::list_notifications(&state, &me, user_id, limit).await?))
}

/// `POST /api/notifications/{id}/read` → 204.
pub async fn mark_notification_read(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    notifications::mark_notification_read(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/notifications/student/{id}/read-all` → `{updated}`.
pub async fn mark_all_notifications_read(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(user_id): ApiPath<Uuid>,
) -> Result<Json<serde_json::Value>, AppError> {
    let updated = notifications::mark_all_notifications_read(&state, &me, user_id).await?;
    Ok(Json(serde_json::json!({ "updated": updated })))
}
