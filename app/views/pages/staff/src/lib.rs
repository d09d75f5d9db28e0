//! Tutors' and admins' pages: one student, the brief, the schedule, admin, KPIs, jobs.
//! One route component per file; the router (`views::app`) puts them together.

#![recursion_limit = "512"]

use ::ui::{api, components, domain, dto, error};

pub mod admin;
pub mod admin_jobs;
pub mod admin_kpis;
pub mod brief;
pub mod schedule;
pub mod student;
