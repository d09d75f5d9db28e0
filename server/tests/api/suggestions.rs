//! Subject suggestions: completing a goal queues them (once per goal), they come from the
//! progression map and the student's sessions, accepting makes a goal with its concepts,
//! dismissing hides a subject for good; the openai provider may rank them, the map is the
//! fallback.

use std::time::Duration;

use app::{domain::Role, server::ai::OpenAiProvider};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

use crate::goals::{create_goal, get_goal, patch_goal};
use crate::helpers::{Backend, TestApp, TestUser, assert_error, eventually, spawn_app};
use crate::on_both_databases;

/// Completes a goal and waits for its suggestions.
async fn complete_and_wait(app: &TestApp, student: &TestUser, goal_id: &str) -> Vec<Value> {
    let done = patch_goal(app, &student.token, goal_id, json!({ "status": "completed" })).await;
    assert_eq!(done.status(), 200);
    eventually(Duration::from_secs(30), "suggestions", || async {
        let list: Value = app
            .get_as(
                &format!("/api/suggestions/student/{}?goalId={goal_id}", student.id),
                &student.token,
            )
            .await
            .json()
            .await
            .ok()?;
        list.as_array().filter(|l| !l.is_empty()).cloned()
    })
    .await
}

fn subjects(list: &[Value]) -> Vec<String> {
    list.iter().filter_map(|s| s["subject"].as_str().map(str::to_owned)).collect()
}

