//! Your profile: name, grade, time zone; change password.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    api::auth::{ChangePassword, UpdateProfile},
    components::{
        auth::{RequireAuth, use_me},
        form::{
            Attempted, ErrorBanner, Field, SubmitButton, SuccessBanner, field_error, general_error,
        },
        nudge_settings::NudgeSettingsSection,
    },
    domain::{Grade, Password, PersonName, Role, TimeZoneName},
};

/// Common IANA zones offered as suggestions; any valid zone name is accepted.
const TIME_ZONES: [&str; 16] = [
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
];

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text="Profile" />
        <RequireAuth>
            <ProfileForms />
        </RequireAuth>
    }
}

#[component]
fn ProfileForms() -> impl IntoView {
    let me = use_me();
    view! {
        <div class="mx-auto max-w-2xl space-y-8">
            <header>
                <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Your profile"</h1>
                <p class="mt-1 text-slate-600">{me.email.clone()} " · " {me.role.to_string()}</p>
            </header>
            <DetailsForm />
            {(me.role == Role::Student).then(|| view! { <NudgeSettingsSection /> })}
            <PasswordForm />
        </div>
    }
}

#[component]
fn DetailsForm() -> impl IntoView {
    let me = use_me();
    let name = RwSignal::new(me.name.clone());
    let grade = RwSignal::new(me.grade.clone().unwrap_or_default());
    let time_zone = RwSignal::new(me.time_zone.clone());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let action = ServerAction::<UpdateProfile>::new();
    let result: Signal<_> = action.value().into();
    let saved = Signal::derive(move || {
        matches!(result.get(), Some(Ok(_))).then(|| "Profile saved.".to_owned())
    });
    let name_check = Callback::new(|v: String| PersonName::parse(&v).err().map(|e| e.0));
    let grade_check = Callback::new(|v: String| Grade::parse_optional(&v).err().map(|e| e.0));
    let zone_check = Callback::new(|v: String| TimeZoneName::parse(&v).err().map(|e| e.0));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if name_check.run(name.get()).is_none()
            && grade_check.run(grade.get()).is_none()
            && zone_check.run(time_zone.get()).is_none()
        {
            let grade = Some(grade.get()).filter(|g| !g.trim().is_empty());
            action.dispatch(UpdateProfile { name: name.get(), grade, time_zone: time_zone.get() });
        }
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-lg font-semibold text-slate-900">"Details"</h2>
            <form method="post" action=UpdateProfile::url() on:submit=on_submit novalidate class="mt-4 space-y-4">
                <SuccessBanner message=saved />
                <ErrorBanner error=general_error(result) />
                <Field label="Name" name="name" autocomplete="name" value=name check=name_check server_error=field_error(result, "name") />
                <Field label="Grade (optional)" name="grade" value=grade check=grade_check server_error=field_error(result, "grade") />
                <div>
                    <Field label="Time zone" name="time_zone" list="time-zones" hint="Dates and times are shown in this zone." value=time_zone check=zone_check server_error=field_error(result, "timeZone") />
                    <datalist id="time-zones">
                        {TIME_ZONES.iter().map(|zone| view! { <option value=*zone></option> }).collect_view()}
                    </datalist>
                </div>
                <div class="sm:w-48">
                    <SubmitButton label="Save profile" pending_label="Saving…" pending=action.pending() />
                </div>
            </form>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let action = ServerAction::<ChangePassword>::new();
    let result: Signal<_> = action.value().into();
    let saved = Signal::derive(move || {
        matches!(result.get(), Some(Ok(())))
            .then(|| "Password changed. Other devices have been signed out.".to_owned())
    });
    let current_check =
        Callback::new(|v: String| v.is_empty().then(|| "Enter your current password.".to_owned()));
    let new_check = Callback::new(|v: String| Password::parse(&v).err().map(|e| e.0));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if current_check.run(current.get()).is_none() && new_check.run(new_password.get()).is_none()
        {
            action.dispatch(ChangePassword {
                current_password: current.get(),
                new_password: new_password.get(),
            });
        }
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-lg font-semibold text-slate-900">"Change password"</h2>
            <form method="post" action=ChangePassword::url() on:submit=on_submit novalidate class="mt-4 space-y-4">
                <SuccessBanner message=saved />
                <ErrorBanner error=general_error(result) />
                <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" value=current check=current_check server_error=field_error(result, "currentPassword") />
                <Field label="New password" name="new_password" kind="password" autocomplete="new-password" hint="At least 10 characters, and not a common password." value=new_password check=new_check server_error=field_error(result, "newPassword") />
                <div class="sm:w-48">
                    <SubmitButton label="Change password" pending_label="Saving…" pending=action.pending() />
                </div>
            </form>
        </section>
    }
}
