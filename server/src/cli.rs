//! Command-line interface: `serve` (the default), `worker`, `migrate`, `seed`, `create-user`.

use anyhow::Context;
use app::{
    domain::{Email, Grade, Password, PersonName, Role},
    server::{
        config::Settings,
        db,
        jobs::JobRunner,
        services::users::{self, NewUser},
        state::AppState,
    },
};
use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::{seed, startup::Application, telemetry};

#[derive(Debug, Parser)]
#[command(name = "study-companion", version, about = "Study Companion: between tutoring sessions")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (and run job workers in-process unless jobs.in_process is false).
    Serve,
    /// Run job workers only, for a deployment with separate worker processes.
    Worker,
    /// Apply, roll back or list migrations.
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Create the demo accounts if the database has no users yet; with --demo, also whatever
    /// of the demo content is missing (analyzed sessions, a finished practice, reviews due, a
    /// goal), whatever else the database holds.
    Seed {
        #[arg(long)]
        demo: bool,
    },
    /// Create a user with any role (the only way besides an admin to make tutors and admins).
    /// The password is asked for at a prompt (never an argument, which the process list and
    /// shell history would keep), or read from standard input with --password-stdin.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "student")]
        role: String,
        #[arg(long)]
        grade: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration (the default).
    Up,
    /// Roll back the newest migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            if app.state().settings.seed.demo {
                seed::demo_if_empty(app.state()).await?;
            }
            app.run_until_stopped(shutdown_signal()).await
        }
        Command::Worker => {
            let state = connect(settings).await?;
            tracing::info!("worker process started");
            JobRunner::new(&state).run_until(shutdown_signal()).await.map_err(anyhow::Error::msg)
        }
        Command::Migrate { action } => {
            let conn = db::connect(&settings.database).await?;
            match action.unwrap_or(MigrateAction::Up) {
                MigrateAction::Up => {
                    app::server::migrate(&conn).await?;
                    println!("migrations applied");
                }
                MigrateAction::Down { steps } => {
                    Migrator::down(&conn, Some(steps)).await.context("rolling back")?;
                    println!("rolled back {steps} migration(s)");
                }
                MigrateAction::Status => {
                    for migration in Migrator::get_migration_with_status(&conn).await? {
                        println!("{:?}\t{}", migration.status(), migration.name());
                    }
                }
            }
            Ok(())
        }
        Command::Seed { demo } => {
            let state = connect(settings).await?;
            if demo { seed::demo(&state).await } else { seed::accounts_if_empty(&state).await }
        }
        Command::CreateUser { email, name, password_stdin, role, grade } => {
            let password = read_password(password_stdin)?;
            let state = connect(settings).await?;
            let invalid = |field: &str, e: app::domain::Invalid| anyhow::anyhow!("{field}: {e}");
            let new = NewUser {
                email: Email::parse(&email).map_err(|e| invalid("--email", e))?,
                name: PersonName::parse(&name).map_err(|e| invalid("--name", e))?,
                password: Password::parse(&password).map_err(|e| invalid("--password", e))?,
                role: Role::parse(&role).map_err(|e| invalid("--role", e))?,
                grade: Grade::parse_optional(grade.as_deref().unwrap_or(""))
                    .map_err(|e| invalid("--grade", e))?,
            };
            let user = users::create_user(&state, new).await?;
            println!("created {} {} ({})", user.role, user.email, user.id);
            Ok(())
        }
    }
}

/// The new user's password: a line of standard input, or typed twice at a prompt without echo.
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from stdin")?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let again = rpassword::prompt_password("Password again: ").context("reading the password")?;
    anyhow::ensure!(first == again, "the two passwords differ");
    Ok(first)
}

/// Connects and migrates, for the commands that do not serve HTTP.
async fn connect(settings: Settings) -> anyhow::Result<AppState> {
    let conn = db::connect(&settings.database).await?;
    app::server::migrate(&conn).await?;
    Ok(AppState::new(conn, settings))
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests and jobs");
}
