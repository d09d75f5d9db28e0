//! SPEC §2 end to end: who may read a student's sessions and goals.

use app::domain::Role;
use serde_json::json;

use crate::helpers::{Backend, assert_error, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    student_sessions_follow_the_access_rules,
    goals_store_markup_exactly_and_follow_the_rules,
    a_list_of_students_gets_the_same_answers_as_one,
);

async fn student_sessions_follow_the_access_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let linked_tutor = app.create_user("Linked Tutor", Role::Tutor).await;
    let other_tutor = app.create_user("Other Tutor", Role::Tutor).await;
    let student = app.register_student("Sam").await;
    let other_student = app.register_student("Olive").await;
    app.link(&admin, &linked_tutor, &student).await;
    let path = format!("/api/sessions/student/{}", student.id);

    assert_error(app.get(&path).await, 401).await;
    assert_error(app.get_as(&path, &other_student.token).await, 403).await;
    assert_error(app.get_as(&path, &other_tutor.token).await, 403).await;
    for who in [&student, &linked_tutor, &admin] {
        let response = app.get_as(&path, &who.token).await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["items"], json!([]));
        assert_eq!(body["total"], 0);
        assert_eq!(body["page"], 1);
    }
    // Existence stays private to non-admins; admins learn an id does not exist.
    let ghost = format!("/api/sessions/student/{}", uuid::Uuid::new_v4());
    assert_error(app.get_as(&ghost, &linked_tutor.token).await, 403).await;
    assert_error(app.get_as(&ghost, &admin.token).await, 404).await;
}

async fn goals_store_markup_exactly_and_follow_the_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Goalie").await;
    let other = app.register_student("Nosy").await;
    let xss = "<script>alert('XSS')</script>";
    let created = app
        .post_as(
            "/api/goals",
            &student.token,
            &json!({ "subject": "Chemistry", "description": xss }),
        )
        .await;
    assert_eq!(created.status(), 201);
    let goal: serde_json::Value = created.json().await.expect("json");
    assert_eq!(goal["description"], xss);
    assert_eq!(goal["status"], "active");

    let list = app.get_as(&format!("/api/goals/student/{}", student.id), &student.token).await;
    let goals: serde_json::Value = list.json().await.expect("json");
    assert_eq!(goals[0]["description"], xss, "stored exactly");

    assert_error(
        app.get_as(&format!("/api/goals/student/{}", student.id), &other.token).await,
        403,
    )
    .await;
    let for_someone_else = app
        .post_as(
            "/api/goals",
            &other.token,
            &json!({ "studentId": student.id, "subject": "X", "description": "" }),
        )
        .await;
    assert_error(for_someone_else, 403).await;
    let empty_subject = app
        .post_as("/api/goals", &student.token, &json!({ "subject": "  ", "description": "" }))
        .await;
    assert_error(empty_subject, 400).await;
}

/// The list form of the policy (used by live status polls) agrees with the one-student rule.
async fn a_list_of_students_gets_the_same_answers_as_one(backend: Backend) {
    use app::server::{auth::current::CurrentUser, auth::policy, entities::users};
    use sea_orm::EntityTrait;

    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let tutor = app.create_user("Linked Tutor", Role::Tutor).await;
    let linked = app.register_student("Linked").await;
    let unlinked = app.register_student("Unlinked").await;
    app.link(&admin, &tutor, &linked).await;
    let students = [linked.id, unlinked.id, uuid::Uuid::new_v4()];

    for who in [&admin, &tutor, &linked, &unlinked] {
        let model =
            users::Entity::find_by_id(who.id).one(&app.db).await.expect("query").expect("the user");
        let me = CurrentUser::from_model(&model);
        let readable = policy::readable_students(&app.db, &me, &students).await.expect("answers");
        for student in students {
            let one = policy::can_read_student(&app.db, &me, student).await.is_ok();
            // Admins may "read" an unknown id in the list form; nothing exists to be shown.
            let listed = readable.contains(&student);
            if me.role != Role::Admin || student != students[2] {
                assert_eq!(listed, one, "{} reading {student}", me.name);
            }
        }
    }
}
