//! Pages the session alone decides (issue 15): a visitor's copy of the home, sign-in, sign-up
//! and forgot-password pages is rendered once and handed out with a fresh nonce each time; a
//! signed-in browser on the sign-in page is sent on before anything is rendered.

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    every_visitor_gets_a_nonce_of_their_own,
    a_signed_in_browser_goes_from_login_to_the_dashboard_at_once,
);

/// The CSP's nonce and the page's body.
async fn nonce_and_page(response: reqwest::Response) -> (String, String) {
    assert_eq!(response.status(), 200);
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next());
    let nonce = nonce.expect("a nonce in the page's CSP").to_owned();
    (nonce, response.text().await.expect("body"))
}

async fn every_visitor_gets_a_nonce_of_their_own(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/", "/login", "/register", "/forgot-password"] {
        let mut seen: Vec<(String, String)> = Vec::new();
        for _ in 0..3 {
            let (nonce, page) = nonce_and_page(app.get(path).await).await;
            let scripts = page.matches("nonce=\"").count();
            assert!(scripts >= 1, "{path}: the page has nonced scripts");
            assert_eq!(
                page.matches(&format!("nonce=\"{nonce}\"")).count(),
                scripts,
                "{path}: every script carries this response's nonce"
            );
            for (earlier, earlier_page) in &seen {
                assert_ne!(&nonce, earlier, "{path}: a nonce is never handed out twice");
                assert!(!page.contains(earlier.as_str()), "{path}: no earlier nonce left in");
                assert_eq!(
                    earlier_page.replace(earlier.as_str(), "N"),
                    page.replace(&nonce, "N"),
                    "{path}: visitors see the same page"
                );
            }
            seen.push((nonce, page));
        }
    }
    // A query, a token that does not verify, or a signed-in user still get their own render.
    let (_, next) = nonce_and_page(app.get("/login?next=/goals").await).await;
    assert!(next.contains("Log in"), "{next}");
    let stale = app.client.get(app.url("/login")).bearer_auth("not-a-token").send().await;
    let (_, stale) = nonce_and_page(stale.expect("request sent")).await;
    assert!(stale.contains("Log in"), "{stale}");
}

async fn a_signed_in_browser_goes_from_login_to_the_dashboard_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let student = app.register_student("Ada").await;
    let browser = app
        .client
        .get(app.url("/login"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .bearer_auth(&student.token)
        .send()
        .await
        .expect("request sent");
    assert_eq!(browser.status(), 302);
    let location = browser.headers().get("location").and_then(|value| value.to_str().ok());
    assert_eq!(location, Some("/dashboard"));
    assert!(browser.text().await.expect("body").is_empty(), "nothing was rendered");
    // Leptos' own answer to a client that is not a browser navigation is unchanged: the page,
    // with the redirect in a header.
    let client = app.get_as("/login", &student.token).await;
    assert_eq!(client.status(), 200);
    let location = client.headers().get("location").and_then(|value| value.to_str().ok());
    assert_eq!(location, Some("/dashboard"));
}
