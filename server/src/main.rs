//! `study-companion`: serve | worker | migrate | seed | create-user.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = server::cli::Cli::parse();
    match server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // One clear line, not a panic trace: this is what an operator reads first.
            eprintln!("study-companion: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
