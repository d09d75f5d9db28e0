//! The holes a review found, each proven closed: forged tokens, overflowing pages, server
//! functions answering 500 for bad arguments, password checks that queue without bound or
//! escape the limits, login CSRF, reset links that outlive their password or show in the admin
//! outbox, cookies and HSTS over https, a tutor who keeps a student after the link is gone,
//! and passwords on the command line.

use app::domain::Role;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TEST_PASSWORD, TestApp, assert_error, spawn_app, spawn_app_with};
use crate::helpers::{fixture, upload_body};
use crate::on_both_databases;

on_both_databases!(
    a_token_signed_with_the_old_published_secret_is_refused,
    out_of_range_paging_is_a_400_never_an_overflow,
    server_functions_answer_bad_arguments_with_400,
    password_checks_are_throttled_per_account_across_client_addresses,
    a_flood_of_password_changes_is_refused_with_503_not_queued,
    a_foreign_origin_cannot_sign_anyone_in,
    reset_links_are_redacted_for_admins_and_die_with_the_password,
    https_makes_cookies_secure_and_sends_hsts,
    a_tutor_stops_seeing_a_students_sessions_when_the_link_is_removed,
);

async fn a_token_signed_with_the_old_published_secret_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Victim").await;
    // The secret earlier versions used whenever JWT_SECRET was unset.
    let published = b"development-only-secret-not-for-production-use-0123456789";
    let forged = app::server::auth::token::issue(
        published,
        student.id,
        0,
        app.state.clock.now(),
        chrono::Duration::minutes(60),
    )
    .expect("signs");
    assert_error(app.get_as("/api/auth/me", &forged).await, 401).await;
    assert_eq!(app.get_as("/api/auth/me", &student.token).await.status(), 200);
}

async fn out_of_range_paging_is_a_400_never_an_overflow(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Pager").await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    for query in ["page=100000000000000000", "page=0", "perPage=0", "perPage=1000", "page=-1"] {
        let path = format!("/api/sessions/student/{}?{query}", student.id);
        assert_error(app.get_as(&path, &student.token).await, 400).await;
        assert_error(app.get_as(&format!("/api/admin/users?{query}"), &admin.token).await, 400)
            .await;
    }
    let fine = format!("/api/sessions/student/{}?page=2", student.id);
    assert_eq!(app.get_as(&fine, &student.token).await.status(), 200);
    let server_fn = app
        .client
        .post(app.url("/_fn/sessions/mine"))
        .bearer_auth(&student.token)
        .form(&[("page", "100000000000000000")])
        .send()
        .await
        .expect("sent");
    assert_error(server_fn, 400).await;
}

async fn server_functions_answer_bad_arguments_with_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Fuzzer").await;
    let cases: [(&str, &[(&str, &str)]); 5] = [
        ("/_fn/sessions/get", &[("id", "not-a-uuid")]),
        ("/_fn/sessions/get", &[]),
        ("/_fn/practice/get", &[("id", "12")]),
        ("/_fn/sessions/mine", &[("page", "lots")]),
        ("/_fn/notifications/read", &[("id", "")]),
    ];
    for (path, form) in cases {
        let response = app
            .client
            .post(app.url(path))
            .bearer_auth(&student.token)
            .form(form)
            .send()
            .await
            .expect("sent");
        let body = assert_error(response, 400).await;
        assert_eq!(body["code"], "bad_request", "{path}: {body}");
    }
    // Errors the function itself returns keep their own status.
    let missing = app
        .client
        .post(app.url("/_fn/sessions/get"))
        .bearer_auth(&student.token)
        .form(&[("id", uuid::Uuid::new_v4().to_string())])
        .send()
        .await
        .expect("sent");
    assert_error(missing, 404).await;
    let anonymous = app
        .client
        .post(app.url("/_fn/sessions/mine"))
        .form(&[("page", "1")])
        .send()
        .await
        .expect("sent");
    assert_error(anonymous, 401).await;
}

