//! The bell in the header: unread count that updates live, and a dropdown of the newest.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::poll::use_interval;
use crate::api::notifications::{
    list_notifications, mark_all_notifications_read, mark_notification_read, unread_count,
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
                                                        <p class="text-sm font-medium text-slate-900">{n.title.clone()}</p>
                                                        <p class="mt-0.5 text-xs text-slate-500">{n.when_label.clone()}</p>
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
