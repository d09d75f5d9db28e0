//! "Your sessions" for everyone (the list itself is `components::session_list`, which the
//! student page shows too).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::sessions::list_my_sessions,
    components::{
        auth::{RequireAuth, use_me},
        resource::page_resource,
        session_list::SessionList,
    },
    domain::Role,
};

#[component]
pub fn SessionsPage() -> impl IntoView {
    view! {
        <Title text="Sessions" />
        <RequireAuth>
            <MySessions />
        </RequireAuth>
    }
}

#[component]
fn MySessions() -> impl IntoView {
    let me = use_me();
    let page = RwSignal::new(1u64);
    let sessions = page_resource(move || page.get(), list_my_sessions);
    let heading = match me.role {
        Role::Student => "Your sessions",
        Role::Tutor => "Sessions you taught",
        Role::Admin => "All sessions",
    };
    view! {
        <div class="flex flex-wrap items-end justify-between gap-4">
            <div>
                <h1 class="text-3xl font-bold tracking-tight text-slate-900">{heading}</h1>
                <p class="mt-1 text-slate-600">"Newest first. Each one links to its summary, concepts and transcript."</p>
            </div>
            {(me.role != Role::Admin).then(|| view! {
                <a href="/sessions/new" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">"Upload a transcript"</a>
            })}
        </div>
        <SessionList sessions page show_student=me.role != Role::Student />
    }
}
