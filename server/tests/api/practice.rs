//! Practice over REST: generation after analysis and on demand, no answers before submit,
//! progressive hints, a single fair submit, mastery and FSRS review scheduling, access rules.

use std::time::Duration;

use app::{
    domain::Role,
    server::entities::{practice_items, student_concepts},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, TestUser, assert_error, eventually, spawn_app};
use crate::on_both_databases;

/// Waits for the student's practices and returns the first one ready.
pub async fn ready_practice(app: &TestApp, student: &TestUser) -> Value {
    let id = eventually(Duration::from_secs(60), "a ready practice", || async {
        let list: Value = app
            .get_as(&format!("/api/practice/student/{}", student.id), &student.token)
            .await
            .json()
            .await
            .ok()?;
        list["practices"]
            .as_array()?
            .iter()
            .find(|p| p["status"] == "ready")
            .and_then(|p| p["id"].as_str().map(str::to_owned))
    })
    .await;
    app.get_as(&format!("/api/practice/{id}"), &student.token).await.json().await.expect("json")
}

/// The right answer to each question, read from the stored key (the test's privilege).
pub async fn right_answers(app: &TestApp, practice_id: &str) -> Vec<(String, String)> {
    let id: uuid::Uuid = practice_id.parse().expect("uuid");
    practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.eq(id))
        .order_by_asc(practice_items::Column::Position)
        .all(&app.db)
        .await
        .expect("items")
        .into_iter()
        .map(|item| {
            let stored: Value = serde_json::to_value(&item.answer.0).expect("stored key");
            let key = &stored["key"];
            let answer = match key["type"].as_str() {
                Some("choice") => key["id"].as_str().unwrap_or_default().to_owned(),
                Some("numeric") => key["value"].as_f64().map(|v| v.to_string()).unwrap_or_default(),
                _ => stored["display"].as_str().unwrap_or_default().to_owned(),
            };
            (item.id.to_string(), answer)
        })
        .collect()
}

on_both_databases!(
    analysis_produces_a_practice_without_answers_in_it,
    hints_are_progressive_and_never_the_answer,
    submit_scores_fairly_once_and_moves_mastery_and_reviews,
    practice_follows_the_access_rules,
    generate_uses_the_requested_concepts_only,
    concurrent_saves_and_hints_never_fail,
    a_verdict_lands_on_an_answer_saved_after_the_submit_read_them,
);

async fn analysis_produces_a_practice_without_answers_in_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = ready_practice(&app, &student).await;
    let questions = practice["questions"].as_array().expect("questions");
    assert!((5..=10).contains(&questions.len()), "5-10 questions, got {}", questions.len());
    let kinds: std::collections::HashSet<&str> =
        questions.iter().filter_map(|q| q["kind"].as_str()).collect();
    assert!(kinds.len() >= 2, "a mix of kinds: {kinds:?}");
    for q in questions {
        assert!(q["prompt"].as_str().is_some_and(|p| !p.is_empty()));
        let difficulty = q["difficulty"].as_i64().unwrap_or(0);
        assert!((1..=10).contains(&difficulty));
        if q["kind"] == "multiple_choice" {
            assert!(q["options"].as_array().is_some_and(|o| o.len() >= 2));
        }
    }
    let raw = serde_json::to_string(&practice).expect("json");
    for leak in ["correctAnswer", "explanation", "\"answer\"", "display", "accepted"] {
        assert!(!raw.contains(leak), "{leak} must not reach the browser before submission");
    }
    assert_eq!(practice["feedback"], json!([]));
    // Exactly one automatic practice per session, and the student was told.
    let list: Value = app
        .get_as(&format!("/api/practice/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["practices"].as_array().map(Vec::len), Some(1));
    let notes: Value = app
        .get_as(&format!("/api/notifications/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert!(
        notes["notifications"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["kind"] == "practice_ready"))
    );
}

async fn hints_are_progressive_and_never_the_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "chemistry_stoichiometry.vtt", "vtt").await;
    let practice = ready_practice(&app, &student).await;
    let id = practice["id"].as_str().expect("id").to_owned();
    let answers = right_answers(&app, &id).await;
    for question in practice["questions"].as_array().expect("questions") {
        let qid = question["id"].as_str().expect("id");
        let available = question["hintsRemaining"].as_u64().unwrap_or(0);
        let mut seen = Vec::new();
        for n in 1..=available {
            let hint: Value = app
                .post_as(
                    &format!("/api/practice/{id}/hint"),
                    &student.token,
                    &json!({ "questionId": qid }),
                )
                .await
                .json()
                .await
                .expect("json");
            assert_eq!(hint["hintsUsed"], n);
            assert_eq!(hint["hintsRemaining"], available - n);
            let text = hint["hint"].as_str().expect("a hint").to_owned();
            assert!(!seen.contains(&text), "each hint is new");
            seen.push(text);
        }
        let exhausted = app
            .post_as(
                &format!("/api/practice/{id}/hint"),
                &student.token,
                &json!({ "questionId": qid }),
            )
            .await;
        assert_error(exhausted, 409).await;
        // Hints survive a reload.
        let reloaded: Value = app
            .get_as(&format!("/api/practice/{id}"), &student.token)
            .await
            .json()
            .await
            .expect("json");
        let again = reloaded["questions"]
            .as_array()
            .and_then(|qs| qs.iter().find(|q| q["id"] == qid))
            .cloned()
            .expect("question");
        assert_eq!(again["hints"].as_array().map(Vec::len), Some(seen.len()));
        let (_, answer) = answers.iter().find(|(q, _)| q == qid).expect("answer");
        if answer.len() > 2 {
            assert!(
                seen.iter().all(|h| !h.contains(answer.as_str())),
                "a hint gave away {answer}: {seen:?}"
            );
        }
    }
}

