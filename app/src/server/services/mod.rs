//! Workflows used by server functions, REST handlers and jobs alike. Each service returns its own
//! error type; `From<…Error> for AppError` beside it is the one place that error becomes a
//! status and a message. Services enqueue work through `server::queue` and never see a job
//! attempt: retrying is the job layer's business.

pub mod accounts;
pub mod activity;
pub mod admin;
pub mod analysis;
pub mod booking;
pub mod chat;
pub mod goals;
pub mod invitations;
pub mod job_runs;
pub mod kpis;
pub mod mastery;
pub mod notifications;
pub mod nudges;
pub mod outbox;
pub mod people;
pub mod practice;
pub mod progress;
pub mod sessions;
pub mod subjects;
pub mod suggestions;
pub mod time;
pub mod tutor;
pub mod uploads;
pub mod users;
