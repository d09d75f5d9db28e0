//! Reusable view components.

pub mod auth;
pub mod form;
pub mod layout;
