//! Reusable view components.

pub mod auth;
pub mod charts;
pub mod form;
pub mod layout;
pub mod notifications;
pub mod poll;
pub mod status;
