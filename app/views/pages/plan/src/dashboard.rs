//! The signed-in home. Students see their progress (goals, sessions, practice, reviews due,
//! mastery per concept, scores over time); tutors see their students with risk flags; admins
//! their tools.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::progress::student_progress,
    components::{
        auth::{RequireAuth, use_me},
        charts::{BarChart, LineChart},
        form::ErrorBanner,
        resource::page_resource,
        roster::Roster,
    },
    domain::Role,
    dto::progress::ProgressView,
};

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text="Dashboard" />
        <RequireAuth>
            <Dashboard />
        </RequireAuth>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let me = use_me();
    let first_name = me.name.split_whitespace().next().unwrap_or(&me.name).to_owned();
    view! {
        <section>
            <h1 class="text-3xl font-bold tracking-tight text-slate-900">{format!("Hi, {first_name}")}</h1>
            {match me.role {
                Role::Student => view! { <StudentProgress /> }.into_any(),
                Role::Tutor => view! { <TutorHome /> }.into_any(),
                Role::Admin => view! { <AdminHome /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Stat(
    label: &'static str,
    value: String,
    #[prop(optional)] href: Option<&'static str>,
) -> impl IntoView {
    let body = view! {
        <p class="text-sm font-medium text-slate-500">{label}</p>
        <p class="mt-1 text-3xl font-bold tracking-tight text-slate-900">{value}</p>
    };
    match href {
        Some(href) => view! { <a href=href class="block rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300">{body}</a> }.into_any(),
        None => view! { <div class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">{body}</div> }.into_any(),
    }
}

#[component]
fn StudentProgress() -> impl IntoView {
    let progress = page_resource(|| (), |_| student_progress(None));
    view! {
        <p class="mt-1 text-slate-600">"Here is how things are going."</p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading your progress…"</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(progress) => view! { <ProgressPanels progress /> }.into_any(),
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{}%", (v * 100.0).round())).unwrap_or_else(|| "–".into())
}

#[component]
fn ProgressPanels(progress: ProgressView) -> impl IntoView {
    let improvement = progress
        .improvement
        .map(|d| format!("{}{} pts", if d >= 0.0 { "+" } else { "" }, (d * 100.0).round()))
        .unwrap_or_else(|| "–".into());
    let due = progress.reviews_due;
    let bars: Vec<(String, f64)> =
        progress.mastery.iter().map(|m| (m.name.clone(), m.mastery)).collect();
    let points: Vec<(String, f64)> =
        progress.scores.iter().map(|s| (s.label.clone(), s.score)).collect();
    let total_sessions: u64 = progress.subjects.iter().map(|(_, n)| n).sum();
    view! {
        {(due > 0).then(|| view! {
            <a href="/practice" class="mt-6 flex items-center justify-between rounded-2xl border border-amber-200 bg-amber-50 px-5 py-4 hover:bg-amber-100" data-testid="reviews-due">
                <span class="font-semibold text-amber-950">{format!("{due} concept{} due for review", if due == 1 { "" } else { "s" })}</span>
                <span class="text-sm font-medium text-amber-800">"Review now →"</span>
            </a>
        })}
        <div class="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <Stat label="Active goals" value=progress.active_goals.to_string() href="/goals" />
            <Stat label="Sessions this month" value=progress.sessions_this_month.to_string() href="/sessions" />
            <Stat label="Practices completed" value=progress.practices_completed.to_string() href="/practice" />
            <Stat label="Average score" value=percent(progress.average_score) />
            <Stat label="Improvement" value=improvement />
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h2 class="text-lg font-semibold text-slate-900">"Mastery by concept"</h2>
                {if bars.is_empty() {
                    view! { <p class="mt-2 text-sm text-slate-500">"Upload a session to see your concepts here."</p> }.into_any()
                } else {
                    view! { <div class="mt-4"><BarChart title="Mastery by concept" bars /></div> }.into_any()
                }}
            </section>
            <div class="space-y-6">
                <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <h2 class="text-lg font-semibold text-slate-900">"Practice scores over time"</h2>
                    {if points.is_empty() {
                        view! { <p class="mt-2 text-sm text-slate-500">"Finish a practice to start the chart."</p> }.into_any()
                    } else {
                        view! { <div class="mt-4"><LineChart title="Practice scores over time" points /></div> }.into_any()
                    }}
                </section>
                <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <h2 class="text-lg font-semibold text-slate-900">"Subjects"</h2>
                    {if progress.subjects.is_empty() {
                        view! { <p class="mt-2 text-sm text-slate-500">"No sessions yet."</p> }.into_any()
                    } else {
                        let bars: Vec<(String, f64)> = progress
                            .subjects
                            .iter()
                            .map(|(subject, n)| (format!("{subject} ({n})"), *n as f64 / total_sessions.max(1) as f64))
                            .collect();
                        view! { <div class="mt-4"><BarChart title="Sessions by subject" bars /></div> }.into_any()
                    }}
                </section>
            </div>
        </div>
    }
}

#[component]
fn TutorHome() -> impl IntoView {
    view! {
        <p class="mt-1 text-slate-600">"Your students and what they did between sessions."</p>
        <div class="mt-6 flex gap-3">
            <a href="/sessions/new" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">"Upload a transcript"</a>
            <a href="/sessions" class="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50">"Sessions you taught"</a>
        </div>
        <Roster />
    }
}

#[component]
fn AdminHome() -> impl IntoView {
    let cards = [
        (
            "/admin",
            "Users and links",
            "Create tutors and admins, change roles, deactivate, link tutors to students.",
        ),
        ("/sessions", "All sessions", "Every uploaded session and its analysis status."),
        (
            "/admin/jobs",
            "Job health",
            "Queued, running, done and failed work per function; retry failures.",
        ),
    ];
    view! {
        <p class="mt-1 text-slate-600">"Administration."</p>
        <div class="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {cards.into_iter().map(|(href, title, body)| view! {
                <a href=href class="block rounded-2xl border border-slate-200 bg-white p-6 shadow-sm transition hover:border-indigo-300 hover:shadow">
                    <h2 class="text-lg font-semibold text-slate-900">{title}</h2>
                    <p class="mt-2 text-sm text-slate-600">{body}</p>
                </a>
            }).collect_view()}
        </div>
    }
}
