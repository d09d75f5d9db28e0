//! `spawn_app()`, fresh databases, and per-endpoint request helpers.

use std::time::Duration;

use app::dto::{
    session::{SessionDetail, SessionStatus, UploadAccepted},
    user::AuthResponse,
};
use app::server::{
    config::{AppEnv, Settings},
    db,
    state::AppState,
};
use sea_orm::DatabaseConnection;
use server::startup::Application;

/// Runs a test body once on SQLite and once on PostgreSQL, as `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test: a file in a temporary directory, or a uniquely named
/// PostgreSQL database that is dropped afterwards.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

pub fn pg_admin_url() -> String {
    std::env::var("TEST_PG_URL").unwrap_or_else(|_| {
        "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".to_owned()
    })
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
                Self { url, pg: None, _dir: Some(dir) }
            }
            Backend::Postgres => {
                use sqlx::Connection;
                let admin = pg_admin_url();
                let name = format!("sc_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL tests need a server at {admin} (set TEST_PG_URL, or run \
                         `make postgres`): {e}"
                    )
                });
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                    .execute(&mut conn)
                    .await
                    .expect("create a test database");
                // Same server and options, another database: swap the path, keep the query.
                let (without_query, query) = admin.split_once('?').unwrap_or((&admin, ""));
                let base =
                    without_query.rsplit_once('/').map(|(base, _)| base).unwrap_or(without_query);
                let url = if query.is_empty() {
                    format!("{base}/{name}")
                } else {
                    format!("{base}/{name}?{query}")
                };
                Self { url, pg: Some((admin, name)), _dir: None }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside any runtime we can block on; a short-lived thread with its own
            // runtime removes the database even when the test panicked.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async move {
                        use sqlx::Connection;
                        if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            )))
                            .execute(&mut conn)
                            .await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// Settings for a test app: the `test` profile, an ephemeral port, fast job polling.
pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::for_env(AppEnv::Test).expect("test settings load");
    settings.database.url = database_url.to_owned();
    settings.database.max_connections = 8;
    settings.site_addr = "127.0.0.1:0".parse().expect("an address");
    settings.jobs.poll_interval_ms = 50;
    settings.jobs.backoff_ms = 20;
    settings
}

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub backend: Backend,
    _test_db: TestDb,
}

/// Builds and starts the real application with in-process workers on a fresh database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, customise: impl FnOnce(&mut Settings)) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        server::telemetry::init(&app::server::config::LogSettings {
            level: std::env::var("TEST_LOG")
                .ok()
                .filter(|v| v.len() > 1)
                .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn".into()),
            format: app::server::config::LogFormat::Pretty,
        });
    }
    let test_db = TestDb::new(backend).await;
    let mut settings = test_settings(&test_db.url);
    customise(&mut settings);
    let conn = db::connect(&settings.database).await.expect("connect to the test database");
    app::server::migrate(&conn).await.expect("migrate the test database");
    let application =
        Application::build_with_db(settings, conn.clone()).await.expect("build the app");
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    app::server::ai::openai::install_tls_provider();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("an HTTP client");
    TestApp { address, state, db: conn, client, backend, _test_db: test_db }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }
}

/// Polls `check` until it returns `Some`, failing the test after `timeout`. Used instead of
/// sleeping for a fixed time.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A signed-in user for tests: the id, the bearer token, the login email.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: uuid::Uuid,
    pub token: String,
    pub email: String,
}

pub const TEST_PASSWORD: &str = "a-sturdy-test-password";

