//! Counts and times every request under its route template (`/api/sessions/{id}`, not the id),
//! so the series stay few. `track` wraps everything (it runs after the outer routing, so the
//! page routes' templates are known); the nested `/api` router marks its responses with the
//! template it matched, which the outer router only sees as `/api/*`.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};

use crate::server::state::AppState;

/// The route template a response was produced by, set by [`mark_route`].
#[derive(Clone)]
struct RouteTemplate(String);

/// For nested routers: remember the full template on the response.
pub async fn mark_route(request: Request, next: Next) -> Response {
    let template = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(template) = template {
        response.extensions_mut().insert(RouteTemplate(template));
    }
    response
}

pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let outer = match request.extensions().get::<MatchedPath>() {
        // A nest's catch-all (`/api/{*…}`): the inner router knows better, or it did not match.
        Some(path) => match path.as_str().split_once("/{*") {
            Some((prefix, _)) => format!("{prefix}/*"),
            None => path.as_str().to_owned(),
        },
        // The fallback: the bundle, styles and other files (or nothing at all).
        None if request.uri().path().starts_with("/pkg/") => "static".to_owned(),
        None => "unmatched".to_owned(),
    };
    let response = next.run(request).await;
    let route = response.extensions().get::<RouteTemplate>().map_or(outer, |t| t.0.clone());
    state.metrics.request(&method, &route, response.status().as_u16(), started.elapsed());
    response
}
