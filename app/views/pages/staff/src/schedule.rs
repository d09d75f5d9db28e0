//! My schedule, for tutors: the coming week's bookings (in the tutor's time zone) beside the
//! weekly availability editor, and inviting a student by email.

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;

use crate::{
    api::bookings::{get_availability, invite_student, save_availability, schedule_week},
    components::{
        auth::{RequireAuth, use_me},
        booking::BookingCard,
        form::{ErrorBanner, SuccessBanner},
        resource::page_resource,
    },
    domain::Role,
    dto::booking::{AvailabilityInput, AvailabilityWindow},
    error::AppError,
};

const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <Title text="My schedule" />
        <RequireAuth roles=&[Role::Tutor]>
            <Schedule />
        </RequireAuth>
    }
}

#[component]
fn Schedule() -> impl IntoView {
    let me = use_me();
    let version = RwSignal::new(0_u32);
    let week = page_resource(move || version.get(), |_| schedule_week());
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <div class="grid gap-8 lg:grid-cols-5">
            <section class="lg:col-span-3">
                <h1 class="text-3xl font-bold tracking-tight text-slate-900">"My schedule"</h1>
                <p class="mt-1 text-slate-600">{format!("The next seven days, in your time zone ({}).", me.time_zone)}</p>
                <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match week.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="mt-6 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-500">"No sessions booked this week."</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="mt-6 space-y-3" aria-label="This week's bookings">
                                    {list.into_iter().map(|booking| view! {
                                        <BookingCard booking viewer_is_tutor=true actions=true on_change=changed />
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(err) => view! { <div class="mt-6"><ErrorBanner error=Signal::derive(move || Some(err.clone())) /></div> }.into_any(),
                        }
                    })}
                </Transition>
                <a href="/bookings" class="mt-4 inline-block text-sm font-semibold text-indigo-600 hover:underline">"All bookings →"</a>
            </section>
            <div class="space-y-6 lg:col-span-2">
                <AvailabilityEditor />
                <InviteForm />
            </div>
        </div>
    }
}

