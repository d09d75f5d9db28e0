//! A student's sessions and practice: the session list, one session, upload, the practice list
//! and one practice.
//! One route component per file; the router (`views::app`) puts them together.

#![recursion_limit = "512"]

use ::ui::{api, components, domain, dto, error};

pub mod practice;
pub mod practice_list;
pub mod session;
pub mod sessions;
pub mod upload;
