//! The `study-companion` binary's library: startup, telemetry, and the CLI commands, exposed so
//! integration tests can build the real application.

// The route tree is a deeply nested type; the default limit is too small for it.
#![recursion_limit = "512"]

pub mod cli;
pub mod seed;
pub mod startup;
pub mod telemetry;
