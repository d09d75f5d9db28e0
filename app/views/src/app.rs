//! The HTML shell and the router.

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::{
    components::{auth::provide_auth, layout::Layout},
    pages::{
        admin::AdminPage, admin_jobs::AdminJobsPage, admin_kpis::AdminKpisPage,
        bookings::BookingsPage, brief::BriefPage, chat::ChatPage, dashboard::DashboardPage,
        forgot_password::ForgotPasswordPage, goal::GoalPage, goals::GoalsPage, home::HomePage,
        login::LoginPage, not_found::NotFoundPage, notifications::NotificationsPage,
        practice::PracticePage, practice_list::PracticeListPage, profile::ProfilePage,
        register::RegisterPage, reset_password::ResetPasswordPage, schedule::SchedulePage,
        session::SessionPage, sessions::SessionsPage, student::StudentPage,
        suggestions::SuggestionsPage, tutors::TutorsPage, upload::UploadPage,
    },
};

/// The document around the app, rendered on the server for every page; `assets` are the
/// stylesheet and bundle it links to, named once per process (see `server::assets`).
#[cfg(feature = "ssr")]
pub fn shell(
    options: LeptosOptions,
    assets: std::sync::Arc<crate::server::assets::AssetNames>,
) -> impl IntoView {
    use leptos_meta::MetaTags;

    // The glue's default export loads the bundle; `hydrate` is the frontend's entry point.
    let start = format!(
        "import({:?}).then((glue) => glue.default({{ module_or_path: {:?} }}).then(() => glue.hydrate()));",
        assets.js, assets.wasm
    );
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Study Companion: practice, answers and goals between tutoring sessions." />
                <link rel="icon" href="/favicon.ico" />
                // `id="leptos"`: cargo-leptos' live reload swaps the stylesheet with this id.
                <link id="leptos" rel="stylesheet" href=assets.css.clone() />
                <AutoReload options />
                <link rel="modulepreload" href=assets.js.clone() crossorigin="" />
                <link rel="preload" href=assets.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="" />
                <script type="module" nonce=nonce>{start}</script>
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_auth();

    // Effects only run in the browser, after hydration: end-to-end tests wait for this marker
    // before they click anything.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=|text: String| {
            if text.is_empty() { "Study Companion".to_owned() } else { format!("{text} · Study Companion") }
        } />
        <Router>
            <Layout>
                // Every page is rendered whole, its data included, before it leaves the server
                // (`Async`): it reads and works before the WASM arrives or without it, and a
                // redirect decided under `<Suspense>` is a real 302. Streaming bought nothing
                // here: pages are sent in one piece anyway (`middleware/pages.rs`).
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/goals") view=GoalsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/jobs") view=AdminJobsPage ssr=SsrMode::Async />
                    <Route path=path!("/sessions") view=SessionsPage ssr=SsrMode::Async />
                    <Route path=path!("/sessions/new") view=UploadPage ssr=SsrMode::Async />
                    <Route path=path!("/sessions/:id") view=SessionPage ssr=SsrMode::Async />
                    <Route path=path!("/students/:id") view=StudentPage ssr=SsrMode::Async />
                    <Route path=path!("/students/:id/brief") view=BriefPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/practice") view=PracticeListPage ssr=SsrMode::Async />
                    <Route path=path!("/practice/:id") view=PracticePage ssr=SsrMode::Async />
                    <Route path=path!("/goals/:id") view=GoalPage ssr=SsrMode::Async />
                    <Route path=path!("/suggestions") view=SuggestionsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/kpis") view=AdminKpisPage ssr=SsrMode::Async />
                    <Route path=path!("/chat/:id?") view=ChatPage ssr=SsrMode::Async />
                    <Route path=path!("/tutors") view=TutorsPage ssr=SsrMode::Async />
                    <Route path=path!("/bookings") view=BookingsPage ssr=SsrMode::Async />
                    <Route path=path!("/schedule") view=SchedulePage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
