//! `GET /api/admin/kpis`: the companion's numbers over a window.

use axum::{Json, extract::State};
use chrono::NaiveDate;
use serde::Deserialize;

use super::extract::ApiQuery;
use crate::{
    dto::kpi::KpiReport,
    error::AppError,
    server::{auth::current::Me, services::kpis, state::AppState},
};

#[derive(Deserialize)]
pub struct Window {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// `GET /api/admin/kpis?from=YYYY-MM-DD&to=YYYY-MM-DD` (UTC days, both included; the last eight
/// weeks by default).
pub async fn admin_kpis(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(window): ApiQuery<Window>,
) -> Result<Json<KpiReport>, AppError> {
    Ok(Json(kpis::admin_kpis(&state, &me, window.from, window.to).await?))
}
