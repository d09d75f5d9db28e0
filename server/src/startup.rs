//! Building the application: database, router, middleware, workers, listener.

use std::{future::Future, time::Duration};

use anyhow::Context;
use app::server::{
    auth::session::resolve_session,
    config::{AppEnv, Settings},
    db,
    jobs::JobRunner,
    middleware::{caching, metrics, pages, rate_limit, security, server_fn, visitor_pages},
    render_reads::RenderReads,
    rest,
    state::AppState,
};
use axum::serve::{ListenerExt, TapIo};
use axum::{
    Router,
    body::Body,
    extract::DefaultBodyLimit,
    http::{HeaderValue, Request, header},
};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tokio::{
    net::{TcpListener, TcpStream},
    sync::watch,
};
use tower::ServiceBuilder;
use tower_http::{
    compression::{
        CompressionLayer,
        predicate::{NotForContentType, Predicate, SizeAbove},
    },
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer},
};
use tracing::Level;
use views::app::{App, shell};

/// Every accepted connection with `TCP_NODELAY`. A server-rendered page goes out as a stream of
/// small writes (headers, then the shell, then each resolved part); with Nagle's algorithm on,
/// a small write waits for the peer to acknowledge the previous one, and a peer delays that
/// acknowledgement by up to 40 ms. Measured on a keep-alive connection: every SSR page took at
/// least 44 ms (p50 /login and /dashboard alike), capping 10 connections at ~220 pages/s.
fn without_delay(listener: TcpListener) -> TapIo<TcpListener, fn(&mut TcpStream)> {
    fn set_nodelay(stream: &mut TcpStream) {
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "setting TCP_NODELAY failed");
        }
    }
    listener.tap_io(set_nodelay as fn(&mut TcpStream))
}

/// A built application, listening but not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    port: u16,
}

