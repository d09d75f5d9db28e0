//! `GET /metrics`: only for admins or the metrics token, and it counts what operators watch.

use app::domain::Role;
use app::dto::session::SessionStatus;
use serde_json::json;

use std::time::Duration;

use crate::helpers::{Backend, eventually, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    metrics_are_not_public,
    metrics_count_requests_jobs_ai_calls_logins_and_the_pool,
    a_metrics_token_reads_metrics_without_a_session,
    the_pool_opens_what_the_database_can_use,
);

async fn metrics_are_not_public(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Curious").await;
    let tutor = app.create_user("Tutor", Role::Tutor).await;
    let anonymous = app.get("/metrics").await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(app.get_as("/metrics", &student.token).await.status(), 403);
    assert_eq!(app.get_as("/metrics", &tutor.token).await.status(), 403);
    // No token configured: no bearer string opens it.
    assert_eq!(app.get_as("/metrics", "").await.status(), 401);
    assert_eq!(app.get_as("/metrics", "guess").await.status(), 403);
}

async fn metrics_count_requests_jobs_ai_calls_logins_and_the_pool(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (student, tutor) = app.pair().await;
    let session =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    assert_eq!(session.session.status, SessionStatus::Analyzed);
    let wrong = app
        .post_json(
            "/api/auth/login",
            &json!({"email": student.email, "password": "wrong-password"}),
        )
        .await;
    assert_eq!(wrong.status(), 401);

    let response = app.get_as("/metrics", &admin.token).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().expect("ascii").to_owned();
    assert!(content_type.starts_with("application/openmetrics-text"), "{content_type}");
    // The session turns "analyzed" inside the job; the queue acknowledges the job a moment later.
    let done = r#"study_companion_jobs_in_queue{function="analyze-transcript",state="done"} 1"#;
    let text = eventually(Duration::from_secs(10), "the job acknowledged as done", || async {
        let text = app.get_as("/metrics", &admin.token).await.text().await.expect("text");
        text.contains(done).then_some(text)
    })
    .await;
    for expected in [
        // Route templates, never ids.
        r#"study_companion_http_requests_total{method="GET",route="/api/sessions/{id}",status="200"}"#,
        r#"study_companion_http_requests_total{method="POST",route="/api/transcripts/upload",status="202"}"#,
        r#"study_companion_http_request_duration_seconds_count{method="GET",route="/api/sessions/{id}"}"#,
        r#"study_companion_jobs_total{function="analyze-transcript",outcome="done"} 1"#,
        r#"study_companion_job_duration_seconds_count{function="analyze-transcript"} 1"#,
        r#"study_companion_jobs_in_queue{function="analyze-transcript",state="done"} 1"#,
        r#"study_companion_ai_calls_total{provider="offline",feature="analyze-transcript",outcome="ok"} 1"#,
        r#"study_companion_ai_call_duration_seconds_count{provider="offline",feature="analyze-transcript"} 1"#,
        r#"study_companion_logins_total{outcome="invalid_credentials"} 1"#,
        r#"study_companion_db_pool_connections{state="open"}"#,
        r#"study_companion_db_pool_connections{state="max"}"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
    }
    let id = session.session.id.to_string();
    assert!(!text.contains(&id), "a session id leaked into a label");
}

async fn a_metrics_token_reads_metrics_without_a_session(backend: Backend) {
    let token = "a-long-random-metrics-token-for-the-scraper";
    let app = spawn_app_with(backend, |settings| {
        settings.metrics_token = Some(token.to_owned().into());
    })
    .await;
    assert_eq!(app.get_as("/metrics", token).await.status(), 200);
    assert_eq!(
        app.get_as("/metrics", "a-long-random-metrics-token-for-the-scrapeR").await.status(),
        403
    );
    let student = app.register_student("Student").await;
    assert_eq!(app.get_as("/metrics", &student.token).await.status(), 403);
}

/// `/metrics` reports the most connections the pool will open: on SQLite two per core whatever
/// is configured (each connection is a thread and a page cache of its own), on PostgreSQL what is
/// configured. Many requests at once still all get an answer from the smaller pool.
async fn the_pool_opens_what_the_database_can_use(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.database.max_connections = 64).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let student = app.register_student("Busy").await;
    let goals = format!("/api/goals/student/{}", student.id);
    let reads = (0..40).map(|_| app.get_as("/api/auth/me", &student.token));
    let lists = (0..40).map(|_| app.get_as(&goals, &student.token));
    for response in futures::future::join_all(reads.chain(lists)).await {
        assert_eq!(response.status(), 200);
    }
    let text = app.get_as("/metrics", &admin.token).await.text().await.expect("text");
    let gauge = |state: &str| -> u64 {
        let prefix = format!(r#"study_companion_db_pool_connections{{state="{state}"}} "#);
        let line = text.lines().find(|line| line.starts_with(&prefix));
        let value = line.and_then(|line| line[prefix.len()..].trim().parse().ok());
        value.unwrap_or_else(|| panic!("no {state} gauge in\n{text}"))
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    match backend {
        Backend::Sqlite => {
            assert_eq!(gauge("max"), (2 * cores).max(2), "SQLite's pool is capped");
        }
        Backend::Postgres => assert_eq!(gauge("max"), 64, "PostgreSQL's pool is as configured"),
    }
    assert!(gauge("open") <= gauge("max"));
}
