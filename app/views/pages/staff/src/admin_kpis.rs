//! Admin: the companion's numbers over a chosen window, in total and as charts by week.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use crate::{
    api::kpis::admin_kpis,
    components::{
        auth::RequireAuth,
        charts::{ColumnChart, LineChart},
        form::ErrorBanner,
        resource::page_resource,
    },
    domain::Role,
    dto::kpi::KpiReport,
};

#[component]
pub fn AdminKpisPage() -> impl IntoView {
    view! {
        <Title text="Numbers" />
        <RequireAuth roles=&[Role::Admin]>
            <Kpis />
        </RequireAuth>
    }
}

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}%", (v * 100.0).round() as i64))
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{:.1}", v))
}

#[component]
fn Kpis() -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let window = RwSignal::new((None, None));
    let report = page_resource(move || window.get(), |(from, to)| admin_kpis(from, to));
    // Date inputs give ISO dates; `FromStr` is what deserialising the report already uses.
    let parse = |text: String| text.trim().parse::<chrono::NaiveDate>().ok();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        window.set((parse(from.get()), parse(to.get())));
    };
    let input = "mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900";
    view! {
        <a href="/admin" class="text-sm text-indigo-600 hover:underline">"← Admin"</a>
        <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">"The companion's numbers"</h1>
        <p class="mt-1 text-slate-600">"Computed from the data over the window (UTC days), by week."</p>
        <form on:submit=on_submit class="mt-4 flex flex-wrap items-end gap-3" aria-label="Window">
            <label class="text-sm font-medium text-slate-700">"From"
                <input type="date" class=input prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
            </label>
            <label class="text-sm font-medium text-slate-700">"To"
                <input type="date" class=input prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">"Show"</button>
            <button type="button" class="rounded-lg border border-slate-300 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50"
                on:click=move |_| { from.set(String::new()); to.set(String::new()); window.set((None, None)); }>"Last 8 weeks"</button>
        </form>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <KpiBody report /> }.into_any(),
                    Err(err) => view! { <div class="mt-6"><ErrorBanner error=Signal::derive(move || Some(err.clone())) /></div> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Stat(
    label: &'static str,
    value: String,
    #[prop(optional, into)] detail: String,
) -> impl IntoView {
    view! {
        <div class="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
            <p class="text-sm text-slate-500">{label}</p>
            <p class="mt-1 text-2xl font-bold text-slate-900" data-testid=label>{value}</p>
            <p class="mt-0.5 text-xs text-slate-500">{detail}</p>
        </div>
    }
}

#[component]
fn KpiBody(report: KpiReport) -> impl IntoView {
    let weeks = report.weeks.clone();
    let series = |f: fn(&crate::dto::kpi::KpiWeek) -> f64| -> Vec<(String, f64)> {
        weeks.iter().map(|w| (w.label.clone(), f(w))).collect()
    };
    let rates = |f: fn(&crate::dto::kpi::KpiWeek) -> Option<f64>| -> Vec<(String, f64)> {
        weeks.iter().filter_map(|w| Some((w.label.clone(), f(w)?))).collect()
    };
    let active = series(|w| w.students_active as f64);
    let first_week = series(|w| w.first_week_sessions_per_student.unwrap_or(0.0));
    let practices = series(|w| w.practices_completed as f64);
    let scores = rates(|w| w.average_score);
    let goals = series(|w| w.goals_completed as f64);
    let responses = rates(|w| w.nudge_response_rate);
    let chat = series(|w| w.chat_questions as f64);
    let booked = series(|w| w.escalations_booked as f64);
    let card = "rounded-2xl border border-slate-200 bg-white p-5 shadow-sm";
    view! {
        <p class="mt-6 text-sm text-slate-600">{format!("{} to {}", report.from.format("%b %-d, %Y"), report.to.format("%b %-d, %Y"))}</p>
        <div class="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
            <Stat label="Students active" value=report.students_active.to_string() detail=format!("{} new", report.new_students) />
            <Stat label="First-week sessions" value=number(report.first_week_sessions_per_student) detail="per new student" />
            <Stat label="Practices completed" value=report.practices_completed.to_string() detail=format!("average score {}", rate(report.average_score)) />
            <Stat label="Goal completion" value=rate(report.goal_completion_rate) detail=format!("{} of {} goals", report.goals_created_completed, report.goals_created) />
            <Stat label="Nudge response" value=rate(report.nudge_response_rate) detail=format!("{} of {} nudges", report.nudges_responded, report.nudges_sent) />
            <Stat label="Chat questions" value=number(report.chat_questions_per_student) detail=format!("per active student ({} in all)", report.chat_questions) />
            <Stat label="Escalations booked" value=report.escalations_booked.to_string() detail="chat escalations that became bookings" />
            <Stat label="Goals completed" value=report.goals_completed.to_string() detail="in the window" />
        </div>
        <div class="mt-6 grid gap-4 lg:grid-cols-2">
            <section class=card><h2 class="font-semibold text-slate-900">"Students active by week"</h2><ColumnChart title="Students active by week" columns=active /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"First-week sessions per new student"</h2><ColumnChart title="First-week sessions per new student by week" columns=first_week /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"Practices completed by week"</h2><ColumnChart title="Practices completed by week" columns=practices /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"Average practice score by week"</h2><LineChart title="Average practice score by week" points=scores /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"Goals completed by week"</h2><ColumnChart title="Goals completed by week" columns=goals /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"Nudge response rate by week"</h2><LineChart title="Nudge response rate by week" points=responses /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"Chat questions by week"</h2><ColumnChart title="Chat questions by week" columns=chat /></section>
            <section class=card><h2 class="font-semibold text-slate-900">"Escalations booked by week"</h2><ColumnChart title="Escalations booked by week" columns=booked /></section>
        </div>
        <section class="mt-6">
            <h2 class="text-lg font-semibold text-slate-900">"What each number means"</h2>
            <dl class="mt-2 grid gap-3 md:grid-cols-2">
                {report.definitions.into_iter().map(|d| view! {
                    <div class="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200"><dt class="font-medium text-slate-900">{d.name}</dt><dd class="mt-0.5 text-slate-600">{d.meaning}</dd></div>
                }).collect_view()}
            </dl>
        </section>
    }
}
