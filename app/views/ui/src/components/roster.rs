//! "My students": the tutor's roster, most in need first, each student with risk flags that
//! explain themselves on hover and link to the evidence, the brief one click away.

use leptos::prelude::*;

use super::{flags::FlagBadge, form::ErrorBanner, resource::page_resource};
use crate::{api::tutor::tutor_roster, dto::tutor::RosterEntry};

#[component]
pub fn Roster() -> impl IntoView {
    let roster = page_resource(|| (), |_| tutor_roster());
    view! {
        <section class="mt-8" aria-labelledby="my-students">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="my-students" class="text-lg font-semibold text-slate-900">"My students"</h2>
                <p class="text-sm text-slate-500">"Most in need first. Hover a flag for why; click it for the evidence."</p>
            </div>
            <Transition fallback=|| view! { <p class="mt-2 text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match roster.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="mt-3 rounded-2xl border border-dashed border-slate-300 p-6 text-sm text-slate-600">
                                "No students yet. A student links you by uploading a session that names you, by booking you, or by accepting your invitation."
                            </p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-3 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm" aria-label="My students">
                                {list.into_iter().map(|entry| view! { <RosterRow entry /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RosterRow(entry: RosterEntry) -> impl IntoView {
    let page = format!("/students/{}", entry.id);
    let brief = format!("/students/{}/brief", entry.id);
    let active = entry
        .last_active_label
        .map(|label| format!("Last active {label}"))
        .unwrap_or_else(|| "Not active yet".into());
    let calm = entry.flags.is_empty();
    view! {
        <li class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="roster-row">
            <div class="min-w-0">
                <a href=page.clone() class="font-semibold text-slate-900 hover:text-indigo-700 hover:underline">{entry.name.clone()}</a>
                <p class="truncate text-sm text-slate-500">{entry.email.clone()} " · " {active}</p>
                <div class="mt-2 flex flex-wrap gap-1.5">
                    {entry.flags.into_iter().map(|flag| view! { <FlagBadge flag /> }).collect_view()}
                    {calm.then(|| view! { <span class="text-xs text-emerald-700">"Nothing to flag"</span> })}
                </div>
            </div>
            <div class="flex shrink-0 gap-2">
                <a href=page class="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">"Open"</a>
                <a href=brief class="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">"Brief"</a>
            </div>
        </li>
    }
}
