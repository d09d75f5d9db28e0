//! The OpenAPI document: generated from the handlers, 3.1, and every operation it lists is a
//! real route (the other direction, no route outside the document, is clippy's
//! `disallowed-methods` on `Router::route`).

use app::domain::Role;
use serde_json::Value;

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(the_document_describes_every_route_and_only_real_ones);

async fn the_document_describes_every_route_and_only_real_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.expect("json");
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() >= 30, "only {} paths documented", paths.len());
    for expected in ["/api/auth/login", "/api/sessions/{id}", "/api/practice/{id}/submit"] {
        assert!(paths.contains_key(expected), "{expected} is not documented");
    }
    let mut operations = 0;
    for (path, item) in paths {
        let concrete = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    uuid::Uuid::new_v4().to_string()
                } else {
                    segment.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for (method, operation) in item.as_object().expect("a path item") {
            let Ok(method) = method.to_uppercase().parse::<reqwest::Method>() else { continue };
            if !matches!(method.as_str(), "GET" | "POST" | "PUT" | "PATCH" | "DELETE") {
                continue;
            }
            operations += 1;
            assert!(
                operation["responses"]["default"].is_object(),
                "{method} {path} does not document its error shape"
            );
            let response = app
                .client
                .request(method.clone(), app.url(&concrete))
                .bearer_auth(&admin.token)
                .json(&serde_json::json!({}))
                .send()
                .await
                .expect("sent");
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert_ne!(status, 405, "{method} {path} is documented but not routed");
            assert_ne!(
                body["error"], "API route not found",
                "{method} {path} is documented but falls through to the 404 fallback"
            );
            assert!(status < 500, "{method} {path} answered {status}: {body}");
        }
    }
    assert!(operations >= 37, "only {operations} operations documented");
    let docs = app.get("/api/docs").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.expect("html").contains("/api/openapi.json"));
}
