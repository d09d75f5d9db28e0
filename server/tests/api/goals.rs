//! Goals that move: edited, paused, resumed, completed and deleted; concepts proposed from the
//! subject and the student's sessions and adjusted; progress computed from mastery with its
//! history; a target date that caps review intervals and names what is at risk.

use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use app::{
    domain::Role,
    server::{entities::student_concepts, services::time},
};

use crate::helpers::{Backend, TestApp, TestUser, assert_error, spawn_app};
use crate::on_both_databases;
use crate::practice::{ready_practice, right_answers};

pub async fn create_goal(app: &TestApp, student: &TestUser, body: Value) -> Value {
    let response = app.post_as("/api/goals", &student.token, &body).await;
    assert_eq!(response.status(), 201, "creating a goal");
    response.json().await.expect("json")
}

pub async fn patch_goal(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/goals/{id}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("sent")
}

pub async fn get_goal(app: &TestApp, token: &str, id: &str) -> Value {
    let response = app.get_as(&format!("/api/goals/{id}"), token).await;
    assert_eq!(response.status(), 200, "reading goal {id}");
    response.json().await.expect("json")
}

/// The student's goals as their list shows them.
async fn list_goals(app: &TestApp, student: &TestUser) -> Vec<Value> {
    let response = app.get_as(&format!("/api/goals/student/{}", student.id), &student.token).await;
    assert_eq!(response.status(), 200, "listing goals");
    let list: Value = response.json().await.expect("json");
    list.as_array().expect("a list").clone()
}