impl Application {
    /// Connects to and migrates the configured database, then binds `settings.site_addr`
    /// (port 0 picks a free port, as tests do).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let conn = db::connect(&settings.database).await?;
        app::server::migrate(&conn).await?;
        Self::build_with_db(settings, conn).await
    }

    /// Builds on an already migrated database.
    pub async fn build_with_db(
        settings: Settings,
        conn: DatabaseConnection,
    ) -> anyhow::Result<Self> {
        let addr = settings.site_addr;
        let listener =
            TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let port = listener.local_addr()?.port();
        let mut settings = settings;
        settings.site_addr.set_port(port);
        let state = AppState::new(conn, settings);
        Ok(Self { listener, state, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then stops accepting connections, finishes in-flight
    /// requests and lets running jobs complete.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let stopped = move || {
            let mut rx = stop_rx.clone();
            async move {
                let _ = rx.wait_for(|stop| *stop).await;
            }
        };
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });

        let workers = self.state.settings.jobs.in_process.then(|| {
            let runner = JobRunner::new(&self.state);
            tokio::spawn(runner.run_until(stopped()))
        });

        tracing::info!(
            addr = %self.listener.local_addr()?,
            env = ?self.state.settings.env,
            workers = workers.is_some(),
            "Study Companion listening on http://{}",
            self.listener.local_addr()?
        );
        let app = router(self.state.clone());
        axum::serve(
            without_delay(self.listener),
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(stopped())
        .await
        .context("the HTTP server stopped with an error")?;

        if let Some(workers) = workers {
            match workers.await {
                Ok(Ok(())) => {}
                Ok(Err(err)) => tracing::warn!(error = %err, "job workers stopped with an error"),
                Err(err) => tracing::warn!(error = %err, "job workers panicked"),
            }
        }
        self.state.db.close_by_ref().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

/// JSON bodies larger than this are refused with 413 (a 1 MB transcript, JSON-escaped, fits).
const API_BODY_LIMIT: usize = 3 * 1024 * 1024;
/// The backstop for every other body (server functions included).
const ANY_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// What every page render and server function gets in its reactive context: the state, the
/// render's shared reads, and a fresh CSP nonce that the hydration scripts carry and the
/// response header names.
fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let state = state.clone();
    let dev_reload = state.settings.env == AppEnv::Development;
    move || {
        provide_context(state.clone());
        provide_context(RenderReads::default());
        leptos::nonce::provide_nonce();
        if let (Some(nonce), Some(response)) =
            (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
            && let Ok(value) = HeaderValue::from_str(&security::page_csp(&nonce, dev_reload))
        {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The whole HTTP surface: REST under `/api`, server functions, pages, static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = page_context(&state);
    let leptos_options = state.leptos_options.clone();
    let assets = state.assets.clone();
    let limits = rate_limit::Limits::new(
        state.settings.rate_limit.max_per_minute,
        state.settings.rate_limit.auth_per_minute,
        &state.settings.rate_limit.trusted_proxies,
    );
    limits.spawn_cleanup();
    state.throttle.spawn_cleanup();
    let https = state.settings.https;

    let (api, _document) = rest::router(&state);
    // Operations endpoint, outside the API and its document (admins or METRICS_TOKEN only).
    #[expect(clippy::disallowed_methods, reason = "Prometheus' scrape endpoint is not REST")]
    let metrics_route = Router::new().route("/metrics", axum::routing::get(rest::metrics::scrape));
    Router::new()
        .merge(api.layer(DefaultBodyLimit::max(API_BODY_LIMIT)))
        .merge(metrics_route)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let (options, assets) = (leptos_options.clone(), assets.clone());
            move || shell(options.clone(), assets.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context,
            move |options| shell(options, assets.clone()),
        ))
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request<Body>| {
                            let request_id = request
                                .extensions()
                                .get::<RequestId>()
                                .and_then(|id| id.header_value().to_str().ok())
                                .unwrap_or_default();
                            tracing::info_span!(
                                "request",
                                method = %request.method(),
                                path = %request.uri().path(),
                                request_id,
                            )
                        })
                        .on_request(())
                        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
                        .on_failure(DefaultOnFailure::new().level(Level::WARN)),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                // Pages and JSON compressed on the fly (brotli 4 / gzip 6), except server-sent
                // events (they must flow), answers under 1 KB (nothing to gain) and WASM (a
                // release build brings its own variants; a debug build's tens of MB on localhost
                // are not worth the CPU). Static files with brotli and gzip variants, made once at
                // build time at the highest level (`--precompress`), pass through untouched.
                .layer(
                    CompressionLayer::new().br(true).gzip(true).compress_when(
                        SizeAbove::new(1024)
                            .and(NotForContentType::SSE)
                            .and(NotForContentType::IMAGES)
                            .and(NotForContentType::const_new("application/wasm")),
                    ),
                )
                // Inside the compression: it gets the page whole, and so does the socket.
                .layer(axum::middleware::from_fn(pages::whole_pages))
                .layer(axum::middleware::from_fn(caching::cache_headers))
                .layer(axum::middleware::from_fn(move |request, next| {
                    security::security_headers(https, request, next)
                }))
                .layer(axum::middleware::from_fn(server_fn::error_status))
                .layer(axum::middleware::from_fn_with_state(limits, rate_limit::enforce))
                .layer(axum::middleware::from_fn(|request, next| {
                    security::limit_body(ANY_BODY_LIMIT, request, next)
                }))
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                ))
                .layer(axum::middleware::from_fn_with_state(state.clone(), resolve_session))
                // Inside the session: it decides from who is signed in (or nobody).
                .layer(axum::middleware::from_fn_with_state(state.clone(), visitor_pages::serve)),
        )
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    /// Regression (issue 15): SSR pages stalled 40 ms per response on delayed ACKs.
    #[tokio::test]
    async fn accepted_connections_do_not_wait_for_acknowledgements() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("an address");
        let mut listener = super::without_delay(listener);
        let _client = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let (stream, _) = listener.accept().await;
        assert!(stream.nodelay().expect("read the option"), "TCP_NODELAY is set");
    }
}
