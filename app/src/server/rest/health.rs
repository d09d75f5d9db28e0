//! `GET /api/health`: is the database answering and are job workers alive.

use axum::{Json, extract::State, http::StatusCode};

use crate::{
    dto::health::{HealthView, JobsHealth},
    server::state::AppState,
};

/// 200 when the database answers, 503 with the reason when it does not. One round trip: the
/// worker-heartbeat count doubles as the database check, and its answer is reused for a second.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses((status = 200, description = "The database answers", body = HealthView), (status = 503, description = "The database does not answer", body = HealthView)),
    security(()),
)]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthView>) {
    let in_process = state.settings.jobs.in_process;
    let (code, status, database, jobs) = match state.jobs.health_probe().await {
        Ok(live) => (
            StatusCode::OK,
            "ok",
            "ok".to_owned(),
            JobsHealth {
                status: if live > 0 { "ok" } else { "no_workers" }.to_owned(),
                live_workers: live,
                in_process,
            },
        ),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "unreachable: the database did not answer".to_owned(),
                JobsHealth { status: "unknown".to_owned(), live_workers: 0, in_process },
            )
        }
    };
    (
        code,
        Json(HealthView {
            status: status.to_owned(),
            database,
            jobs,
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }),
    )
}
