//! Reusable view components.

pub mod layout;
