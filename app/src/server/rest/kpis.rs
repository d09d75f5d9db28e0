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

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Window {
    /// First UTC day, `YYYY-MM-DD`.
    from: Option<NaiveDate>,
    /// Last UTC day, `YYYY-MM-DD`.
    to: Option<NaiveDate>,
}

/// `GET /api/admin/kpis?from=YYYY-MM-DD&to=YYYY-MM-DD` (UTC days, both included; the last eight
/// weeks by default).
#[utoipa::path(
    get,
    path = "/admin/kpis",
    tag = "admin",
    params(Window),
    responses((status = 200, description = "The numbers over the window, week by week", body = KpiReport)),
)]
pub async fn admin_kpis(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(window): ApiQuery<Window>,
) -> Result<Json<KpiReport>, AppError> {
    Ok(Json(kpis::admin_kpis(&state, &me, window.from, window.to).await?))
}
