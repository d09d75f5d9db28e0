//! `GET /metrics`: the Prometheus text format, for an admin's session or the `METRICS_TOKEN`.

use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::{
    error::AppError,
    server::{
        auth::{cookie, current::MaybeMe, policy},
        db,
        metrics::{PoolLabels, QueueLabels},
        state::AppState,
    },
};

pub async fn scrape(
    State(state): State<AppState>,
    MaybeMe(me): MaybeMe,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let presented = cookie::bearer(&headers);
    if me.is_none() && presented.is_none() {
        return Err(AppError::Unauthorized);
    }
    let configured =
        state.settings.metrics_token.as_ref().map(secrecy::ExposeSecret::expose_secret);
    policy::can_read_metrics(me.as_ref(), presented.as_deref(), configured)?;

    let metrics = &state.metrics;
    // Queue depth comes from the queue's tables; a database that does not answer leaves the
    // last values (the scrape itself still works, and health says what is wrong).
    if let Ok(stats) = state.jobs.stats().await {
        for function in stats {
            for (name, value) in [
                ("queued", function.queued),
                ("running", function.running),
                ("done", function.done),
                ("failed", function.failed),
            ] {
                let labels =
                    QueueLabels { function: function.name.clone(), state: name.to_owned() };
                metrics.queue.get_or_create(&labels).set(value);
            }
        }
    }
    let pool = db::pool_use(&state.db);
    for (name, value) in [
        ("open", i64::from(pool.open)),
        ("idle", i64::try_from(pool.idle).unwrap_or(i64::MAX)),
        ("max", i64::from(pool.max)),
    ] {
        metrics.db_pool.get_or_create(&PoolLabels { state: name.to_owned() }).set(value);
    }
    let content_type =
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8");
    Ok(([(header::CONTENT_TYPE, content_type)], metrics.encode()).into_response())
}