async fn delete_goal(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.client
        .delete(app.url(&format!("/api/goals/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent")
}

/// Submits the student's ready practice with every answer right; returns the result.
pub async fn practise_all_right(app: &TestApp, student: &TestUser) -> Value {
    let practice = ready_practice(app, student).await;
    let id = practice["id"].as_str().expect("id").to_owned();
    let answers: Vec<Value> = right_answers(app, &id)
        .await
        .into_iter()
        .map(|(qid, answer)| json!({ "questionId": qid, "answer": answer }))
        .collect();
    let response = app
        .post_as(
            &format!("/api/practice/{id}/submit"),
            &student.token,
            &json!({ "answers": answers }),
        )
        .await;
    assert_eq!(response.status(), 200, "submitting");
    response.json().await.expect("json")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str().map(str::to_owned))
        .collect()
}

on_both_databases!(
    goals_are_edited_paused_resumed_completed_and_deleted,
    concepts_are_proposed_from_the_subject_and_the_sessions_and_adjustable,
    progress_is_computed_from_mastery_and_kept_as_a_history,
    a_target_date_caps_review_intervals_and_names_concepts_at_risk,
    goals_follow_the_access_rules,
);

async fn goals_are_edited_paused_resumed_completed_and_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Gail").await;
    let chemistry = create_goal(
        &app,
        &student,
        json!({ "subject": "Chemistry", "description": "Pass the unit test", "targetDate": "2027-01-15" }),
    )
    .await;
    let sat = create_goal(&app, &student, json!({ "subject": "SAT Math" })).await;
    assert_eq!(
        (chemistry["status"].as_str(), sat["status"].as_str()),
        (Some("active"), Some("active"))
    );
    assert_eq!(chemistry["progress"], json!(0.0), "computed, starting at zero");
    let id = chemistry["id"].as_str().expect("id").to_owned();

    // Several active at once, each listed with its progress.
    let list = list_goals(&app, &student).await;
    assert_eq!(list.iter().filter(|g| g["status"] == "active").count(), 2);
    assert!(list.iter().all(|g| g["progress"].is_number()));

    // Edit the fields; a null target date clears it.
    let edited = patch_goal(
        &app,
        &student.token,
        &id,
        json!({ "subject": "AP Chemistry", "description": "Score a 5", "targetDate": null }),
    )
    .await;
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.expect("json");
    assert_eq!(edited["subject"], "AP Chemistry");
    assert_eq!(edited["description"], "Score a 5");
    assert_eq!(edited["targetDate"], Value::Null);
    assert!(edited["concepts"].is_array() && edited["progressHistory"].is_array());

    // Bad input is a 400 naming the field; progress is never typed in.
    let bad = patch_goal(&app, &student.token, &id, json!({ "subject": "  " })).await;
    let body = assert_error(bad, 400).await;
    assert_eq!(body["fields"][0]["field"], "subject");
    assert_error(patch_goal(&app, &student.token, &id, json!({ "progress": 1 })).await, 400).await;
    assert_error(patch_goal(&app, &student.token, &id, json!({ "status": "done" })).await, 400)
        .await;
    assert_error(patch_goal(&app, &student.token, &id, json!({ "masteryTarget": 1.5 })).await, 400)
        .await;

    // Pause, resume, complete.
    let paused: Value = patch_goal(&app, &student.token, &id, json!({ "status": "paused" }))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(paused["status"], "paused");
    let resumed: Value = patch_goal(&app, &student.token, &id, json!({ "status": "active" }))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(resumed["status"], "active");
    let completed: Value = patch_goal(&app, &student.token, &id, json!({ "status": "completed" }))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(completed["status"], "completed");
    assert!(completed["completedAt"].is_string());
    // A completed goal cannot be paused; completing twice is a conflict, not a second run.
    assert_error(patch_goal(&app, &student.token, &id, json!({ "status": "paused" })).await, 409)
        .await;
    let notes: Value = app
        .get_as(&format!("/api/notifications/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    let completed_notes: Vec<&Value> = notes["notifications"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|n| n["kind"] == "goal_completed")
        .collect();
    assert_eq!(completed_notes.len(), 1);
    assert_eq!(completed_notes[0]["link"], format!("/goals/{id}"));

    // Delete: gone for good.
    assert_eq!(delete_goal(&app, &student.token, &id).await.status(), 204);
    assert_error(app.get_as(&format!("/api/goals/{id}"), &student.token).await, 404).await;
    assert_error(delete_goal(&app, &student.token, &id).await, 404).await;
    assert_error(app.get_as("/api/goals/not-a-uuid", &student.token).await, 400).await;
}

async fn concepts_are_proposed_from_the_subject_and_the_sessions_and_adjustable(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let session =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let session_concepts: Vec<String> = session.concepts.into_iter().map(|c| c.name).collect();
    assert!(!session_concepts.is_empty());

    // From the student's own sessions first.
    let goal = create_goal(&app, &student, json!({ "subject": "Algebra 1" })).await;
    let id = goal["id"].as_str().expect("id").to_owned();
    let detail = get_goal(&app, &student.token, &id).await;
    let proposed = names(&detail["concepts"]);
    assert!(proposed.len() >= 5, "at least five concepts: {proposed:?}");
    assert!(
        proposed.iter().any(|c| session_concepts.contains(c)),
        "session concepts {session_concepts:?} among {proposed:?}"
    );
    assert_eq!(detail["conceptCount"], json!(proposed.len()));

    // From the subject alone when the sessions have nothing for it.
    let chemistry = create_goal(&app, &student, json!({ "subject": "Chemistry" })).await;
    let chem = get_goal(&app, &student.token, chemistry["id"].as_str().expect("id")).await;
    assert!(names(&chem["concepts"]).len() >= 5, "{:?}", chem["concepts"]);
    assert!(!chem["candidates"].as_array().expect("candidates").is_empty());

    // Adjustable: drop one, add a candidate.
    let keep: Vec<Value> = detail["concepts"].as_array().expect("concepts")[1..]
        .iter()
        .map(|c| c["conceptId"].clone())
        .collect();
    let candidate = detail["candidates"][0]["conceptId"].clone();
    let mut ids = keep.clone();
    ids.push(candidate.clone());
    let adjusted: Value = patch_goal(&app, &student.token, &id, json!({ "conceptIds": ids }))
        .await
        .json()
        .await
        .expect("json");
    let now: Vec<Value> = adjusted["concepts"]
        .as_array()
        .expect("concepts")
        .iter()
        .map(|c| c["conceptId"].clone())
        .collect();
    assert_eq!(now.len(), keep.len() + 1);
    assert!(now.contains(&candidate));
    let unknown =
        patch_goal(&app, &student.token, &id, json!({ "conceptIds": [Uuid::new_v4()] })).await;
    assert_eq!(assert_error(unknown, 400).await["fields"][0]["field"], "conceptIds");
    // A new subject proposes that subject's concepts again.
    let moved: Value = patch_goal(&app, &student.token, &id, json!({ "subject": "Biology" }))
        .await
        .json()
        .await
        .expect("json");
    assert!(names(&moved["concepts"]).iter().all(|c| !session_concepts.contains(c)));
}

async fn progress_is_computed_from_mastery_and_kept_as_a_history(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let goal = create_goal(&app, &student, json!({ "subject": "Algebra" })).await;
    let id = goal["id"].as_str().expect("id").to_owned();
    let before = get_goal(&app, &student.token, &id).await;
    let start = before["progress"].as_f64().expect("progress");
    assert_eq!(before["progressHistory"].as_array().map(Vec::len), Some(1));
    assert!(
        before["howComputed"].as_str().is_some_and(|h| h.contains("80%")),
        "{}",
        before["howComputed"]
    );

    practise_all_right(&app, &student).await;
    let after = get_goal(&app, &student.token, &id).await;
    let moved = after["progress"].as_f64().expect("progress");
    assert!(moved > start, "progress moves with mastery: {start} → {moved}");
    let history = after["progressHistory"].as_array().expect("history");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!((history[1]["progress"].as_f64().unwrap_or(0.0) - moved).abs() < 1e-9);

    // The number is the average contribution of the concepts, from their mastery.
    let concepts = after["concepts"].as_array().expect("concepts");
    let mean = concepts.iter().map(|c| c["contribution"].as_f64().unwrap_or(0.0)).sum::<f64>()
        / concepts.len() as f64;
    assert!((mean - moved).abs() < 1e-9);
    for concept in concepts {
        let mastery = concept["mastery"].as_f64().expect("mastery");
        let expected = ((mastery - 0.5) / 0.3).clamp(0.0, 1.0);
        assert!((concept["contribution"].as_f64().unwrap_or(-1.0) - expected).abs() < 1e-9);
    }
    assert_eq!(after["readyToComplete"], json!(false));

    // The list, read in one query, shows the numbers the goal's own page computes; newest first.
    let pottery = create_goal(&app, &student, json!({ "subject": "Pottery" })).await;
    let list = list_goals(&app, &student).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], pottery["id"], "newest first");
    let listed = list.iter().find(|g| g["id"] == json!(id)).expect("listed");
    for field in ["progress", "masteredCount", "conceptCount", "subject", "status"] {
        assert_eq!(listed[field], after[field], "{field}");
    }
    assert!(listed["conceptCount"].as_u64().is_some_and(|n| n > 0));

    // Every concept at the target: completing is offered.
    let ids: Vec<Uuid> =
        concepts.iter().filter_map(|c| c["conceptId"].as_str()?.parse().ok()).collect();
    student_concepts::Entity::update_many()
        .col_expr(student_concepts::Column::Mastery, Expr::value(0.85))
        .filter(student_concepts::Column::StudentId.eq(student.id))
        .filter(student_concepts::Column::ConceptId.is_in(ids.clone()))
        .exec(&app.db)
        .await
        .expect("update");
    let missing = ids.len()
        - student_concepts::Entity::find()
            .filter(student_concepts::Column::StudentId.eq(student.id))
            .filter(student_concepts::Column::ConceptId.is_in(ids.clone()))
            .all(&app.db)
            .await
            .expect("rows")
            .len();
    if missing == 0 {
        let ready = get_goal(&app, &student.token, &id).await;
        assert_eq!(ready["readyToComplete"], json!(true));
        assert_eq!(ready["progress"], json!(1.0));
        assert_eq!(ready["masteredCount"], ready["conceptCount"]);
    } else {
        // Concepts never met have no standing yet: keep only the ones that have one.
        let with_standing: Vec<Uuid> = student_concepts::Entity::find()
            .filter(student_concepts::Column::StudentId.eq(student.id))
            .filter(student_concepts::Column::ConceptId.is_in(ids))
            .all(&app.db)
            .await
            .expect("rows")
            .into_iter()
            .map(|r| r.concept_id)
            .collect();
        let ready: Value =
            patch_goal(&app, &student.token, &id, json!({ "conceptIds": with_standing }))
                .await
                .json()
                .await
                .expect("json");
        assert_eq!(ready["readyToComplete"], json!(true));
        assert_eq!(ready["progress"], json!(1.0));
    }
}