async fn password_checks_are_throttled_per_account_across_client_addresses(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.rate_limit.auth_per_minute = 5;
        // The test client is "behind" a trusted proxy, so each request can come from its own
        // client address: only the per-account throttle can stop the run.
        s.rate_limit.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let student = app.register_student("Target").await;
    let mut statuses = Vec::new();
    for attempt in 0..8 {
        let response = app
            .client
            .post(app.url("/api/auth/login"))
            .header("x-forwarded-for", format!("198.51.100.{attempt}"))
            .json(&json!({ "email": student.email, "password": "wrong-password-guess" }))
            .send()
            .await
            .expect("sent");
        statuses.push(response.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // The right password is throttled too while the account cools down (no oracle).
    let locked = app
        .client
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", "198.51.100.99")
        .json(&json!({ "email": student.email, "password": TEST_PASSWORD }))
        .send()
        .await
        .expect("sent");
    assert_eq!(locked.status(), 429);
    assert!(locked.headers().contains_key("retry-after"));
    // Password changes count against the same account, and the route is in the tight limit.
    let change = app
        .client
        .put(app.url("/api/auth/password"))
        .bearer_auth(&student.token)
        .header("x-forwarded-for", "198.51.100.100")
        .json(&json!({ "currentPassword": "nope", "newPassword": "another-good-password" }))
        .send()
        .await
        .expect("sent");
    assert_error(change, 429).await;
}

async fn a_flood_of_password_changes_is_refused_with_503_not_queued(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.rate_limit.auth_per_minute = 100_000;
        s.rate_limit.max_per_minute = 100_000;
    })
    .await;
    let mut users = Vec::new();
    for n in 0..10 {
        users.push(app.register_student(&format!("Flooder {n}")).await);
    }
    let requests = (0..150).map(|n| {
        let user = users[n % users.len()].clone();
        let app = &app;
        async move {
            let response = app
                .client
                .put(app.url("/api/auth/password"))
                .bearer_auth(&user.token)
                .json(&json!({ "currentPassword": "wrong", "newPassword": "whatever-password-1" }))
                .send()
                .await
                .expect("sent");
            let retry = response.headers().contains_key("retry-after");
            (response.status().as_u16(), retry)
        }
    });
    let results = futures::future::join_all(requests).await;
    let busy: Vec<_> = results.iter().filter(|(s, _)| *s == 503).collect();
    assert!(!busy.is_empty(), "a full queue answers 503: {results:?}");
    assert!(busy.iter().all(|(_, retry)| *retry), "503s say when to retry");
    assert!(
        results.iter().all(|(s, _)| matches!(s, 400 | 429 | 503)),
        "wrong passwords are refused, never accepted or 500: {results:?}"
    );
    // Once the flood is over, logins work again.
    let login = app
        .post_json(
            "/api/auth/login",
            &json!({ "email": users[0].email, "password": TEST_PASSWORD }),
        )
        .await;
    assert!(matches!(login.status().as_u16(), 200 | 429), "{}", login.status());
}

async fn a_foreign_origin_cannot_sign_anyone_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let attacker = app.register_student("Attacker").await;
    let form = [("email", attacker.email.as_str()), ("password", TEST_PASSWORD)];
    for (path, origin) in [
        ("/_fn/auth/login", "https://evil.example"),
        ("/_fn/auth/register", "https://evil.example"),
    ] {
        let response = app
            .client
            .post(app.url(path))
            .header("origin", origin)
            .form(&form)
            .send()
            .await
            .expect("sent");
        assert!(!response.headers().contains_key("set-cookie"), "{path}");
        assert_error(response, 403).await;
    }
    let rest = app
        .client
        .post(app.url("/api/auth/login"))
        .header("referer", "https://evil.example/page")
        .json(&json!({ "email": attacker.email, "password": TEST_PASSWORD }))
        .send()
        .await
        .expect("sent");
    assert_error(rest, 403).await;
    // Our own pages (same origin) and clients that send no Origin still sign in.
    let host = app.address.trim_start_matches("http://").to_owned();
    let own = app
        .client
        .post(app.url("/_fn/auth/login"))
        .header("origin", format!("http://{host}"))
        .form(&form)
        .send()
        .await
        .expect("sent");
    assert_eq!(own.status(), 200);
    assert!(own.headers().contains_key("set-cookie"));
}

/// The raw reset tokens in the outbox (the test's privilege: it reads the table).
async fn reset_tokens(app: &TestApp, email: &str) -> Vec<String> {
    use app::server::entities::outbox;
    outbox::Entity::find()
        .all(&app.db)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.recipient == email)
        .filter_map(|m| {
            m.body
                .split("token=")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .map(str::to_owned)
        })
        .collect()
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post_json("/api/auth/reset-password", &json!({ "token": token, "password": password }))
        .await
}

