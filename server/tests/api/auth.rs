//! Accounts over REST: registration, login, logout revocation, tokens, bad input.

use app::domain::Role;
use serde_json::json;

use crate::helpers::{Backend, TEST_PASSWORD, assert_error, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    register_makes_a_student_whatever_the_body_says,
    register_refuses_duplicates_and_weak_passwords,
    login_returns_token_and_user_and_refuses_bad_credentials,
    login_treats_emails_case_insensitively,
    malformed_input_is_a_4xx_with_error_and_code,
    hostile_input_never_500s,
    logout_revokes_the_token,
    tampered_foreign_expired_and_unsigned_tokens_are_401,
    deactivated_users_are_locked_out_at_once,
    a_role_change_shows_on_the_next_request,
    a_change_made_by_another_process_reaches_requests_within_a_second,
    password_reset_is_single_use_and_revokes_sessions,
    password_change_needs_the_current_password,
    cookie_writes_from_another_origin_are_refused,
    credential_endpoints_are_rate_limited_with_retry_after,
    every_response_carries_security_headers,
);

async fn register_makes_a_student_whatever_the_body_says(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(
            "/api/auth/register",
            &json!({
                "email": "  New.Person@Example.com ",
                "password": TEST_PASSWORD,
                "name": "New Person",
                "role": "admin",
                "grade": "10"
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let cookie =
        response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["user"]["role"], "student");
    assert_eq!(body["user"]["email"], "new.person@example.com");
    assert_eq!(body["user"]["grade"], "10");
    assert!(body["token"].as_str().is_some_and(|t| t.split('.').count() == 3));

    let me = app.get_as("/api/auth/me", body["token"].as_str().unwrap_or_default()).await;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await.expect("json");
    assert_eq!(me["email"], "new.person@example.com");
    assert_eq!(me["role"], "student");
}

async fn register_refuses_duplicates_and_weak_passwords(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Dupe").await;
    let again = app
        .post_json(
            "/api/auth/register",
            &json!({ "email": student.email.to_uppercase(), "password": TEST_PASSWORD, "name": "Dupe" }),
        )
        .await;
    assert_error(again, 409).await;

    for password in ["short", "password123", "aaaaaaaaaaaaaa"] {
        let response = app
            .post_json(
                "/api/auth/register",
                &json!({ "email": "weak@example.com", "password": password, "name": "Weak" }),
            )
            .await;
        let body = assert_error(response, 400).await;
        assert_eq!(body["code"], "validation_failed");
        assert_eq!(body["fields"][0]["field"], "password");
    }
}

async fn login_returns_token_and_user_and_refuses_bad_credentials(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Logan").await;
    let response = app
        .post_json("/api/auth/login", &json!({ "email": student.email, "password": TEST_PASSWORD }))
        .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["user"]["id"], student.id.to_string());
    assert_eq!(body["user"]["name"], "Logan");
    assert_eq!(body["user"]["role"], "student");
    assert!(body["user"]["email"].is_string());

    let wrong = app
        .post_json(
            "/api/auth/login",
            &json!({ "email": student.email, "password": "not-the-password" }),
        )
        .await;
    let body = assert_error(wrong, 401).await;
    let unknown = app
        .post_json(
            "/api/auth/login",
            &json!({ "email": "nobody@example.com", "password": "not-the-password" }),
        )
        .await;
    let unknown_body = assert_error(unknown, 401).await;
    assert_eq!(body, unknown_body, "unknown and wrong look the same");
}

async fn login_treats_emails_case_insensitively(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Case").await;
    let response = app
        .post_json(
            "/api/auth/login",
            &json!({ "email": format!("  {}  ", student.email.to_uppercase()), "password": TEST_PASSWORD }),
        )
        .await;
    assert_eq!(response.status(), 200);
}

async fn malformed_input_is_a_4xx_with_error_and_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let raw = |body: &'static str| {
        app.client
            .post(app.url("/api/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for body in
        ["{not json", "", "[]", "{\"email\": 5, \"password\": \"x\"}", "{\"email\": \"a@b.co\"}"]
    {
        let response = raw(body).await.expect("sent");
        assert_error(response, 400).await;
    }
    let no_type =
        app.client.post(app.url("/api/auth/login")).body("{}").send().await.expect("sent");
    assert_error(no_type, 400).await;
    let empty = app.post_json("/api/auth/login", &json!({ "email": "", "password": "" })).await;
    assert_error(empty, 400).await;
    let missing_name = app
        .post_json(
            "/api/auth/register",
            &json!({ "email": "x@example.com", "password": TEST_PASSWORD }),
        )
        .await;
    assert_error(missing_name, 400).await;
    let bad_id = app.get("/api/sessions/student/not-a-uuid").await;
    assert!(matches!(bad_id.status().as_u16(), 400 | 401));
}

async fn hostile_input_never_500s(backend: Backend) {
    let app = spawn_app(backend).await;
    let huge = "a".repeat(1024 * 1024);
    let cases = [
        json!({ "email": format!("{huge}@example.com"), "password": TEST_PASSWORD }),
        json!({ "email": "admin@test.com OR 1=1--", "password": "' OR '1'='1" }),
        json!({ "email": "admin@test.com'; DROP TABLE users;--", "password": TEST_PASSWORD }),
        json!({ "email": "a@b.co", "password": huge }),
    ];
    for body in &cases {
        let response = app.post_json("/api/auth/login", body).await;
        let status = response.status().as_u16();
        assert!([400, 401, 413, 422].contains(&status), "login answered {status}");
        assert_error(response, status).await;
    }
    for name in ["<script>alert(1)</script>", "Zoë 山田 🚀", "\u{0000}null"] {
        let response = app
            .post_json(
                "/api/auth/register",
                &json!({ "email": format!("{}@example.com", uuid::Uuid::new_v4().simple()), "password": TEST_PASSWORD, "name": name }),
            )
            .await;
        let status = response.status().as_u16();
        assert!([201, 400].contains(&status), "register answered {status} for {name:?}");
        if status == 201 {
            let body: serde_json::Value = response.json().await.expect("json");
            assert_eq!(body["user"]["name"], name, "names are stored as typed");
        }
    }
    // Refused from its Content-Length: either the 413 arrives, or the server stops reading and
    // the client sees the connection close mid-upload. Both mean nothing was accepted.
    // A client of its own: the server closes this connection, and a pooled client could
    // otherwise hand the dead connection to the next request.
    let too_big = reqwest::Client::new()
        .post(app.url("/api/auth/register"))
        .json(&json!({ "email": "x@example.com", "password": "p", "name": "a".repeat(5 * 1024 * 1024) }))
        .send()
        .await;
    match too_big {
        Ok(response) => {
            assert_error(response, 413).await;
        }
        Err(err) => assert!(err.is_request(), "unexpected failure: {err}"),
    }
    // The users table is intact.
    let again = app.register_student("Still Works").await;
    assert!(!again.token.is_empty());
}

async fn logout_revokes_the_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Leaver").await;
    let second_session = app.login(&student.email).await;
    assert_eq!(app.get_as("/api/auth/me", &student.token).await.status(), 200);
    let response = app.post_as("/api/auth/logout", &student.token, &json!({})).await;
    assert_eq!(response.status(), 204);
    assert_error(app.get_as("/api/auth/me", &student.token).await, 401).await;
    assert_error(app.get_as("/api/auth/me", &second_session.token).await, 401).await;
    // Logging in again works.
    let fresh = app.login(&student.email).await;
    assert_eq!(app.get_as("/api/auth/me", &fresh.token).await.status(), 200);
    assert_error(app.post_json("/api/auth/logout", &json!({})).await, 401).await;
}

async fn tampered_foreign_expired_and_unsigned_tokens_are_401(backend: Backend) {
    use base64::Engine;
    let app = spawn_app(backend).await;
    let student = app.register_student("Forger").await;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let parts: Vec<&str> = student.token.split('.').collect();
    let now = app.state.clock.now().timestamp();

    // Payload changed (to another user), signature kept.
    let other = uuid::Uuid::new_v4();
    let forged_payload =
        b64(format!(r#"{{"sub":"{other}","ver":0,"iat":{now},"exp":{}}}"#, now + 3600).as_bytes());
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    // alg none.
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(format!(r#"{{"sub":"{}","ver":0,"iat":{now},"exp":{}}}"#, student.id, now + 3600)
            .as_bytes())
    );
    // Signed with another secret, and expired with the right one.
    let foreign = app::server::auth::token::issue(
        b"some-other-secret-0123456789abcdef",
        student.id,
        0,
        app.state.clock.now(),
        chrono::Duration::minutes(60),
    )
    .expect("issue");
    let expired = app::server::auth::token::issue(
        app.state.settings.jwt_secret_bytes(),
        student.id,
        0,
        app.state.clock.now(),
        chrono::Duration::minutes(-1),
    )
    .expect("issue");
    for token in [tampered, none, foreign, expired, "garbage".to_owned()] {
        assert_error(app.get_as("/api/auth/me", &token).await, 401).await;
    }
    assert_eq!(app.get_as("/api/auth/me", &student.token).await.status(), 200);
}

async fn deactivated_users_are_locked_out_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let student = app.register_student("Gone Soon").await;
    // Signed in a moment ago: the account is fresh in the session cache.
    assert_eq!(app.get_as("/api/auth/me", &student.token).await.status(), 200);
    let response = app
        .patch_as(
            &format!("/api/admin/users/{}", student.id),
            &admin.token,
            &json!({ "isActive": false }),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_error(app.get_as("/api/auth/me", &student.token).await, 401).await;
    let login = app
        .post_json("/api/auth/login", &json!({ "email": student.email, "password": TEST_PASSWORD }))
        .await;
    assert_error(login, 401).await;
    // Admins cannot lock themselves out, and only admins manage users.
    let selfie = app
        .patch_as(
            &format!("/api/admin/users/{}", admin.id),
            &admin.token,
            &json!({ "isActive": false }),
        )
        .await;
    assert_error(selfie, 409).await;
    let other = app.register_student("Not Admin").await;
    assert_error(app.get_as("/api/admin/users", &other.token).await, 403).await;
}

async fn a_role_change_shows_on_the_next_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let student = app.register_student("Soon A Tutor").await;
    let me: serde_json::Value =
        app.get_as("/api/auth/me", &student.token).await.json().await.expect("json");
    assert_eq!(me["role"], "student");
    let response = app
        .patch_as(
            &format!("/api/admin/users/{}", student.id),
            &admin.token,
            &json!({ "role": "tutor" }),
        )
        .await;
    assert_eq!(response.status(), 200);
    // The role change signs the account out; signed in again, it is a tutor at once.
    assert_error(app.get_as("/api/auth/me", &student.token).await, 401).await;
    let again = app.login(&student.email).await;
    let me: serde_json::Value =
        app.get_as("/api/auth/me", &again.token).await.json().await.expect("json");
    assert_eq!(me["role"], "tutor");
    // A profile edit is on the next read too.
    let response = app
        .patch_as(
            "/api/auth/profile",
            &again.token,
            &json!({ "name": "Renamed Tutor", "timeZone": "Europe/Paris" }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let me: serde_json::Value =
        app.get_as("/api/auth/me", &again.token).await.json().await.expect("json");
    assert_eq!(me["name"], "Renamed Tutor");
}

/// Another process (a second web server, the admin CLI) cannot tell this one that an account
/// changed; what this process remembers of it answers for a second at most.
async fn a_change_made_by_another_process_reaches_requests_within_a_second(backend: Backend) {
    use app::server::entities::users;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let app = spawn_app(backend).await;
    let student = app.register_student("Locked Elsewhere").await;
    assert_eq!(app.get_as("/api/auth/me", &student.token).await.status(), 200);
    users::ActiveModel { id: Set(student.id), is_active: Set(false), ..Default::default() }
        .update(&app.db)
        .await
        .expect("deactivated behind the server's back");
    app.state.clock.advance(chrono::Duration::seconds(1));
    assert_error(app.get_as("/api/auth/me", &student.token).await, 401).await;
}

async fn password_reset_is_single_use_and_revokes_sessions(backend: Backend) {
    use app::server::entities::outbox;
    use sea_orm::EntityTrait;
    let app = spawn_app(backend).await;
    let student = app.register_student("Forgetful").await;
    let response =
        app.post_json("/api/auth/forgot-password", &json!({ "email": student.email })).await;
    assert_eq!(response.status(), 202);
    let unknown =
        app.post_json("/api/auth/forgot-password", &json!({ "email": "ghost@example.com" })).await;
    assert_eq!(unknown.status(), 202, "unknown addresses look the same");

    let messages = outbox::Entity::find().all(&app.db).await.expect("outbox");
    assert_eq!(messages.len(), 1, "one email, for the real account");
    let body = &messages[0].body;
    let token = body
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a token in the email")
        .to_owned();
    assert_eq!(messages[0].recipient, student.email);

    let new_password = "a-brand-new-password-9";
    let reset = app
        .post_json("/api/auth/reset-password", &json!({ "token": token, "password": new_password }))
        .await;
    assert_eq!(reset.status(), 200);
    assert_error(app.get_as("/api/auth/me", &student.token).await, 401).await;
    let again = app
        .post_json(
            "/api/auth/reset-password",
            &json!({ "token": token, "password": "yet-another-password-1" }),
        )
        .await;
    assert_error(again, 400).await;
    let login = app
        .post_json("/api/auth/login", &json!({ "email": student.email, "password": new_password }))
        .await;
    assert_eq!(login.status(), 200);
    let bogus = app
        .post_json(
            "/api/auth/reset-password",
            &json!({ "token": "f".repeat(64), "password": new_password }),
        )
        .await;
    assert_error(bogus, 400).await;
}

async fn password_change_needs_the_current_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Changer").await;
    let other_session = app.login(&student.email).await;
    let wrong = app
        .client
        .put(app.url("/api/auth/password"))
        .bearer_auth(&student.token)
        .json(
            &json!({ "currentPassword": "nope-nope-nope", "newPassword": "fresh-new-password-1" }),
        )
        .send()
        .await
        .expect("sent");
    assert_error(wrong, 400).await;
    let right = app
        .client
        .put(app.url("/api/auth/password"))
        .bearer_auth(&student.token)
        .json(&json!({ "currentPassword": TEST_PASSWORD, "newPassword": "fresh-new-password-1" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(right.status(), 200);
    let body: serde_json::Value = right.json().await.expect("json");
    let fresh = body["token"].as_str().expect("a fresh token");
    assert_eq!(app.get_as("/api/auth/me", fresh).await.status(), 200);
    assert_error(app.get_as("/api/auth/me", &other_session.token).await, 401).await;
}

async fn cookie_writes_from_another_origin_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Cookie Jar").await;
    let cookie = format!("sc_session={}", student.token);
    let host = app.address.trim_start_matches("http://").to_owned();
    let cross = app
        .client
        .post(app.url("/api/goals"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .json(&json!({ "subject": "Hacked", "description": "" }))
        .send()
        .await
        .expect("sent");
    assert_error(cross, 403).await;
    let same = app
        .client
        .post(app.url("/api/goals"))
        .header("cookie", &cookie)
        .header("origin", format!("http://{host}"))
        .json(&json!({ "subject": "Legit", "description": "" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(same.status(), 201);
    // Reads with the cookie are fine from anywhere (they change nothing).
    let read = app
        .client
        .get(app.url(&format!("/api/goals/student/{}", student.id)))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("sent");
    assert_eq!(read.status(), 200);
}

async fn credential_endpoints_are_rate_limited_with_retry_after(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, |s| s.rate_limit.auth_per_minute = 10).await;
    let mut limited = None;
    for attempt in 0..15 {
        let response = app
            .post_json(
                "/api/auth/login",
                &json!({ "email": "brute@example.com", "password": format!("guess-{attempt}") }),
            )
            .await;
        if response.status() == 429 {
            limited = Some((attempt, response));
            break;
        }
        assert_eq!(response.status(), 401);
    }
    let (attempt, response) = limited.expect("the limiter stepped in");
    assert!(attempt >= 9, "at least ten attempts are allowed, got {attempt}");
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After header");
    assert!(retry_after >= 1);
    let body = assert_error(response, 429).await;
    assert_eq!(body["code"], "rate_limited");
    // Other endpoints are not affected by the credential limit.
    assert_eq!(app.get("/api/health").await.status(), 200);
}

async fn every_response_carries_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/", "/api/health", "/login", "/nope"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert!(headers.get("referrer-policy").is_some(), "{path}");
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        if !path.starts_with("/api") {
            assert!(csp.contains("'nonce-") && csp.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|s| s.split('\'').next())
                .unwrap_or_default()
                .to_owned();
            let html = response.text().await.expect("html");
            assert!(
                html.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: the page's scripts carry the nonce"
            );
        }
    }
}
