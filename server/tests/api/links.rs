//! Who is linked to whom (issue 13): only the student's own act (an upload naming the tutor,
//! a booking, accepting an invitation) or an admin makes a link; a tutor alone never does.

use app::domain::Role;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, assert_error, spawn_app};
use crate::helpers::{fixture, upload_body};
use crate::on_both_databases;

on_both_databases!(
    a_tutor_cannot_link_themselves_by_uploading_for_a_student,
    students_see_tutors_names_and_subjects_never_emails,
    an_invitation_links_only_when_the_student_accepts,
    a_declined_invitation_links_nothing_and_can_be_renewed,
);

/// The attack from issue 13: a second tutor looks the student up by email and uploads a
/// one-line transcript naming them. Refused, nothing stored, no link.
async fn a_tutor_cannot_link_themselves_by_uploading_for_a_student(backend: Backend) {
    use app::server::{
        auth::policy,
        entities::{sessions, transcripts},
    };
    let app = spawn_app(backend).await;
    let tutor = app.create_user("Ms. Rivera", Role::Tutor).await;
    let intruder = app.create_user("Mr. Intruder", Role::Tutor).await;
    let student = app.register_student("Jordan").await;
    let own = upload_body(tutor.id, &fixture("chemistry_stoichiometry.vtt"), "vtt");
    assert_eq!(app.post_as("/api/transcripts/upload", &student.token, &own).await.status(), 202);
    let before = sessions::Entity::find().count(&app.db).await.expect("count");

    let lookup = format!("/api/students?email={}", student.email);
    let found: Value = app.get_as(&lookup, &intruder.token).await.json().await.expect("json");
    assert_eq!(found, json!([]), "an unlinked student is not found by address");
    let attack = json!({
        "studentId": student.id,
        "sessionDate": "2026-11-20T16:00:00Z",
        "duration": 600,
        "transcript": "Mr. Intruder: hello Jordan",
        "transcriptSource": "manual_upload",
        "transcriptFormat": "plain_text",
    });
    assert_error(app.post_as("/api/transcripts/upload", &intruder.token, &attack).await, 403).await;
    // An id that is no student at all answers the same, so ids cannot be probed.
    let mut ghost = attack.clone();
    ghost["studentId"] = json!(uuid::Uuid::new_v4());
    assert_error(app.post_as("/api/transcripts/upload", &intruder.token, &ghost).await, 403).await;

    assert_eq!(sessions::Entity::find().count(&app.db).await.expect("count"), before);
    assert_eq!(transcripts::Entity::find().count(&app.db).await.expect("count"), before);
    assert!(!policy::is_linked(&app.db, intruder.id, student.id).await.expect("query"));
    let path = format!("/api/sessions/student/{}", student.id);
    assert_error(app.get_as(&path, &intruder.token).await, 403).await;
    // The linked tutor still uploads for their student.
    let mut theirs = attack.clone();
    theirs["transcript"] = json!("Ms. Rivera: hello Jordan\nJordan: hi");
    assert_eq!(app.post_as("/api/transcripts/upload", &tutor.token, &theirs).await.status(), 202);
}

async fn students_see_tutors_names_and_subjects_never_emails(backend: Backend) {
    let app = spawn_app(backend).await;
    let tutor = app.create_user("Ms. Rivera", Role::Tutor).await;
    let _other = app.create_user("Mr. Okafor", Role::Tutor).await;
    let student = app.register_student("Jordan").await;
    app.upload_and_analyze(&student, &tutor, "algebra_quadratics.txt", "plain_text").await;

    let tutors: Value = app.get_as("/api/tutors", &student.token).await.json().await.expect("json");
    let list = tutors.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["name"], "Ms. Rivera", "the student's own tutor first");
    assert_eq!(list[0]["linked"], true);
    assert_eq!(list[0]["subjects"], json!(["Mathematics"]));
    assert_eq!(list[1]["subjects"], json!([]));
    let text = tutors.to_string();
    assert!(!text.contains("email") && !text.contains(&tutor.email), "no addresses: {text}");
}

