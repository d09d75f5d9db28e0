//! Wire types shared by the server and the browser. Never database entities.

pub mod booking;
pub mod chat;
pub mod goal;
pub mod health;
pub mod invitation;
pub mod jobs;
pub mod kpi;
pub mod notification;
pub mod nudge;
pub mod page;
pub mod practice;
pub mod progress;
pub mod reply;
pub mod session;
pub mod suggestion;
pub mod tutor;
pub mod user;
