//! Integration tests: the real application on port 0, a fresh database per test, on SQLite and
//! on PostgreSQL. One test binary, so linking happens once.

mod helpers;

mod access;
mod auth;
mod bookings;
mod chat;
mod chat_openai;
mod delivery;
mod demo;
mod goals;
mod hardening;
mod health;
mod jobs;
mod kpis;
mod links;
mod metrics;
mod nudges;
mod openai;
mod openapi;
mod outage;
mod practice;
mod scale;
mod sessions;
mod snapshots;
mod suggestions;
mod tutor_dashboard;
mod visitor_pages;
