//! The signed-in home: what to do next, by role.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    components::auth::{RequireAuth, use_me},
    domain::Role,
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
    let cards: Vec<(&str, &str, &str)> = match me.role {
        Role::Student => vec![
            (
                "/sessions/new",
                "Upload a session",
                "Add the transcript of your latest tutoring session.",
            ),
            ("/sessions", "Your sessions", "Summaries, concepts and the lines they came from."),
            ("/goals", "Your goals", "What you are working towards, and how far you are."),
        ],
        Role::Tutor => vec![
            ("/sessions/new", "Upload a transcript", "Add a session for one of your students."),
            ("/sessions", "Sessions", "Sessions you taught, with their analysis."),
        ],
        Role::Admin => vec![
            (
                "/admin",
                "Users and links",
                "Create tutors and admins, change roles, link tutors to students.",
            ),
            ("/admin/jobs", "Job health", "Queued, running, done and failed work per function."),
        ],
    };
    view! {
        <section>
            <h1 class="text-3xl font-bold tracking-tight text-slate-900">{format!("Hi, {first_name}")}</h1>
            <p class="mt-1 text-slate-600">"Here is where to go next."</p>
            <div class="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {cards.into_iter().map(|(href, title, body)| view! {
                    <a href=href class="block rounded-2xl border border-slate-200 bg-white p-6 shadow-sm transition hover:border-indigo-300 hover:shadow">
                        <h2 class="text-lg font-semibold text-slate-900">{title}</h2>
                        <p class="mt-2 text-sm text-slate-600">{body}</p>
                    </a>
                }).collect_view()}
            </div>
        </section>
    }
}
