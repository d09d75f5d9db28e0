//! The backend core, compiled only with `ssr`.

pub mod ai;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod entities;
pub mod jobs;
pub mod middleware;
pub mod rest;
pub mod services;
pub mod state;
pub mod transcript;
