//! Server-function failures answer with the error's own status. server_fn reports every error
//! as a 500 with a `serverfnerror` header; the body is our `AppError` (`{error, code}`), so the
//! status is read back from it: a malformed argument is a 400, a missing session a 401, never a
//! blanket 500.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};

use crate::error::AppError;

/// Error bodies are small; anything larger is left as it is.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(server_fn_error_header()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn server_fn_error_header() -> &'static str {
    leptos::server_fn::error::SERVER_FN_ERROR_HEADER
}
