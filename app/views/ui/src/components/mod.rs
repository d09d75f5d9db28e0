//! Reusable view components.

pub mod answer_stream;
pub mod auth;
pub mod booking;
pub mod charts;
pub mod chat;
pub mod flags;
pub mod form;
pub mod goal_parts;
pub mod layout;
pub mod mastery_chart;
pub mod notifications;
pub mod nudge_settings;
pub mod poll;
pub mod resource;
pub mod roster;
pub mod session_list;
pub mod status;
pub mod suggestions;
