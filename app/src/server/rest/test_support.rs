//! Routes that exist only when `APP_ENV=test`: moving the clock forward, so end-to-end tests
//! can see reviews come due. In every other environment these paths are JSON 404s.

use axum::{Json, extract::State};
use serde::Deserialize;

use super::extract::ApiJson;
use crate::{error::AppError, server::state::AppState};

#[derive(Deserialize)]
pub struct Advance {
    days: i64,
}

/// `POST /api/test/clock` with `{days}`.
pub async fn advance_clock(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Advance>,
) -> Result<Json<serde_json::Value>, AppError> {
    if !(0..=3650).contains(&body.days) || !state.clock.advance(chrono::Duration::days(body.days)) {
        return Err(AppError::NotFound("API route".into()));
    }
    Ok(Json(serde_json::json!({ "now": state.clock.now() })))
}
