//! A page leaves the server in one piece.
//!
//! Leptos streams a page as it renders: the shell, then one chunk per resolved `<Suspense>`,
//! each a separate write to the socket and a wake-up of the connection between them (the
//! dashboard went out in four chunks). Our pages' data are reads of a few
//! milliseconds, so streaming saves the browser nothing it can use; sending the page whole, with
//! a `Content-Length`, costs one write (issue 15: `GET /login` +5–16 %, `/dashboard` +3–6 %
//! requests per second on this 2-core machine, two alternating runs each).

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// Far above any page we render; a larger one is refused rather than held in memory.
pub const MAX_PAGE: usize = 8 * 1024 * 1024;

/// True for an HTML answer (a page, or the styled 404).
pub fn is_page(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

pub async fn whole_pages(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !is_page(response.headers()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE).await {
        Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
        Err(err) => {
            tracing::error!(error = %err, "a page could not be rendered whole");
            unrenderable(parts)
        }
    }
}

/// The answer for a page whose body failed or outgrew [`MAX_PAGE`]: a bare 500.
pub fn unrenderable(mut parts: axum::http::response::Parts) -> Response {
    parts.status = StatusCode::INTERNAL_SERVER_ERROR;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::empty())
}
