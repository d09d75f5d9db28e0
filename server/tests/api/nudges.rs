//! Engagement nudges with the clock under test control: each rule, the once-a-day key under a
//! re-run, two concurrent runs and the queued job, the student's setting, paused goals, and the
//! response within 48 hours.

use std::time::Duration as StdDuration;

use app::{
    domain::Role,
    server::{
        entities::{nudges, sessions, student_concepts, users},
        queue::SendEngagementNudges,
        services::nudges::send_engagement_nudges,
    },
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::goals::{create_goal, patch_goal};
use crate::helpers::{Backend, TestApp, TestUser, assert_error, eventually, spawn_app};
use crate::on_both_databases;

pub async fn run_nudges(app: &TestApp, admin: &TestUser) -> Value {
    let response =
        app.post_as("/api/admin/jobs/send-engagement-nudges/run", &admin.token, &json!({})).await;
    assert_eq!(response.status(), 200, "running the nudges");
    response.json().await.expect("json")
}

fn now(app: &TestApp) -> DateTime<Utc> {
    app.state.clock.now()
}

/// The student signed up `days` days before the clock's now.
pub async fn signed_up_days_ago(app: &TestApp, student: &TestUser, days: i64) {
    users::Entity::update_many()
        .col_expr(users::Column::CreatedAt, Expr::value(now(app) - Duration::days(days)))
        .filter(users::Column::Id.eq(student.id))
        .exec(&app.db)
        .await
        .expect("moved");
}

/// The student's sessions arrived `days` days before the clock's now.
async fn sessions_days_ago(app: &TestApp, student: &TestUser, days: i64) {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::CreatedAt, Expr::value(now(app) - Duration::days(days)))
        .filter(sessions::Column::StudentId.eq(student.id))
        .exec(&app.db)
        .await
        .expect("moved");
}

/// Every concept the student has a standing on is due.
async fn reviews_due(app: &TestApp, student: &TestUser) {
    student_concepts::Entity::update_many()
        .col_expr(student_concepts::Column::DueAt, Expr::value(now(app) - Duration::hours(1)))
        .filter(student_concepts::Column::StudentId.eq(student.id))
        .exec(&app.db)
        .await
        .expect("due");
}

async fn notifications(app: &TestApp, student: &TestUser, kind: &str) -> Vec<Value> {
    let list: Value = app
        .get_as(&format!("/api/notifications/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    list["notifications"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

fn outcome<'a>(report: &'a Value, student: &TestUser) -> &'a Value {
    report["students"]
        .as_array()
        .expect("students")
        .iter()
        .find(|s| s["studentId"] == json!(student.id))
        .expect("the student was considered")
}

fn count(report: &Value, list: &str, key: &str, value: &str) -> u64 {
    report[list]
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c[key] == value)
        .and_then(|c| c["count"].as_u64())
        .unwrap_or(0)
}

async fn nudge_rows(app: &TestApp) -> u64 {
    nudges::Entity::find().count(&app.db).await.expect("count")
}

on_both_databases!(
    a_question_in_chat_counts_as_acting_and_in_the_kpis,
    each_rule_nudges_with_a_personal_message_and_a_one_tap_action,
    the_once_a_day_key_holds_under_a_rerun_two_concurrent_runs_and_the_job,
    the_students_setting_and_acting_today_are_respected,
    a_paused_goal_is_never_what_a_nudge_is_about,
    acting_within_48_hours_is_recorded_as_a_response,
    only_admins_run_jobs_and_unknown_ones_are_refused,
);

