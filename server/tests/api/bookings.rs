//! Availability, free slots and bookings (issue 13): the week in the tutor's zone (across DST),
//! the booking rules, the database keeping a slot to one booking under a race, cancel and
//! reschedule with both sides notified, the `.ics` file, and the chat escalation it takes up.

use std::time::{Duration, Instant};

use app::domain::Role;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, TestUser, assert_error, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    availability_is_saved_per_tutor_and_checked,
    free_slots_follow_the_tutors_zone_across_dst_changes,
    booking_follows_the_rules,
    twenty_concurrent_requests_for_one_slot_book_it_once,
    cancel_and_reschedule_notify_both_sides,
    a_booking_takes_up_the_chat_escalation,
);

/// Every day 09:00–17:00 in hour slots.
fn every_day() -> Value {
    let windows: Vec<Value> =
        (1..=7).map(|d| json!({"weekday": d, "start": "09:00", "end": "17:00"})).collect();
    json!({"slotMinutes": 60, "windows": windows, "blockedDates": []})
}

async fn put_as(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.client.put(app.url(path)).bearer_auth(token).json(body).send().await.expect("sent")
}

async fn set_zone(app: &TestApp, user: &TestUser, name: &str, zone: &str) {
    let response = app
        .patch_as("/api/auth/profile", &user.token, &json!({"name": name, "timeZone": zone}))
        .await;
    assert_eq!(response.status(), 200);
}

/// `days` from today (UTC) at `hour`:00 UTC, as RFC 3339.
fn day_at(app: &TestApp, days: i64, hour: u32) -> String {
    let day = app.state.clock.now().date_naive() + chrono::Duration::days(days);
    day.and_hms_opt(hour, 0, 0).expect("a time").and_utc().to_rfc3339()
}

async fn tutor_with_week(app: &TestApp, name: &str) -> TestUser {
    let tutor = app.create_user(name, Role::Tutor).await;
    let saved = put_as(app, "/api/tutors/me/availability", &tutor.token, &every_day()).await;
    assert_eq!(saved.status(), 200);
    tutor
}

async fn book(app: &TestApp, student: &TestUser, body: Value) -> reqwest::Response {
    app.post_as("/api/bookings", &student.token, &body).await
}

async fn slot_starts(
    app: &TestApp,
    who: &TestUser,
    tutor: &TestUser,
    from: &str,
    to: &str,
) -> Vec<String> {
    let path =
        format!("/api/tutors/{}/slots?from={}&to={}", tutor.id, urlencode(from), urlencode(to));
    let response = app.get_as(&path, &who.token).await;
    assert_eq!(response.status(), 200, "slots {from}..{to}");
    let slots: Vec<Value> = response.json().await.expect("json");
    slots
        .iter()
        .map(|s| {
            let start: DateTime<Utc> = s["start"].as_str().expect("start").parse().expect("time");
            start.to_rfc3339()
        })
        .collect()
}

fn urlencode(raw: &str) -> String {
    raw.replace('+', "%2B").replace(':', "%3A")
}

