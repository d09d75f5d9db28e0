//! Admin: job health per function, retrying a failed job, and running a job now (nudges,
//! subject suggestions, one session's analysis again) with a report of what it did.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        admin::{AdminRetryJob, admin_job_health},
        kpis::RunJob,
    },
    components::{
        auth::RequireAuth,
        form::{ErrorBanner, general_error},
        resource::page_resource,
    },
    domain::Role,
    dto::nudge::JobRunReport,
};

/// The job an admin runs for one session.
const ANALYZE: &str = "analyze-transcript";

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
    let session = RwSignal::new(String::new());
    let run = ServerAction::<RunJob>::new();
    let health =
        page_resource(move || (retry.version().get(), run.version().get()), |_| admin_job_health());
    let retry_result: Signal<_> = retry.value().into();
    let run_result: Signal<_> = run.value().into();
    view! {
        <a href="/admin" class="text-sm text-indigo-600 hover:underline">"← Admin"</a>
        <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">"Job health"</h1>
        <div class="mt-4"><ErrorBanner error=general_error(retry_result) /></div>
        <div class="mt-2"><ErrorBanner error=general_error(run_result) /></div>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match health.await {
                    Ok(health) => {
                        let runnable = health.runnable.clone();
                        view! {
                        <p class="mt-1 text-slate-600">{format!("{} live workers", health.live_workers)}</p>
                        <div class="mt-6 overflow-x-auto">
                        <table class="w-full min-w-[28rem] rounded-2xl border border-slate-200 bg-white text-left text-sm shadow-sm" aria-label="Jobs per function">
                            <thead class="border-b border-slate-200 text-slate-500">
                                <tr><th class="px-4 py-2">"Function"</th><th class="px-2">"Queued"</th><th class="px-2">"Running"</th><th class="px-2">"Done"</th><th class="px-2">"Failed"</th></tr>
                            </thead>
                            <tbody>
                                {health.stats.into_iter().map(|s| {
                                    let failed_class = if s.failed > 0 { "px-2 font-semibold text-red-700" } else { "px-2" };
                                    view! {
                                    <tr class="border-b border-slate-100 last:border-0">
                                        <td class="px-4 py-2 font-medium text-slate-900">{s.name}</td>
                                        <td class="px-2">{s.queued}</td><td class="px-2">{s.running}</td><td class="px-2">{s.done}</td>
                                        <td class=failed_class>{s.failed}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        <section class="mt-6 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="run-heading">
                            <h2 id="run-heading" class="font-semibold text-slate-900">"Run a job now"</h2>
                            <p class="mt-1 text-sm text-slate-600">"Runs at once and says what it did. Safe to repeat: nudges go out at most once per student and day, suggestions once per goal."</p>
                            <div class="mt-3 flex flex-wrap gap-2">
                                {runnable.into_iter().map(|name| view! {
                                    <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
                                        aria-label=format!("Run {name} now")
                                        disabled=move || run.pending().get()
                                        on:click={
                                            let name = name.clone();
                                            move |_| { run.dispatch(RunJob { name: name.clone(), session: None }); }
                                        }>{format!("Run {name}")}</button>
                                }).collect_view()}
                            </div>
                            <form class="mt-5 border-t border-slate-100 pt-4"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    run.dispatch(RunJob { name: ANALYZE.to_owned(), session: Some(session.get_untracked()) });
                                }>
                                <label for="rerun-session" class="block text-sm font-medium text-slate-900">"Analyse a session again"</label>
                                <p id="rerun-help" class="mt-1 text-sm text-slate-600">"Runs analyze-transcript for one session with the engine this server runs now, replacing what an earlier engine stored. Paste the session's link or id."</p>
                                <div class="mt-2 flex flex-wrap gap-2">
                                    <input id="rerun-session" name="session" type="text" required autocomplete="off"
                                        aria-describedby="rerun-help" placeholder="/sessions/…"
                                        class="min-w-[18rem] flex-1 rounded-lg border border-slate-300 px-3 py-1.5 text-sm"
                                        prop:value=move || session.get()
                                        on:input=move |ev| session.set(event_target_value(&ev)) />
                                    <button type="submit" class="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
                                        disabled=move || run.pending().get()>"Analyse again"</button>
                                </div>
                            </form>
                        </section>
                        {move || match run_result.get() {
                            Some(Ok(report)) => view! { <RunReport report /> }.into_any(),
                            _ => ().into_any(),
                        }}
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
                                                    <p class="font-medium text-slate-900">{job.name.clone()} <span class="text-xs text-slate-500">{format!(" · {} attempts · {}", job.attempts, job.id)}</span></p>
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
                    }.into_any()
                    }
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What a run did: the summary, why students or goals were skipped, and one line each.
#[component]
fn RunReport(report: JobRunReport) -> impl IntoView {
    let (job, summary, counts, lines): (String, String, Vec<String>, Vec<(String, String)>) =
        match report {
            JobRunReport::Nudges(r) => (
                r.job,
                r.summary,
                r.by_rule
                    .iter()
                    .map(|c| format!("{}: {} nudged", c.rule, c.count))
                    .chain(r.reasons.iter().map(|c| format!("{} skipped: {}", c.count, c.label)))
                    .chain([
                        format!("{} \u{201c}reviews due\u{201d} notices", r.reviews_due_notified),
                        format!("{} responses to earlier nudges recorded", r.responses_recorded),
                    ])
                    .collect(),
                r.students
                    .into_iter()
                    .map(|s| {
                        let what = match (s.rule, s.skipped) {
                            (Some(rule), _) => format!("nudged ({rule}): {}", s.detail),
                            (None, _) => format!("skipped: {}", s.detail),
                        };
                        (s.name, what)
                    })
                    .collect(),
            ),
            JobRunReport::Suggestions(r) => (
                r.job,
                r.summary,
                Vec::new(),
                r.goals
                    .into_iter()
                    .map(|g| (g.subject, format!("{} created: {}", g.created, g.detail)))
                    .collect(),
            ),
            JobRunReport::Analysis(r) => (
                r.job,
                r.summary,
                vec![
                    format!("{} concepts before", r.concepts_before),
                    format!("{} concepts now", r.concepts_after),
                ],
                vec![(
                    r.title.unwrap_or_else(|| "Untitled session".into()),
                    format!("{} · /sessions/{}", r.subject.unwrap_or_default(), r.session_id),
                )],
            ),
        };
    view! {
        <section class="mt-6 rounded-2xl border border-indigo-200 bg-indigo-50 p-5" aria-label="Run report" role="status">
            <h2 class="font-semibold text-indigo-950">{format!("Ran {job}")}</h2>
            <p class="mt-1 text-indigo-900" data-testid="run-summary">{summary}</p>
            {(!counts.is_empty()).then(|| view! {
                <ul class="mt-3 flex flex-wrap gap-2 text-sm">
                    {counts.into_iter().map(|c| view! { <li class="rounded-full bg-white px-3 py-1 ring-1 ring-indigo-200">{c}</li> }).collect_view()}
                </ul>
            })}
            {(!lines.is_empty()).then(|| view! {
                <ul class="mt-3 max-h-72 divide-y divide-indigo-100 overflow-y-auto rounded-lg bg-white text-sm ring-1 ring-indigo-200">
                    {lines.into_iter().map(|(who, what)| view! {
                        <li class="flex flex-wrap justify-between gap-2 px-3 py-2"><span class="font-medium text-slate-900">{who}</span><span class="text-slate-600">{what}</span></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
