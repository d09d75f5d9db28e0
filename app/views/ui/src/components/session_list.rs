//! A page of sessions with their live analysis status: the sessions page and, for tutors, the
//! student page show it. Status badges update while analyses run.

use std::{collections::HashMap, time::Duration};

use leptos::{prelude::*, task::spawn_local};
use uuid::Uuid;

use crate::{
    api::sessions::session_statuses,
    components::{
        form::ErrorBanner,
        poll::use_interval,
        resource::PageResource,
        status::{SessionBadge, duration_label},
    },
    dto::{
        page::Page,
        session::{SessionStatus, SessionStatusView, SessionSummary},
    },
    error::AppError,
};

/// How often in-flight sessions are polled.
const POLL: Duration = Duration::from_millis(1500);

#[component]
pub fn SessionList(
    sessions: PageResource<Result<Page<SessionSummary>, AppError>>,
    page: RwSignal<u64>,
    show_student: bool,
) -> impl IntoView {
    // Live statuses for sessions still being analyzed, laid over the loaded page.
    let live: RwSignal<HashMap<Uuid, SessionStatusView>> = RwSignal::new(HashMap::new());
    use_interval(POLL, move || {
        let Some(Ok(loaded)) = sessions.get_untracked() else { return };
        let in_flight: Vec<Uuid> = loaded
            .items
            .iter()
            .filter(|s| {
                live.with_untracked(|l| l.get(&s.id).map(|v| v.status).unwrap_or(s.status))
                    .is_in_flight()
            })
            .map(|s| s.id)
            .collect();
        if in_flight.is_empty() {
            return;
        }
        spawn_local(async move {
            if let Ok(statuses) = session_statuses(in_flight).await {
                live.update(|l| {
                    for status in statuses {
                        l.insert(status.id, status);
                    }
                });
            }
        });
    });
    view! {
        <Transition fallback=|| view! { <p class="mt-8 text-slate-500">"Loading sessions…"</p> }>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(list) if list.items.is_empty() => view! {
                        <div class="mt-8 rounded-2xl border border-dashed border-slate-300 p-10 text-center">
                            <p class="text-slate-600">"No sessions yet."</p>
                            <a href="/sessions/new" class="mt-3 inline-block font-semibold text-indigo-600 hover:underline">"Upload your first transcript"</a>
                        </div>
                    }.into_any(),
                    Ok(list) => {
                        let pages = list.pages();
                        view! {
                            <ul class="mt-8 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm" aria-label="Sessions">
                                {list.items.into_iter().map(|session| view! { <SessionRow session live show_student /> }).collect_view()}
                            </ul>
                            <div class="mt-4 flex items-center justify-between text-sm text-slate-600">
                                <span>{format!("{} sessions", list.total)}</span>
                                <div class="flex items-center gap-2">
                                    <button class="rounded border border-slate-300 px-3 py-1 disabled:opacity-40" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|p| *p -= 1)>"Previous"</button>
                                    <span>{move || format!("Page {} of {pages}", page.get())}</span>
                                    <button class="rounded border border-slate-300 px-3 py-1 disabled:opacity-40" disabled=move || { page.get() >= pages } on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(err) => view! { <div class="mt-8"><ErrorBanner error=Signal::derive(move || Some(err.clone())) /></div> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SessionRow(
    session: SessionSummary,
    live: RwSignal<HashMap<Uuid, SessionStatusView>>,
    show_student: bool,
) -> impl IntoView {
    let id = session.id;
    let status = Signal::derive(move || {
        live.with(|l| l.get(&id).map(|v| v.status)).unwrap_or(session.status)
    });
    let title = {
        let fallback = session.title.clone();
        move || {
            live.with(|l| l.get(&id).and_then(|v| v.title.clone()))
                .or_else(|| fallback.clone())
                .unwrap_or_else(|| "Analyzing…".to_owned())
        }
    };
    let who = if show_student {
        format!("{} with {}", session.student_name, session.tutor_name)
    } else {
        format!("with {}", session.tutor_name)
    };
    view! {
        <li>
            <a href=format!("/sessions/{id}") class="flex items-center justify-between gap-4 px-5 py-4 hover:bg-slate-50">
                <div class="min-w-0">
                    <p class="truncate font-medium text-slate-900">{title}</p>
                    <p class="mt-0.5 text-sm text-slate-500">
                        {session.date_label.clone()} " · " {duration_label(session.duration_seconds)} " · " {who}
                        {session.subject.clone().map(|s| format!(" · {s}"))}
                    </p>
                    <Show when=move || status.get() == SessionStatus::Failed>
                        <p class="mt-1 text-sm text-red-600">"The analysis failed. Open the session to retry."</p>
                    </Show>
                </div>
                <SessionBadge status />
            </a>
        </li>
    }
}
