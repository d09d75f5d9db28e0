//! One route component per file.

pub mod home;
pub mod not_found;
