//! One goal: its progress (computed from mastery, with how and its history), the concepts it is
//! measured by, what is at risk by its target date; edit, pause, resume, complete (then the
//! suggestions modal waits for what to study next) and delete with confirmation.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use crate::{
    api::{
        goals::{UpdateGoal, delete_goal, get_goal},
        suggestions::list_suggestions,
    },
    components::{
        auth::RequireAuth,
        form::{ErrorBanner, general_error},
        goal_parts::{AtRiskCard, ConceptsCard, ConfirmDialog, GoalBadge, ProgressCard},
        resource::page_resource,
        suggestions::{SuggestionCards, SuggestionsModal},
    },
    domain::Role,
    dto::goal::{GoalDetail, GoalPatch, GoalStatus},
    error::AppError,
};

#[component]
pub fn GoalPage() -> impl IntoView {
    view! {
        <Title text="Goal" />
        <RequireAuth roles=&[Role::Student]>
            <GoalScreen />
        </RequireAuth>
    }
}

#[component]
fn GoalScreen() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let update = ServerAction::<UpdateGoal>::new();
    let detail = page_resource(
        move || (id.get(), update.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_goal(id).await,
                None => Err(AppError::NotFound("goal".into())),
            }
        },
    );
    let modal_open = RwSignal::new(false);
    let completed_subject = RwSignal::new(String::new());
    let completing = RwSignal::new(false);
    let result: Signal<_> = update.value().into();
    Effect::new(move |_| {
        if let Some(Ok(done)) = result.get()
            && completing.get_untracked()
            && done.goal.status == GoalStatus::Completed
        {
            completing.set(false);
            completed_subject.set(done.goal.subject.clone());
            modal_open.set(true);
        }
    });
    // Accepting a suggestion opens another goal on this same route: the modal closes.
    Effect::new(move |previous: Option<Option<Uuid>>| {
        let current = id.get();
        if previous.is_some_and(|p| p != current) {
            modal_open.set(false);
        }
        current
    });
    let send = Callback::new(move |patch: GoalPatch| {
        if let Some(id) = id.get_untracked() {
            completing.set(patch.status == Some(GoalStatus::Completed));
            update.dispatch(UpdateGoal { id, patch });
        }
    });
    view! {
        <a href="/goals" class="text-sm text-indigo-600 hover:underline">"← Goals"</a>
        <div class="mt-3"><ErrorBanner error=general_error(result) /></div>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading goal…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <GoalBody detail send pending=update.pending() /> }.into_any(),
                    Err(err) => view! { <div class="mt-6"><ErrorBanner error=Signal::derive(move || Some(err.clone())) /></div> }.into_any(),
                }
            })}
        </Transition>
        {move || id.get().map(|goal_id| view! {
            <SuggestionsModal goal_id subject=completed_subject open=modal_open />
        })}
    }
}

#[component]
fn GoalBody(
    detail: GoalDetail,
    send: Callback<GoalPatch>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let goal = detail.goal.clone();
    let editing = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let goal_id = goal.id;
    let on_delete = Callback::new(move |()| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match delete_goal(goal_id).await {
                Ok(()) => navigate("/goals", Default::default()),
                Err(err) => delete_error.set(Some(err)),
            }
        });
    });
    let status = goal.status;
    let set_status =
        move |to: GoalStatus| send.run(GoalPatch { status: Some(to), ..GoalPatch::default() });
    let on_concepts = Callback::new(move |ids: Vec<Uuid>| {
        send.run(GoalPatch { concept_ids: Some(ids), ..GoalPatch::default() })
    });
    let button = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";
    let show_risk = detail.target_label.is_some() && status != GoalStatus::Completed;
    let edit_detail = detail.clone();
    view! {
        <header class="mt-2 flex flex-wrap items-start justify-between gap-4">
            <div class="min-w-0">
                <div class="flex flex-wrap items-center gap-3">
                    <h1 class="text-3xl font-bold tracking-tight text-slate-900">{goal.subject.clone()}</h1>
                    <GoalBadge status />
                </div>
                // Shown as text: whatever the student typed, markup included, is escaped here.
                <p class="mt-2 whitespace-pre-line text-slate-700">{goal.description.clone()}</p>
                {detail.target_label.clone().map(|label| view! { <p class="mt-1 text-sm text-slate-500">"Target date: " {label}</p> })}
            </div>
            <div class="flex flex-wrap gap-2">
                <button type="button" class=button on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
                {match status {
                    GoalStatus::Active => view! {
                        <button type="button" class=button disabled=move || pending.get() on:click=move |_| set_status(GoalStatus::Paused)>"Pause"</button>
                    }.into_any(),
                    GoalStatus::Paused => view! {
                        <button type="button" class=button disabled=move || pending.get() on:click=move |_| set_status(GoalStatus::Active)>"Resume"</button>
                    }.into_any(),
                    GoalStatus::Completed => view! {
                        <button type="button" class=button disabled=move || pending.get() on:click=move |_| set_status(GoalStatus::Active)>"Reopen"</button>
                    }.into_any(),
                }}
                {(status != GoalStatus::Completed).then(|| view! {
                    <button type="button" class="rounded-lg bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-600 disabled:opacity-50"
                        disabled=move || pending.get() on:click=move |_| set_status(GoalStatus::Completed)>"Complete goal"</button>
                })}
                <button type="button" class="rounded-lg border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
                    on:click=move |_| confirm_delete.set(true)>"Delete"</button>
            </div>
        </header>
        <ErrorBanner error=delete_error />
        <Show when=move || editing.get()>
            <EditGoalForm detail=edit_detail.clone() send pending editing />
        </Show>
        {detail.ready_to_complete.then(|| view! {
            <div role="status" class="mt-6 flex flex-wrap items-center justify-between gap-4 rounded-2xl border border-emerald-200 bg-emerald-50 p-5">
                <p class="text-emerald-900">{format!("Every concept has reached {}%. Complete this goal?", (goal.mastery_target * 100.0).round())}</p>
                <button type="button" class="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-600"
                    on:click=move |_| set_status(GoalStatus::Completed)>"Complete goal"</button>
            </div>
        })}
        <div class="mt-6 grid gap-6 lg:grid-cols-5">
            <div class="space-y-6 lg:col-span-3">
                <ProgressCard detail=detail.clone() />
                <ConceptsCard detail=detail.clone() on_change=on_concepts pending />
            </div>
            <div class="space-y-6 lg:col-span-2">
                {show_risk.then(|| view! { <AtRiskCard detail=detail.clone() /> })}
                {(status == GoalStatus::Completed).then(|| view! { <NextSubjects goal_id /> })}
            </div>
        </div>
        <ConfirmDialog
            open=confirm_delete
            title="Delete this goal?"
            message=format!("{} and its progress history will be deleted. This cannot be undone.", goal.subject)
            confirm_label="Delete goal"
            on_confirm=on_delete
        />
    }
}

