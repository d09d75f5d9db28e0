//! The styled 404 page, for any path no route matches.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    // On the server, make the response a real 404 rather than a 200 that looks like one.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found" />
        <section class="mx-auto max-w-xl py-24 text-center">
            <p class="text-sm font-semibold uppercase tracking-wide text-indigo-600">"404"</p>
            <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">"We couldn't find that page"</h1>
            <p class="mt-4 text-slate-600">
                "The link may be old, or the page may have moved. Everything you need is a click away."
            </p>
            <a
                href="/"
                class="mt-8 inline-flex items-center rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
            >
                "Back to the start"
            </a>
        </section>
    }
}
