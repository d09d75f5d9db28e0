//! `/api/notifications/*`.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiPath, ApiQuery};
use crate::{
    dto::{notification::NotificationList, reply::Updated},
    error::AppError,
    server::{auth::current::Me, services::notifications, state::AppState},
};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// At most this many (default 50).
    limit: Option<u64>,
}

/// `GET /api/notifications/student/{id}` → `{notifications, unreadCount}`.
#[utoipa::path(
    get,
    path = "/notifications/student/{user_id}",
    tag = "notifications",
    params(("user_id" = Uuid, Path, description = "Whose notifications"), ListParams),
    responses((status = 200, description = "Newest first, with the unread count", body = NotificationList)),
)]
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
#[utoipa::path(
    post,
    path = "/notifications/{id}/read",
    tag = "notifications",
    params(("id" = Uuid, Path, description = "The notification")),
    responses((status = 204, description = "Marked read")),
)]
pub async fn mark_notification_read(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    notifications::mark_notification_read(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/notifications/student/{id}/read-all` → `{updated}`.
#[utoipa::path(
    post,
    path = "/notifications/student/{user_id}/read-all",
    tag = "notifications",
    params(("user_id" = Uuid, Path, description = "Whose notifications")),
    responses((status = 200, description = "How many were marked read", body = Updated)),
)]
pub async fn mark_all_notifications_read(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(user_id): ApiPath<Uuid>,
) -> Result<Json<Updated>, AppError> {
    let updated = notifications::mark_all_notifications_read(&state, &me, user_id).await?;
    Ok(Json(Updated { updated }))
}
