//! Log in.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use crate::{
    api::{auth::Login, safe_next},
    components::{
        auth::{reload_to, use_auth},
        form::{Attempted, AuthCard, ErrorBanner, Field, SubmitButton, field_error, general_error},
    },
    domain::Email,
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next(query.read_untracked().get("next").as_deref());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));

    let action = ServerAction::<Login>::new();
    let result: Signal<_> = action.value().into();
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            reload_to(&next());
        }
    });
    let email_check = Callback::new(|value: String| Email::parse(&value).err().map(|e| e.0));
    let password_check =
        Callback::new(|value: String| value.is_empty().then(|| "Enter your password.".to_owned()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        let valid =
            email_check.run(email.get()).is_none() && password_check.run(password.get()).is_none();
        if valid {
            action.dispatch(Login { email: email.get(), password: password.get() });
        }
    };
    // Someone already signed in who lands here goes straight on.
    let auth = use_auth();

    view! {
        <Title text="Log in" />
        <AuthCard title="Log in" subtitle="Welcome back. Pick up where you left off.">
            <Suspense>
                {move || Suspend::new(async move {
                    matches!(auth.user.await, Ok(Some(_))).then(|| view! { <Redirect path=next() /> })
                })}
            </Suspense>
            <form method="post" action=Login::url() on:submit=on_submit novalidate class="space-y-4">
                <ErrorBanner error=general_error(result) />
                <Field label="Email" name="email" kind="email" autocomplete="email" value=email check=email_check server_error=field_error(result, "email") />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" value=password check=password_check server_error=field_error(result, "password") />
                <SubmitButton label="Log in" pending_label="Logging in…" pending=action.pending() />
            </form>
            <div class="mt-6 flex justify-between text-sm">
                <a href="/forgot-password" class="text-indigo-600 hover:underline">"Forgot your password?"</a>
                <a href="/register" class="text-indigo-600 hover:underline">"Create an account"</a>
            </div>
        </AuthCard>
    }
}