async fn a_target_date_caps_review_intervals_and_names_concepts_at_risk(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = ready_practice(&app, &student).await;
    let mut practised: Vec<Uuid> = practice["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .filter_map(|q| q["conceptId"].as_str()?.parse().ok())
        .collect();
    practised.sort();
    practised.dedup();
    assert!(practised.len() >= 2, "the practice covers several concepts");
    // An exam in two days, measured by one practised concept; the others have no date.
    let today = time::local_day(app.state.clock.now(), "UTC");
    let exam: NaiveDate = today + Duration::days(2);
    let goal = create_goal(
        &app,
        &student,
        json!({ "subject": "Algebra", "targetDate": exam.to_string() }),
    )
    .await;
    let id = goal["id"].as_str().expect("id").to_owned();
    let on_goal = practised[0];
    let set = patch_goal(&app, &student.token, &id, json!({ "conceptIds": [on_goal] })).await;
    assert_eq!(set.status(), 200);
    let before = get_goal(&app, &student.token, &id).await;
    let risky = before["atRisk"].as_array().expect("at risk");
    assert_eq!(risky.len(), 1, "{risky:?}");
    assert!(risky[0]["reason"].as_str().is_some_and(|r| r.starts_with("Not practised yet")));
    assert!(before["targetLabel"].as_str().is_some_and(|l| l.contains("in 2 days")));

    practise_all_right(&app, &student).await;
    let rows = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(student.id))
        .filter(student_concepts::Column::ConceptId.is_in(practised.clone()))
        .all(&app.db)
        .await
        .expect("rows");
    let exam_start = time::start_of_day(exam, "UTC");
    let eve = exam_start - Duration::days(1);
    let capped = rows.iter().find(|r| r.concept_id == on_goal).expect("the goal's concept");
    assert_eq!(capped.due_at, Some(eve), "the review lands on the eve of the date");
    for row in rows.iter().filter(|r| r.concept_id != on_goal) {
        let due = row.due_at.expect("scheduled");
        assert!(due > eve, "without a date FSRS alone decides: {due} vs eve {eve}");
    }
    // Reviewed as scheduled, recall on the date stays at the desired retention or above.
    let stability = capped.stability.expect("a memory state");
    assert!(app::server::services::practice::recall_after(stability, 1.0) >= 0.9);

    let after = get_goal(&app, &student.token, &id).await;
    let concept = &after["concepts"][0];
    assert!(concept["recallOnTarget"].as_f64().is_some_and(|r| r > 0.0 && r <= 1.0));
    assert!(concept["dueLabel"].is_string());
}

async fn goals_follow_the_access_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.register_student("Owner").await;
    let other = app.register_student("Other").await;
    let tutor = app.create_user("Tutor", Role::Tutor).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let goal = create_goal(&app, &owner, json!({ "subject": "Physics" })).await;
    let id = goal["id"].as_str().expect("id").to_owned();
    for token in [&other.token, &tutor.token] {
        assert_error(app.get_as(&format!("/api/goals/{id}"), token).await, 403).await;
        assert_error(patch_goal(&app, token, &id, json!({ "status": "paused" })).await, 403).await;
        assert_error(delete_goal(&app, token, &id).await, 403).await;
    }
    assert_eq!(get_goal(&app, &admin.token, &id).await["subject"], "Physics");
    app.link(&admin, &tutor, &owner).await;
    assert_eq!(get_goal(&app, &tutor.token, &id).await["subject"], "Physics");
    assert_error(
        app.client.get(app.url(&format!("/api/goals/{id}"))).send().await.expect("sent"),
        401,
    )
    .await;
    assert_error(app.get_as(&format!("/api/goals/{}", Uuid::new_v4()), &owner.token).await, 404)
        .await;
}
