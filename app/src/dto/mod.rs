//! Wire types shared by the server and the browser. Never database entities.

pub mod chat;
pub mod goal;
pub mod health;
pub mod jobs;
pub mod notification;
pub mod page;
pub mod practice;
pub mod progress;
pub mod session;
pub mod user;
