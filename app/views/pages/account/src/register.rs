//! Sign up (students only).

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    api::auth::Register,
    components::{
        auth::reload_to,
        form::{Attempted, AuthCard, ErrorBanner, Field, SubmitButton, field_error, general_error},
    },
    domain::{Email, Grade, Password, PersonName},
};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let grade = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));

    let action = ServerAction::<Register>::new();
    let result: Signal<_> = action.value().into();
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            reload_to("/dashboard");
        }
    });

    let name_check = Callback::new(|v: String| PersonName::parse(&v).err().map(|e| e.0));
    let email_check = Callback::new(|v: String| Email::parse(&v).err().map(|e| e.0));
    let password_check = Callback::new(|v: String| Password::parse(&v).err().map(|e| e.0));
    let grade_check = Callback::new(|v: String| Grade::parse_optional(&v).err().map(|e| e.0));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        let valid = name_check.run(name.get()).is_none()
            && email_check.run(email.get()).is_none()
            && password_check.run(password.get()).is_none()
            && grade_check.run(grade.get()).is_none();
        if valid {
            let grade = Some(grade.get()).filter(|g| !g.trim().is_empty());
            action.dispatch(Register {
                name: name.get(),
                email: email.get(),
                password: password.get(),
                grade,
            });
        }
    };

    view! {
        <Title text="Sign up" />
        <AuthCard title="Create your student account" subtitle="Tutors and admins get their accounts from an administrator.">
            <form method="post" action=Register::url() on:submit=on_submit novalidate class="space-y-4">
                <ErrorBanner error=general_error(result) />
                <Field label="Name" name="name" autocomplete="name" value=name check=name_check server_error=field_error(result, "name") />
                <Field label="Email" name="email" kind="email" autocomplete="email" value=email check=email_check server_error=field_error(result, "email") />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 10 characters, and not a common password."
                    value=password
                    check=password_check
                    server_error=field_error(result, "password")
                />
                <Field label="Grade (optional)" name="grade" hint="For example 10, Year 11 or college." value=grade check=grade_check server_error=field_error(result, "grade") />
                <SubmitButton label="Create account" pending_label="Creating your account…" pending=action.pending() />
            </form>
            <p class="mt-6 text-sm text-slate-600">
                "Already have an account? "
                <a href="/login" class="font-medium text-indigo-700 underline hover:text-indigo-500">"Log in"</a>
            </p>
        </AuthCard>
    }
}