async fn each_rule_nudges_with_a_personal_message_and_a_one_tap_action(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let fresh = app.register_student("Fresh Fern").await;
    let no_session = app.register_student("Nadia Nosession").await;
    let (first_week, tutor) = app.pair().await;
    app.upload_and_analyze(&first_week, &tutor, "essay_writing.srt", "srt").await;
    let (inactive, inactive_tutor) = app.pair().await;
    app.upload_and_analyze(&inactive, &inactive_tutor, "algebra_quadratics.txt", "plain_text")
        .await;
    create_goal(&app, &inactive, json!({ "subject": "Algebra", "targetDate": "2030-06-01" })).await;
    let (due, due_tutor) = app.pair().await;
    app.upload_and_analyze(&due, &due_tutor, "algebra_quadratics.txt", "plain_text").await;

    // A day later: the uploads were yesterday. Ages and histories as each rule wants them.
    assert!(app.state.clock.advance(Duration::days(1)));
    signed_up_days_ago(&app, &fresh, 1).await;
    signed_up_days_ago(&app, &no_session, 2).await;
    signed_up_days_ago(&app, &first_week, 4).await;
    signed_up_days_ago(&app, &inactive, 20).await;
    sessions_days_ago(&app, &inactive, 5).await;
    signed_up_days_ago(&app, &due, 20).await;
    reviews_due(&app, &due).await;

    let report = run_nudges(&app, &admin).await;
    assert_eq!(report["job"], "send-engagement-nudges");
    assert_eq!((report["considered"].as_u64(), report["nudged"].as_u64()), (Some(5), Some(4)));
    assert_eq!(count(&report, "reasons", "reason", "nothing_to_say"), 1);
    assert_eq!(outcome(&report, &fresh)["skipped"], "nothing_to_say");
    for rule in ["no_session", "first_week", "inactive", "reviews_due"] {
        assert_eq!(count(&report, "byRule", "rule", rule), 1, "{rule}: {report}");
    }
    assert!(report["summary"].as_str().is_some_and(|s| s.contains("5 students considered")));

    let expect = [
        (&no_session, "no_session", "/sessions/new", "joined 2 days ago"),
        (&first_week, "first_week", "/sessions/new", "1 session since you joined 4 days ago"),
        (&inactive, "inactive", "/tutors", "5 days ago, with 1 session so far"),
        (&due, "reviews_due", "/practice", "due for review"),
    ];
    for (student, rule, link, says) in expect {
        assert_eq!(outcome(&report, student)["rule"], rule);
        let nudges = notifications(&app, student, "nudge").await;
        assert_eq!(nudges.len(), 1, "{rule}");
        assert_eq!(nudges[0]["link"], link, "{rule}: the one-tap action");
        assert!(
            nudges[0]["body"].as_str().is_some_and(|b| b.contains(says)),
            "{rule}: {}",
            nudges[0]["body"]
        );
    }
    let inactive_body = notifications(&app, &inactive, "nudge").await[0]["body"].clone();
    assert!(
        inactive_body
            .as_str()
            .is_some_and(|b| b.contains("% of the way to your Algebra goal by Jun 1")),
        "personalised with the goal's progress: {inactive_body}"
    );
    assert!(
        notifications(&app, &no_session, "nudge").await[0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Nadia,"))
    );
    // The reviews-due nudge points at the review, so no second notice about it.
    assert!(notifications(&app, &due, "reviews_due").await.is_empty());
    assert!(notifications(&app, &fresh, "nudge").await.is_empty());
}

async fn the_once_a_day_key_holds_under_a_rerun_two_concurrent_runs_and_the_job(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let mut students = Vec::new();
    for name in ["Ana", "Ben", "Cy", "Dee"] {
        let student = app.register_student(name).await;
        signed_up_days_ago(&app, &student, 2).await;
        students.push(student);
    }
    // Two runs at once (two workers): the unique key lets one nudge through per student.
    let (first, second) =
        tokio::join!(send_engagement_nudges(&app.state), send_engagement_nudges(&app.state));
    let (first, second) = (first.expect("first run"), second.expect("second run"));
    assert_eq!(first.nudged + second.nudged, 4, "{first:?} {second:?}");
    assert_eq!(nudge_rows(&app).await, 4);

    // A re-run the same day sends nothing and says why.
    let again = run_nudges(&app, &admin).await;
    assert_eq!(again["nudged"], json!(0));
    assert_eq!(count(&again, "reasons", "reason", "already_nudged_today"), 4);

    // The scheduled job for today, queued and run by a worker (and queued twice: one job).
    let day = now(&app).date_naive();
    app.state.jobs.enqueue(SendEngagementNudges { day }).await.expect("queued");
    app.state.jobs.enqueue(SendEngagementNudges { day }).await.expect("queued again");
    eventually(StdDuration::from_secs(30), "the nudge job to finish", || async {
        let stats = app.state.jobs.stats().await.ok()?;
        stats.into_iter().find(|s| s.name == "send-engagement-nudges" && s.done == 1).map(|_| ())
    })
    .await;
    assert_eq!(nudge_rows(&app).await, 4);
    for student in &students {
        assert_eq!(notifications(&app, student, "nudge").await.len(), 1, "{}", student.email);
    }

    // The database key itself: a second nudge for a student's day is refused.
    let row = nudges::Entity::find().one(&app.db).await.expect("query").expect("a nudge");
    let duplicate = app::server::models::nudges::NewNudge {
        student_id: row.student_id,
        day: row.day,
        rule: row.rule,
        title: "again".into(),
        body: "again".into(),
        action_label: "Again".into(),
        action_link: "/practice".into(),
        goal_id: None,
        emailed: false,
    };
    let claimed = app::server::models::nudges::claim_day(&app.db, duplicate, now(&app)).await;
    assert_eq!(claimed.expect("no error"), None);

    // Tomorrow is another day: still no session, now three days in.
    assert!(app.state.clock.advance(Duration::days(1)));
    let tomorrow = run_nudges(&app, &admin).await;
    assert_eq!(tomorrow["nudged"], json!(4));
    assert_eq!(count(&tomorrow, "byRule", "rule", "inactive"), 4, "the no-session rule rests");
    assert_eq!(nudge_rows(&app).await, 8);
}

async fn a_question_in_chat_counts_as_acting_and_in_the_kpis(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (asker, tutor) = app.pair().await;
    app.upload_and_analyze(&asker, &tutor, "algebra_quadratics.txt", "plain_text").await;
    // The upload was days ago; today the student only asks in chat.
    sessions::Entity::update_many()
        .col_expr(sessions::Column::CreatedAt, Expr::value(now(&app) - Duration::days(5)))
        .exec(&app.db)
        .await
        .expect("moved");
    signed_up_days_ago(&app, &asker, 10).await;
    let before = run_nudges(&app, &admin).await;
    assert!(outcome(&before, &asker)["rule"].is_string(), "inactive for days: nudged {before}");
    assert!(app.state.clock.advance(Duration::days(1)));

    let conversation: Value = app
        .post_as("/api/chat/conversations", &asker.token, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let id = conversation["id"].as_str().expect("an id");
    let asked = app
        .post_as(
            &format!("/api/chat/conversations/{id}/messages"),
            &asker.token,
            &json!({"content": "What does the discriminant tell me?"}),
        )
        .await;
    assert_eq!(asked.status(), 200);
    let report = run_nudges(&app, &admin).await;
    assert_eq!(outcome(&report, &asker)["skipped"], "acted_today", "{report}");

    let today = now(&app).date_naive();
    let kpis: Value = app
        .get_as(&format!("/api/admin/kpis?from={today}&to={today}"), &admin.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(kpis["chatQuestions"], json!(1), "{kpis}");
}

async fn the_students_setting_and_acting_today_are_respected(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let off = app.register_student("Off").await;
    let weekly = app.register_student("Weekly").await;
    let (acted, tutor) = app.pair().await;
    for student in [&off, &weekly, &acted] {
        signed_up_days_ago(&app, student, 3).await;
    }
    let set = |student: &TestUser, body: Value| {
        let request = app
            .client
            .put(app.url("/api/profile/nudges"))
            .bearer_auth(student.token.clone())
            .json(&body);
        async move { request.send().await.expect("sent") }
    };
    assert_eq!(set(&off, json!({ "frequency": "off", "email": false })).await.status(), 200);
    assert_eq!(set(&weekly, json!({ "frequency": "weekly", "email": true })).await.status(), 200);
    assert_error(set(&off, json!({ "frequency": "hourly", "email": false })).await, 400).await;
    let saved: Value =
        app.get_as("/api/profile/nudges", &weekly.token).await.json().await.expect("json");
    assert_eq!(saved, json!({ "frequency": "weekly", "email": true }));
    let default: Value =
        app.get_as("/api/profile/nudges", &acted.token).await.json().await.expect("json");
    assert_eq!(default, json!({ "frequency": "on", "email": false }));
    // Acting today: an upload.
    app.upload_and_analyze(&acted, &tutor, "essay_writing.srt", "srt").await;

    let report = run_nudges(&app, &admin).await;
    assert_eq!(outcome(&report, &off)["skipped"], "opted_out");
    assert_eq!(outcome(&report, &acted)["skipped"], "acted_today");
    assert_eq!(outcome(&report, &weekly)["rule"], "no_session");
    assert!(notifications(&app, &off, "nudge").await.is_empty());
    assert!(notifications(&app, &acted, "nudge").await.is_empty());
    // Weekly and email allowed: the nudge went to the outbox too, with its action link.
    let outbox: Value = app
        .get_as(&format!("/api/admin/outbox?recipient={}", weekly.email), &admin.token)
        .await
        .json()
        .await
        .expect("json");
    let mail =
        outbox.as_array().expect("list").iter().find(|m| m["kind"] == "nudge").expect("an email");
    assert!(mail["body"].as_str().is_some_and(|b| b.contains("/sessions/new")), "{mail}");
    let none: Value = app
        .get_as(&format!("/api/admin/outbox?recipient={}", off.email), &admin.token)
        .await
        .json()
        .await
        .expect("json");
    assert!(none.as_array().is_some_and(Vec::is_empty), "no email without consent");

    // The next day: weekly means not again this week.
    assert!(app.state.clock.advance(Duration::days(1)));
    let next = run_nudges(&app, &admin).await;
    assert_eq!(outcome(&next, &weekly)["skipped"], "nudged_this_week");
    assert_eq!(outcome(&next, &off)["skipped"], "opted_out");
    assert!(app.state.clock.advance(Duration::days(7)));
    let week_later = run_nudges(&app, &admin).await;
    assert!(outcome(&week_later, &weekly)["rule"].is_string(), "a week on, nudged again");
}

async fn a_paused_goal_is_never_what_a_nudge_is_about(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (due, tutor) = app.pair().await;
    app.upload_and_analyze(&due, &tutor, "algebra_quadratics.txt", "plain_text").await;
    let algebra = create_goal(&app, &due, json!({ "subject": "Algebra" })).await;
    let algebra_id = algebra["id"].as_str().expect("id").to_owned();
    // Every concept with a standing is on the goal, and then the goal is paused.
    let ids: Vec<uuid::Uuid> = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(due.id))
        .all(&app.db)
        .await
        .expect("rows")
        .into_iter()
        .map(|r| r.concept_id)
        .collect();
    let set =
        patch_goal(&app, &due.token, &algebra_id, json!({ "conceptIds": ids, "status": "paused" }))
            .await;
    assert_eq!(set.status(), 200);
    let (quiet, quiet_tutor) = app.pair().await;
    app.upload_and_analyze(&quiet, &quiet_tutor, "chemistry_stoichiometry.vtt", "vtt").await;
    let chemistry = create_goal(&app, &quiet, json!({ "subject": "Chemistry" })).await;
    patch_goal(
        &app,
        &quiet.token,
        chemistry["id"].as_str().expect("id"),
        json!({ "status": "paused" }),
    )
    .await;

    assert!(app.state.clock.advance(Duration::days(1)));
    signed_up_days_ago(&app, &due, 20).await;
    reviews_due(&app, &due).await;
    signed_up_days_ago(&app, &quiet, 20).await;
    sessions_days_ago(&app, &quiet, 6).await;

    let report = run_nudges(&app, &admin).await;
    // Reviews due only on a paused goal's concepts: nothing to say, no "reviews due" either.
    assert_eq!(outcome(&report, &due)["skipped"], "nothing_to_say");
    assert!(notifications(&app, &due, "reviews_due").await.is_empty());
    // Inactive, but the paused goal is not mentioned.
    assert_eq!(outcome(&report, &quiet)["rule"], "inactive");
    let body =
        notifications(&app, &quiet, "nudge").await[0]["body"].as_str().expect("body").to_owned();
    assert!(!body.contains("Chemistry"), "{body}");

    // Resumed, the goal's reviews are due again and the nudge speaks about it.
    let resumed = patch_goal(&app, &due.token, &algebra_id, json!({ "status": "active" })).await;
    assert_eq!(resumed.status(), 200);
    let report = run_nudges(&app, &admin).await;
    assert_eq!(outcome(&report, &due)["rule"], "reviews_due");
    let body =
        notifications(&app, &due, "nudge").await[0]["body"].as_str().expect("body").to_owned();
    assert!(body.contains("your Algebra goal"), "{body}");
}

async fn acting_within_48_hours_is_recorded_as_a_response(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let (prompt, tutor) = app.pair().await;
    let (late, late_tutor) = app.pair().await;
    for student in [&prompt, &late] {
        signed_up_days_ago(&app, student, 2).await;
    }
    let report = run_nudges(&app, &admin).await;
    assert_eq!(report["nudged"], json!(2));

    // A day later one uploads; three days after the nudge the other does.
    assert!(app.state.clock.advance(Duration::days(1)));
    app.upload_and_analyze(&prompt, &tutor, "essay_writing.srt", "srt").await;
    assert!(app.state.clock.advance(Duration::days(2)));
    app.upload_and_analyze(&late, &late_tutor, "essay_writing.srt", "srt").await;
    let next = run_nudges(&app, &admin).await;
    assert_eq!(next["responsesRecorded"], json!(1));

    let rows = nudges::Entity::find().all(&app.db).await.expect("rows");
    let of = |student: &TestUser| {
        rows.iter().find(|n| n.student_id == student.id && n.responded_at.is_some())
    };
    let answered = of(&prompt).expect("a response within 48 hours");
    let gap = answered.responded_at.expect("set") - answered.sent_at;
    assert!(gap > Duration::hours(23) && gap <= Duration::hours(48), "{gap}");
    assert!(of(&late).is_none(), "acting after 48 hours is no response");
    // Recording again changes nothing.
    let again = run_nudges(&app, &admin).await;
    assert_eq!(again["responsesRecorded"], json!(0));
}

async fn only_admins_run_jobs_and_unknown_ones_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let student = app.register_student("Curious").await;
    let path = "/api/admin/jobs/send-engagement-nudges/run";
    assert_error(app.post_as(path, &student.token, &json!({})).await, 403).await;
    assert_error(app.client.post(app.url(path)).send().await.expect("sent"), 401).await;
    assert_error(
        app.post_as("/api/admin/jobs/make-coffee/run", &admin.token, &json!({})).await,
        404,
    )
    .await;
    assert_error(
        app.post_as("/api/admin/jobs/analyze-transcript/run", &admin.token, &json!({})).await,
        422,
    )
    .await;
    let malformed = app
        .client
        .post(app.url(path))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_error(malformed, 400).await;
    // No body at all is fine.
    let bare = app.client.post(app.url(path)).bearer_auth(&admin.token).send().await.expect("sent");
    assert_eq!(bare.status(), 200);
}
