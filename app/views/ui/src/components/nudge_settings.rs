//! The profile's "Reminders" section: how often nudges come (on, weekly, off) and whether by
//! email too.

use leptos::{ev::SubmitEvent, prelude::*};

use super::{
    form::{ErrorBanner, SubmitButton, SuccessBanner, general_error},
    resource::page_resource,
};
use crate::{
    api::nudges::{SaveNudgeSettings, nudge_settings},
    dto::nudge::{NudgeFrequency, NudgeSettingsView},
};

const CHOICES: [(NudgeFrequency, &str, &str); 3] = [
    (NudgeFrequency::On, "On", "At most one a day, when there is something worth doing."),
    (NudgeFrequency::Weekly, "Weekly", "At most one a week."),
    (NudgeFrequency::Off, "Off", "No nudges. Notifications about your own work still come."),
];

#[component]
pub fn NudgeSettingsSection() -> impl IntoView {
    let current = page_resource(|| (), |_| nudge_settings());
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="reminders-heading">
            <h2 id="reminders-heading" class="text-lg font-semibold text-slate-900">"Reminders"</h2>
            <p class="mt-1 text-sm text-slate-600">"Nudges bring you back when reviews are due or it has been a while."</p>
            <Transition fallback=|| view! { <p class="mt-4 text-sm text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(settings) => view! { <NudgeForm settings /> }.into_any(),
                        Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NudgeForm(settings: NudgeSettingsView) -> impl IntoView {
    let frequency = RwSignal::new(settings.frequency);
    let email = RwSignal::new(settings.email);
    let action = ServerAction::<SaveNudgeSettings>::new();
    let result: Signal<_> = action.value().into();
    let saved = Signal::derive(move || {
        matches!(result.get(), Some(Ok(_))).then(|| "Reminders saved.".to_owned())
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SaveNudgeSettings { frequency: frequency.get(), email: email.get() });
    };
    view! {
        <form on:submit=on_submit class="mt-4 space-y-4">
            <SuccessBanner message=saved />
            <ErrorBanner error=general_error(result) />
            <fieldset>
                <legend class="text-sm font-medium text-slate-700">"Nudges"</legend>
                <div class="mt-2 space-y-2">
                    {CHOICES.into_iter().map(|(value, label, help)| view! {
                        <label class="flex items-start gap-3 rounded-lg border border-slate-200 p-3 hover:bg-slate-50">
                            <input type="radio" name="nudge-frequency" class="mt-1"
                                prop:checked=move || frequency.get() == value
                                on:change=move |_| frequency.set(value) />
                            <span><span class="font-medium text-slate-900">{label}</span><span class="block text-sm text-slate-500">{help}</span></span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <label class="flex items-center gap-3 text-sm text-slate-700">
                <input type="checkbox" prop:checked=move || email.get() on:change=move |ev| email.set(event_target_checked(&ev)) />
                "Also send nudges by email"
            </label>
            <div class="sm:w-48">
                <SubmitButton label="Save reminders" pending_label="Saving…" pending=action.pending() />
            </div>
        </form>
    }
}
