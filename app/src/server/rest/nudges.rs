//! `/api/profile/nudges`: how often a student wants nudges, and whether by email too.

use axum::{Json, extract::State};

use super::extract::ApiJson;
use crate::{
    dto::nudge::NudgeSettingsView,
    error::AppError,
    server::{auth::current::Me, services::nudges, state::AppState},
};

/// `GET /api/profile/nudges` → `{frequency: on|weekly|off, email}`.
#[utoipa::path(
    get,
    path = "/profile/nudges",
    tag = "nudges",
    responses((status = 200, description = "How often nudges come, and whether by email too", body = NudgeSettingsView)),
)]
pub async fn nudge_settings(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<Json<NudgeSettingsView>, AppError> {
    Ok(Json(nudges::nudge_settings(&state, &me, me.id).await?))
}

/// `PUT /api/profile/nudges` with `{frequency, email}`.
#[utoipa::path(
    put,
    path = "/profile/nudges",
    tag = "nudges",
    request_body = NudgeSettingsView,
    responses((status = 200, description = "The saved settings", body = NudgeSettingsView)),
)]
pub async fn save_nudge_settings(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<NudgeSettingsView>,
) -> Result<Json<NudgeSettingsView>, AppError> {
    Ok(Json(nudges::save_nudge_settings(&state, &me, body).await?))
}
