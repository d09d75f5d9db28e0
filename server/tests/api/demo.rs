//! The demo a newcomer meets: analyzed sessions from the bundled transcripts, a finished
//! practice, reviews due and a goal, all there before anything is uploaded, and never twice.

use app::dto::{
    goal::GoalView,
    page::Page,
    practice::{PracticeList, PracticeStatus},
    session::{SessionStatus, SessionSummary},
    user::AuthResponse,
};

use crate::helpers::{Backend, TestApp, TestUser, spawn_app};
use crate::on_both_databases;

/// Signs in with the demo password the README prints.
async fn demo_login(app: &TestApp, email: &str) -> TestUser {
    let response = app
        .post_json(
            "/api/auth/login",
            &serde_json::json!({"email": email, "password": server::seed::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200, "signing in as {email}");
    let body: AuthResponse = response.json().await.expect("json");
    TestUser { id: body.user.id, token: body.token, email: email.to_owned() }
}

on_both_databases!(the_demo_student_sees_the_product_working_and_reseeding_adds_nothing);

async fn the_demo_student_sees_the_product_working_and_reseeding_adds_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    server::seed::demo(&app.state).await.expect("the demo seeds");
    let student = demo_login(&app, "student@demo.test").await;
    let tutor = demo_login(&app, "tutor@demo.test").await;
    demo_login(&app, "admin@demo.test").await;

    let sessions: Page<SessionSummary> = app
        .get_as(&format!("/api/sessions/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("sessions");
    assert_eq!(sessions.total, 3);
    assert!(sessions.items.iter().all(|s| s.status == SessionStatus::Analyzed), "{sessions:?}");
    assert!(sessions.items.iter().all(|s| s.title.is_some()), "{sessions:?}");
    // The tutor is linked and sees them too.
    let as_tutor = app.get_as(&format!("/api/sessions/student/{}", student.id), &tutor.token).await;
    assert_eq!(as_tutor.status(), 200);
    // The tutor's roster has the student with something to act on, and the mastery chart has
    // a history spread over the sessions' dates.
    let roster: serde_json::Value =
        app.get_as("/api/tutor/students", &tutor.token).await.json().await.expect("roster");
    let flags = roster[0]["flags"].as_array().expect("flags");
    assert!(flags.iter().any(|f| f["kind"] == "reviews_overdue"), "{roster}");
    let overview: serde_json::Value = app
        .get_as(&format!("/api/students/{}/overview", student.id), &tutor.token)
        .await
        .json()
        .await
        .expect("overview");
    let days: std::collections::HashSet<&str> = overview["mastery"]
        .as_array()
        .expect("series")
        .iter()
        .flat_map(|s| s["points"].as_array().into_iter().flatten())
        .filter_map(|p| p["label"].as_str())
        .collect();
    assert!(days.len() >= 3, "history on the sessions' days: {days:?}");

    let practice: PracticeList = app
        .get_as(&format!("/api/practice/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("practice");
    let submitted: Vec<_> =
        practice.practices.iter().filter(|p| p.status == PracticeStatus::Completed).collect();
    assert_eq!(submitted.len(), 1, "{practice:?}");
    let score = submitted[0].score.expect("a score");
    assert!(score > 0.4 && score < 1.0, "a mixed result, got {score}");
    assert_eq!(
        practice.practices.iter().filter(|p| p.status == PracticeStatus::Ready).count(),
        2,
        "the other two sessions' practices wait to be taken"
    );
    assert!(practice.due_for_review.len() >= 2, "{:?}", practice.due_for_review);

    let goals: Vec<GoalView> = app
        .get_as(&format!("/api/goals/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("goals");
    assert_eq!(goals.len(), 1);
    assert!(goals[0].target_date.is_some());

    // Seeding again (a restart, or `seed --demo` by hand) adds nothing.
    server::seed::demo(&app.state).await.expect("seeds again");
    server::seed::demo_if_empty(&app.state).await.expect("first-start seeding is a no-op now");
    let again: Page<SessionSummary> = app
        .get_as(&format!("/api/sessions/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("sessions");
    assert_eq!(again.total, 3);
}
