//! How responses travel: static files in their precompressed brotli/gzip variants, a year of
//! `immutable` caching for content-hashed names, pages and JSON compressed on the fly, and
//! `Cache-Control`/`Vary` headers that let browsers and caches do the right thing.

use std::path::Path;

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    hashed_bundle_files_come_precompressed_and_cached_for_a_year,
    unhashed_static_files_are_revalidated,
    pages_are_compressed_and_never_cached_without_asking,
    json_is_compressed_only_for_clients_that_accept_it,
    a_page_goes_out_whole_and_links_its_bundle,
);

/// cargo-leptos' hashed name: `<output>.<22 characters of base64url MD5>.<ext>`.
const WASM: &str = "study-companion.5TQ9mNsPtGhGZ4Sdy1V8Yw.wasm";

/// A site root like cargo-leptos' `--precompress` leaves: each file with `.br` and `.gz`
/// variants (here with recognisable contents instead of real compressed bytes).
fn site_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("a temporary directory");
    let pkg = root.path().join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg dir");
    let write = |name: &str, body: &str| std::fs::write(pkg.join(name), body).expect("write");
    write(WASM, "raw wasm");
    write(&format!("{WASM}.br"), "brotli wasm");
    write(&format!("{WASM}.gz"), "gzip wasm");
    write("study-companion.css", "body {}");
    root
}

async fn app_serving(backend: Backend, root: &Path) -> TestApp {
    let root = root.display().to_string();
    spawn_app_with(backend, move |settings| settings.site_root = root).await
}

async fn get_encoded(app: &TestApp, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    request.send().await.expect("request sent")
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

async fn hashed_bundle_files_come_precompressed_and_cached_for_a_year(backend: Backend) {
    let root = site_root();
    let app = app_serving(backend, root.path()).await;
    let path = format!("/pkg/{WASM}");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br, zstd"), "br", "brotli wasm"),
        (Some("gzip"), "gzip", "gzip wasm"),
        (None, "", "raw wasm"),
    ] {
        let response = get_encoded(&app, &path, accept).await;
        assert_eq!(response.status(), 200, "{accept:?}");
        assert_eq!(header(&response, "content-encoding"), encoding, "{accept:?}");
        assert_eq!(header(&response, "cache-control"), "public, max-age=31536000, immutable");
        assert_eq!(header(&response, "vary").to_ascii_lowercase(), "accept-encoding", "{accept:?}");
        assert_eq!(response.text().await.expect("body"), body, "{accept:?}");
    }
    // A hashed name that does not exist is no promise of anything.
    let missing = get_encoded(&app, "/pkg/study-companion.AAAAAAAAAAAAAAAAAAAAAA.wasm", None).await;
    assert_eq!(missing.status(), 404);
    assert_ne!(header(&missing, "cache-control"), "public, max-age=31536000, immutable");
}

async fn unhashed_static_files_are_revalidated(backend: Backend) {
    let root = site_root();
    let app = app_serving(backend, root.path()).await;
    let response = get_encoded(&app, "/pkg/study-companion.css", Some("br")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "cache-control"), "no-cache");
    assert!(header(&response, "vary").to_ascii_lowercase().contains("accept-encoding"));
    // leptos_axum's file handler forwards only Accept-Encoding to ServeDir, so a conditional
    // request still gets the whole file (no 304); the validator is there for when it does.
    assert!(!header(&response, "last-modified").is_empty(), "revalidation needs a validator");
}

async fn pages_are_compressed_and_never_cached_without_asking(backend: Backend) {
    let app = spawn_app(backend).await;
    let plain = get_encoded(&app, "/login", None).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, "cache-control"), "private, no-cache");
    let plain_length = plain.bytes().await.expect("body").len();

    let compressed = get_encoded(&app, "/login", Some("gzip, deflate, br")).await;
    assert_eq!(compressed.status(), 200);
    assert_eq!(header(&compressed, "content-encoding"), "br");
    assert_eq!(header(&compressed, "cache-control"), "private, no-cache");
    assert!(header(&compressed, "vary").to_ascii_lowercase().contains("accept-encoding"));
    assert!(header(&compressed, "content-security-policy").contains("nonce-"));
    let length = compressed.bytes().await.expect("body").len();
    assert!(length * 2 < plain_length, "brotli shrinks the page: {length} of {plain_length} bytes");
}

async fn json_is_compressed_only_for_clients_that_accept_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let plain = get_encoded(&app, "/api/openapi.json", None).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(header(&plain, "cache-control").is_empty(), "JSON caching stays the handler's call");
    let document: serde_json::Value = plain.json().await.expect("plain JSON");
    assert!(document["paths"].is_object());

    let gzip = get_encoded(&app, "/api/openapi.json", Some("gzip")).await;
    assert_eq!(gzip.status(), 200);
    assert_eq!(header(&gzip, "content-encoding"), "gzip");
    let body = gzip.bytes().await.expect("body");
    assert_eq!(&body[..2], [0x1f, 0x8b], "a gzip stream");
    assert!(body.len() * 3 < document.to_string().len(), "{} bytes compressed", body.len());

    // Small answers stay as they are: compressing a few bytes costs more than it saves.
    let small = get_encoded(&app, "/api/auth/me", Some("br")).await;
    assert_eq!(small.status(), 401);
    assert_eq!(header(&small, "content-encoding"), "");
}

/// Issue 15: a page is sent in one piece with its length (not streamed in chunks), and the shell
/// links the stylesheet, the JS glue and the bundle it starts with the request's nonce.
async fn a_page_goes_out_whole_and_links_its_bundle(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = get_encoded(&app, "/login", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "transfer-encoding"), "", "not chunked");
    let length: usize = header(&response, "content-length").parse().expect("a content-length");
    let csp = header(&response, "content-security-policy").to_owned();
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next());
    let nonce = nonce.expect("a nonce in the CSP").to_owned();
    let page = response.text().await.expect("body");
    assert_eq!(page.len(), length);
    assert!(
        page.contains(r#"<link id="leptos" rel="stylesheet" href="/pkg/study-companion"#),
        "{page}"
    );
    assert!(page.contains(r#"<link rel="modulepreload" href="/pkg/study-companion"#), "{page}");
    assert!(
        page.contains(&format!(
            r#"<script type="module" nonce="{nonce}">import("/pkg/study-companion"#
        )),
        "{page}"
    );
    assert!(page.contains("glue.hydrate()"), "{page}");
}
