//! Goals: several at once, each with a subject, a description and an optional target date.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use crate::{
    api::goals::{CreateGoal, list_goals},
    components::{
        auth::RequireAuth,
        form::{Attempted, ErrorBanner, Field, SubmitButton, field_error, general_error},
        goal_parts::{GoalBadge, ProgressBar},
        resource::page_resource,
    },
    domain::{GoalDescription, GoalSubject, Role},
    dto::goal::GoalView,
};

#[component]
pub fn GoalsPage() -> impl IntoView {
    view! {
        <Title text="Goals" />
        <RequireAuth roles=&[Role::Student]>
            <Goals />
        </RequireAuth>
    }
}

#[component]
fn Goals() -> impl IntoView {
    let create = ServerAction::<CreateGoal>::new();
    let goals = page_resource(move || create.version().get(), |_| list_goals(None));
    view! {
        <div class="grid gap-8 lg:grid-cols-3">
            <section class="lg:col-span-2">
                <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Your goals"</h1>
                <p class="mt-1 text-slate-600">"Progress comes from what you master in practice, not from a number you type."</p>
                <a href="/suggestions" class="mt-2 inline-block text-sm font-semibold text-indigo-600 hover:underline">"What to study next →"</a>
                <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading goals…"</p> }>
                    {move || Suspend::new(async move {
                        match goals.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="mt-6 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-500">
                                    "No goals yet. Add your first one on the right."
                                </p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="mt-6 space-y-3" aria-label="Goals">
                                    {list.into_iter().map(|goal| view! { <GoalCard goal /> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <NewGoalForm action=create />
        </div>
    }
}

#[component]
fn GoalCard(goal: GoalView) -> impl IntoView {
    let pct = (goal.progress * 100.0).round() as i64;
    let label = format!("{} progress", goal.subject);
    view! {
        <li class="rounded-xl border border-slate-200 bg-white shadow-sm hover:border-indigo-300">
            <a href=format!("/goals/{}", goal.id) class="block p-5">
                <div class="flex items-start justify-between gap-4">
                    <h2 class="text-lg font-semibold text-slate-900">{goal.subject.clone()}</h2>
                    <GoalBadge status=goal.status />
                </div>
                // Shown as text: whatever the student typed, markup included, is escaped here.
                <p class="mt-2 whitespace-pre-line text-slate-700" data-testid="goal-description">{goal.description.clone()}</p>
                <div class="mt-4 flex items-center gap-3">
                    <div class="grow"><ProgressBar progress=goal.progress label /></div>
                    <span class="w-12 text-right text-sm font-semibold text-indigo-700">{format!("{pct}%")}</span>
                </div>
                <p class="mt-2 text-sm text-slate-500">
                    {format!("{} of {} concepts at target", goal.mastered_count, goal.concept_count)}
                    {goal.target_date.map(|date| format!(" · target {}", date.format("%B %-d, %Y")))}
                </p>
            </a>
        </li>
    }
}

#[component]
fn NewGoalForm(action: ServerAction<CreateGoal>) -> impl IntoView {
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let target_date = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let result: Signal<_> = action.value().into();
    let subject_check = Callback::new(|v: String| GoalSubject::parse(&v).err().map(|e| e.0));
    let description_error =
        Memo::new(move |_| GoalDescription::parse(&description.get()).err().map(|e| e.0));
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            subject.set(String::new());
            description.set(String::new());
            target_date.set(String::new());
            attempted.set(false);
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if subject_check.run(subject.get()).is_none() && description_error.get().is_none() {
            let target_date = Some(target_date.get()).filter(|d| !d.is_empty());
            action.dispatch(CreateGoal {
                subject: subject.get(),
                description: description.get(),
                target_date,
            });
        }
    };
    view! {
        <aside class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-lg font-semibold text-slate-900">"Add a goal"</h2>
            <form on:submit=on_submit novalidate class="mt-4 space-y-4">
                <ErrorBanner error=general_error(result) />
                <Field label="Subject" name="subject" hint="For example SAT Math or Chemistry." value=subject check=subject_check server_error=field_error(result, "subject") />
                <div class="space-y-1">
                    <label for="goal-description" class="block text-sm font-medium text-slate-700">"What do you want to achieve?"</label>
                    <textarea
                        id="goal-description"
                        name="description"
                        rows="4"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                        class="block w-full rounded-lg border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                    ></textarea>
                    <p class="min-h-5 text-sm text-red-600">{move || description_error.get()}</p>
                </div>
                <Field label="Target date (optional)" name="target_date" kind="date" value=target_date server_error=field_error(result, "targetDate") />
                <SubmitButton label="Add goal" pending_label="Adding…" pending=action.pending() />
            </form>
        </aside>
    }
}
