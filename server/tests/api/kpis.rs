//! The admin numbers on a seeded data set whose answers are known: students active, first-week
//! sessions, practices and scores, goal completion, nudge responses (one recorded by the call
//! itself), chat and escalations at zero, by week.

use app::{
    domain::Role,
    dto::{
        goal::GoalStatus,
        nudge::NudgeRule,
        practice::{PracticeKind, PracticeStatus},
        session::SessionStatus,
    },
    server::{
        entities::{column::JsonText, goals, nudges, practices, sessions, users},
        models::{
            goals::NewGoalRow,
            nudges::{NewNudge, claim_day},
        },
    },
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Backend, TestApp, TestUser, assert_error, spawn_app};
use crate::on_both_databases;

/// Noon (UTC) of a day.
fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).expect("a time").and_utc()
}

async fn signed_up(app: &TestApp, student: &TestUser, when: DateTime<Utc>) {
    users::Entity::update_many()
        .col_expr(users::Column::CreatedAt, Expr::value(when))
        .filter(users::Column::Id.eq(student.id))
        .exec(&app.db)
        .await
        .expect("moved");
}

async fn session(app: &TestApp, student: &TestUser, tutor: &TestUser, when: DateTime<Utc>) {
    sessions::ActiveModel {
        id: Set(Uuid::new_v4()),
        student_id: Set(student.id),
        tutor_id: Set(tutor.id),
        uploaded_by: Set(student.id),
        session_date: Set(when),
        duration_seconds: Set(3600),
        subject: Set(None),
        title: Set(None),
        status: Set(SessionStatus::Analyzed),
        failure_reason: Set(None),
        summary: Set(None),
        analyzed_at: Set(Some(when)),
        created_at: Set(when),
        updated_at: Set(when),
    }
    .insert(&app.db)
    .await
    .expect("a session");
}

async fn practice(app: &TestApp, student: &TestUser, when: DateTime<Utc>, score: f64) {
    practices::ActiveModel {
        id: Set(Uuid::new_v4()),
        student_id: Set(student.id),
        session_id: Set(None),
        kind: Set(PracticeKind::Review),
        status: Set(PracticeStatus::Completed),
        failure_reason: Set(None),
        concept_ids: Set(JsonText(Vec::new())),
        item_count: Set(5),
        correct_count: Set(Some((score * 5.0) as i32)),
        score: Set(Some(score)),
        created_at: Set(when),
        started_at: Set(Some(when)),
        submitted_at: Set(Some(when)),
        updated_at: Set(when),
    }
    .insert(&app.db)
    .await
    .expect("a practice");
}

async fn goal(
    app: &TestApp,
    student: &TestUser,
    created: DateTime<Utc>,
    completed: Option<DateTime<Utc>>,
) {
    let row = NewGoalRow {
        student_id: student.id,
        subject: "Algebra".into(),
        description: String::new(),
        target_date: None,
    };
    let goal = goals::Model::create(&app.db, row, created).await.expect("a goal");
    if let Some(done) = completed {
        goals::Entity::update_many()
            .col_expr(goals::Column::Status, Expr::value(GoalStatus::Completed))
            .col_expr(goals::Column::CompletedAt, Expr::value(done))
            .filter(goals::Column::Id.eq(goal.id))
            .exec(&app.db)
            .await
            .expect("completed");
    }
}

async fn nudge(
    app: &TestApp,
    student: &TestUser,
    sent: DateTime<Utc>,
    responded: Option<DateTime<Utc>>,
) {
    let new = NewNudge {
        student_id: student.id,
        day: sent.date_naive(),
        rule: NudgeRule::Inactive,
        title: "t".into(),
        body: "b".into(),
        action_label: "Go".into(),
        action_link: "/practice".into(),
        goal_id: None,
        emailed: false,
    };
    let row = claim_day(&app.db, new, sent).await.expect("stored").expect("new");
    if let Some(when) = responded {
        nudges::Entity::update_many()
            .col_expr(nudges::Column::RespondedAt, Expr::value(when))
            .filter(nudges::Column::Id.eq(row.id))
            .exec(&app.db)
            .await
            .expect("responded");
    }
}

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

on_both_databases!(
    the_numbers_on_a_seeded_data_set_are_the_known_answers,
    the_kpis_are_for_admins_over_a_sane_window
);

