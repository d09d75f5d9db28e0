//! Reusable view components.

pub mod answer_stream;
pub mod auth;
pub mod charts;
pub mod chat;
pub mod form;
pub mod goal_parts;
pub mod layout;
pub mod notifications;
pub mod nudge_settings;
pub mod poll;
pub mod status;
pub mod suggestions;
