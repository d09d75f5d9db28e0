//! Pages whose answer the session alone decides, answered without rendering them again.
//!
//! - A signed-in account whose browser opens the sign-in page goes straight on to its
//!   dashboard. The page decides that too (its `<Redirect>`), but only after the whole shell was
//!   rendered around it; the browser gets the same 302 either way, so it is given before any
//!   rendering. (With a query, `?next=`, the page decides as before.)
//! - A visitor (no token at all) gets the same home, sign-in, sign-up and forgot-password page
//!   every time: nothing on them reads the database or differs by request, except the CSP
//!   nonce. Each is rendered once per process and kept; every later visitor gets a copy with a
//!   fresh nonce in its scripts and in its `Content-Security-Policy`, so the nonce is never
//!   reused. Requests with a query string, a token (valid or not) or another method render as
//!   usual, and only a plain 200 page that sets no cookie is kept.
//!
//! Issue 15: `GET /login` rendered the shell for every request, a signed-in student's included.

use std::sync::{Arc, OnceLock};

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{pages, security};
use crate::{
    api::safe_next,
    server::{
        auth::current::{AuthFailure, CurrentUser},
        config::AppEnv,
        state::AppState,
    },
};

/// The pages a visitor sees the same way every time. Their views must not read data or vary
/// by request; `visitor_pages_are_rendered_once` (API tests) holds them to it.
const VISITOR_PAGES: [&str; 4] = ["/", "/login", "/register", "/forgot-password"];

/// A visitor page as it was first rendered, with the nonce it was rendered with.
struct Kept {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    nonce: String,
}

/// One slot per entry of `VISITOR_PAGES`, filled by the first render that qualifies.
#[derive(Default)]
pub struct VisitorPages {
    kept: [OnceLock<Arc<Kept>>; VISITOR_PAGES.len()],
}

impl std::fmt::Debug for VisitorPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.iter().filter(|slot| slot.get().is_some()).count();
        f.debug_struct("VisitorPages").field("kept", &kept).finish()
    }
}

pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return next.run(request).await;
    }
    let path = request.uri().path();
    let signed_in = request.extensions().get::<CurrentUser>().is_some();
    if signed_in && path == "/login" && accepts_html(request.headers()) {
        return (StatusCode::FOUND, [(header::LOCATION, safe_next(None))]).into_response();
    }
    let visitor = !signed_in && request.extensions().get::<AuthFailure>().is_none();
    let Some(slot) = VISITOR_PAGES.iter().position(|page| *page == path).filter(|_| visitor) else {
        return next.run(request).await;
    };
    let dev_reload = state.settings.env == AppEnv::Development;
    if let Some(kept) = state.visitor_pages.kept[slot].get() {
        return copy(kept, dev_reload);
    }
    let response = next.run(request).await;
    keep(&state.visitor_pages.kept[slot], response).await
}

/// A browser's navigation. Leptos answers a redirect decided while rendering with a 302 only
/// for these; a server-function client gets the page and a `Location` header instead.
fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("text/html"))
}

/// Keeps a freshly rendered page if it qualifies, and answers with it either way.
async fn keep(slot: &OnceLock<Arc<Kept>>, response: Response) -> Response {
    let qualifies = response.status() == StatusCode::OK
        && pages::is_page(response.headers())
        && !response.headers().contains_key(header::SET_COOKIE);
    let nonce = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|value| value.to_str().ok())
        .and_then(|csp| csp.split("'nonce-").nth(1))
        .and_then(|rest| rest.split('\'').next())
        .filter(|nonce| !nonce.is_empty())
        .map(str::to_owned);
    let (Some(nonce), true) = (nonce, qualifies) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, pages::MAX_PAGE).await else {
        return pages::unrenderable(parts);
    };
    let Ok(body) = std::str::from_utf8(&bytes).map(str::to_owned) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::CONTENT_SECURITY_POLICY);
    let _ = slot.set(Arc::new(Kept { status: parts.status, headers, body, nonce }));
    Response::from_parts(parts, Body::from(bytes))
}

/// The kept page with a nonce of its own.
fn copy(kept: &Kept, dev_reload: bool) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    let mut response = Response::new(Body::from(kept.body.replace(&kept.nonce, &nonce)));
    *response.status_mut() = kept.status;
    *response.headers_mut() = kept.headers.clone();
    if let Ok(csp) = HeaderValue::from_str(&security::page_csp(&nonce, dev_reload)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(nonce: &str, status: StatusCode, cookie: bool) -> Response {
        let body = format!(r#"<html><script nonce="{nonce}">a</script><p>{nonce}?</p></html>"#);
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        let csp = security::page_csp(nonce, false);
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).expect("a header value"),
        );
        if cookie {
            headers.insert(header::SET_COOKIE, HeaderValue::from_static("a=b"));
        }
        response
    }

    async fn text(response: Response) -> String {
        let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("a body");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[tokio::test]
    async fn a_kept_page_is_copied_with_a_new_nonce_everywhere() {
        let slot = OnceLock::new();
        let first = keep(&slot, page("OLDNONCE", StatusCode::OK, false)).await;
        assert!(text(first).await.contains("OLDNONCE"), "the first visitor gets the render");
        let kept = slot.get().expect("kept");
        let copy = copy(kept, false);
        let csp =
            copy.headers()[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii").to_owned();
        assert_eq!(copy.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next());
        let nonce = nonce.expect("a nonce in the copy's CSP").to_owned();
        assert_ne!(nonce, "OLDNONCE");
        let body = text(copy).await;
        assert_eq!(
            body,
            format!(r#"<html><script nonce="{nonce}">a</script><p>{nonce}?</p></html>"#)
        );
    }

    #[tokio::test]
    async fn only_plain_pages_without_cookies_are_kept() {
        for (status, cookie) in [(StatusCode::OK, true), (StatusCode::NOT_FOUND, false)] {
            let slot = OnceLock::new();
            let response = keep(&slot, page("N1", status, cookie)).await;
            assert_eq!(response.status(), status);
            assert!(slot.get().is_none(), "{status} cookie={cookie} is not kept");
        }
    }
}
