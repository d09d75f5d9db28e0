//! `/api/profile/nudges`: how often a student wants nudges, and whether by email too.

use axum::{Json, extract::State};

use super::extract::ApiJson;
use crate::{
    dto::nudge::NudgeSettingsView,
    error::AppError,
    server::{auth::current::Me, services::nudges, state::AppState},
};

/// `GET /api/profile/nudges` → `{frequency: on|weekly|off, email}`.
pub async fn nudge_settings(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<Json<NudgeSettingsView>, AppError> {
    Ok(Json(nudges::nudge_settings(&state, &me, me.id).await?))
}

/// `PUT /api/profile/nudges` with `{frequency, email}`.
pub async fn save_nudge_settings(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<NudgeSettingsView>,
) -> Result<Json<NudgeSettingsView>, AppError> {
    Ok(Json(nudges::save_nudge_settings(&state, &me, body).await?))
}
