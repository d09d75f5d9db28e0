//! The baseline for `make bench`: a bare axum route on the same runtime and allocator, with no
//! middleware, no database and no rendering, so the app's overhead reads as a ratio.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("BARE_ADDR").unwrap_or_else(|_| "127.0.0.1:3901".to_owned());
    #[expect(clippy::disallowed_methods, reason = "the baseline is a bare axum route")]
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await
}
