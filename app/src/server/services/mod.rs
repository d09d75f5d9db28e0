//! Workflows used by server functions, REST handlers and jobs alike.

pub mod accounts;
pub mod admin;
pub mod goals;
pub mod links;
pub mod outbox;
pub mod sessions;
pub mod users;
