//! Bookings for students and tutors: upcoming (soonest first) or past, each with cancel,
//! reschedule and an `.ics` file; students also answer tutors' invitations here.

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;

use crate::{
    api::bookings::{answer_invitation, list_bookings, list_invitations},
    components::{
        auth::{RequireAuth, use_me},
        booking::BookingCard,
        form::ErrorBanner,
        resource::page_resource,
    },
    domain::Role,
    dto::invitation::{InvitationStatus, InvitationView},
};

#[component]
pub fn BookingsPage() -> impl IntoView {
    view! {
        <Title text="Bookings" />
        <RequireAuth roles=&[Role::Student, Role::Tutor]>
            <Bookings />
        </RequireAuth>
    }
}

#[component]
fn Bookings() -> impl IntoView {
    let me = use_me();
    let is_tutor = me.role == Role::Tutor;
    let past = RwSignal::new(false);
    let version = RwSignal::new(0_u32);
    let bookings =
        page_resource(move || (past.get(), version.get()), |(past, _)| list_bookings(past));
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    let tab = move |is_past: bool| {
        move || {
            if past.get() == is_past {
                "rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white"
            } else {
                "rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
            }
        }
    };
    view! {
        <div class="mx-auto max-w-3xl">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Bookings"</h1>
                    <p class="mt-1 text-slate-600">{format!("Times in your time zone ({}).", me.time_zone)}</p>
                </div>
                {(!is_tutor).then(|| view! {
                    <a href="/tutors" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">"Book a session"</a>
                })}
            </div>
            {(!is_tutor).then(|| view! { <Invitations /> })}
            <div class="mt-6 flex gap-2" role="group" aria-label="Which bookings">
                <button type="button" class=tab(false) aria-pressed=move || (!past.get()).to_string() on:click=move |_| past.set(false)>"Upcoming"</button>
                <button type="button" class=tab(true) aria-pressed=move || past.get().to_string() on:click=move |_| past.set(true)>"Past"</button>
            </div>
            <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading bookings…"</p> }>
                {move || Suspend::new(async move {
                    match bookings.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="mt-6 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-500">
                                {if past.get_untracked() { "No past bookings." } else { "No upcoming bookings." }}
                            </p>
                        }.into_any(),
                        Ok(list) => {
                            let actions = !past.get_untracked();
                            view! {
                                <ul class="mt-6 space-y-3" aria-label="Bookings">
                                    {list.into_iter().map(|booking| view! {
                                        <BookingCard booking viewer_is_tutor=is_tutor actions on_change=changed />
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

/// A student's invitations from tutors: accept (which links them) or decline.
#[component]
fn Invitations() -> impl IntoView {
    let version = RwSignal::new(0_u32);
    let invitations = page_resource(move || version.get(), |_| list_invitations());
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let pending: Vec<InvitationView> = invitations
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|i| i.status == InvitationStatus::Pending)
                    .collect();
                (!pending.is_empty()).then(|| view! {
                    <section class="mt-6 rounded-2xl border border-indigo-200 bg-indigo-50 p-5" aria-label="Invitations">
                        <h2 class="text-lg font-semibold text-slate-900">"Invitations"</h2>
                        <ul class="mt-3 space-y-3">
                            {pending.into_iter().map(|invitation| {
                                let id = invitation.id;
                                let answer = move |accept: bool| {
                                    spawn_local(async move {
                                        let _ = answer_invitation(id, accept).await;
                                        version.update(|v| *v += 1);
                                    });
                                };
                                view! {
                                    <li class="flex flex-wrap items-center justify-between gap-3">
                                        <p class="text-slate-800">{format!("{} invited you to be their student. They would see your sessions, goals and practice.", invitation.tutor_name)}</p>
                                        <div class="flex gap-2">
                                            <button type="button" class="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500" on:click=move |_| answer(true)>"Accept"</button>
                                            <button type="button" class="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50" on:click=move |_| answer(false)>"Decline"</button>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
