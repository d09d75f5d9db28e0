//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` annotations and the
//! DTOs' schemas as the router is built (`rest::router`), so a route cannot exist without being
//! described. Served at `/api/openapi.json`; `/api/docs` shows it with Redoc (from npm, served by
//! us: no CDN).

use axum::{
    Json,
    http::{HeaderValue, header},
    response::{Html, IntoResponse, Response},
};
use utoipa::{
    Modify, OpenApi,
    openapi::{
        self, ContentBuilder, RefOr, ResponseBuilder,
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Study Companion API",
        description = "The JSON API of Study Companion. Errors are always `{error, code}` (with \
                       `fields` for validation, `retryAfter` when rate limited). Authenticate \
                       with `Authorization: Bearer <token>` from `/api/auth/login`, or the \
                       session cookie the same call sets."
    ),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("cookie" = [])),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, api: &mut openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::server::auth::cookie::SESSION_COOKIE,
            ))),
        );
    }
}

/// The document as served: paths under `prefix` (where the router is nested), and every
/// operation also answering with the error shape: any status it does not list (400, 401, 403,
/// 404, 409, 413, 422, 429, 503…) carries an `ErrorBody`.
pub fn finish(mut api: openapi::OpenApi, prefix: &str) -> openapi::OpenApi {
    api.paths.paths = std::mem::take(&mut api.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("{prefix}{path}"), item))
        .collect();
    let error = ResponseBuilder::new()
        .description("An error: `{error, code}`, with `fields` for validation errors")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(openapi::Ref::from_schema_name("ErrorBody"))))
                .build(),
        )
        .build();
    for item in api.paths.paths.values_mut() {
        for operation in
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch]
                .into_iter()
                .flatten()
        {
            operation
                .responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| RefOr::T(error.clone()));
        }
    }
    api
}

/// `GET /api/openapi.json`.
pub async fn document(api: std::sync::Arc<openapi::OpenApi>) -> Response {
    Json(api.as_ref()).into_response()
}

/// `GET /api/docs`: Redoc reading `/api/openapi.json`. Its bundle is copied from npm into the
/// site root at build time (`/docs/redoc.standalone.js`).
pub async fn docs_page() -> Response {
    let mut response = Html(DOCS_PAGE).into_response();
    // Redoc styles itself inline and renders in web workers from blobs.
    let csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
               img-src 'self' data:; worker-src 'self' blob:; font-src 'self' data:; \
               object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    response
}

const DOCS_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Study Companion API</title>
</head>
<body>
<redoc spec-url="/api/openapi.json" hide-download-button="false"></redoc>
<script src="/docs/redoc.standalone.js"></script>
</body>
</html>
"#;
