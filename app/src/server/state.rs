//! `AppState`: what every request handler, server function and job can reach.

use std::{ops::Deref, sync::Arc};

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use super::{
    ai::{self, AiProvider},
    assets::AssetNames,
    auth::{password::Hasher, throttle::AccountThrottle, user_cache::UserCache},
    clock::Clock,
    config::{AppEnv, Settings},
    metrics::Metrics,
    middleware::visitor_pages::VisitorPages,
    queue::JobQueue,
};

/// Cheap to clone: one reference count. Every request clones it several times (each middleware
/// with state, the page's context, each server function), so the handles sit behind one `Arc`
/// rather than being cloned one by one; fields read through `Deref` (`state.db`).
#[derive(Clone)]
pub struct AppState(Arc<Handles>);

/// What [`AppState`] holds: every field is a handle.
#[derive(Clone)]
pub struct Handles {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jobs: JobQueue,
    pub ai: Arc<dyn AiProvider>,
    pub clock: Clock,
    /// Password checks per account per minute.
    pub throttle: AccountThrottle,
    /// The password hashing threads and their bounded queue.
    pub hasher: Hasher,
    /// Accounts the session middleware resolved within the last second.
    pub users: Arc<UserCache>,
    /// What `/metrics` exports.
    pub metrics: Arc<Metrics>,
    pub leptos_options: LeptosOptions,
    /// The stylesheet, JS glue and bundle the pages link to (read once, see [`AssetNames`]).
    pub assets: Arc<AssetNames>,
    /// Visitor pages rendered once (see [`VisitorPages`]).
    pub visitor_pages: Arc<VisitorPages>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        let jobs = JobQueue::new(&db, settings.jobs.max_attempts);
        let leptos_options = LeptosOptions::builder()
            .output_name("study-companion")
            .site_root(settings.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(settings.site_addr)
            .hash_files(built_with_hashes())
            .build();
        let assets = Arc::new(AssetNames::for_site(&leptos_options));
        let ai = ai::from_settings(&settings.ai);
        let clock =
            if settings.env == AppEnv::Test { Clock::adjustable() } else { Clock::system() };
        let throttle = AccountThrottle::new(settings.rate_limit.auth_per_minute);
        Self(Arc::new(Handles {
            db,
            settings: Arc::new(settings),
            jobs,
            ai,
            clock,
            throttle,
            hasher: Hasher::start(),
            users: Arc::new(UserCache::default()),
            metrics: Arc::new(Metrics::new()),
            leptos_options,
            assets,
            visitor_pages: Arc::new(VisitorPages::default()),
        }))
    }

    /// The same state with another AI provider (tests point it at a mock server).
    pub fn with_ai(self, ai: Arc<dyn AiProvider>) -> Self {
        let mut handles = Arc::unwrap_or_clone(self.0);
        handles.ai = ai;
        Self(Arc::new(handles))
    }
}

impl Deref for AppState {
    type Target = Handles;

    fn deref(&self) -> &Handles {
        &self.0
    }
}

/// True when cargo-leptos built this binary's site with content-hashed file names: it then leaves
/// `hash.txt` (the hashes) next to the executable, where the hydration scripts and the
/// stylesheet link read them. Test binaries and plain `cargo run` have none and use plain names.
fn built_with_hashes() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
