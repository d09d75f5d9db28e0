//! One route component per file.

pub mod admin;
pub mod admin_jobs;
pub mod admin_kpis;
pub mod bookings;
pub mod brief;
pub mod chat;
pub mod dashboard;
pub mod forgot_password;
pub mod goal;
pub mod goals;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod practice;
pub mod practice_list;
pub mod profile;
pub mod register;
pub mod reset_password;
pub mod schedule;
pub mod session;
pub mod sessions;
pub mod student;
pub mod suggestions;
pub mod tutors;
pub mod upload;
