//! The database goes away and comes back (PostgreSQL, reached through a switchable TCP proxy):
//! health says so within a second, every request that needs the database is a 503 (never a 500,
//! never a hang, never a panic), nothing accepted before the outage is lost, and the app and its
//! workers recover on their own.

use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use app::dto::session::SessionStatus;
use serde_json::Value;
use tokio::{
    net::{TcpListener, TcpStream},
    sync::watch,
};

use crate::helpers::{Backend, assert_error, eventually, pg_admin_url, spawn_app_with};
use crate::helpers::{fixture, upload_body};

/// A TCP proxy in front of PostgreSQL. `down` closes the port (new connections are refused) and
/// cuts every open connection; `up` listens on the same port again.
struct DatabaseSwitch {
    port: u16,
    up: watch::Sender<bool>,
}

impl DatabaseSwitch {
    async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port for the proxy");
        let port = listener.local_addr().expect("bound").port();
        let (up, state) = watch::channel(true);
        tokio::spawn(serve(Some(listener), port, target, state));
        Self { port, up }
    }

    fn down(&self) {
        self.up.send_replace(false);
    }

    fn up(&self) {
        self.up.send_replace(true);
    }
}

async fn serve(
    mut listener: Option<TcpListener>,
    port: u16,
    target: SocketAddr,
    mut state: watch::Receiver<bool>,
) {
    loop {
        match listener.take() {
            Some(open) => tokio::select! {
                accepted = open.accept() => {
                    if let Ok((client, _)) = accepted {
                        tokio::spawn(forward(client, target, state.clone()));
                    }
                    listener = Some(open);
                }
                changed = state.changed() => {
                    if changed.is_err() { return; }
                    // Down: the listener is dropped here, so connecting is refused.
                    if *state.borrow() { listener = Some(open); }
                }
            },
            None => {
                if state.changed().await.is_err() {
                    return;
                }
                if *state.borrow() {
                    let address = SocketAddr::from(([127, 0, 0, 1], port));
                    listener = Some(TcpListener::bind(address).await.expect("the same port again"));
                }
            }
        }
    }
}

async fn forward(mut client: TcpStream, target: SocketAddr, mut state: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(target).await else { return };
    let cut = async move {
        while *state.borrow_and_update() {
            if state.changed().await.is_err() {
                return;
            }
        }
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        // Dropping both streams resets the connection the pool holds.
        () = cut => {}
    }
}

/// `postgres://user@host:port/db?query` with host:port replaced by the proxy's.
fn through(url: &str, port: u16) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (authority, path) = rest.split_once('/').expect("a database path");
    let user = authority.rsplit_once('@').map(|(user, _)| format!("{user}@")).unwrap_or_default();
    format!("{scheme}://{user}127.0.0.1:{port}/{path}")
}

fn target_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").expect("a URL").1;
    let authority = rest.split_once('/').map_or(rest, |(a, _)| a);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host_port =
        if host_port.contains(':') { host_port.to_owned() } else { format!("{host_port}:5432") };
    let host_port = host_port.replace("localhost", "127.0.0.1");
    host_port.parse().expect("the PostgreSQL test server as ip:port")
}

/// GET /api/health, timed.
async fn health(app: &crate::helpers::TestApp) -> (u16, Duration) {
    let started = Instant::now();
    let status = app.get("/api/health").await.status().as_u16();
    (status, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_goes_away_and_comes_back() {
    let switch = DatabaseSwitch::start(target_of(&pg_admin_url())).await;
    let port = switch.port;
    let app = spawn_app_with(Backend::Postgres, |settings| {
        settings.database.url = through(&settings.database.url, port);
    })
    .await;
    let (student, tutor) = app.pair().await;
    assert_eq!(health(&app).await.0, 200);

    // Accepted just before the outage: its analysis must still happen.
    let accepted = app
        .post_as(
            "/api/transcripts/upload",
            &student.token,
            &upload_body(tutor.id, &fixture("algebra_quadratics.txt"), "plain_text"),
        )
        .await;
    assert_eq!(accepted.status(), 202);
    let before: Value = accepted.json().await.expect("json");
    let before_id = before["sessionId"].as_str().expect("an id").to_owned();

    switch.down();
    let down_at = Instant::now();
    let first_503 = loop {
        let (status, took) = health(&app).await;
        assert!(took < Duration::from_secs(1), "a health check took {took:?} during the outage");
        if status == 503 {
            break down_at.elapsed();
        }
        assert_eq!(status, 200, "health answered {status}");
        assert!(down_at.elapsed() < Duration::from_secs(3), "health still says ok");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(first_503 <= Duration::from_secs(1), "health noticed the outage after {first_503:?}");

    // Writes and reads that need the database: 503 with the error body, quickly enough.
    let started = Instant::now();
    let refused = app
        .post_as(
            "/api/transcripts/upload",
            &student.token,
            &upload_body(tutor.id, &fixture("algebra_quadratics.txt"), "plain_text"),
        )
        .await;
    let body = assert_error(refused, 503).await;
    assert_eq!(body["code"], "unavailable");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "a refused write took {:?}",
        started.elapsed()
    );
    let login = app
        .post_json(
            "/api/auth/login",
            &serde_json::json!({"email": student.email, "password": crate::helpers::TEST_PASSWORD}),
        )
        .await;
    assert_eq!(assert_error(login, 503).await["code"], "unavailable");
    assert_error(app.get_as(&format!("/api/sessions/{before_id}"), &student.token).await, 503)
        .await;

    switch.up();
    eventually(Duration::from_secs(30), "health to recover", || async {
        (health(&app).await.0 == 200).then_some(())
    })
    .await;
    // The session accepted before the outage is analyzed once the workers are back.
    let detail =
        eventually(Duration::from_secs(90), "the earlier upload to be analyzed", || async {
            let detail: Value = app
                .get_as(&format!("/api/sessions/{before_id}"), &student.token)
                .await
                .json()
                .await
                .ok()?;
            (detail["status"] == "analyzed").then_some(detail)
        })
        .await;
    assert!(!detail["concepts"].as_array().expect("concepts").is_empty());
    // And new work goes through end to end.
    let after =
        app.upload_and_analyze(&student, &tutor, "chemistry_stoichiometry.vtt", "vtt").await;
    assert_eq!(after.session.status, SessionStatus::Analyzed);
    // The refused upload left nothing behind: exactly the two accepted sessions exist.
    let list: Value = app
        .get_as(&format!("/api/sessions/student/{}", student.id), &student.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 2, "{list}");
}
