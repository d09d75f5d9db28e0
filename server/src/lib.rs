//! The `study-companion` binary's library: startup, telemetry, and the CLI commands, exposed so
//! integration tests can build the real application.

pub mod cli;
pub mod seed;
pub mod startup;
pub mod telemetry;
