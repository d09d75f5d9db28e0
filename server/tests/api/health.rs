//! `GET /api/health` and `GET /api/jobs`.

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    health_is_ok_with_database_jobs_and_version,
    health_is_503_with_a_reason_when_the_database_is_gone,
    health_notices_a_lost_database_within_seconds,
    jobs_lists_the_four_functions,
    unknown_api_routes_are_json_404s,
);

async fn health_is_ok_with_database_jobs_and_version(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"), "every response carries a request id");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert!(body["jobs"]["status"].is_string(), "{body}");
    assert_eq!(body["jobs"]["inProcess"], true);
}

async fn health_is_503_with_a_reason_when_the_database_is_gone(backend: Backend) {
    let app = spawn_app(backend).await;
    app.db.close_by_ref().await.expect("close the pool");
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "unavailable");
    assert!(body["database"].as_str().is_some_and(|s| s.starts_with("unreachable")), "{body}");
}

/// Health answers are reused for a second, never longer: a lost database shows up quickly.
async fn health_notices_a_lost_database_within_seconds(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/api/health").await.status(), 200);
    app.db.close_by_ref().await.expect("close the pool");
    let started = std::time::Instant::now();
    crate::helpers::eventually(std::time::Duration::from_secs(10), "health to say 503", || async {
        (app.get("/api/health").await.status() == 503).then_some(())
    })
    .await;
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "took {:?}", started.elapsed());
}

async fn jobs_lists_the_four_functions(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/jobs").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(
        body,
        serde_json::json!({
            "function_count": 4,
            "functions": [
                "analyze-transcript",
                "generate-practice",
                "send-engagement-nudges",
                "generate-subject-suggestions"
            ]
        })
    );
}

async fn unknown_api_routes_are_json_404s(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/definitely/not/here").await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["code"], "not_found");
    assert!(body["error"].is_string());
}
