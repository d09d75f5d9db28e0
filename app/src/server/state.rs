//! `AppState`: what every request handler, server function and job can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use super::{config::Settings, jobs::JobQueue};

/// Cheap to clone: every field is a handle.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jobs: JobQueue,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        let jobs = JobQueue::new(&db, settings.jobs.max_attempts);
        let leptos_options = LeptosOptions::builder()
            .output_name("study-companion")
            .site_root(settings.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(settings.site_addr)
            .build();
        Self { db, settings: Arc::new(settings), jobs, leptos_options }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
