//! Whole response shapes a client depends on, as insta snapshots (ids, tokens and instants
//! redacted): a change to a field's name, nesting or spelling shows up here as a diff to review.

use insta::assert_json_snapshot;
use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    a_refused_form_names_the_first_field_and_its_problem,
    the_signed_in_user_and_an_analyzed_session_keep_their_shape,
);

async fn a_refused_form_names_the_first_field_and_its_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(
            "/api/auth/register",
            &json!({"email": "not-an-email", "password": "short", "name": ""}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_json_snapshot!("refused_registration", body);
}

async fn the_signed_in_user_and_an_analyzed_session_keep_their_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let me: Value = app.get_as("/api/auth/me", &student.token).await.json().await.expect("json");
    assert_json_snapshot!("me", me, {
        ".id" => "[id]", ".user.id" => "[id]", ".email" => "[email]", ".user.email" => "[email]",
        ".**.createdAt" => "[instant]",
    });
    let detail =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    // The typed detail back on the wire: the same JSON the endpoint sent.
    let session = serde_json::to_value(&detail).expect("a session detail serialises");
    assert_json_snapshot!("analyzed_session", session, {
        ".**.id" => "[id]", ".**.sessionId" => "[id]", ".**.studentId" => "[id]",
        ".**.tutorId" => "[id]", ".**.conceptId" => "[id]", ".**.practiceId" => "[id]",
        ".**.createdAt" => "[instant]", ".**.updatedAt" => "[instant]",
        ".**.analyzedAt" => "[instant]", ".**.sessionDate" => "[instant]",
    });
}
