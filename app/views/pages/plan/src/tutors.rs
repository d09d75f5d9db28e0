//! Tutors, for students: names and subjects (never addresses), and booking a free time with
//! one of them. Opened from chat's "Request a tutor" with `?escalation=<id>`, the booking
//! carries that request to the tutor.

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::{
    api::{bookings::create_booking, sessions::list_tutors},
    components::resource::page_resource,
    components::{auth::RequireAuth, booking::SlotPicker, form::ErrorBanner},
    domain::Role,
    dto::{booking::SlotOption, user::TutorOption},
    error::AppError,
};

#[component]
pub fn TutorsPage() -> impl IntoView {
    view! {
        <Title text="Tutors" />
        <RequireAuth roles=&[Role::Student]>
            <Tutors />
        </RequireAuth>
    }
}

#[component]
fn Tutors() -> impl IntoView {
    let query = use_query_map();
    let escalation = Memo::new(move |_| {
        query.with(|q| q.get("escalation").and_then(|v| v.parse::<Uuid>().ok()))
    });
    let tutors = page_resource(|| (), |_| list_tutors());
    view! {
        <div class="mx-auto max-w-3xl">
            <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Tutors"</h1>
            <p class="mt-1 text-slate-600">"Book a free time with your tutor. Times are shown in your time zone."</p>
            <Show when=move || escalation.get().is_some()>
                <p class="mt-4 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-800" role="status">
                    "Your request from chat goes with this booking, so your tutor knows what to work on."
                </p>
            </Show>
            <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading tutors…"</p> }>
                {move || Suspend::new(async move {
                    match tutors.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="mt-6 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-500">"No tutors yet."</p>
                        }.into_any(),
                        Ok(list) => {
                            // With tutors of their own, a student books them; with none, anyone.
                            let has_own = list.iter().any(|t| t.linked);
                            view! {
                                <ul class="mt-6 space-y-4" aria-label="Tutors">
                                    {list.into_iter().map(|tutor| {
                                        let bookable = tutor.linked || !has_own;
                                        view! { <TutorCard tutor bookable escalation /> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(err) => view! { <div class="mt-6"><ErrorBanner error=Signal::derive(move || Some(err.clone())) /></div> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn TutorCard(tutor: TutorOption, bookable: bool, escalation: Memo<Option<Uuid>>) -> impl IntoView {
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<SlotOption>);
    let note = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let booked = RwSignal::new(None::<String>);
    let tutor_id = tutor.id;
    let name = tutor.name.clone();
    let pick = Callback::new(move |slot: SlotOption| chosen.set(Some(slot)));
    let confirm = move |_| {
        let Some(slot) = chosen.get_untracked() else { return };
        pending.set(true);
        error.set(None);
        let note_text = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        let escalation_id = escalation.get_untracked();
        spawn_local(async move {
            match create_booking(tutor_id, slot.start.to_rfc3339(), note_text, escalation_id).await
            {
                Ok(booking) => {
                    booked.set(Some(format!("Booked: {}.", booking.when_label)));
                    chosen.set(None);
                    open.set(false);
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    view! {
        <li class="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <h2 class="text-lg font-semibold text-slate-900">{tutor.name.clone()}</h2>
                    <div class="mt-1 flex flex-wrap gap-1.5">
                        {if tutor.subjects.is_empty() {
                            view! { <span class="text-sm text-slate-500">"Subjects appear after their first analysed session."</span> }.into_any()
                        } else {
                            tutor.subjects.iter().map(|s| view! {
                                <span class="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">{s.clone()}</span>
                            }).collect_view().into_any()
                        }}
                    </div>
                </div>
                {tutor.linked.then(|| view! { <span class="rounded-full bg-indigo-100 px-2.5 py-0.5 text-xs font-medium text-indigo-800">"Your tutor"</span> })}
            </div>
            <Show when=move || booked.get().is_some()>
                <p role="status" class="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
                    {move || booked.get()} " " <a href="/bookings" class="font-semibold underline">"See your bookings"</a>
                </p>
            </Show>
            {bookable.then(|| view! {
                <div class="mt-4">
                    <Show when=move || !open.get()>
                        <button type="button" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500"
                            on:click=move |_| open.set(true)>{format!("Book {}", name.clone())}</button>
                    </Show>
                    <Show when=move || open.get()>
                        <SlotPicker tutor_id on_pick=pick />
                        <Show when=move || chosen.get().is_some()>
                            <div class="mt-4 space-y-3 rounded-xl border border-indigo-200 bg-indigo-50 p-4">
                                <p class="font-medium text-slate-900">
                                    {move || chosen.get().map(|s| format!("{} at {}", s.day_label, s.time_label))}
                                </p>
                                <label for=format!("note-{tutor_id}") class="block text-sm font-medium text-slate-700">"Anything your tutor should know? (optional)"</label>
                                <textarea id=format!("note-{tutor_id}") rows="2" class="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
                                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                                <ErrorBanner error=Signal::derive(move || error.get()) />
                                <button type="button" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
                                    disabled=move || pending.get() on:click=confirm>
                                    {move || if pending.get() { "Booking…" } else { "Confirm booking" }}
                                </button>
                            </div>
                        </Show>
                    </Show>
                </div>
            })}
        </li>
    }
}
