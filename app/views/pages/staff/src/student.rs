//! A linked tutor's (or an admin's) page about one student: risk flags, mastery per concept
//! over time, goals with progress, practice results, escalations from chat, and sessions.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::{
    api::{sessions::list_student_sessions, tutor::load_student_overview},
    components::{
        auth::RequireAuth,
        flags::FlagList,
        form::ErrorBanner,
        goal_parts::{GoalBadge, ProgressBar},
        mastery_chart::MasteryTimeline,
        resource::page_resource,
        session_list::SessionList,
        status::PracticeBadge,
    },
    domain::Role,
    dto::{
        chat::Urgency,
        tutor::{EscalationSummary, GoalSummary, PracticeResult, StudentOverview},
    },
    error::AppError,
};

#[component]
pub fn StudentPage() -> impl IntoView {
    view! {
        <Title text="Student" />
        <RequireAuth roles=&[Role::Tutor, Role::Admin]>
            <Student />
        </RequireAuth>
    }
}

fn student_id() -> impl Fn() -> Option<Uuid> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok())
}

#[component]
fn Student() -> impl IntoView {
    let id = student_id();
    let overview = page_resource(id, |id| async move {
        match id {
            Some(id) => load_student_overview(id).await,
            None => Err(AppError::NotFound("student".into())),
        }
    });
    let page = RwSignal::new(1u64);
    let sessions = page_resource(
        move || (id(), page.get()),
        |(id, page)| async move {
            match id {
                Some(id) => list_student_sessions(id, page).await,
                None => Err(AppError::NotFound("student".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="text-slate-500">"Loading the student…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
        <section id="sessions" class="mt-8">
            <h2 class="text-lg font-semibold text-slate-900">"Sessions"</h2>
            <SessionList sessions page show_student=false />
        </section>
    }
}

fn card() -> &'static str {
    "rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
}

#[component]
fn Overview(overview: StudentOverview) -> impl IntoView {
    let brief = format!("/students/{}/brief", overview.student_id);
    let about = match &overview.grade {
        Some(grade) => format!("{} · grade {grade}", overview.email),
        None => overview.email.clone(),
    };
    let flags = overview.flags.clone();
    let from_label = overview.history_from_label.clone().unwrap_or_default();
    view! {
        <Title text=overview.name.clone() />
        <div class="flex flex-wrap items-end justify-between gap-4">
            <div class="min-w-0">
                <h1 class="text-3xl font-bold tracking-tight text-slate-900">{overview.name.clone()}</h1>
                <p class="mt-1 truncate text-slate-600">{about}</p>
            </div>
            <a href=brief class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">"Pre-session brief"</a>
        </div>
        {(!flags.is_empty()).then(|| view! {
            <section class="mt-6 rounded-2xl border border-amber-200 bg-amber-50/60 p-5" aria-labelledby="flags-heading">
                <h2 id="flags-heading" class="text-sm font-semibold uppercase tracking-wide text-amber-900">"Needs attention"</h2>
                <div class="mt-3"><FlagList flags /></div>
            </section>
        })}
        <div class="mt-6 grid gap-6 lg:grid-cols-3">
            <section id="mastery" class=format!("{} lg:col-span-2", card())>
                <h2 class="text-lg font-semibold text-slate-900">"Mastery over time"</h2>
                <p class="mt-1 text-sm text-slate-500">"Each change from a session's analysis or a practice, per concept; weakest first."</p>
                {if overview.mastery.is_empty() {
                    view! { <p class="mt-4 text-sm text-slate-500">"No concepts yet: they appear once a session is analyzed."</p> }.into_any()
                } else {
                    view! { <div class="mt-4"><MasteryTimeline series=overview.mastery.clone() now=overview.as_of from_label to_label=overview.as_of_label.clone() /></div> }.into_any()
                }}
            </section>
            <section id="goals" class=card()>
                <h2 class="text-lg font-semibold text-slate-900">"Goals"</h2>
                <Goals goals=overview.goals.clone() />
            </section>
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <section id="practice" class=card()>
                <h2 class="text-lg font-semibold text-slate-900">"Practice results"</h2>
                <Practices practices=overview.practices.clone() />
            </section>
            <section id="escalations" class=card()>
                <h2 class="text-lg font-semibold text-slate-900">"Asked for a tutor"</h2>
                <Escalations escalations=overview.escalations.clone() />
            </section>
        </div>
    }
}

fn percent(value: f64) -> String {
    format!("{}%", (value * 100.0).round() as i64)
}

pub fn days_left_label(days: Option<i64>) -> Option<String> {
    days.map(|d| match d {
        d if d < -1 => format!("{} days overdue", -d),
        -1 => "1 day overdue".into(),
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        d => format!("{d} days left"),
    })
}

#[component]
pub fn Goals(goals: Vec<GoalSummary>) -> impl IntoView {
    if goals.is_empty() {
        return view! { <p class="mt-3 text-sm text-slate-500">"No goals yet."</p> }.into_any();
    }
    view! {
        <ul class="mt-3 space-y-4">
            {goals.into_iter().map(|goal| {
                let when = [goal.target_date.map(|d| d.format("%b %-d, %Y").to_string()), days_left_label(goal.days_left)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                view! {
                    <li id=format!("goal-{}", goal.id) class="break-inside-avoid">
                        <div class="flex items-start justify-between gap-2">
                            <p class="font-medium text-slate-900">{goal.subject.clone()}</p>
                            <GoalBadge status=goal.status />
                        </div>
                        {(!goal.description.is_empty()).then(|| view! { <p class="text-sm text-slate-600">{goal.description.clone()}</p> })}
                        <div class="mt-2"><ProgressBar progress=goal.progress label=format!("{} progress", goal.subject) /></div>
                        <p class="mt-1 text-xs text-slate-500">
                            {format!("{} · {} of {} concepts at target", percent(goal.progress), goal.mastered_count, goal.concept_count)}
                            {(!when.is_empty()).then(|| format!(" · {when}"))}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Practices(practices: Vec<PracticeResult>) -> impl IntoView {
    if practices.is_empty() {
        return view! { <p class="mt-3 text-sm text-slate-500">"No practice yet."</p> }.into_any();
    }
    view! {
        <ul class="mt-3 divide-y divide-slate-100">
            {practices.into_iter().map(|p| {
                let result = match (p.correct_count, p.score) {
                    (Some(right), Some(score)) => format!("{right} of {} right · {}", p.item_count, percent(score)),
                    _ => format!("{} questions", p.item_count),
                };
                view! {
                    <li>
                        <a href=p.href class="flex items-center justify-between gap-3 py-2.5 hover:bg-slate-50">
                            <span class="min-w-0">
                                <span class="block text-sm font-medium text-slate-900">{format!("{} practice · {}", capitalise(p.kind.as_str()), p.when_label)}</span>
                                <span class="block text-xs text-slate-500">{result}</span>
                            </span>
                            <PracticeBadge status=p.status />
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[component]
pub fn Escalations(
    escalations: Vec<EscalationSummary>,
    /// Link each to its place on the student page (the brief does; the page itself does not).
    #[prop(optional)]
    linked: bool,
) -> impl IntoView {
    if escalations.is_empty() {
        return view! { <p class="mt-3 text-sm text-slate-500">"No requests for a tutor."</p> }
            .into_any();
    }
    view! {
        <ul class="mt-3 space-y-3">
            {escalations.into_iter().map(|e| {
                let urgency = match e.urgency {
                    Urgency::High => "bg-red-100 text-red-800",
                    Urgency::Medium => "bg-amber-100 text-amber-800",
                    Urgency::Low => "bg-slate-100 text-slate-700",
                };
                view! {
                    <li id=format!("escalation-{}", e.id) class="break-inside-avoid rounded-xl border border-slate-200 p-3">
                        <div class="flex flex-wrap items-center gap-2 text-xs">
                            <span class=format!("rounded-full px-2 py-0.5 font-semibold {urgency}")>{format!("{} urgency", e.urgency)}</span>
                            <span class="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{e.status.as_str()}</span>
                            <span class="text-slate-500">{e.created_label.clone()}</span>
                        </div>
                        <p class="mt-2 text-sm text-slate-900">{e.reason.clone()}</p>
                        {(!e.focus.is_empty()).then(|| view! { <p class="mt-1 text-sm text-slate-600">{format!("Focus: {}", e.focus.join(", "))}</p> })}
                        {(!e.summary.is_empty()).then(|| view! { <p class="mt-1 text-xs text-slate-500">{e.summary.clone()}</p> })}
                        {linked.then(|| view! { <a href=e.href.clone() class="mt-1 inline-block text-xs font-medium text-indigo-600 hover:underline print:hidden">"On the student page →"</a> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
