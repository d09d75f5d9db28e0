//! Signing in and the account: home, log in, register, password reset, profile, notifications,
//! not found.
//! One route component per file; the router (`views::app`) puts them together.

#![recursion_limit = "512"]

use ::ui::{api, components, domain};

pub mod forgot_password;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod register;
pub mod reset_password;
