//! Booking pieces shared by the tutors page, the bookings list and the tutor's schedule: a
//! picker of a tutor's free slots (labelled in the viewer's time zone by the server, since the
//! browser carries no zone database), a booking card with cancel / reschedule / calendar, and
//! the status badge.

use leptos::{prelude::*, task::spawn_local};
use uuid::Uuid;

use super::resource::page_resource;
use crate::{
    api::bookings::{cancel_booking, reschedule_booking, tutor_slots},
    dto::booking::{BookingStatus, BookingView, SlotOption},
};

/// How many days ahead the pickers show.
pub const PICKER_DAYS: u32 = 14;

/// A tutor's free slots for the next two weeks, grouped by day; choosing one calls `on_pick`.
#[component]
pub fn SlotPicker(tutor_id: Uuid, on_pick: Callback<SlotOption>) -> impl IntoView {
    let slots = page_resource(move || tutor_id, |id| tutor_slots(id, PICKER_DAYS));
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading free times…"</p> }>
            {move || Suspend::new(async move {
                match slots.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="text-sm text-slate-500">"No free times in the next two weeks."</p>
                    }.into_any(),
                    Ok(list) => {
                        let mut days: Vec<(String, Vec<SlotOption>)> = Vec::new();
                        for slot in list {
                            match days.last_mut() {
                                Some((day, group)) if *day == slot.day_label => group.push(slot),
                                _ => days.push((slot.day_label.clone(), vec![slot])),
                            }
                        }
                        view! {
                            <div class="space-y-3" aria-label="Free times">
                                {days.into_iter().map(|(day, group)| view! {
                                    <div>
                                        <h4 class="text-sm font-semibold text-slate-700">{day.clone()}</h4>
                                        <div class="mt-1 flex flex-wrap gap-2">
                                            {group.into_iter().map(|slot| {
                                                let label = format!("{} {}", slot.day_label, slot.time_label);
                                                let text = slot.time_label.clone();
                                                view! {
                                                    <button type="button" aria-label=label
                                                        class="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-100"
                                                        on:click=move |_| on_pick.run(slot.clone())>
                                                        {text}
                                                    </button>
                                                }
                                            }).collect_view()}
                                        </div>
                                    </div>
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="text-sm text-red-600">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn BookingBadge(status: BookingStatus) -> impl IntoView {
    let (label, class) = match status {
        BookingStatus::Confirmed => ("Confirmed", "bg-emerald-100 text-emerald-800"),
        BookingStatus::Cancelled => ("Cancelled", "bg-red-100 text-red-800"),
    };
    view! { <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-medium {class}")>{label}</span> }
}

/// What a booking card has open below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Cancel,
    Reschedule,
}

/// One booking, seen by `viewer_is_tutor`'s side; `on_change` runs after a cancel or a move.
#[component]
pub fn BookingCard(
    booking: BookingView,
    viewer_is_tutor: bool,
    #[prop(optional)] actions: bool,
    on_change: Callback<()>,
) -> impl IntoView {
    let id = booking.id;
    let other =
        if viewer_is_tutor { booking.student_name.clone() } else { booking.tutor_name.clone() };
    let open = booking.status == BookingStatus::Confirmed && actions;
    let mode = RwSignal::new(None::<Mode>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let cancel = move |_| {
        pending.set(true);
        error.set(None);
        let text = reason.get_untracked();
        spawn_local(async move {
            match cancel_booking(id, text).await {
                Ok(_) => {
                    mode.set(None);
                    on_change.run(());
                }
                Err(err) => error.set(Some(err.to_string())),
            }
            pending.set(false);
        });
    };
    let move_to = Callback::new(move |slot: SlotOption| {
        error.set(None);
        spawn_local(async move {
            match reschedule_booking(id, slot.start.to_rfc3339()).await {
                Ok(_) => {
                    mode.set(None);
                    on_change.run(());
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        });
    });
    let tutor_id = booking.tutor_id;
    view! {
        <li class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="booking">
            <div class="flex flex-wrap items-start justify-between gap-2">
                <div>
                    <p class="font-semibold text-slate-900">{format!("Session with {other}")}</p>
                    <p class="text-sm text-slate-600">{booking.when_label.clone()}</p>
                </div>
                <BookingBadge status=booking.status />
            </div>
            {booking.note.clone().map(|note| view! { <p class="mt-2 text-sm text-slate-700">{note}</p> })}
            {booking.cancel_reason.clone().map(|why| view! { <p class="mt-2 text-sm text-red-700">{format!("Cancelled: {why}")}</p> })}
            <div class="mt-3 flex flex-wrap gap-2 text-sm">
                <a href=format!("/api/bookings/{id}/calendar.ics") class="rounded-lg border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50" rel="external" download="">"Add to calendar (.ics)"</a>
                {open.then(|| view! {
                    <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50"
                        on:click=move |_| mode.set(Some(Mode::Reschedule))>"Reschedule"</button>
                    <button type="button" class="rounded-lg border border-red-300 px-3 py-1.5 font-medium text-red-700 hover:bg-red-50"
                        on:click=move |_| mode.set(Some(Mode::Cancel))>"Cancel"</button>
                })}
            </div>
            <Show when=move || mode.get() == Some(Mode::Cancel)>
                <div class="mt-3 space-y-2">
                    <label for=format!("reason-{id}") class="block text-sm font-medium text-slate-700">"Why are you cancelling?"</label>
                    <input id=format!("reason-{id}") type="text" class="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <div class="flex gap-2">
                        <button type="button" class="rounded-lg bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-500 disabled:opacity-60"
                            disabled=move || pending.get() on:click=cancel>"Cancel session"</button>
                        <button type="button" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm" on:click=move |_| mode.set(None)>"Keep it"</button>
                    </div>
                </div>
            </Show>
            <Show when=move || mode.get() == Some(Mode::Reschedule)>
                <div class="mt-3">
                    <p class="mb-2 text-sm font-medium text-slate-700">"Choose a new time"</p>
                    <SlotPicker tutor_id on_pick=move_to />
                </div>
            </Show>
            <Show when=move || error.get().is_some()>
                <p role="alert" class="mt-2 text-sm text-red-700">{move || error.get()}</p>
            </Show>
        </li>
    }
}
