//! Workflows used by server functions, REST handlers and jobs alike.

pub mod accounts;
pub mod admin;
pub mod analysis;
pub mod goals;
pub mod links;
pub mod mastery;
pub mod notifications;
pub mod outbox;
pub mod people;
pub mod practice;
pub mod progress;
pub mod sessions;
pub mod time;
pub mod uploads;
pub mod users;
