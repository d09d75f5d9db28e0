//! Form building blocks: labelled fields that validate as you type, error and success banners.

use leptos::prelude::*;

use crate::error::AppError;

/// Set once the user tries to submit, so every field shows its problem (not only touched ones).
#[derive(Clone, Copy)]
pub struct Attempted(pub RwSignal<bool>);

/// A labelled input bound to `value`. `check` is the same validation the server runs, shown
/// under the field once it has been edited or a submit was attempted; `server_error` shows the
/// server's verdict for this field.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] hint: String,
    #[prop(optional, into)] check: Option<Callback<String, Option<String>>>,
    #[prop(optional, into)] server_error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: &'static str,
) -> impl IntoView {
    let touched = RwSignal::new(false);
    let attempted = use_context::<Attempted>().map(|a| a.0);
    let id = format!("field-{name}");
    let error = Memo::new(move |_| {
        let show = touched.get() || attempted.is_some_and(|a| a.get());
        let local = if show { check.and_then(|c| c.run(value.get())) } else { None };
        local.or_else(|| server_error.get())
    });
    let describedby = format!("{id}-message");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                list=(!list.is_empty()).then_some(list)
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    touched.set(true);
                }
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=describedby.clone()
                class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                class=("border-red-400", move || error.get().is_some())
            />
            <p id=describedby class="min-h-5 text-sm" class=("text-red-600", move || error.get().is_some()) class=("text-slate-500", move || error.get().is_none())>
                {move || error.get().unwrap_or_else(|| hint.clone())}
            </p>
        </div>
    }
}

/// The server's error for one field, from the last action result.
pub fn field_error<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        result.get().and_then(|r| r.err()).and_then(|err| {
            err.field_errors().iter().find(|f| f.field == field).map(|f| f.message.clone())
        })
    })
}

/// An alert with the server's message for errors that do not belong to one field.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <div role="alert" class="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
                {move || error.get().map(|e| e.to_string()).unwrap_or_default()}
            </div>
        </Show>
    }
}

#[component]
pub fn SuccessBanner(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <div role="status" class="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
                {move || message.get().unwrap_or_default()}
            </div>
        </Show>
    }
}

/// A primary submit button that shows progress while `pending`.
#[component]
pub fn SubmitButton(
    label: &'static str,
    pending_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            disabled=move || pending.get()
            class="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:cursor-wait disabled:opacity-70"
        >
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}

/// The non-field part of an action's error (field errors show under their fields).
pub fn general_error<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
) -> Signal<Option<AppError>> {
    Signal::derive(move || {
        result.get().and_then(|r| r.err()).filter(|err| err.field_errors().is_empty())
    })
}

/// A centred card for the account pages.
#[component]
pub fn AuthCard(
    title: &'static str,
    #[prop(optional)] subtitle: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="mx-auto max-w-md">
            <div class="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
                <h1 class="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
                <Show when=move || !subtitle.is_empty()>
                    <p class="mt-2 text-sm text-slate-600">{subtitle}</p>
                </Show>
                <div class="mt-6">{children()}</div>
            </div>
        </section>
    }
}
