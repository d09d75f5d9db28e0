//! The bell in the header: unread count that updates live, and a dropdown of the newest.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::poll::use_interval;
use crate::{
    api::notifications::{
        list_notifications, mark_all_notifications_read, mark_notification_read, unread_count,
    },
    dto::notification::NotificationKind,
};

/// How often the bell asks for the unread count.
const POLL: Duration = Duration::from_secs(4);

#[component]
pub fn Bell() -> impl IntoView {
    // The count is fetched in the browser only (at once, then on every tick), so the server
    // and the hydrating client render the same empty badge and agree.
    let live = RwSignal::new(None::<u64>);
    let open = RwSignal::new(false);
    let version = RwSignal::new(0u32);
    let refresh = move || {
        spawn_local(async move {
            if let Ok(n) = unread_count().await {
                if live.get_untracked() != Some(n) {
                    version.update(|v| *v += 1);
                }
                live.set(Some(n));
            }
        });
    };
    Effect::new(move |_| refresh());
    use_interval(POLL, refresh);
    let count = move || live.get().unwrap_or(0);
    // Loaded in the browser when the dropdown opens; no resource here, so nothing in the header
    // takes part in the page's resource serialisation.
    let items = RwSignal::new(
        None::<Result<crate::dto::notification::NotificationList, crate::error::AppError>>,
    );
    Effect::new(move |_| {
        if open.get() {
            version.track();
            spawn_local(async move { items.set(Some(list_notifications(8).await)) });
        }
    });
    let mark_all = move |_| {
        spawn_local(async move {
            if mark_all_notifications_read().await.is_ok() {
                live.set(Some(0));
                version.update(|v| *v += 1);
            }
        });
    };
    view! {
        <div class="relative">
            <button
                type="button"
                class="relative rounded-full p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("Notifications, {} unread", count())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <svg class="h-6 w-6" fill="none" viewBox="0 0 24 24" stroke="currentColor" aria-hidden="true">
                    <path stroke-linecap="round" stroke-linejoin="round" stroke-width="2" d="M15 17h5l-1.4-1.4A2 2 0 0118 14.2V11a6 6 0 10-12 0v3.2c0 .5-.2 1-.6 1.4L4 17h5m6 0v1a3 3 0 11-6 0v-1m6 0H9" />
                </svg>
                <Show when=move || { count() > 0 }>
                    <span data-testid="unread-count" class="absolute -right-0.5 -top-0.5 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-xs font-bold text-white">
                        {count}
                    </span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div class="absolute right-0 z-20 mt-2 w-80 rounded-xl border border-slate-200 bg-white shadow-lg" role="menu" aria-label="Newest notifications">
                    <div class="flex items-center justify-between border-b border-slate-100 px-4 py-2">
                        <span class="text-sm font-semibold text-slate-900">"Notifications"</span>
                        <button type="button" class="text-xs font-medium text-indigo-600 hover:underline" on:click=mark_all>"Mark all read"</button>
                    </div>
                    {move || {
                            match items.get() {
                                None => view! { <p class="px-4 py-3 text-sm text-slate-500">"Loading…"</p> }.into_any(),
                                Some(Ok(list)) if !list.notifications.is_empty() => view! {
                                    <ul class="max-h-96 divide-y divide-slate-100 overflow-y-auto">
                                        {list.notifications.into_iter().map(|n| {
                                            let id = n.id;
                                            view! {
                                                <li>
                                                    <a
                                                        href=n.link.clone()
                                                        role="menuitem"
                                                        class="block px-4 py-3 hover:bg-slate-50"
                                                        class=("bg-indigo-50", !n.read)
                                                        on:click=move |_| { open.set(false); spawn_local(async move { let _ = mark_notification_read(id).await; }); }
                                                    >
                                                        <div class="flex items-start gap-3">
                                                            <KindIcon kind=n.kind />
                                                            <div class="min-w-0">
                                                                <p class="text-sm font-medium text-slate-900">{n.title.clone()}</p>
                                                                {(!n.body.is_empty()).then(|| view! { <p class="mt-0.5 line-clamp-2 text-xs text-slate-600">{n.body.clone()}</p> })}
                                                                <p class="mt-0.5 text-xs text-slate-600">{n.when_label.clone()}</p>
                                                            </div>
                                                        </div>
                                                    </a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                                Some(Ok(_)) => view! { <p class="px-4 py-3 text-sm text-slate-500">"Nothing new."</p> }.into_any(),
                                Some(Err(err)) => view! { <p class="px-4 py-3 text-sm text-red-600">{err.to_string()}</p> }.into_any(),
                            }
                    }}
                    <a href="/notifications" class="block border-t border-slate-100 px-4 py-2 text-center text-sm font-medium text-indigo-600 hover:bg-slate-50" on:click=move |_| open.set(false)>
                        "See all notifications"
                    </a>
                </div>
            </Show>
        </div>
    }
}

/// What a kind of notification is about, in words, with its icon (Heroicons outline paths) and
/// colours.
fn kind_style(kind: NotificationKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        NotificationKind::AnalysisReady => (
            "Session analysed",
            "M9 12.75 11.25 15 15 9.75M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
            "bg-emerald-100 text-emerald-700",
        ),
        NotificationKind::AnalysisFailed | NotificationKind::PracticeFailed => (
            "Something failed",
            "M12 9v3.75m-9.303 3.376c-.866 1.5.217 3.374 1.948 3.374h14.71c1.73 0 2.813-1.874 1.948-3.374L13.949 3.378c-.866-1.5-3.032-1.5-3.898 0L2.697 16.126ZM12 15.75h.007v.008H12v-.008Z",
            "bg-red-100 text-red-700",
        ),
        NotificationKind::PracticeReady => (
            "Practice ready",
            "m16.862 4.487 1.687-1.688a1.875 1.875 0 1 1 2.652 2.652L10.582 16.07a4.5 4.5 0 0 1-1.897 1.13L6 18l.8-2.685a4.5 4.5 0 0 1 1.13-1.897l8.932-8.931Zm0 0L19.5 7.125M18 14v4.75A2.25 2.25 0 0 1 15.75 21H5.25A2.25 2.25 0 0 1 3 18.75V8.25A2.25 2.25 0 0 1 5.25 6H10",
            "bg-indigo-100 text-indigo-700",
        ),
        NotificationKind::ReviewsDue => (
            "Reviews due",
            "M16.023 9.348h4.992v-.001M2.985 19.644v-4.992m0 0h4.992m-4.993 0 3.181 3.183a8.25 8.25 0 0 0 13.803-3.7M4.031 9.865a8.25 8.25 0 0 1 13.803-3.7l3.181 3.182m0-4.991v4.99",
            "bg-amber-100 text-amber-700",
        ),
        NotificationKind::GoalCompleted => (
            "Goal completed",
            "M3 3v1.5M3 21v-6m0 0 2.77-.693a9 9 0 0 1 6.208.682l.108.054a9 9 0 0 0 6.086.71l3.114-.732a48.524 48.524 0 0 1-.005-10.499l-3.11.732a9 9 0 0 1-6.085-.711l-.108-.054a9 9 0 0 0-6.208-.682L3 4.5M3 15V4.5",
            "bg-emerald-100 text-emerald-700",
        ),
        NotificationKind::SuggestionsReady => (
            "Suggestions ready",
            "M12 18v-5.25m0 0a6.01 6.01 0 0 0 1.5-.189m-1.5.189a6.01 6.01 0 0 1-1.5-.189m3.75 7.478a12.06 12.06 0 0 1-4.5 0m3.75 2.383a14.406 14.406 0 0 1-3 0M14.25 18v-.192c0-.983.658-1.823 1.508-2.316a7.5 7.5 0 1 0-7.517 0c.85.493 1.509 1.333 1.509 2.316V18",
            "bg-sky-100 text-sky-700",
        ),
        NotificationKind::Nudge => (
            "Nudge",
            "m3.75 13.5 10.5-11.25L12 10.5h8.25L9.75 21.75 12 13.5H3.75Z",
            "bg-violet-100 text-violet-700",
        ),
        NotificationKind::TutorRequested => (
            "Tutor requested",
            "M8.625 12a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm0 0H8.25m4.125 0a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm0 0H12m4.125 0a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm0 0h-.375M21 12c0 4.556-4.03 8.25-9 8.25a9.764 9.764 0 0 1-2.555-.337A5.972 5.972 0 0 1 5.41 20.97a5.969 5.969 0 0 1-.474-.065 4.48 4.48 0 0 0 .978-2.025c.09-.457-.133-.901-.467-1.226C3.93 16.178 3 14.189 3 12c0-4.556 4.03-8.25 9-8.25s9 3.694 9 8.25Z",
            "bg-rose-100 text-rose-700",
        ),
        NotificationKind::TutorInvitation => (
            "Tutor invitation",
            "M18 7.5v3m0 0v3m0-3h3m-3 0h-3m-2.25-4.125a3.375 3.375 0 1 1-6.75 0 3.375 3.375 0 0 1 6.75 0ZM3 19.235v-.11a6.375 6.375 0 0 1 12.75 0v.109A12.318 12.318 0 0 1 9.374 21c-2.331 0-4.512-.645-6.374-1.766Z",
            "bg-indigo-100 text-indigo-700",
        ),
        NotificationKind::BookingConfirmed | NotificationKind::BookingRescheduled => (
            "Booking",
            "M6.75 3v2.25M17.25 3v2.25M3 18.75V7.5a2.25 2.25 0 0 1 2.25-2.25h13.5A2.25 2.25 0 0 1 21 7.5v11.25m-18 0A2.25 2.25 0 0 0 5.25 21h13.5A2.25 2.25 0 0 0 21 18.75m-18 0v-7.5A2.25 2.25 0 0 1 5.25 9h13.5A2.25 2.25 0 0 1 21 11.25v7.5",
            "bg-emerald-100 text-emerald-700",
        ),
        NotificationKind::BookingCancelled => (
            "Booking cancelled",
            "M6.75 3v2.25M17.25 3v2.25M3 18.75V7.5a2.25 2.25 0 0 1 2.25-2.25h13.5A2.25 2.25 0 0 1 21 7.5v11.25m-18 0A2.25 2.25 0 0 0 5.25 21h13.5A2.25 2.25 0 0 0 21 18.75m-18 0v-7.5A2.25 2.25 0 0 1 5.25 9h13.5A2.25 2.25 0 0 1 21 11.25v7.5",
            "bg-red-100 text-red-700",
        ),
    }
}

/// The icon of a kind of notification, named for screen readers.
#[component]
pub fn KindIcon(kind: NotificationKind) -> impl IntoView {
    let (label, path, colours) = kind_style(kind);
    view! {
        <span
            class=format!("inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-full {colours}")
            role="img"
            aria-label=label
            data-kind=kind.as_str()
        >
            <svg class="h-4 w-4" fill="none" viewBox="0 0 24 24" stroke="currentColor" stroke-width="1.8" aria-hidden="true">
                <path stroke-linecap="round" stroke-linejoin="round" d=path />
            </svg>
        </span>
    }
}
