//! The tutor's side: the roster's risk flags (each one raised by data, with the clock moved
//! where time matters), the pre-session brief's contents, the mastery history behind the
//! student page's chart, and who may see any of it.

use std::time::Instant;

use app::{
    domain::Role,
    server::entities::{enums::LinkOrigin, student_concepts, tutor_students, users},
};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde_json::{Value, json};

use crate::chat::{ask, new_conversation};
use crate::goals::create_goal;
use crate::helpers::{Backend, TestApp, TestUser, assert_error, spawn_app};
use crate::nudges::run_nudges;
use crate::on_both_databases;
use crate::practice::ready_practice;

async fn roster(app: &TestApp, tutor: &TestUser) -> Vec<Value> {
    let response = app.get_as("/api/tutor/students", &tutor.token).await;
    assert_eq!(response.status(), 200, "reading the roster");
    let body: Value = response.json().await.expect("json");
    body.as_array().expect("a list").clone()
}

fn entry<'a>(roster: &'a [Value], student: &TestUser) -> &'a Value {
    roster
        .iter()
        .find(|e| e["id"] == json!(student.id))
        .unwrap_or_else(|| panic!("{} is on the roster: {roster:?}", student.email))
}

fn flag<'a>(entry: &'a Value, kind: &str) -> Option<&'a Value> {
    entry["flags"].as_array().expect("flags").iter().find(|f| f["kind"] == kind)
}