/// On a completed goal: its suggestions still waiting for an answer.
#[component]
fn NextSubjects(goal_id: Uuid) -> impl IntoView {
    let suggestions = RwSignal::new(Vec::new());
    let loaded = page_resource(move || goal_id, |id| list_suggestions(Some(id)));
    Effect::new(move |_| {
        if let Some(Ok(list)) = loaded.get() {
            suggestions.set(list);
        }
    });
    view! {
        <Show when=move || !suggestions.get().is_empty()>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="next-heading">
                <h2 id="next-heading" class="text-lg font-semibold text-slate-900">"What to study next"</h2>
                <div class="mt-4"><SuggestionCards suggestions /></div>
            </section>
        </Show>
    }
}

/// Subject, description, target date and mastery target.
#[component]
fn EditGoalForm(
    detail: GoalDetail,
    send: Callback<GoalPatch>,
    #[prop(into)] pending: Signal<bool>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let goal = detail.goal;
    let subject = RwSignal::new(goal.subject.clone());
    let description = RwSignal::new(goal.description.clone());
    let target_date = RwSignal::new(goal.target_date.map(|d| d.to_string()).unwrap_or_default());
    let target = RwSignal::new(((goal.mastery_target * 100.0).round() as i64).to_string());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let date = target_date.get();
        let target_date = if date.trim().is_empty() {
            None
        } else {
            // The date input gives ISO dates; `FromStr` is what deserialising a goal already uses.
            match date.trim().parse::<chrono::NaiveDate>() {
                Ok(d) => Some(d),
                Err(_) => {
                    error.set(Some("Choose a valid date.".into()));
                    return;
                }
            }
        };
        if crate::domain::GoalSubject::parse(&subject.get()).is_err() {
            error.set(Some("Enter a subject.".into()));
            return;
        }
        error.set(None);
        send.run(GoalPatch {
            subject: Some(subject.get()),
            description: Some(description.get()),
            target_date: Some(target_date),
            mastery_target: target.get().parse::<f64>().ok().map(|t| t / 100.0),
            ..GoalPatch::default()
        });
        editing.set(false);
    };
    let input = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";
    view! {
        <form on:submit=on_submit novalidate class="mt-6 grid gap-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2" aria-label="Edit goal">
            <label class="block text-sm font-medium text-slate-700">"Subject"
                <input class=input prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev)) />
            </label>
            <label class="block text-sm font-medium text-slate-700">"Target date"
                <input type="date" class=input prop:value=move || target_date.get() on:input=move |ev| target_date.set(event_target_value(&ev)) />
            </label>
            <label class="block text-sm font-medium text-slate-700 sm:col-span-2">"What do you want to achieve?"
                <textarea rows="3" class=input prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </label>
            <label class="block text-sm font-medium text-slate-700">"Mastery target"
                <select class=input on:change=move |ev| target.set(event_target_value(&ev))>
                    {(11..=19).map(|n| {
                        let v = (n * 5).to_string();
                        let selected = v == target.get_untracked();
                        view! { <option value=v.clone() selected=selected>{format!("{v}%")}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="flex items-end gap-3">
                <button type="submit" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50" disabled=move || pending.get()>"Save"</button>
                <button type="button" class="rounded-lg border border-slate-300 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
            <p class="text-sm text-red-600 sm:col-span-2" role="alert">{move || error.get()}</p>
        </form>
    }
}
