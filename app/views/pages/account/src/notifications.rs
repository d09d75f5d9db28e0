//! All notifications, newest first; mark one or all read.

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;

use crate::{
    api::notifications::{list_notifications, mark_all_notifications_read, mark_notification_read},
    components::resource::page_resource,
    components::{auth::RequireAuth, form::ErrorBanner, notifications::KindIcon},
};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Title text="Notifications" />
        <RequireAuth>
            <Notifications />
        </RequireAuth>
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let list = page_resource(move || version.get(), |_| list_notifications(100));
    let mark_all = move |_| {
        spawn_local(async move {
            let _ = mark_all_notifications_read().await;
            version.update(|v| *v += 1);
        });
    };
    view! {
        <div class="mx-auto max-w-3xl">
            <div class="flex items-end justify-between gap-4">
                <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Notifications"</h1>
                <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50" on:click=mark_all>"Mark all read"</button>
            </div>
            <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.notifications.is_empty() => view! {
                            <p class="mt-8 rounded-2xl border border-dashed border-slate-300 p-10 text-center text-slate-500">"Nothing here yet."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <p class="mt-2 text-sm text-slate-600">{format!("{} unread", list.unread_count)}</p>
                            <ul class="mt-4 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm" aria-label="Notifications">
                                {list.notifications.into_iter().map(|n| {
                                    let id = n.id;
                                    let read = n.read;
                                    view! {
                                        <li class="flex items-start justify-between gap-4 px-5 py-4" class=("bg-indigo-50/60", !read)>
                                            <a href=n.link.clone() class="flex min-w-0 grow items-start gap-3" on:click=move |_| { spawn_local(async move { let _ = mark_notification_read(id).await; }); }>
                                                <KindIcon kind=n.kind />
                                                <div class="min-w-0">
                                                    <p class="font-medium text-slate-900">{n.title.clone()}</p>
                                                    <p class="mt-0.5 text-sm text-slate-600">{n.body.clone()}</p>
                                                    <p class="mt-1 text-xs text-slate-600">{n.when_label.clone()}</p>
                                                </div>
                                            </a>
                                            {(!read).then(|| view! {
                                                <button type="button" class="shrink-0 text-xs font-medium text-indigo-600 hover:underline"
                                                    on:click=move |_| spawn_local(async move {
                                                        let _ = mark_notification_read(id).await;
                                                        version.update(|v| *v += 1);
                                                    })>
                                                    "Mark read"
                                                </button>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
