//! How long browsers keep what we send, and `Vary` for the precompressed static files.
//!
//! cargo-leptos names the bundle, its JS glue and the stylesheet after their content
//! (`study-companion.<md5>.wasm`, see `hash-files` in Cargo.toml): such a file never changes, so
//! it is cached for a year as `immutable` and a repeat visit asks for nothing under `/pkg`. Every
//! other static file is revalidated (`no-cache`, answered 304 from its `Last-Modified`), and so
//! are pages: they are rendered per user, so shared caches keep none of them (`private`).
//! Static files come in brotli and gzip variants next to the original (`--precompress`), so
//! their answer depends on `Accept-Encoding` and says so.

use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// A content-hashed file: never changes, kept a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Anything else: kept, but asked about again before each use.
const REVALIDATE: &str = "no-cache";
/// Pages: per user, so only the browser keeps them, and asks again before each use.
const PAGE: &str = "private, no-cache";

/// The length of cargo-leptos' content hash: an MD5 in unpadded base64url.
const HASH_LENGTH: usize = 22;

/// True for `/pkg/<name>.<hash>.<ext>`: a file named after its content.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/").and_then(|rest| rest.rsplit('/').next()) else {
        return false;
    };
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() == HASH_LENGTH
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Sets `Cache-Control` (unless the handler chose one) on pages and static files, and
/// `Vary: Accept-Encoding` on static files.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers();
    let is_page = super::pages::is_page(headers);
    let is_static = !is_page
        && !path.starts_with("/api/")
        && (path.starts_with("/pkg/") || headers.contains_key(header::LAST_MODIFIED));
    let found =
        response.status() == StatusCode::OK || response.status() == StatusCode::NOT_MODIFIED;
    let policy = if is_static && found && is_hashed_asset(&path) {
        IMMUTABLE
    } else if is_static {
        REVALIDATE
    } else if is_page {
        PAGE
    } else {
        return response;
    };
    let headers = response.headers_mut();
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(policy));
    let varies = headers.get_all(header::VARY).iter().any(|value| {
        value.to_str().is_ok_and(|value| value.to_ascii_lowercase().contains("accept-encoding"))
    });
    if is_static && !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_files_named_after_their_content_count_as_hashed() {
        assert!(is_hashed_asset("/pkg/study-companion.5TQ9mNsPtGhGZ4Sdy1V8Yw.wasm"));
        assert!(is_hashed_asset("/pkg/study-companion.a-b_cdefghijklmnopqrst.css"));
        assert!(is_hashed_asset("/pkg/__wasm_split.5TQ9mNsPtGhGZ4Sdy1V8Yw.js"));
        assert!(!is_hashed_asset("/pkg/study-companion.wasm"));
        assert!(!is_hashed_asset("/pkg/study-companion_bg.wasm"));
        assert!(!is_hashed_asset("/pkg/5TQ9mNsPtGhGZ4Sdy1V8Yw"));
        assert!(!is_hashed_asset("/pkg/study-companion.5TQ9mNsPtGhGZ4Sdy1V8Y.wasm"));
        assert!(!is_hashed_asset("/pkg/study-companion.5TQ9mNsPtGhGZ4Sdy1V8Y!.wasm"));
        assert!(!is_hashed_asset("/favicon.5TQ9mNsPtGhGZ4Sdy1V8Yw.ico"));
    }
}
