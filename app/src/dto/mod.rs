//! Wire types shared by the server and the browser. Never database entities.

pub mod health;
pub mod jobs;