async fn the_numbers_on_a_seeded_data_set_are_the_known_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let tutor = app.create_user("Tutor", Role::Tutor).await;
    // The window: the two full weeks (Monday first) before this one.
    let today = app.state.clock.now().date_naive();
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let w1 = this_monday - Duration::days(14);
    let w2 = w1 + Duration::days(7);
    let day = |n: i64| w1 + Duration::days(n);

    let s1 = app.register_student("One").await;
    let s2 = app.register_student("Two").await;
    let s3 = app.register_student("Three").await;
    let old = app.register_student("Old").await;
    signed_up(&app, &s1, at(day(0), 10)).await;
    signed_up(&app, &s2, at(day(2), 10)).await;
    signed_up(&app, &s3, at(day(8), 10)).await;
    signed_up(&app, &old, at(w1 - Duration::days(60), 10)).await;

    // Sessions: s1 two in week one of their account and one after; s3 one; s2 none.
    session(&app, &s1, &tutor, at(day(1), 12)).await;
    session(&app, &s1, &tutor, at(day(3), 12)).await;
    session(&app, &s1, &tutor, at(day(9), 12)).await;
    session(&app, &s3, &tutor, at(day(9), 15)).await;
    // Practices: two in the window (0.6 and 1.0), one before it.
    practice(&app, &old, at(day(4), 12), 0.6).await;
    practice(&app, &s2, at(day(10), 9), 1.0).await;
    practice(&app, &old, at(day(-3), 12), 0.0).await;
    // Goals: three created in the window, two of them completed; one older one completed in it.
    goal(&app, &s1, at(day(1), 13), Some(at(day(11), 13))).await;
    goal(&app, &s2, at(day(5), 13), None).await;
    goal(&app, &s3, at(day(9), 16), Some(at(day(12), 13))).await;
    goal(&app, &old, at(w1 - Duration::days(30), 13), Some(at(day(2), 13))).await;
    // Nudges: one answered, one never answered, one answered 47 hours later but not recorded yet
    // (s2's practice above): the call records it.
    nudge(&app, &old, at(day(3), 9), Some(at(day(4), 12))).await;
    nudge(&app, &s2, at(day(6), 9), None).await;
    nudge(&app, &s2, at(day(8), 10), None).await;

    let to = w2 + Duration::days(6);
    let response = app.get_as(&format!("/api/admin/kpis?from={w1}&to={to}"), &admin.token).await;
    assert_eq!(response.status(), 200);
    let kpis: Value = response.json().await.expect("json");
    assert_eq!(kpis["from"], json!(w1.to_string()));
    assert_eq!(kpis["studentsActive"], json!(4), "s1, s2, s3 and old: {kpis}");
    assert_eq!(kpis["newStudents"], json!(3));
    assert!(close(&kpis["firstWeekSessionsPerStudent"], 1.0), "(2 + 0 + 1) / 3: {kpis}");
    assert_eq!(kpis["practicesCompleted"], json!(2));
    assert!(close(&kpis["averageScore"], 0.8));
    assert_eq!(kpis["goalsCreated"], json!(3));
    assert_eq!(kpis["goalsCreatedCompleted"], json!(2));
    assert!(close(&kpis["goalCompletionRate"], 2.0 / 3.0));
    assert_eq!(kpis["goalsCompleted"], json!(3));
    assert_eq!(kpis["nudgesSent"], json!(3));
    assert_eq!(kpis["nudgesResponded"], json!(2), "one recorded by this call: {kpis}");
    assert!(close(&kpis["nudgeResponseRate"], 2.0 / 3.0));
    assert_eq!(kpis["chatQuestions"], json!(0));
    assert!(close(&kpis["chatQuestionsPerStudent"], 0.0));
    assert_eq!(kpis["escalationsBooked"], json!(0));
    assert!(kpis["definitions"].as_array().is_some_and(|d| d.len() == 7));

    let weeks = kpis["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 2);
    let (first, second) = (&weeks[0], &weeks[1]);
    assert_eq!(first["weekStart"], json!(w1.to_string()));
    assert_eq!(second["weekStart"], json!(w2.to_string()));
    assert_eq!(
        (first["studentsActive"].as_u64(), second["studentsActive"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!((first["newStudents"].as_u64(), second["newStudents"].as_u64()), (Some(2), Some(1)));
    assert!(
        close(&first["firstWeekSessionsPerStudent"], 1.0)
            && close(&second["firstWeekSessionsPerStudent"], 1.0)
    );
    assert_eq!(
        (first["practicesCompleted"].as_u64(), second["practicesCompleted"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(close(&first["averageScore"], 0.6) && close(&second["averageScore"], 1.0));
    assert_eq!(
        (first["goalsCompleted"].as_u64(), second["goalsCompleted"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!((first["nudgesSent"].as_u64(), second["nudgesSent"].as_u64()), (Some(2), Some(1)));
    assert!(close(&first["nudgeResponseRate"], 0.5) && close(&second["nudgeResponseRate"], 1.0));
}

async fn the_kpis_are_for_admins_over_a_sane_window(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Admin", Role::Admin).await;
    let student = app.register_student("Nosy").await;
    assert_error(app.get_as("/api/admin/kpis", &student.token).await, 403).await;
    let default: Value =
        app.get_as("/api/admin/kpis", &admin.token).await.json().await.expect("json");
    assert!(default["weeks"].as_array().is_some_and(|w| (8..=9).contains(&w.len())), "eight weeks");
    assert_error(
        app.get_as("/api/admin/kpis?from=2026-12-10&to=2026-12-01", &admin.token).await,
        400,
    )
    .await;
    assert_error(
        app.get_as("/api/admin/kpis?from=2020-01-01&to=2026-12-01", &admin.token).await,
        400,
    )
    .await;
    assert_error(app.get_as("/api/admin/kpis?from=yesterday", &admin.token).await, 400).await;
}