async fn reset_links_are_redacted_for_admins_and_die_with_the_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let other_admin = app.create_user("Bea Admin", Role::Admin).await;
    for _ in 0..2 {
        let response = app
            .post_json("/api/auth/forgot-password", &json!({ "email": other_admin.email }))
            .await;
        assert_eq!(response.status(), 202);
    }
    let tokens = reset_tokens(&app, &other_admin.email).await;
    assert_eq!(tokens.len(), 2);
    let outbox: Value =
        app.get_as("/api/admin/outbox", &admin.token).await.json().await.expect("json");
    let shown = outbox.to_string();
    assert!(tokens.iter().all(|t| !shown.contains(t.as_str())), "no raw token for admins");
    assert!(shown.contains("token=[redacted]"), "{shown}");

    // Using one link ends the other.
    assert_eq!(reset(&app, &tokens[0], "a-first-new-password").await.status(), 200);
    assert_error(reset(&app, &tokens[1], "a-second-new-password").await, 400).await;

    // A password change ends outstanding links too.
    let student = app.register_student("Changer").await;
    app.post_json("/api/auth/forgot-password", &json!({ "email": student.email })).await;
    let pending = reset_tokens(&app, &student.email).await;
    let change = app
        .client
        .put(app.url("/api/auth/password"))
        .bearer_auth(&student.token)
        .json(&json!({ "currentPassword": TEST_PASSWORD, "newPassword": "changed-password-1" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(change.status(), 200);
    assert_error(reset(&app, &pending[0], "sneaky-password-1").await, 400).await;

    // And so does deactivation.
    let leaver = app.register_student("Leaver").await;
    app.post_json("/api/auth/forgot-password", &json!({ "email": leaver.email })).await;
    let pending = reset_tokens(&app, &leaver.email).await;
    let deactivate = app
        .patch_as(
            &format!("/api/admin/users/{}", leaver.id),
            &admin.token,
            &json!({ "isActive": false }),
        )
        .await;
    assert_eq!(deactivate.status(), 200);
    assert_error(reset(&app, &pending[0], "sneaky-password-2").await, 400).await;
}

async fn https_makes_cookies_secure_and_sends_hsts(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.public_url = "https://school.example".into();
        s.https = true;
        s.auth.secure_cookies = true;
    })
    .await;
    let student = app.register_student("Secure").await;
    let login = app
        .post_json("/api/auth/login", &json!({ "email": student.email, "password": TEST_PASSWORD }))
        .await;
    let cookie = login.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(
        login.headers()["strict-transport-security"].to_str().is_ok_and(|h| h.contains("max-age"))
    );
    let plain = spawn_app(backend).await;
    assert!(!plain.get("/api/health").await.headers().contains_key("strict-transport-security"));
}

async fn a_tutor_stops_seeing_a_students_sessions_when_the_link_is_removed(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.create_user("Ada Admin", Role::Admin).await;
    let (student, tutor) = app.pair().await;
    let upload = app
        .post_as(
            "/api/transcripts/upload",
            &student.token,
            &upload_body(tutor.id, &fixture("algebra_quadratics.txt"), "plain_text"),
        )
        .await;
    assert_eq!(upload.status(), 202);
    let mine = |app: &TestApp| {
        let request = app
            .client
            .post(app.url("/_fn/sessions/mine"))
            .bearer_auth(&tutor.token)
            .form(&[("page", "1")]);
        async move {
            let body: Value = request.send().await.expect("sent").json().await.expect("json");
            body["total"].as_u64().expect("a total")
        }
    };
    assert_eq!(mine(&app).await, 1);
    let unlink = app
        .client
        .delete(app.url("/api/admin/links"))
        .bearer_auth(&admin.token)
        .json(&json!({ "tutorId": tutor.id, "studentId": student.id }))
        .send()
        .await
        .expect("sent");
    assert_eq!(unlink.status(), 204);
    assert_eq!(mine(&app).await, 0, "no summaries once the link is gone");
    assert_error(
        app.get_as(&format!("/api/sessions/student/{}", student.id), &tutor.token).await,
        403,
    )
    .await;
}

#[test]
fn create_user_reads_the_password_from_stdin_never_an_argument() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("a directory");
    let url = format!("sqlite://{}/cli.db?mode=rwc", dir.path().display());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_study-companion"))
        .args(["create-user", "--email", "cli@example.com", "--name", "Cli Tutor"])
        .args(["--role", "tutor", "--password-stdin"])
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .env("APP_ENV", "development")
        .env("LOG_LEVEL", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().expect("stdin").write_all(b"a-password-from-stdin\n").expect("written");
    let output = child.wait_with_output().expect("it finishes");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("created tutor cli@example.com"));
    // The old flag is gone: a password can no longer be put on the command line.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_study-companion"))
        .args(["create-user", "--email", "x@example.com", "--name", "X", "--password", "secret"])
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    // The install made its own signing secret, readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir.path().join("data/jwt-secret")).expect("a secret file");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
}
