//! A student's plan and help: dashboard, goals, one goal, chat, suggestions, tutors, bookings.
//! One route component per file; the router (`views::app`) puts them together.

#![recursion_limit = "512"]

use ::ui::{api, components, domain, dto, error};

pub mod bookings;
pub mod chat;
pub mod dashboard;
pub mod goal;
pub mod goals;
pub mod suggestions;
pub mod tutors;
