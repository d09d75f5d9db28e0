//! Ask for a password reset link.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    api::auth::ForgotPassword,
    components::form::{
        Attempted, AuthCard, ErrorBanner, Field, SubmitButton, SuccessBanner, field_error,
        general_error,
    },
    domain::Email,
};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let action = ServerAction::<ForgotPassword>::new();
    let result: Signal<_> = action.value().into();
    let sent = Signal::derive(move || {
        matches!(result.get(), Some(Ok(()))).then(|| {
            "If an account exists for that address, we have sent it a reset link. It works \
             once, for one hour."
                .to_owned()
        })
    });
    let email_check = Callback::new(|v: String| Email::parse(&v).err().map(|e| e.0));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if email_check.run(email.get()).is_none() {
            action.dispatch(ForgotPassword { email: email.get() });
        }
    };
    view! {
        <Title text="Forgot password" />
        <AuthCard title="Reset your password" subtitle="Enter your email and we will send you a link to choose a new password.">
            <form method="post" action=ForgotPassword::url() on:submit=on_submit novalidate class="space-y-4">
                <SuccessBanner message=sent />
                <ErrorBanner error=general_error(result) />
                <Field label="Email" name="email" kind="email" autocomplete="email" value=email check=email_check server_error=field_error(result, "email") />
                <SubmitButton label="Send reset link" pending_label="Sending…" pending=action.pending() />
            </form>
            <p class="mt-6 text-sm"><a href="/login" class="text-indigo-600 hover:underline">"Back to log in"</a></p>
        </AuthCard>
    }
}