#[component]
fn AvailabilityEditor() -> impl IntoView {
    let slot_minutes = RwSignal::new(60_u16);
    let windows = RwSignal::new(Vec::<AvailabilityWindow>::new());
    let blocked = RwSignal::new(Vec::<String>::new());
    let new_blocked = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let loaded = page_resource(|| (), |_| get_availability());
    Effect::new(move |_| {
        if let Some(Ok(view)) = loaded.get() {
            slot_minutes.set(view.slot_minutes);
            windows.set(view.windows);
            blocked.set(view.blocked_dates);
        }
    });
    let set_field = move |index: usize, field: &'static str, value: String| {
        windows.update(|list| {
            if let Some(window) = list.get_mut(index) {
                match field {
                    "weekday" => window.weekday = value.parse().unwrap_or(window.weekday),
                    "start" => window.start = value,
                    _ => window.end = value,
                }
            }
        });
    };
    let save = move |_| {
        pending.set(true);
        error.set(None);
        saved.set(None);
        let week = AvailabilityInput {
            slot_minutes: slot_minutes.get_untracked(),
            windows: windows.get_untracked(),
            blocked_dates: blocked.get_untracked(),
        };
        spawn_local(async move {
            match save_availability(week).await {
                Ok(view) => {
                    windows.set(view.windows);
                    blocked.set(view.blocked_dates);
                    saved.set(Some("Availability saved.".into()));
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let input_class = "rounded-lg border border-slate-300 px-2 py-1.5 text-sm";
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="availability-title">
            <h2 id="availability-title" class="text-lg font-semibold text-slate-900">"Availability"</h2>
            <p class="mt-1 text-sm text-slate-600">"Weekly windows in your time zone. Students book free slots inside them."</p>
            <div class="mt-4">
                <label for="slot-minutes" class="block text-sm font-medium text-slate-700">"Slot length"</label>
                <select id="slot-minutes" class=format!("mt-1 {input_class}")
                    on:change=move |ev| slot_minutes.set(event_target_value(&ev).parse().unwrap_or(60))>
                    <option value="30" selected=move || slot_minutes.get() == 30>"30 minutes"</option>
                    <option value="60" selected=move || slot_minutes.get() == 60>"60 minutes"</option>
                </select>
            </div>
            <ul class="mt-4 space-y-2" aria-label="Windows">
                {move || windows.get().into_iter().enumerate().map(|(index, window)| view! {
                    <li class="flex flex-wrap items-center gap-2">
                        <select aria-label=format!("Window {} day", index + 1) class=input_class
                            on:change=move |ev| set_field(index, "weekday", event_target_value(&ev))>
                            {WEEKDAYS.iter().enumerate().map(|(i, day)| {
                                let value = (i + 1).to_string();
                                view! { <option value=value.clone() selected={usize::from(window.weekday) == i + 1}>{*day}</option> }
                            }).collect_view()}
                        </select>
                        <input type="time" aria-label=format!("Window {} start", index + 1) class=input_class prop:value=window.start.clone()
                            on:change=move |ev| set_field(index, "start", event_target_value(&ev)) />
                        <span class="text-slate-500">"to"</span>
                        <input type="time" aria-label=format!("Window {} end", index + 1) class=input_class prop:value=window.end.clone()
                            on:change=move |ev| set_field(index, "end", event_target_value(&ev)) />
                        <button type="button" class="rounded-lg px-2 py-1 text-sm text-red-700 hover:bg-red-50" aria-label=format!("Remove window {}", index + 1)
                            on:click=move |_| windows.update(|list| { if index < list.len() { list.remove(index); } })>"Remove"</button>
                    </li>
                }).collect_view()}
            </ul>
            <button type="button" class="mt-2 rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
                on:click=move |_| windows.update(|list| list.push(AvailabilityWindow { weekday: 1, start: "09:00".into(), end: "12:00".into() }))>
                "Add a window"
            </button>
            <div class="mt-5">
                <label for="blocked-date" class="block text-sm font-medium text-slate-700">"Days off"</label>
                <div class="mt-1 flex gap-2">
                    <input id="blocked-date" type="date" class=input_class prop:value=move || new_blocked.get()
                        on:input=move |ev| new_blocked.set(event_target_value(&ev)) />
                    <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
                        on:click=move |_| {
                            let day = new_blocked.get_untracked();
                            if !day.is_empty() {
                                blocked.update(|list| if !list.contains(&day) { list.push(day) });
                                new_blocked.set(String::new());
                            }
                        }>"Block"</button>
                </div>
                <ul class="mt-2 flex flex-wrap gap-2" aria-label="Days off">
                    {move || blocked.get().into_iter().map(|day| {
                        let remove = day.clone();
                        view! {
                            <li class="flex items-center gap-1 rounded-full bg-slate-100 px-2.5 py-0.5 text-xs text-slate-700">
                                {day.clone()}
                                <button type="button" aria-label=format!("Unblock {day}") class="text-slate-500 hover:text-red-700"
                                    on:click=move |_| blocked.update(|list| list.retain(|d| *d != remove))>"×"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            <div class="mt-5 space-y-3">
                <ErrorBanner error=Signal::derive(move || error.get()) />
                <SuccessBanner message=Signal::derive(move || saved.get()) />
                <button type="button" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
                    disabled=move || pending.get() on:click=save>
                    {move || if pending.get() { "Saving…" } else { "Save availability" }}
                </button>
            </div>
        </section>
    }
}

/// Inviting a student by email: the same answer whatever the address, by design.
#[component]
fn InviteForm() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        error.set(None);
        let address = email.get_untracked();
        spawn_local(async move {
            match invite_student(address).await {
                Ok(reply) => {
                    message.set(Some(reply.message));
                    email.set(String::new());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="invite-title">
            <h2 id="invite-title" class="text-lg font-semibold text-slate-900">"Invite a student"</h2>
            <p class="mt-1 text-sm text-slate-600">"They get a notification and choose whether to link with you."</p>
            <form on:submit=send class="mt-3 space-y-3" novalidate>
                <label for="invite-email" class="sr-only">"Student's email"</label>
                <input id="invite-email" type="email" placeholder="student@example.com" class="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                <ErrorBanner error=Signal::derive(move || error.get()) />
                <SuccessBanner message=Signal::derive(move || message.get()) />
                <button type="submit" class="rounded-lg border border-indigo-300 px-4 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-50">"Send invitation"</button>
            </form>
        </section>
    }
}