async fn an_invitation_links_only_when_the_student_accepts(backend: Backend) {
    use app::server::auth::policy;
    let app = spawn_app(backend).await;
    let tutor = app.create_user("Ms. Rivera", Role::Tutor).await;
    let student = app.register_student("Jordan").await;
    let other = app.register_student("Olive").await;

    // The same 202 and words whether the address is a student's or nobody's.
    let unknown = app
        .post_as("/api/tutor/invitations", &tutor.token, &json!({"email": "nobody@example.com"}))
        .await;
    assert_eq!(unknown.status(), 202);
    let unknown: Value = unknown.json().await.expect("json");
    let known =
        app.post_as("/api/tutor/invitations", &tutor.token, &json!({"email": student.email})).await;
    assert_eq!(known.status(), 202);
    assert_eq!(known.json::<Value>().await.expect("json"), unknown);
    // Inviting twice notifies once.
    app.post_as("/api/tutor/invitations", &tutor.token, &json!({"email": student.email})).await;
    assert_error(
        app.post_as("/api/tutor/invitations", &tutor.token, &json!({"email": "not an email"}))
            .await,
        400,
    )
    .await;
    assert_error(
        app.post_as("/api/tutor/invitations", &student.token, &json!({"email": other.email})).await,
        403,
    )
    .await;

    let invitations: Value =
        app.get_as("/api/invitations", &student.token).await.json().await.expect("json");
    assert_eq!(invitations.as_array().map(Vec::len), Some(1));
    assert_eq!(invitations[0]["tutorName"], "Ms. Rivera");
    assert_eq!(invitations[0]["status"], "pending");
    assert!(!invitations.to_string().contains(&tutor.email));
    let bell: Value = app
        .get_as(&format!("/api/notifications/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    let invites: Vec<&Value> = bell["notifications"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|n| n["kind"] == "tutor_invitation")
        .collect();
    assert_eq!(invites.len(), 1, "one notice for two invitations: {bell}");
    assert!(!policy::is_linked(&app.db, tutor.id, student.id).await.expect("query"));
    let sessions = format!("/api/sessions/student/{}", student.id);
    assert_error(app.get_as(&sessions, &tutor.token).await, 403).await;

    let id = invitations[0]["id"].as_str().expect("an id");
    assert_error(app.get_as("/api/invitations", &tutor.token).await, 403).await;
    assert_error(
        app.post_as(&format!("/api/invitations/{id}/accept"), &other.token, &json!({})).await,
        404,
    )
    .await;
    assert_error(
        app.post_as(&format!("/api/invitations/{id}/accept"), &tutor.token, &json!({})).await,
        404,
    )
    .await;
    let accepted =
        app.post_as(&format!("/api/invitations/{id}/accept"), &student.token, &json!({})).await;
    assert_eq!(accepted.status(), 200);
    assert_eq!(accepted.json::<Value>().await.expect("json")["status"], "accepted");
    assert!(policy::is_linked(&app.db, tutor.id, student.id).await.expect("query"));
    assert_eq!(app.get_as(&sessions, &tutor.token).await.status(), 200);
    assert_error(
        app.post_as(&format!("/api/invitations/{id}/decline"), &student.token, &json!({})).await,
        409,
    )
    .await;
    let tutor_bell: Value = app
        .get_as(&format!("/api/notifications/student/{}", tutor.id), &tutor.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(tutor_bell["notifications"][0]["kind"], "tutor_invitation");
    assert_error(
        app.post_as("/api/invitations/not-a-uuid/accept", &student.token, &json!({})).await,
        400,
    )
    .await;
}

async fn a_declined_invitation_links_nothing_and_can_be_renewed(backend: Backend) {
    use app::server::auth::policy;
    let app = spawn_app(backend).await;
    let tutor = app.create_user("Ms. Rivera", Role::Tutor).await;
    let student = app.register_student("Jordan").await;
    app.post_as("/api/tutor/invitations", &tutor.token, &json!({"email": student.email})).await;
    let invitations: Value =
        app.get_as("/api/invitations", &student.token).await.json().await.expect("json");
    let id = invitations[0]["id"].as_str().expect("an id");
    let declined =
        app.post_as(&format!("/api/invitations/{id}/decline"), &student.token, &json!({})).await;
    assert_eq!(declined.status(), 200);
    assert!(!policy::is_linked(&app.db, tutor.id, student.id).await.expect("query"));

    app.post_as("/api/tutor/invitations", &tutor.token, &json!({"email": student.email})).await;
    let again: Value =
        app.get_as("/api/invitations", &student.token).await.json().await.expect("json");
    assert_eq!(again.as_array().map(Vec::len), Some(1), "one row per pair");
    assert_eq!(again[0]["status"], "pending", "inviting again re-opens it");
}
