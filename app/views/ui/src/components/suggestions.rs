//! Subject suggestions as cards with Accept and Dismiss, and the modal that waits for them live
//! after a goal is completed.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use super::poll::use_interval;
use crate::{
    api::suggestions::{accept_suggestion, dismiss_suggestion, list_suggestions},
    dto::suggestion::SuggestionView,
    error::AppError,
};

/// How long the modal waits for suggestions before saying they will come as a notification.
const WAIT_TICKS: u32 = 45;

/// Pending suggestions, each with Accept (opens the new goal) and Dismiss (gone for good).
#[component]
pub fn SuggestionCards(suggestions: RwSignal<Vec<SuggestionView>>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(None::<Uuid>);
    let navigate = use_navigate();
    let accept = move |id: Uuid| {
        let navigate = navigate.clone();
        busy.set(Some(id));
        spawn_local(async move {
            match accept_suggestion(id).await {
                Ok(goal) => navigate(&format!("/goals/{}", goal.id), Default::default()),
                Err(err) => error.set(Some(err)),
            }
            busy.set(None);
        });
    };
    let dismiss = move |id: Uuid| {
        busy.set(Some(id));
        spawn_local(async move {
            match dismiss_suggestion(id).await {
                Ok(_) => suggestions.update(|list| list.retain(|s| s.id != id)),
                Err(err) => error.set(Some(err)),
            }
            busy.set(None);
        });
    };
    view! {
        {move || error.get().map(|err| view! {
            <p role="alert" class="mb-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">{err.to_string()}</p>
        })}
        <ul class="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-3" aria-label="Suggested subjects">
            <For each=move || suggestions.get() key=|s| s.id let:suggestion>
                {
                    let id = suggestion.id;
                    let accept = accept.clone();
                    view! {
                        <li class="flex flex-col justify-between gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label=suggestion.subject.clone()>
                            <div>
                                <h3 class="font-semibold text-slate-900">{suggestion.subject.clone()}</h3>
                                <p class="mt-1 text-sm text-slate-600">{suggestion.reason.clone()}</p>
                            </div>
                            <div class="flex flex-wrap gap-2">
                                <button type="button"
                                    class="whitespace-nowrap rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50"
                                    disabled=move || busy.get().is_some()
                                    on:click=move |_| accept(id)>
                                    "Make it a goal"
                                </button>
                                <button type="button"
                                    class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50"
                                    disabled=move || busy.get().is_some()
                                    on:click=move |_| dismiss(id)>
                                    "Dismiss"
                                </button>
                            </div>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}

/// Opens after a goal is completed and fills in as soon as its suggestions are ready (polled
/// from the browser; no reload).
#[component]
pub fn SuggestionsModal(
    goal_id: Uuid,
    #[prop(into)] subject: Signal<String>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let suggestions = RwSignal::new(Vec::<SuggestionView>::new());
    let ticks = RwSignal::new(0u32);
    let loaded = RwSignal::new(false);
    use_interval(Duration::from_secs(1), move || {
        if !open.get_untracked() || loaded.get_untracked() || ticks.get_untracked() > WAIT_TICKS {
            return;
        }
        ticks.update(|t| *t += 1);
        spawn_local(async move {
            if let Ok(list) = list_suggestions(Some(goal_id)).await
                && !list.is_empty()
            {
                suggestions.set(list);
                loaded.set(true);
            }
        });
    });
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-30 flex items-end justify-center bg-slate-900/40 p-4 sm:items-center">
                <div role="dialog" aria-modal="true" aria-labelledby="suggestions-title"
                    class="max-h-[90vh] w-full max-w-2xl overflow-y-auto rounded-2xl bg-white p-6 shadow-xl">
                    <div class="flex items-start justify-between gap-4">
                        <div>
                            <h2 id="suggestions-title" class="text-xl font-bold text-slate-900">"What to study next"</h2>
                            <p class="mt-1 text-sm text-slate-600">{move || format!("You completed {}. These build on it.", subject.get())}</p>
                        </div>
                        <button type="button" class="rounded-md p-1 text-slate-500 hover:bg-slate-100" aria-label="Close" on:click=move |_| open.set(false)>
                            <svg class="h-5 w-5" fill="none" viewBox="0 0 24 24" stroke="currentColor" stroke-width="2" aria-hidden="true"><path stroke-linecap="round" stroke-linejoin="round" d="M6 18 18 6M6 6l12 12" /></svg>
                        </button>
                    </div>
                    <div class="mt-5">
                        {move || if loaded.get() && suggestions.get().is_empty() {
                            view! { <p class="text-sm text-slate-600">"That is all for now. You can find suggestions again on the suggestions page."</p> }.into_any()
                        } else if loaded.get() {
                            view! { <SuggestionCards suggestions /> }.into_any()
                        } else if ticks.get() > WAIT_TICKS {
                            view! { <p class="text-sm text-slate-600">"This is taking longer than usual. We will send you a notification when they are ready."</p> }.into_any()
                        } else {
                            view! {
                                <p class="flex items-center gap-2 text-sm text-slate-600" role="status">
                                    <span class="inline-block h-4 w-4 animate-spin rounded-full border-2 border-indigo-600 border-t-transparent" aria-hidden="true"></span>
                                    "Finding what to study next…"
                                </p>
                            }.into_any()
                        }}
                    </div>
                </div>
            </div>
        </Show>
    }
}