impl TestApp {
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("request sent")
    }

    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.expect("request sent")
    }

    pub async fn post_as(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.json_as(reqwest::Method::POST, path, token, body).await
    }

    pub async fn patch_as(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.json_as(reqwest::Method::PATCH, path, token, body).await
    }

    /// A JSON body sent with `method` as the holder of `token`.
    async fn json_as(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Registers a student through the public API.
    pub async fn register_student(&self, name: &str) -> TestUser {
        let email = format!(
            "{}-{}@example.com",
            name.to_lowercase().replace(' ', "."),
            uuid::Uuid::new_v4().simple()
        );
        let response = self
            .post_json(
                "/api/auth/register",
                &serde_json::json!({ "email": email, "password": TEST_PASSWORD, "name": name }),
            )
            .await;
        assert_eq!(response.status(), 201, "registering {email}");
        let body: AuthResponse = response.json().await.expect("an auth response");
        TestUser { id: body.user.id, token: body.token, email }
    }

    /// Creates a user of any role directly (as `create-user` does), then logs in.
    pub async fn create_user(&self, name: &str, role: app::domain::Role) -> TestUser {
        use app::domain::{Email, Password, PersonName};
        use app::server::services::users::{self, NewUser};
        let email = format!("{}-{}@example.com", role, uuid::Uuid::new_v4().simple());
        users::create_user(
            &self.state,
            NewUser {
                email: Email::parse(&email).expect("email"),
                name: PersonName::parse(name).expect("name"),
                password: Password::parse(TEST_PASSWORD).expect("password"),
                role,
                grade: None,
            },
        )
        .await
        .expect("user created");
        self.login(&email).await
    }

    pub async fn login(&self, email: &str) -> TestUser {
        let response = self
            .post_json(
                "/api/auth/login",
                &serde_json::json!({ "email": email, "password": TEST_PASSWORD }),
            )
            .await;
        assert_eq!(response.status(), 200, "logging in {email}");
        let body: AuthResponse = response.json().await.expect("an auth response");
        TestUser { id: body.user.id, token: body.token, email: email.to_owned() }
    }

    /// Links a tutor to a student through the admin API.
    pub async fn link(&self, admin: &TestUser, tutor: &TestUser, student: &TestUser) {
        let response = self
            .post_as(
                "/api/admin/links",
                &admin.token,
                &serde_json::json!({ "tutorId": tutor.id, "studentId": student.id }),
            )
            .await;
        assert_eq!(response.status(), 204);
    }
}

/// Asserts a JSON error response: the status and the `{error, code}` shape.
pub async fn assert_error(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status(), status, "expected {status}");
    let body: serde_json::Value = response.json().await.expect("errors are JSON");
    assert!(body["error"].is_string() && body["code"].is_string(), "error shape: {body}");
    body
}

/// A transcript from `server/tests/fixtures/transcripts`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/transcripts/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// The JSON body of `POST /api/transcripts/upload` for a transcript with this tutor.
pub fn upload_body(tutor_id: uuid::Uuid, transcript: &str, format: &str) -> serde_json::Value {
    serde_json::json!({
        "tutorId": tutor_id,
        "sessionDate": "2026-11-20T16:00:00Z",
        "duration": 3600,
        "transcript": transcript,
        "transcriptSource": "manual_upload",
        "transcriptFormat": format,
    })
}

impl TestApp {
    /// A student and a tutor, ready to upload (the student's upload links them).
    pub async fn pair(&self) -> (TestUser, TestUser) {
        let tutor = self.create_user("Ms. Rivera", app::domain::Role::Tutor).await;
        let student = self.register_student("Jordan").await;
        (student, tutor)
    }

    /// Uploads a fixture as the student and waits for the analysis to settle (analyzed or
    /// failed); the session detail as the student reads it.
    pub async fn upload_and_analyze(
        &self,
        student: &TestUser,
        tutor: &TestUser,
        file: &str,
        format: &str,
    ) -> SessionDetail {
        let response = self
            .post_as(
                "/api/transcripts/upload",
                &student.token,
                &upload_body(tutor.id, &fixture(file), format),
            )
            .await;
        assert_eq!(response.status(), 202, "uploading {file}");
        let accepted: UploadAccepted = response.json().await.expect("an upload receipt");
        assert_eq!(accepted.status, SessionStatus::Pending);
        let id = accepted.session_id;
        let settled = eventually(Duration::from_secs(60), "the analysis to finish", || async {
            let detail: serde_json::Value = self
                .get_as(&format!("/api/sessions/{id}"), &student.token)
                .await
                .json()
                .await
                .ok()?;
            matches!(detail["status"].as_str(), Some("analyzed" | "failed")).then_some(detail)
        })
        .await;
        // Decoded once settled, so a shape the DTO does not accept fails here, by name, rather
        // than as a timeout.
        serde_json::from_value(settled).expect("the session detail decodes as a SessionDetail")
    }
}
