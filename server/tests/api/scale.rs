//! Proof at scale on PostgreSQL: the real binary as two web processes and two worker processes on
//! one database. 200 uploads spread over both web processes; one worker is killed with SIGKILL
//! mid-run. Every session ends analyzed exactly once (one practice, one notification of each
//! kind), and nothing is left stuck in the queue.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use futures::StreamExt;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::helpers::{Backend, TEST_PASSWORD, TestDb};
use crate::helpers::{fixture, upload_body};

const UPLOADS: usize = 200;
const STUDENTS: usize = 4;
const FIXTURES: [(&str, &str); 6] = [
    ("algebra_quadratics.txt", "plain_text"),
    ("chemistry_stoichiometry.vtt", "vtt"),
    ("essay_writing.srt", "srt"),
    ("sat_reading.json", "json"),
    ("biology_cells.csv", "csv"),
    ("physics_forces.md", "markdown"),
];

/// Child processes, killed when the test ends however it ends.
struct Processes {
    children: Vec<(String, Child)>,
    logs: tempfile::TempDir,
}

impl Processes {
    fn start(&mut self, name: &str, args: &[&str], env: &[(&str, String)]) {
        let log = std::fs::File::create(self.logs.path().join(format!("{name}.log")))
            .expect("a log file");
        let child = Command::new(env!("CARGO_BIN_EXE_study-companion"))
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("the study-companion binary starts");
        self.children.push((name.to_owned(), child));
    }

    fn kill(&mut self, name: &str) {
        let (_, child) =
            self.children.iter_mut().find(|(n, _)| n == name).expect("a process by that name");
        // `Child::kill` is SIGKILL on Unix: no shutdown, no cleanup, locks left as they were.
        child.kill().expect("killed");
        child.wait().expect("reaped");
    }

