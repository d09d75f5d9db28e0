//! Choose a new password from a reset link.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::auth::ResetPassword,
    components::form::{
        Attempted, AuthCard, ErrorBanner, Field, SubmitButton, SuccessBanner, field_error,
        general_error,
    },
    domain::Password,
};

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let action = ServerAction::<ResetPassword>::new();
    let result: Signal<_> = action.value().into();
    let done = Signal::derive(move || {
        matches!(result.get(), Some(Ok(()))).then(|| "Your password has been changed.".to_owned())
    });
    let password_check = Callback::new(|v: String| Password::parse(&v).err().map(|e| e.0));
    let confirm_check = Callback::new(move |v: String| {
        (v != password.get_untracked()).then(|| "The two passwords do not match.".to_owned())
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if password_check.run(password.get()).is_none()
            && confirm_check.run(confirm.get()).is_none()
        {
            action.dispatch(ResetPassword { token: token(), password: password.get() });
        }
    };
    view! {
        <Title text="Choose a new password" />
        <AuthCard title="Choose a new password">
            <Show
                when=move || done.get().is_none()
                fallback=move || view! {
                    <SuccessBanner message=done />
                    <a href="/login" class="mt-6 inline-block text-sm font-semibold text-indigo-600 hover:underline">"Log in with your new password"</a>
                }
            >
                <Show when=move || token().is_empty()>
                    <div role="alert" class="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800">
                        "This page needs the link from your reset email. "
                        <a href="/forgot-password" class="underline">"Ask for a new link"</a>
                    </div>
                </Show>
                <form method="post" action=ResetPassword::url() on:submit=on_submit novalidate class="space-y-4">
                    <input type="hidden" name="token" value=token />
                    <ErrorBanner error=general_error(result) />
                    <Field label="New password" name="password" kind="password" autocomplete="new-password" hint="At least 10 characters, and not a common password." value=password check=password_check server_error=field_error(result, "password") />
                    <Field label="Repeat the new password" name="confirm" kind="password" autocomplete="new-password" value=confirm check=confirm_check />
                    <SubmitButton label="Set new password" pending_label="Saving…" pending=action.pending() />
                </form>
            </Show>
        </AuthCard>
    }
}