async fn submit_scores_fairly_once_and_moves_mastery_and_reviews(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = ready_practice(&app, &student).await;
    let id = practice["id"].as_str().expect("id").to_owned();
    let answers = right_answers(&app, &id).await;
    let questions = practice["questions"].as_array().expect("questions").clone();

    // Answers are kept as the student goes; a reload shows them.
    let (first, first_answer) = &answers[0];
    let saved = app
        .client
        .put(app.url(&format!("/api/practice/{id}/answer")))
        .bearer_auth(&student.token)
        .json(&json!({ "questionId": first, "answer": first_answer }))
        .send()
        .await
        .expect("sent");
    assert_eq!(saved.status(), 204);
    let reloaded: Value = app
        .get_as(&format!("/api/practice/{id}"), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(reloaded["status"], "in_progress");
    assert_eq!(reloaded["questions"][0]["savedAnswer"], json!(first_answer));
    // Explanations only after submitting.
    assert_error(
        app.post_as(
            &format!("/api/practice/{id}/explain"),
            &student.token,
            &json!({ "questionId": first }),
        )
        .await,
        409,
    )
    .await;

    let before: Vec<(uuid::Uuid, f64)> = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(student.id))
        .all(&app.db)
        .await
        .expect("rows")
        .into_iter()
        .map(|r| (r.concept_id, r.mastery))
        .collect();

    // Every other answer right; the saved first one is not repeated in the submission.
    let submitted: Vec<Value> = answers
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, (qid, answer))| {
            json!({ "questionId": qid, "answer": if i % 2 == 0 { answer.clone() } else { "definitely wrong".to_owned() } })
        })
        .collect();
    let expected_correct =
        1 + answers.iter().enumerate().skip(1).filter(|(i, _)| i % 2 == 0).count();
    let result: Value = app
        .post_as(
            &format!("/api/practice/{id}/submit"),
            &student.token,
            &json!({ "answers": submitted }),
        )
        .await
        .json()
        .await
        .expect("json");
    let score = result["score"].as_f64().expect("a score");
    assert!((score - expected_correct as f64 / answers.len() as f64).abs() < 1e-9, "{result}");
    let feedback = result["feedback"].as_array().expect("feedback");
    assert_eq!(feedback.len(), questions.len());
    for item in feedback {
        assert!(item["correctAnswer"].as_str().is_some_and(|a| !a.is_empty()));
        assert!(item["explanation"].as_str().is_some_and(|e| !e.is_empty()));
    }
    assert_eq!(feedback.iter().filter(|f| f["correct"] == true).count(), expected_correct);
    let changes = result["mastery"].as_array().expect("mastery changes");
    assert!(!changes.is_empty());
    for change in changes {
        assert!(change["dueAt"].is_string(), "every practised concept is scheduled: {change}");
        let (b, a) =
            (change["before"].as_f64().unwrap_or(-1.0), change["after"].as_f64().unwrap_or(-1.0));
        assert!((0.0..=1.0).contains(&b) && (0.0..=1.0).contains(&a));
    }
    let moved = changes.iter().any(|c| c["before"] != c["after"]);
    assert!(moved, "results moved mastery: {changes:?}");
    let _ = before;

    // Once only.
    let again = app
        .post_as(&format!("/api/practice/{id}/submit"), &student.token, &json!({ "answers": [] }))
        .await;
    assert_error(again, 409).await;
    assert_error(
        app.post_as(
            &format!("/api/practice/{id}/hint"),
            &student.token,
            &json!({ "questionId": first }),
        )
        .await,
        409,
    )
    .await;
    let explained: Value = app
        .post_as(
            &format!("/api/practice/{id}/explain"),
            &student.token,
            &json!({ "questionId": first }),
        )
        .await
        .json()
        .await
        .expect("json");
    assert!(explained["explanation"].is_string());

    // Nothing is due yet; after the clock moves a month on, the concepts come back.
    let list: Value = app
        .get_as(&format!("/api/practice/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["dueForReview"], json!([]));
    assert_error(app.post_as("/api/practice/review", &student.token, &json!({})).await, 409).await;
    assert!(app.state.clock.advance(chrono::Duration::days(40)));
    let list: Value = app
        .get_as(&format!("/api/practice/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    let due = list["dueForReview"].as_array().expect("due").len();
    assert_eq!(due, changes.len(), "every practised concept is due after 40 days");
    let review: Value = app
        .post_as("/api/practice/review", &student.token, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(review["status"], "generating");
    let review_id = review["practiceId"].as_str().expect("id").to_owned();
    let ready: Value = eventually(Duration::from_secs(60), "the review practice", || async {
        let p: Value = app
            .get_as(&format!("/api/practice/{review_id}"), &student.token)
            .await
            .json()
            .await
            .ok()?;
        (p["status"] == "ready").then_some(p)
    })
    .await;
    assert_eq!(ready["kind"], "review");
    assert!(ready["questions"].as_array().is_some_and(|q| !q.is_empty()));
}

async fn practice_follows_the_access_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let other = app.register_student("Olive").await;
    let stranger = app.create_user("Stranger", Role::Tutor).await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = ready_practice(&app, &student).await;
    let id = practice["id"].as_str().expect("id").to_owned();
    let qid = practice["questions"][0]["id"].as_str().expect("qid").to_owned();
    let get = format!("/api/practice/{id}");
    let list = format!("/api/practice/student/{}", student.id);

    assert_error(app.get(&get).await, 401).await;
    assert_error(app.get_as(&get, &other.token).await, 403).await;
    assert_error(app.get_as(&get, &stranger.token).await, 403).await;
    assert_error(app.get_as(&list, &other.token).await, 403).await;
    for who in [&tutor, &admin] {
        assert_eq!(app.get_as(&get, &who.token).await.status(), 200);
        assert_eq!(app.get_as(&list, &who.token).await.status(), 200);
    }
    // Only the student answers their own practice.
    for who in [&tutor, &admin, &other] {
        let hint =
            app.post_as(&format!("{get}/hint"), &who.token, &json!({ "questionId": qid })).await;
        assert_error(hint, 403).await;
        let submit =
            app.post_as(&format!("{get}/submit"), &who.token, &json!({ "answers": [] })).await;
        assert_error(submit, 403).await;
    }
    let unknown = app
        .post_as(
            &format!("{get}/hint"),
            &student.token,
            &json!({ "questionId": uuid::Uuid::new_v4() }),
        )
        .await;
    assert_error(unknown, 404).await;
    let stray = app
        .post_as(
            &format!("{get}/submit"),
            &student.token,
            &json!({ "answers": [{ "questionId": uuid::Uuid::new_v4(), "answer": "x" }] }),
        )
        .await;
    assert_error(stray, 400).await;
    assert_error(
        app.post_as(&format!("{get}/submit"), &student.token, &json!({ "answers": "nope" })).await,
        400,
    )
    .await;
}

async fn generate_uses_the_requested_concepts_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let detail =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let session_id = detail.session.id;
    let concept = detail
        .concepts
        .iter()
        .find(|c| c.name == "Quadratic formula")
        .expect("the quadratic formula");
    let concept_id = concept.concept_id.to_string();

    let accepted = app
        .post_as(
            "/api/practice/generate",
            &student.token,
            &json!({ "sessionId": session_id, "conceptIds": [concept_id] }),
        )
        .await;
    assert_eq!(accepted.status(), 202);
    let accepted: Value = accepted.json().await.expect("json");
    assert_eq!(accepted["status"], "generating");
    let id = accepted["practiceId"].as_str().expect("id").to_owned();
    let practice: Value = eventually(Duration::from_secs(60), "the requested practice", || async {
        let p: Value =
            app.get_as(&format!("/api/practice/{id}"), &student.token).await.json().await.ok()?;
        (p["status"] == "ready").then_some(p)
    })
    .await;
    let questions = practice["questions"].as_array().expect("questions");
    assert!(questions.len() >= 5);
    assert!(questions.iter().all(|q| q["conceptId"] == concept_id), "only the chosen concept");

    let foreign = app
        .post_as(
            "/api/practice/generate",
            &student.token,
            &json!({ "sessionId": session_id, "conceptIds": [uuid::Uuid::new_v4()] }),
        )
        .await;
    assert_error(foreign, 400).await;
    let other = app.register_student("Olive").await;
    let not_theirs = app
        .post_as("/api/practice/generate", &other.token, &json!({ "sessionId": session_id }))
        .await;
    assert_error(not_theirs, 403).await;
    let missing = app
        .post_as(
            "/api/practice/generate",
            &student.token,
            &json!({ "sessionId": uuid::Uuid::new_v4() }),
        )
        .await;
    assert_error(missing, 404).await;
}

/// Regression: typing and moving on saved the same answer twice at once, and both inserts
/// raced into a unique-key error (a 500).
async fn concurrent_saves_and_hints_never_fail(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = ready_practice(&app, &student).await;
    let id = practice["id"].as_str().expect("id").to_owned();
    let question = practice["questions"][0].clone();
    let qid = question["id"].as_str().expect("qid").to_owned();
    let save = |answer: String| {
        let request = app
            .client
            .put(app.url(&format!("/api/practice/{id}/answer")))
            .bearer_auth(&student.token)
            .json(&json!({ "questionId": qid, "answer": answer }));
        async move { request.send().await.expect("sent").status().as_u16() }
    };
    let statuses = futures::future::join_all(vec![
        save("1".into()),
        save("2".into()),
        save("3".into()),
        save("4".into()),
    ])
    .await;
    assert!(statuses.iter().all(|s| *s == 204), "{statuses:?}");

    let available = question["hintsRemaining"].as_u64().unwrap_or(0) as usize;
    let hint = || {
        let request = app
            .client
            .post(app.url(&format!("/api/practice/{id}/hint")))
            .bearer_auth(&student.token)
            .json(&json!({ "questionId": qid }));
        async move { request.send().await.expect("sent").status().as_u16() }
    };
    let statuses = futures::future::join_all((0..available + 2).map(|_| hint())).await;
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), available, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
}

/// Regression (e2e goals journey: "UNIQUE constraint failed: practice_answers.item_id", a 500 on
/// submit): the last answer's autosave can land after the submit read the saved answers; the
/// verdict must then go onto that row.
async fn a_verdict_lands_on_an_answer_saved_after_the_submit_read_them(backend: Backend) {
    use app::server::entities::practice_answers;
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = ready_practice(&app, &student).await;
    let id: uuid::Uuid = practice["id"].as_str().expect("id").parse().expect("uuid");
    let qid: uuid::Uuid =
        practice["questions"][0]["id"].as_str().expect("qid").parse().expect("uuid");
    let now = app.state.clock.now();
    // The submit read no saved answer for this question; then the autosave created the row.
    practice_answers::Model::save(&app.db, id, qid, "2".into(), now).await.expect("a save");
    practice_answers::Model::record_verdict(&app.db, None, id, qid, Some("2".into()), true, now)
        .await
        .expect("the verdict goes onto the saved row");
    let rows = practice_answers::Entity::find()
        .filter(practice_answers::Column::ItemId.eq(qid))
        .all(&app.db)
        .await
        .expect("read");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].is_correct, Some(true));
}