    fn logs(&self) -> String {
        let mut out = String::new();
        for (name, _) in &self.children {
            let text = std::fs::read_to_string(self.logs.path().join(format!("{name}.log")))
                .unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(15).collect();
            out += &format!(
                "--- {name} ---\n{}\n",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        out
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for (_, child) in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("bound").port()
}

async fn wait_healthy(client: &reqwest::Client, base: &str, processes: &Processes) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(response) = client.get(format!("{base}/api/health")).send().await
            && response.status() == 200
        {
            return;
        }
        assert!(Instant::now() < deadline, "{base} never became healthy\n{}", processes.logs());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn count(conn: &mut sqlx::PgConnection, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// One `apalis.jobs` row: type, status, attempts, locked by, last result.
type JobRow = (String, String, i32, Option<String>, Option<String>);

/// The queue rows that are not done, for a failure message.
async fn unfinished_jobs(conn: &mut sqlx::PgConnection) -> String {
    let rows: Vec<JobRow> = sqlx::query_as(
        "SELECT job_type, status, attempts, lock_by, CAST(last_result AS TEXT) FROM apalis.jobs \
         WHERE status <> 'Done' ORDER BY run_at LIMIT 20",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap_or_default();
    let workers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, worker_type, CAST(last_seen AS TEXT) FROM apalis.workers ORDER BY last_seen",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap_or_default();
    format!("unfinished jobs: {rows:#?}\nworkers: {workers:#?}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_web_and_two_worker_processes_analyze_every_upload_exactly_once() {
    let db = TestDb::new(Backend::Postgres).await;
    let secret = format!("{:x}{:x}", rand::random::<u128>(), rand::random::<u128>());
    let common = |addr: Option<u16>| {
        let mut env = vec![
            ("DATABASE_URL", db.url.clone()),
            ("JWT_SECRET", secret.clone()),
            ("JOBS_IN_PROCESS", "false".to_owned()),
            ("SEED_DEMO", "false".to_owned()),
            ("AI_PROVIDER", "offline".to_owned()),
            ("LOG_LEVEL", "warn".to_owned()),
            ("LOG_FORMAT", "json".to_owned()),
            ("RATE_LIMIT_MAX", "100000".to_owned()),
        ];
        if let Some(port) = addr {
            env.push(("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")));
        }
        env
    };
    let mut processes =
        Processes { children: Vec::new(), logs: tempfile::tempdir().expect("a log directory") };

    // The processes start together: migrations take turns behind an advisory lock.
    let ports = [free_port(), free_port()];
    processes.start("web-1", &["serve"], &common(Some(ports[0])));
    processes.start("web-2", &["serve"], &common(Some(ports[1])));
    processes.start("worker-1", &["worker"], &common(None));
    processes.start("worker-2", &["worker"], &common(None));
    let bases: Vec<String> = ports.iter().map(|p| format!("http://127.0.0.1:{p}")).collect();
    app::server::ai::openai::install_tls_provider();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("an HTTP client");
    for base in &bases {
        wait_healthy(&client, base, &processes).await;
    }

    // A tutor from the command line, students through the API (half on each web process).
    let mut cli = Command::new(env!("CARGO_BIN_EXE_study-companion"))
        .args(["create-user", "--email", "tutor@scale.test", "--name", "Scale Tutor"])
        .args(["--role", "tutor", "--password-stdin"])
        .envs(common(None))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("create-user starts");
    {
        use std::io::Write;
        let mut stdin = cli.stdin.take().expect("stdin");
        writeln!(stdin, "{TEST_PASSWORD}").expect("password written");
    }
    assert!(cli.wait().expect("create-user ends").success(), "create-user failed");
    let tutor: Value = client
        .post(format!("{}/api/auth/login", bases[0]))
        .json(&json!({"email": "tutor@scale.test", "password": TEST_PASSWORD}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let tutor_id = tutor["user"]["id"].as_str().expect("the tutor's id").to_owned();
    let mut students = Vec::new();
    for n in 0..STUDENTS {
        let registered: Value = client
            .post(format!("{}/api/auth/register", bases[n % 2]))
            .json(&json!({
                "email": format!("student{n}@scale.test"),
                "password": TEST_PASSWORD,
                "name": format!("Student {n}"),
            }))
            .send()
            .await
            .expect("register")
            .json()
            .await
            .expect("json");
        students.push(registered["token"].as_str().expect("a token").to_owned());
    }

    let tutor_uuid: uuid::Uuid = tutor_id.parse().expect("a uuid");
    let bodies: Vec<Value> = FIXTURES
        .iter()
        .map(|(file, format)| upload_body(tutor_uuid, &fixture(file), format))
        .collect();
    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("a connection");

    // Uploads, eight at a time, alternating web processes; one worker dies part-way.
    let started = Instant::now();
    let uploads = futures::stream::iter(0..UPLOADS)
        .map(|n| {
            let client = client.clone();
            let url = format!("{}/api/transcripts/upload", bases[n % 2]);
            let token = students[n % STUDENTS].clone();
            let body = bodies[n % bodies.len()].clone();
            async move {
                let response =
                    client.post(url).bearer_auth(token).json(&body).send().await.expect("upload");
                response.status().as_u16()
            }
        })
        .buffer_unordered(8);
    futures::pin_mut!(uploads);
    let mut accepted = 0;
    let mut killed = false;
    while let Some(status) = uploads.next().await {
        assert_eq!(status, 202, "an upload was refused\n{}", processes.logs());
        accepted += 1;
        if !killed && accepted >= UPLOADS / 4 {
            let analyzed =
                count(&mut conn, "SELECT COUNT(*) FROM sessions WHERE status = 'analyzed'").await;
            if analyzed > 0 {
                processes.kill("worker-1");
                killed = true;
            }
        }
    }
    if !killed {
        processes.kill("worker-1");
    }
    let uploaded_in = started.elapsed();

    // Everything settles on the surviving worker, including what the dead one held: a job it
    // was running when killed (perhaps after its work was committed) goes back to the queue once
    // the worker misses its heartbeats and runs again, so the queue must drain too.
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let open = count(
            &mut conn,
            "SELECT COUNT(*) FROM sessions WHERE status <> 'analyzed' AND status <> 'failed'",
        )
        .await
            + count(&mut conn, "SELECT COUNT(*) FROM practices WHERE status = 'generating'").await
            + count(
                &mut conn,
                "SELECT COUNT(*) FROM apalis.jobs WHERE status IN ('Pending', 'Queued', 'Running') \
                 AND job_type IN ('analyze-transcript', 'generate-practice')",
            )
            .await;
        if open == 0 {
            break;
        }
        if Instant::now() > deadline {
            let jobs = unfinished_jobs(&mut conn).await;
            panic!(
                "{open} sessions, practices or queued jobs still open after 5 minutes\n{jobs}\n{}",
                processes.logs()
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let settled_in = started.elapsed();

    let sessions = count(&mut conn, "SELECT COUNT(*) FROM sessions").await;
    let analyzed =
        count(&mut conn, "SELECT COUNT(*) FROM sessions WHERE status = 'analyzed'").await;
    assert_eq!((sessions, analyzed), (UPLOADS as i64, UPLOADS as i64), "{}", processes.logs());
    // One automatic practice per session, ready.
    let practices = count(
        &mut conn,
        "SELECT COUNT(*) FROM practices WHERE kind = 'session' AND status = 'ready'",
    )
    .await;
    let sessions_with_two = count(
        &mut conn,
        "SELECT COUNT(*) FROM (SELECT session_id FROM practices GROUP BY session_id \
         HAVING COUNT(*) > 1) AS doubled",
    )
    .await;
    assert_eq!((practices, sessions_with_two), (UPLOADS as i64, 0));
    // One notification of each kind per session.
    for kind in ["analysis_ready", "practice_ready"] {
        let total =
            count(&mut conn, &format!("SELECT COUNT(*) FROM notifications WHERE kind = '{kind}'"))
                .await;
        let doubled = count(
            &mut conn,
            &format!(
                "SELECT COUNT(*) FROM (SELECT link FROM notifications WHERE kind = '{kind}' \
                 GROUP BY link HAVING COUNT(*) > 1) AS doubled"
            ),
        )
        .await;
        assert_eq!((total, doubled), (UPLOADS as i64, 0), "{kind} notifications");
    }
    // Each session's concepts were stored once (a second run would duplicate nothing either,
    // but the evidence rows show whether two runs raced).
    let duplicated_concepts = count(
        &mut conn,
        "SELECT COUNT(*) FROM (SELECT session_id, concept_id FROM session_concepts \
         GROUP BY session_id, concept_id HAVING COUNT(*) > 1) AS doubled",
    )
    .await;
    assert_eq!(duplicated_concepts, 0);
    // Nothing failed in the queue (nothing is left in it: see the loop above).
    let failed = count(
        &mut conn,
        "SELECT COUNT(*) FROM apalis.jobs WHERE status IN ('Failed', 'Killed') \
         AND job_type IN ('analyze-transcript', 'generate-practice')",
    )
    .await;
    assert_eq!(failed, 0, "{}", processes.logs());
    eprintln!(
        "scale: {UPLOADS} uploads accepted in {uploaded_in:?}, all analyzed with practice in \
         {settled_in:?} (one worker killed mid-run)"
    );
}