fn kinds(entry: &Value) -> Vec<String> {
    entry["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .filter_map(|f| f["kind"].as_str().map(str::to_owned))
        .collect()
}

/// Submits the student's ready practice with every answer wrong.
async fn practise_all_wrong(app: &TestApp, student: &TestUser) -> String {
    let practice = ready_practice(app, student).await;
    let id = practice["id"].as_str().expect("id").to_owned();
    let answers: Vec<Value> = practice["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| json!({ "questionId": q["id"], "answer": "not sure" }))
        .collect();
    let response = app
        .post_as(
            &format!("/api/practice/{id}/submit"),
            &student.token,
            &json!({ "answers": answers }),
        )
        .await;
    assert_eq!(response.status(), 200, "submitting");
    id
}

/// A chat escalation sent to the student's tutors; returns its id.
async fn send_escalation(app: &TestApp, student: &TestUser) -> String {
    let conversation = new_conversation(app, student).await;
    ask(app, student, &conversation, "I still don't get the discriminant, I give up").await;
    let route: Value = app
        .post_as(
            &format!("/api/chat/conversations/{conversation}/route"),
            &student.token,
            &json!({}),
        )
        .await
        .json()
        .await
        .expect("json");
    let id = route["escalationId"].as_str().expect("an escalation").to_owned();
    let sent = app
        .post_as(
            &format!("/api/chat/escalations/{id}/send"),
            &student.token,
            &json!({ "reason": "I keep mixing up the signs.", "urgency": "high", "focus": ["Discriminant"] }),
        )
        .await;
    assert_eq!(sent.status(), 200);
    id
}

fn in_days(app: &TestApp, days: i64) -> String {
    (app.state.clock.now() + Duration::days(days)).date_naive().to_string()
}

on_both_databases!(
    each_flag_is_raised_by_the_data_and_the_roster_is_sorted_by_need,
    the_brief_recalls_teaching_struggles_questions_escalations_reviews_and_goals,
    mastery_changes_are_kept_as_history_for_the_chart,
    only_a_linked_tutor_or_an_admin_sees_flags_the_student_page_and_the_brief,
    the_roster_of_many_students_takes_a_fixed_number_of_queries,
);

async fn each_flag_is_raised_by_the_data_and_the_roster_is_sorted_by_need(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (struggler, tutor) = app.pair().await;
    app.upload_and_analyze(&struggler, &tutor, "algebra_quadratics.txt", "plain_text").await;
    practise_all_wrong(&app, &struggler).await;
    // One failed practice moves mastery only so far; a student who has kept failing stands
    // well under 40 % (their evidence stays recent: the session and the practice).
    student_concepts::Entity::update_many()
        .col_expr(student_concepts::Column::Mastery, Expr::value(0.25))
        .filter(student_concepts::Column::StudentId.eq(struggler.id))
        .exec(&app.db)
        .await
        .expect("lowered");
    let quiet = app.register_student("Quinn Quiet").await;
    app.link(&admin, &tutor, &quiet).await;
    let asker = app.register_student("Ada Asker").await;
    app.upload_and_analyze(&asker, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let escalation = send_escalation(&app, &asker).await;
    let planner = app.register_student("Pat Planner").await;
    app.link(&admin, &tutor, &planner).await;
    create_goal(&app, &planner, json!({ "subject": "Algebra", "targetDate": in_days(&app, 10) }))
        .await;
    // Someone else's student never shows up.
    let (stranger, other_tutor) = app.pair().await;
    app.upload_and_analyze(&stranger, &other_tutor, "algebra_quadratics.txt", "plain_text").await;

    let now = roster(&app, &tutor).await;
    assert_eq!(now.len(), 4, "linked students only: {now:?}");
    assert!(now.iter().all(|e| e["id"] != json!(stranger.id)));
    let struggling = flag(entry(&now, &struggler), "struggling").expect("struggling");
    assert!(struggling["detail"].as_str().is_some_and(|d| d.contains("Mastery under 40%")));
    assert_eq!(struggling["href"], format!("/students/{}#mastery", struggler.id));
    let asked = flag(entry(&now, &asker), "open_escalation").expect("an open escalation");
    assert!(asked["detail"].as_str().is_some_and(|d| d.contains("signs") && d.contains("high")));
    assert!(asked["href"].as_str().is_some_and(|h| h.ends_with(&escalation)), "{asked}");
    let goal = flag(entry(&now, &planner), "goal_at_risk").expect("a goal at risk");
    assert!(goal["detail"].as_str().is_some_and(|d| d.contains("in 10 days")), "{goal}");
    assert!(kinds(entry(&now, &quiet)).is_empty(), "a new student has nothing to flag yet");
    assert_eq!(now[0]["id"], json!(asker.id), "asking for help comes first: {now:?}");

    // Four days on: the quiet student has been inactive since signing up, and the failed
    // reviews are overdue.
    assert!(app.state.clock.advance(Duration::days(4)));
    let later = roster(&app, &tutor).await;
    let inactive = flag(entry(&later, &quiet), "inactive").expect("inactive");
    assert!(inactive["detail"].as_str().is_some_and(|d| d.contains("since signing up 4 days")));
    let overdue = flag(entry(&later, &struggler), "reviews_overdue").expect("reviews overdue");
    assert!(overdue["detail"].as_str().is_some_and(|d| d.contains("overdue")), "{overdue}");
    assert!(flag(entry(&later, &quiet), "nudged_no_response").is_none());

    // Nudged, and three days later still nothing: the nudge went unanswered.
    run_nudges(&app, &admin).await;
    assert!(flag(entry(&roster(&app, &tutor).await, &quiet), "nudged_no_response").is_none());
    assert!(app.state.clock.advance(Duration::days(3)));
    let after = roster(&app, &tutor).await;
    let nudged = flag(entry(&after, &quiet), "nudged_no_response").expect("nudged, no response");
    assert!(nudged["detail"].as_str().is_some_and(|d| d.starts_with("Nudged 3 days ago")));

    let needs: Vec<u64> = after.iter().map(|e| e["need"].as_u64().expect("need")).collect();
    assert!(needs.windows(2).all(|w| w[0] >= w[1]), "sorted by need: {needs:?}");
    for entry in &after {
        for flag in entry["flags"].as_array().expect("flags") {
            assert!(flag["href"].as_str().is_some_and(|h| h.starts_with("/students/")));
        }
    }
}

async fn the_brief_recalls_teaching_struggles_questions_escalations_reviews_and_goals(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    let session =
        app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let practice = practise_all_wrong(&app, &student).await;
    let conversation = new_conversation(&app, &student).await;
    ask(&app, &student, &conversation, "Which river flows through the capital of Mongolia?").await;
    send_escalation(&app, &student).await;
    create_goal(&app, &student, json!({ "subject": "Algebra", "targetDate": in_days(&app, 10) }))
        .await;
    assert!(app.state.clock.advance(Duration::days(3)));

    let response = app.get_as(&format!("/api/students/{}/brief", student.id), &tutor.token).await;
    assert_eq!(response.status(), 200);
    let brief: Value = response.json().await.expect("json");
    assert_eq!(brief["studentName"], "Jordan");
    let taught = brief["taught"].as_array().expect("taught");
    assert_eq!(taught.len(), 1);
    assert_eq!(taught[0]["href"], format!("/sessions/{}", session.session.id));
    assert!(!taught[0]["concepts"].as_array().expect("concepts").is_empty());

    let struggles = brief["struggles"].as_array().expect("struggles");
    assert!(!struggles.is_empty(), "the missed questions: {brief}");
    assert!(struggles.iter().all(|s| s["href"] == format!("/practice/{practice}")));
    assert!(struggles.iter().all(|s| s["detail"].as_str().is_some_and(|d| d.contains("Missed"))));

    let questions = brief["questions"].as_array().expect("questions");
    assert!(
        questions.iter().any(|q| q["title"].as_str().is_some_and(|t| t.contains("Mongolia"))),
        "an ungrounded question: {questions:?}"
    );
    let escalations = brief["escalations"].as_array().expect("escalations");
    assert_eq!(escalations.len(), 1);
    assert_eq!(escalations[0]["reason"], "I keep mixing up the signs.");
    assert_eq!(escalations[0]["urgency"], "high");
    assert_eq!(escalations[0]["focus"], json!(["Discriminant"]));

    assert!(!brief["reviewsOverdue"].as_array().expect("reviews").is_empty(), "{brief}");
    let goals = brief["goals"].as_array().expect("goals");
    assert_eq!(goals.len(), 1);
    assert_eq!(goals[0]["daysLeft"], 7);

    let focus = brief["focus"].as_array().expect("focus");
    assert_eq!(focus[0]["title"], "Discriminant", "what the student asked for first: {focus:?}");
    assert!(focus.len() >= 2 && focus.len() <= 4, "{focus:?}");
    for item in focus
        .iter()
        .chain(struggles)
        .chain(brief["reviewsOverdue"].as_array().into_iter().flatten())
    {
        assert!(item["href"].as_str().is_some_and(|h| h.starts_with('/')), "{item}");
    }
    assert!(
        brief["flags"].as_array().is_some_and(|f| f.iter().any(|f| f["kind"] == "open_escalation"))
    );
}

async fn mastery_changes_are_kept_as_history_for_the_chart(backend: Backend) {
    let app = spawn_app(backend).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let overview = |app: &TestApp| {
        let path = format!("/api/students/{}/overview", student.id);
        let token = tutor.token.clone();
        let app = app.client.get(app.url(&path)).bearer_auth(token);
        async move {
            let response = app.send().await.expect("sent");
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.expect("json")
        }
    };
    let before = overview(&app).await;
    let series = before["mastery"].as_array().expect("series").clone();
    assert!(!series.is_empty());
    for concept in &series {
        let points = concept["points"].as_array().expect("points");
        assert_eq!(points.len(), 1, "one change from the analysis: {concept}");
        assert_eq!(points[0]["mastery"], concept["current"]);
    }

    assert!(app.state.clock.advance(Duration::days(1)));
    practise_all_wrong(&app, &student).await;
    let after = overview(&app).await;
    let moved: Vec<&Value> = after["mastery"]
        .as_array()
        .expect("series")
        .iter()
        .filter(|c| c["points"].as_array().is_some_and(|p| p.len() == 2))
        .collect();
    assert!(!moved.is_empty(), "the practice moved some concepts: {after}");
    for concept in moved {
        let points = concept["points"].as_array().expect("points");
        assert!(points[1]["mastery"].as_f64() < points[0]["mastery"].as_f64(), "{concept}");
        assert_eq!(points[1]["mastery"], concept["current"]);
        assert!(points[1]["at"].as_str() > points[0]["at"].as_str());
    }
    let practices = after["practices"].as_array().expect("practices");
    assert!(practices.iter().any(|p| p["status"] == "completed" && p["score"] == 0.0));
}

async fn only_a_linked_tutor_or_an_admin_sees_flags_the_student_page_and_the_brief(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (student, tutor) = app.pair().await;
    app.upload_and_analyze(&student, &tutor, "essay_writing.srt", "srt").await;
    let outsider = app.create_user("Mr. Outsider", Role::Tutor).await;
    let brief = format!("/api/students/{}/brief", student.id);
    let overview = format!("/api/students/{}/overview", student.id);

    for path in [&brief, &overview] {
        assert_eq!(app.get_as(path, &tutor.token).await.status(), 200, "{path}");
        assert_eq!(app.get_as(path, &admin.token).await.status(), 200, "{path}");
        assert_error(app.get_as(path, &outsider.token).await, 403).await;
        assert_error(app.get_as(path, &student.token).await, 403).await;
        assert_error(app.get(path).await, 401).await;
    }
    assert!(roster(&app, &outsider).await.is_empty(), "no flags about unlinked students");
    assert_eq!(roster(&app, &tutor).await.len(), 1);
    assert_error(app.get_as("/api/tutor/students", &student.token).await, 403).await;
    assert_error(app.get_as("/api/tutor/students", &admin.token).await, 403).await;
    assert_error(app.get("/api/tutor/students").await, 401).await;

    // Ids nobody has: 404 for an admin, the same 403 as any other for a tutor.
    let unknown = format!("/api/students/{}/brief", uuid::Uuid::new_v4());
    assert_error(app.get_as(&unknown, &admin.token).await, 404).await;
    assert_error(app.get_as(&unknown, &tutor.token).await, 403).await;
    assert_error(app.get_as("/api/students/not-a-uuid/brief", &tutor.token).await, 400).await;
    // A tutor is not a student: no brief about them.
    let about_tutor = format!("/api/students/{}/brief", outsider.id);
    assert_error(app.get_as(&about_tutor, &admin.token).await, 404).await;
}

/// Many linked students: the roster answers in a fixed number of queries (not a round per
/// student), so its time stays small. The time is printed for the README.
async fn the_roster_of_many_students_takes_a_fixed_number_of_queries(backend: Backend) {
    const STUDENTS: usize = 300;
    let app = spawn_app(backend).await;
    let tutor = app.create_user("Ms. Many", Role::Tutor).await;
    let now = app.state.clock.now();
    for n in 0..STUDENTS {
        let id = uuid::Uuid::new_v4();
        users::ActiveModel {
            id: Set(id),
            email: Set(format!("many-{n}-{}@example.com", id.simple())),
            password_hash: Set("not-a-hash".into()),
            name: Set(format!("Student {n:03}")),
            role: Set(Role::Student),
            grade: Set(None),
            time_zone: Set("UTC".into()),
            is_active: Set(true),
            token_version: Set(0),
            created_at: Set(now - Duration::days(n as i64 % 10)),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("a student");
        tutor_students::Entity::insert(tutor_students::ActiveModel {
            tutor_id: Set(tutor.id),
            student_id: Set(id),
            origin: Set(LinkOrigin::Admin),
            created_at: Set(now),
        })
        .exec_without_returning(&app.db)
        .await
        .expect("linked");
    }
    let started = Instant::now();
    let list = roster(&app, &tutor).await;
    let elapsed = started.elapsed();
    assert_eq!(list.len(), STUDENTS);
    let inactive = list.iter().filter(|e| flag(e, "inactive").is_some()).count();
    assert_eq!(inactive, STUDENTS * 7 / 10, "signed up 3 or more days ago");
    println!("roster of {STUDENTS} students on {backend:?}: {elapsed:?}");
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
}
