//! Admin: job health per function, and retrying a failed job.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::admin::{AdminRetryJob, admin_job_health},
    components::{
        auth::RequireAuth,
        form::{ErrorBanner, general_error},
    },
    domain::Role,
};

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    view! {
        <Title text="Job health" />
        <RequireAuth roles=&[Role::Admin]>
            <JobHealth />
        </RequireAuth>
    }
}

#[component]
fn JobHealth() -> impl IntoView {
    let retry = ServerAction::<AdminRetryJob>::new();
    let health = Resource::new(move || retry.version().get(), |_| admin_job_health());
    let retry_result: Signal<_> = retry.value().into();
    view! {
        <a href="/admin" class="text-sm text-indigo-600 hover:underline">"← Admin"</a>
        <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">"Job health"</h1>
        <div class="mt-4"><ErrorBanner error=general_error(retry_result) /></div>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match health.await {
                    Ok(health) => view! {
                        <p class="mt-1 text-slate-600">{format!("{} live workers", health.live_workers)}</p>
                        <table class="mt-6 w-full rounded-2xl border border-slate-200 bg-white text-left text-sm shadow-sm" aria-label="Jobs per function">
                            <thead class="border-b border-slate-200 text-slate-500">
                                <tr><th class="px-4 py-2">"Function"</th><th>"Queued"</th><th>"Running"</th><th>"Done"</th><th>"Failed"</th></tr>
                            </thead>
                            <tbody>
                                {health.stats.into_iter().map(|s| {
                                    let failed_class = if s.failed > 0 { "font-semibold text-red-700" } else { "" };
                                    view! {
                                    <tr class="border-b border-slate-100 last:border-0">
                                        <td class="px-4 py-2 font-medium text-slate-900">{s.name}</td>
                                        <td>{s.queued}</td><td>{s.running}</td><td>{s.done}</td>
                                        <td class=failed_class>{s.failed}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                        <h2 class="mt-8 text-lg font-semibold text-slate-900">"Failed jobs"</h2>
                        {if health.failed.is_empty() {
                            view! { <p class="mt-2 text-sm text-slate-500">"None."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-3 divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
                                    {health.failed.into_iter().map(|job| {
                                        let id = job.id.clone();
                                        view! {
                                            <li class="flex items-start justify-between gap-4 px-4 py-3">
                                                <div class="min-w-0">
                                                    <p class="font-medium text-slate-900">{job.name.clone()} <span class="text-xs text-slate-400">{format!(" · {} attempts · {}", job.attempts, job.id)}</span></p>
                                                    <p class="mt-1 break-words text-sm text-red-700">{job.last_error.clone().unwrap_or_default()}</p>
                                                </div>
                                                <button type="button" class="shrink-0 rounded-lg border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50"
                                                    on:click=move |_| { retry.dispatch(AdminRetryJob { id: id.clone() }); }>"Retry"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}
