//! One route component per file.

pub mod admin;
pub mod dashboard;
pub mod forgot_password;
pub mod goals;
pub mod home;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod register;
pub mod reset_password;
