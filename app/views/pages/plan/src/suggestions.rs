//! What to study next: every suggestion waiting for an answer, to make a goal of or dismiss.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::suggestions::list_suggestions,
    components::resource::page_resource,
    components::{auth::RequireAuth, form::ErrorBanner, suggestions::SuggestionCards},
    domain::Role,
};

#[component]
pub fn SuggestionsPage() -> impl IntoView {
    view! {
        <Title text="Suggestions" />
        <RequireAuth roles=&[Role::Student]>
            <Suggestions />
        </RequireAuth>
    }
}

#[component]
fn Suggestions() -> impl IntoView {
    let list = page_resource(|| (), |_| list_suggestions(None));
    view! {
        <h1 class="text-3xl font-bold tracking-tight text-slate-900">"What to study next"</h1>
        <p class="mt-1 text-slate-600">"When you complete a goal, we suggest subjects that build on it. Make one a goal, or dismiss it and it will not come back."</p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! {
                        <p class="mt-8 rounded-2xl border border-dashed border-slate-300 p-10 text-center text-slate-500">
                            "No suggestions right now. Complete a goal and they will appear here."
                        </p>
                    }.into_any(),
                    Ok(items) => {
                        let suggestions = RwSignal::new(items);
                        view! { <div class="mt-6"><SuggestionCards suggestions /></div> }.into_any()
                    }
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}