async fn kinds(app: &TestApp, user: &TestUser) -> Vec<(String, String)> {
    let bell: Value = app
        .get_as(&format!("/api/notifications/student/{}", user.id), &user.token)
        .await
        .json()
        .await
        .expect("json");
    bell["notifications"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or_default().to_owned(),
                n["body"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn availability_is_saved_per_tutor_and_checked(backend: Backend) {
    let app = spawn_app(backend).await;
    let tutor = app.create_user("Ms. Rivera", Role::Tutor).await;
    let student = app.register_student("Jordan").await;
    let path = "/api/tutors/me/availability";

    let empty: Value = app.get_as(path, &tutor.token).await.json().await.expect("json");
    assert_eq!(empty["windows"], json!([]));
    let week = json!({
        "slotMinutes": 30,
        "windows": [
            {"weekday": 3, "start": "14:00", "end": "16:00"},
            {"weekday": 1, "start": "09:00", "end": "12:00"},
        ],
        "blockedDates": ["2026-12-24"],
    });
    let saved = put_as(&app, path, &tutor.token, &week).await;
    assert_eq!(saved.status(), 200);
    let read: Value = app.get_as(path, &tutor.token).await.json().await.expect("json");
    assert_eq!(read["slotMinutes"], 30);
    assert_eq!(read["windows"][0], json!({"weekday": 1, "start": "09:00", "end": "12:00"}));
    assert_eq!(read["blockedDates"], json!(["2026-12-24"]));
    assert_eq!(read["timeZone"], "UTC");

    assert_error(put_as(&app, path, &student.token, &week).await, 403).await;
    assert_error(app.get_as(path, &student.token).await, 403).await;
    for bad in [
        json!({"slotMinutes": 45, "windows": []}),
        json!({"slotMinutes": 60, "windows": [{"weekday": 8, "start": "09:00", "end": "10:00"}]}),
        json!({"slotMinutes": 60, "windows": [{"weekday": 1, "start": "11:00", "end": "10:00"}]}),
        json!({"slotMinutes": 60, "windows": [
            {"weekday": 1, "start": "09:00", "end": "11:00"},
            {"weekday": 1, "start": "10:00", "end": "12:00"},
        ]}),
        json!({"slotMinutes": 60, "windows": [], "blockedDates": ["tomorrow"]}),
        json!({"slotMinutes": "sixty"}),
    ] {
        assert_error(put_as(&app, path, &tutor.token, &bad).await, 400).await;
    }
    let unchanged: Value = app.get_as(path, &tutor.token).await.json().await.expect("json");
    assert_eq!(unchanged, read, "a refused week changes nothing");
}

async fn free_slots_follow_the_tutors_zone_across_dst_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Jordan").await;
    // New York springs forward on Sunday 2027-03-14: 9:00 on the Saturday before is 14:00 UTC,
    // on the Monday after 13:00 UTC.
    let new_york = app.create_user("Ms. Rivera", Role::Tutor).await;
    set_zone(&app, &new_york, "Ms. Rivera", "America/New_York").await;
    let week = json!({"slotMinutes": 60, "windows": [
        {"weekday": 6, "start": "09:00", "end": "10:00"},
        {"weekday": 1, "start": "09:00", "end": "10:00"},
    ]});
    assert_eq!(
        put_as(&app, "/api/tutors/me/availability", &new_york.token, &week).await.status(),
        200
    );
    assert_eq!(
        slot_starts(&app, &student, &new_york, "2027-03-13T00:00:00Z", "2027-03-16T00:00:00Z")
            .await,
        ["2027-03-13T14:00:00+00:00", "2027-03-15T13:00:00+00:00"]
    );
    // Paris springs forward on Sunday 2027-03-28 at 02:00: 02:00 and 02:30 do not exist.
    let paris = app.create_user("M. Dupont", Role::Tutor).await;
    set_zone(&app, &paris, "M. Dupont", "Europe/Paris").await;
    let week = json!({"slotMinutes": 30, "windows": [{"weekday": 7, "start": "01:30", "end": "03:30"}],
        "blockedDates": ["2027-04-04"]});
    assert_eq!(
        put_as(&app, "/api/tutors/me/availability", &paris.token, &week).await.status(),
        200
    );
    assert_eq!(
        slot_starts(&app, &student, &paris, "2027-03-27T12:00:00Z", "2027-04-05T00:00:00Z").await,
        ["2027-03-28T00:30:00+00:00", "2027-03-28T01:00:00+00:00"],
        "the skipped times are not offered and the blocked Sunday has nothing"
    );
    // The same instants read with an offset are the same slots.
    assert_eq!(
        slot_starts(
            &app,
            &student,
            &paris,
            "2027-03-28T01:00:00+01:00",
            "2027-03-28T04:00:00+02:00"
        )
        .await,
        ["2027-03-28T00:30:00+00:00", "2027-03-28T01:00:00+00:00"]
    );

    let base = format!("/api/tutors/{}/slots", paris.id);
    for query in [
        "?from=2027-03-01T00:00:00Z&to=2027-04-02T00:00:00Z", // 32 days
        "?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z",
        "?from=yesterday&to=2027-03-01T00:00:00Z",
        "?from=2027-03-01T00:00:00Z",
    ] {
        assert_error(app.get_as(&format!("{base}{query}"), &student.token).await, 400).await;
    }
    let ghost = format!(
        "/api/tutors/{}/slots?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z",
        uuid::Uuid::new_v4()
    );
    assert_error(app.get_as(&ghost, &student.token).await, 404).await;
    assert_error(
        app.get(&format!("{base}?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z")).await,
        401,
    )
    .await;
}

async fn booking_follows_the_rules(backend: Backend) {
    use app::server::auth::policy;
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let tutor = tutor_with_week(&app, "Ms. Rivera").await;
    let other_tutor = tutor_with_week(&app, "Mr. Okafor").await;
    let student = app.register_student("Jordan").await;
    let rival = app.register_student("Riley").await;
    let start = day_at(&app, 2, 10);

    // A student with no tutor may book any tutor: that links them.
    assert!(!policy::is_linked(&app.db, tutor.id, student.id).await.expect("query"));
    let created =
        book(&app, &student, json!({"tutorId": tutor.id, "start": start, "note": "Quadratics"}))
            .await;
    assert_eq!(created.status(), 201);
    let booking: Value = created.json().await.expect("json");
    assert_eq!(booking["tutorId"], tutor.id.to_string());
    assert_eq!(booking["studentId"], student.id.to_string());
    assert_eq!(booking["status"], "confirmed");
    let booked_start: DateTime<Utc> =
        booking["start"].as_str().expect("start").parse().expect("time");
    let booked_end: DateTime<Utc> = booking["end"].as_str().expect("end").parse().expect("time");
    assert_eq!(booked_start.to_rfc3339(), start);
    assert_eq!(booked_end - booked_start, chrono::Duration::hours(1));
    assert!(policy::is_linked(&app.db, tutor.id, student.id).await.expect("query"));
    // The slot is no longer offered.
    let free = slot_starts(&app, &rival, &tutor, &day_at(&app, 2, 0), &day_at(&app, 3, 0)).await;
    assert!(!free.contains(&start) && free.contains(&day_at(&app, 2, 11)), "{free:?}");

    // Someone else holds it: 409.
    assert_error(book(&app, &rival, json!({"tutorId": tutor.id, "start": start})).await, 409).await;
    // The student's own rules: 422 with the reason.
    for (body, says) in [
        (json!({"tutorId": tutor.id, "start": day_at(&app, -1, 10)}), "passed"),
        (json!({"tutorId": tutor.id, "start": day_at(&app, 2, 20)}), "outside"),
        (
            json!({"tutorId": tutor.id, "start": day_at(&app, 2, 10).replace(":00:00", ":15:00")}),
            "outside",
        ),
        (json!({"tutorId": tutor.id, "start": day_at(&app, 2, 12), "minutes": 30}), "60-minute"),
    ] {
        let refused = assert_error(book(&app, &student, body.clone()).await, 422).await;
        let text = refused.to_string();
        assert!(text.contains(says), "{body} → {text}");
    }
    // Another tutor at the same time: not theirs (403) until linked, then the clash is 422.
    assert_error(
        book(&app, &student, json!({"tutorId": other_tutor.id, "start": start})).await,
        403,
    )
    .await;
    app.link(&admin, &other_tutor, &student).await;
    let clash = assert_error(
        book(&app, &student, json!({"tutorId": other_tutor.id, "start": start})).await,
        422,
    )
    .await;
    assert!(clash.to_string().contains("already have a booking"), "{clash}");
    // Only students book; bad input is 400; unknown tutors 404.
    assert_error(book(&app, &tutor, json!({"tutorId": other_tutor.id, "start": start})).await, 403)
        .await;
    assert_error(book(&app, &rival, json!({"tutorId": tutor.id, "start": "soon"})).await, 400)
        .await;
    assert_error(book(&app, &rival, json!({"tutorId": "not-a-uuid", "start": start})).await, 400)
        .await;
    assert_error(
        book(&app, &rival, json!({"tutorId": uuid::Uuid::new_v4(), "start": start})).await,
        404,
    )
    .await;
    assert_error(
        book(&app, &rival, json!({"tutorId": tutor.id, "start": day_at(&app, 2, 13), "escalationId": uuid::Uuid::new_v4()}))
            .await,
        404,
    )
    .await;

    // Each side lists it; nobody else does.
    for who in [&student, &tutor] {
        let list: Value = app.get_as("/api/bookings", &who.token).await.json().await.expect("json");
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
        assert_eq!(list[0]["tutorName"], "Ms. Rivera");
        assert_eq!(list[0]["studentName"], "Jordan");
        assert_eq!(list[0]["note"], "Quadratics");
        let past: Value =
            app.get_as("/api/bookings?past=true", &who.token).await.json().await.expect("json");
        assert_eq!(past, json!([]));
    }
    let theirs: Value = app.get_as("/api/bookings", &rival.token).await.json().await.expect("json");
    assert_eq!(theirs, json!([]));
    assert_error(app.get_as("/api/bookings?past=maybe", &rival.token).await, 400).await;
}

async fn twenty_concurrent_requests_for_one_slot_book_it_once(backend: Backend) {
    use app::server::entities::bookings;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = spawn_app(backend).await;
    let tutor = tutor_with_week(&app, "Ms. Rivera").await;
    let mut students = Vec::new();
    for n in 0..20 {
        students.push(app.create_user(&format!("Student {n}"), Role::Student).await);
    }
    let start = day_at(&app, 3, 14);
    let began = Instant::now();
    let responses = futures::future::join_all(students.iter().map(|student| {
        let body = json!({"tutorId": tutor.id, "start": start});
        let request =
            app.client.post(app.url("/api/bookings")).bearer_auth(&student.token).json(&body);
        async move { request.send().await.expect("sent").status().as_u16() }
    }))
    .await;
    let took = began.elapsed();
    let created = responses.iter().filter(|s| **s == 201).count();
    let conflicts = responses.iter().filter(|s| **s == 409).count();
    eprintln!(
        "concurrency ({:?}): 20 requests for one slot in {took:?}: {created} × 201, {conflicts} × 409",
        app.backend
    );
    assert_eq!((created, conflicts), (1, 19), "{responses:?}");
    assert_eq!(bookings::Entity::find().count(&app.db).await.expect("count"), 1);
    assert!(took < Duration::from_secs(30));
}

async fn cancel_and_reschedule_notify_both_sides(backend: Backend) {
    let app = spawn_app(backend).await;
    let tutor = tutor_with_week(&app, "Ms. Rivera").await;
    let student = app.register_student("Jordan").await;
    let other = app.register_student("Olive").await;
    let stranger = app.create_user("Mr. Stranger", Role::Tutor).await;
    let first = day_at(&app, 2, 10);
    let booking: Value = book(&app, &student, json!({"tutorId": tutor.id, "start": first}))
        .await
        .json()
        .await
        .expect("json");
    let id = booking["id"].as_str().expect("an id").to_owned();
    let held: Value =
        book(&app, &other, json!({"tutorId": tutor.id, "start": day_at(&app, 2, 12)}))
            .await
            .json()
            .await
            .expect("json");
    assert_eq!(held["status"], "confirmed");
    for who in [&tutor, &student] {
        assert!(kinds(&app, who).await.iter().any(|(k, _)| k == "booking_confirmed"));
    }

    // Moving onto a held slot changes nothing.
    let onto_held = app
        .post_as(
            &format!("/api/bookings/{id}/reschedule"),
            &tutor.token,
            &json!({"start": day_at(&app, 2, 12)}),
        )
        .await;
    assert_error(onto_held, 409).await;
    // The tutor moves it: the old slot is free again, the new one held.
    let moved = app
        .post_as(
            &format!("/api/bookings/{id}/reschedule"),
            &tutor.token,
            &json!({"start": day_at(&app, 2, 11)}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let moved: Value = moved.json().await.expect("json");
    assert_eq!(moved["id"], id.as_str(), "the same booking, moved");
    let free = slot_starts(&app, &other, &tutor, &day_at(&app, 2, 0), &day_at(&app, 3, 0)).await;
    assert!(free.contains(&first) && !free.contains(&day_at(&app, 2, 11)), "{free:?}");
    for who in [&tutor, &student] {
        assert!(kinds(&app, who).await.iter().any(|(k, _)| k == "booking_rescheduled"));
    }

    // Cancelling needs a reason, is for the two of them only, and happens once.
    let cancel = format!("/api/bookings/{id}/cancel");
    assert_error(app.post_as(&cancel, &student.token, &json!({"reason": "  "})).await, 400).await;
    assert_error(app.post_as(&cancel, &stranger.token, &json!({"reason": "x"})).await, 404).await;
    assert_error(app.post_as(&cancel, &other.token, &json!({"reason": "x"})).await, 404).await;
    let cancelled = app.post_as(&cancel, &student.token, &json!({"reason": "Exam moved"})).await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(cancelled.json::<Value>().await.expect("json")["status"], "cancelled");
    assert_error(app.post_as(&cancel, &tutor.token, &json!({"reason": "again"})).await, 409).await;
    for who in [&tutor, &student] {
        let notices = kinds(&app, who).await;
        assert!(
            notices.iter().any(|(k, body)| k == "booking_cancelled" && body.contains("Exam moved")),
            "{notices:?}"
        );
    }
    // The freed slot can be booked again.
    assert_eq!(
        book(&app, &other, json!({"tutorId": tutor.id, "start": day_at(&app, 2, 11)}))
            .await
            .status(),
        201
    );
    let list: Value = app.get_as("/api/bookings", &student.token).await.json().await.expect("json");
    assert_eq!(list[0]["status"], "cancelled");
    assert_eq!(list[0]["cancelReason"], "Exam moved");

    // The .ics file, for the two of them only.
    let ics = app.get_as(&format!("/api/bookings/{id}/calendar.ics"), &tutor.token).await;
    assert_eq!(ics.status(), 200);
    assert!(
        ics.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/calendar")
    );
    let text = ics.text().await.expect("text");
    assert!(text.contains("BEGIN:VCALENDAR") && text.contains("BEGIN:VEVENT"), "{text}");
    assert!(text.contains("STATUS:CANCELLED"), "{text}");
    assert!(text.contains(&format!("UID:{id}@study-companion")), "{text}");
    let start: DateTime<Utc> = day_at(&app, 2, 11).parse().expect("time");
    assert!(text.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))), "{text}");
    assert_error(
        app.get_as(&format!("/api/bookings/{id}/calendar.ics"), &stranger.token).await,
        404,
    )
    .await;
}

async fn a_booking_takes_up_the_chat_escalation(backend: Backend) {
    use app::server::{
        entities::{enums::Urgency, escalations},
        models::escalations::NewEscalation,
    };
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let tutor = tutor_with_week(&app, "Ms. Rivera").await;
    let student = app.register_student("Jordan").await;
    let other = app.register_student("Olive").await;
    let escalation = escalations::Model::create(
        &app.db,
        NewEscalation {
            student_id: student.id,
            conversation_id: None,
            message_id: None,
            recommend: true,
            reason: "Stuck on the discriminant".into(),
            urgency: Urgency::High,
            focus: vec!["Discriminant".into()],
            summary: "Asked three times".into(),
        },
        app.state.clock.now(),
    )
    .await
    .expect("an escalation");
    // Someone else's escalation does not exist for them.
    let theirs =
        json!({"tutorId": tutor.id, "start": day_at(&app, 2, 9), "escalationId": escalation.id});
    assert_error(book(&app, &other, theirs).await, 404).await;

    let body =
        json!({"tutorId": tutor.id, "start": day_at(&app, 2, 10), "escalationId": escalation.id});
    let created = book(&app, &student, body).await;
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.json::<Value>().await.expect("json")["escalationId"],
        escalation.id.to_string()
    );
    let stored = escalations::Model::find(&app.db, escalation.id).await.expect("found");
    assert_eq!(stored.status.as_str(), "booked");
    // Taken up once.
    let again =
        json!({"tutorId": tutor.id, "start": day_at(&app, 2, 11), "escalationId": escalation.id});
    assert_error(book(&app, &student, again).await, 409).await;

    let kpis: Value = app.get_as("/api/admin/kpis", &admin.token).await.json().await.expect("json");
    assert_eq!(kpis["escalationsBooked"], 1, "{kpis}");
}