async fn run_job(app: &TestApp, admin: &TestUser, body: Value) -> Value {
    let response =
        app.post_as("/api/admin/jobs/generate-subject-suggestions/run", &admin.token, &body).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

on_both_databases!(
    completing_a_goal_suggests_related_subjects_once,
    accepting_makes_a_goal_and_dismissing_hides_the_subject_for_good,
    suggestions_follow_the_access_rules,
    a_model_may_rank_the_suggestions_and_the_map_is_the_fallback,
);

async fn completing_a_goal_suggests_related_subjects_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    // The student's sessions already touch chemistry.
    app.upload_and_analyze(&student, &tutor, "chemistry_stoichiometry.vtt", "vtt").await;
    let goal = create_goal(&app, &student, json!({ "subject": "SAT" })).await;
    let id = goal["id"].as_str().expect("id").to_owned();
    let list = complete_and_wait(&app, &student, &id).await;
    let names = subjects(&list);
    assert!((3..=5).contains(&names.len()), "{names:?}");
    assert_eq!(names[..3], ["College essays", "Study skills", "AP prep"], "the map's order");
    assert!(names.contains(&"Chemistry".to_owned()), "a subject the sessions touch: {names:?}");
    for suggestion in &list {
        assert_eq!(suggestion["status"], "pending");
        assert!(suggestion["reason"].as_str().is_some_and(|r| !r.is_empty() && !r.contains('\n')));
        assert_eq!(suggestion["goalId"], json!(id));
    }
    let notes: Value = app
        .get_as(&format!("/api/notifications/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    let ready: Vec<&Value> = notes["notifications"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|n| n["kind"] == "suggestions_ready")
        .collect();
    assert_eq!(ready.len(), 1);
    assert_eq!(ready[0]["link"], "/suggestions");

    // Idempotent per goal: running the job again, or reopening and completing, adds nothing.
    let admin = app.create_user("Admin", Role::Admin).await;
    let again = run_job(&app, &admin, json!({ "goalId": id })).await;
    assert_eq!((again["considered"].as_u64(), again["created"].as_u64()), (Some(1), Some(0)));
    patch_goal(&app, &student.token, &id, json!({ "status": "active" })).await;
    patch_goal(&app, &student.token, &id, json!({ "status": "completed" })).await;
    let catch_up = run_job(&app, &admin, json!({})).await;
    assert_eq!(catch_up["created"], json!(0));
    let after: Value = app
        .get_as(&format!("/api/suggestions/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(after.as_array().map(Vec::len), Some(list.len()));
}

async fn accepting_makes_a_goal_and_dismissing_hides_the_subject_for_good(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Sam").await;
    let sat = create_goal(&app, &student, json!({ "subject": "SAT" })).await;
    let list = complete_and_wait(&app, &student, sat["id"].as_str().expect("id")).await;
    let essays = list.iter().find(|s| s["subject"] == "College essays").expect("essays");
    let skills = list.iter().find(|s| s["subject"] == "Study skills").expect("skills");
    let essays_id = essays["id"].as_str().expect("id");

    let accepted = app
        .post_as(&format!("/api/suggestions/{essays_id}/accept"), &student.token, &json!({}))
        .await;
    assert_eq!(accepted.status(), 201);
    let goal: Value = accepted.json().await.expect("json");
    assert_eq!(
        (goal["subject"].as_str(), goal["status"].as_str()),
        (Some("College essays"), Some("active"))
    );
    let detail = get_goal(&app, &student.token, goal["id"].as_str().expect("id")).await;
    assert!(detail["concepts"].as_array().is_some_and(|c| c.len() >= 3), "{}", detail["concepts"]);
    let again = app
        .post_as(&format!("/api/suggestions/{essays_id}/accept"), &student.token, &json!({}))
        .await;
    assert_error(again, 409).await;
    let goals: Value = app
        .get_as(&format!("/api/goals/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        goals.as_array().map(|g| g.iter().filter(|g| g["subject"] == "College essays").count()),
        Some(1)
    );

    let skills_id = skills["id"].as_str().expect("id");
    let dismissed = app
        .post_as(&format!("/api/suggestions/{skills_id}/dismiss"), &student.token, &json!({}))
        .await;
    assert_eq!(dismissed.status(), 200);
    let dismissed: Value = dismissed.json().await.expect("json");
    assert_eq!(dismissed["status"], "dismissed");
    let pending: Value = app
        .get_as(&format!("/api/suggestions/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    let pending = subjects(pending.as_array().expect("list"));
    assert!(
        !pending.contains(&"Study skills".to_owned())
            && !pending.contains(&"College essays".to_owned())
    );

    // The next completed goal never brings back the dismissed subject or one already a goal.
    let act = create_goal(&app, &student, json!({ "subject": "ACT" })).await;
    let next = subjects(&complete_and_wait(&app, &student, act["id"].as_str().expect("id")).await);
    assert!((3..=5).contains(&next.len()), "{next:?}");
    assert!(!next.contains(&"Study skills".to_owned()), "dismissed for good: {next:?}");
    assert!(!next.contains(&"College essays".to_owned()), "already a goal: {next:?}");
    assert!(next.contains(&"AP prep".to_owned()), "{next:?}");
}

async fn suggestions_follow_the_access_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Owner").await;
    let other = app.register_student("Other").await;
    let goal = create_goal(&app, &student, json!({ "subject": "Chemistry" })).await;
    let list = complete_and_wait(&app, &student, goal["id"].as_str().expect("id")).await;
    let id = list[0]["id"].as_str().expect("id");
    assert_error(
        app.get_as(&format!("/api/suggestions/student/{}", student.id), &other.token).await,
        403,
    )
    .await;
    for action in ["accept", "dismiss"] {
        let response =
            app.post_as(&format!("/api/suggestions/{id}/{action}"), &other.token, &json!({})).await;
        assert_error(response, 403).await;
    }
    assert_error(
        app.post_as(
            &format!("/api/suggestions/{}/accept", uuid::Uuid::new_v4()),
            &student.token,
            &json!({}),
        )
        .await,
        404,
    )
    .await;
    assert_error(
        app.post_as("/api/admin/jobs/generate-subject-suggestions/run", &student.token, &json!({}))
            .await,
        403,
    )
    .await;
}

fn completion(content: &str) -> Value {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": "gpt-4o-mini",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content },
            "finish_reason": "stop",
            "logprobs": null
        }],
        "usage": { "prompt_tokens": 300, "completion_tokens": 80, "total_tokens": 380 }
    })
}

async fn a_model_may_rank_the_suggestions_and_the_map_is_the_fallback(backend: Backend) {
    let server = MockServer::start().await;
    let ranked = json!({ "suggestions": [
        { "subject": "Biology", "reason": "Cells run on the reactions you just balanced." },
        { "subject": "physics", "reason": "Energy explains why reactions go." },
        { "subject": "AP prep", "reason": "Bank a score while it is fresh." }
    ]});
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&ranked.to_string())))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // Afterwards: a suggestion that is not among the candidates, which is refused.
    let invented = json!({ "suggestions": [
        { "subject": "Alchemy", "reason": "Gold!" },
        { "subject": "Biology", "reason": "x" },
        { "subject": "Physics", "reason": "y" }
    ]});
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&invented.to_string())))
        .mount(&server)
        .await;
    let settings = app::server::config::AiSettings {
        provider: app::server::config::AiProviderKind::OpenAi,
        model: "gpt-4o-mini".into(),
        base_url: server.uri(),
        api_key: Some("sk-test".to_owned().into()),
        timeout_secs: 5,
        max_retries: 0,
    };
    let mut app = spawn_app(backend).await;
    app.state = app.state.clone().with_ai(std::sync::Arc::new(OpenAiProvider::new(&settings)));
    let student = app.register_student("Ranked").await;

    // Completed goals, generated through the admin run on the state with the mock provider.
    let chemistry = create_goal(&app, &student, json!({ "subject": "Chemistry" })).await;
    let chemistry_id: uuid::Uuid =
        chemistry["id"].as_str().and_then(|s| s.parse().ok()).expect("id");
    let sat = create_goal(&app, &student, json!({ "subject": "SAT" })).await;
    let sat_id: uuid::Uuid = sat["id"].as_str().and_then(|s| s.parse().ok()).expect("id");
    for id in [chemistry_id, sat_id] {
        // Completed directly, so the queued job (with the offline provider) does not race.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        app::server::entities::goals::Entity::update_many()
            .col_expr(
                app::server::entities::goals::Column::Status,
                Expr::value(app::dto::goal::GoalStatus::Completed),
            )
            .filter(app::server::entities::goals::Column::Id.eq(id))
            .exec(&app.db)
            .await
            .expect("completed");
    }
    let ranked = app::server::services::suggestions::generate_for_goal(&app.state, chemistry_id)
        .await
        .expect("generated");
    assert_eq!(ranked.created, 3);
    let list: Value = app
        .get_as(
            &format!("/api/suggestions/student/{}?goalId={chemistry_id}", student.id),
            &student.token,
        )
        .await
        .json()
        .await
        .expect("json");
    let list = list.as_array().expect("list");
    assert_eq!(
        subjects(list),
        ["Biology", "Physics", "AP prep"],
        "the model's order, our spelling"
    );
    assert_eq!(list[0]["reason"], "Cells run on the reactions you just balanced.");

    let fallback = app::server::services::suggestions::generate_for_goal(&app.state, sat_id)
        .await
        .expect("generated");
    assert_eq!(fallback.created, 3);
    let list: Value = app
        .get_as(&format!("/api/suggestions/student/{}?goalId={sat_id}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        subjects(list.as_array().expect("list")),
        ["College essays", "Study skills", "AP prep"]
    );
}
