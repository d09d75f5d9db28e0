//! The pieces of the goal page: the status badge, progress with how it was computed and its
//! chart, the concepts (removable) and candidates (addable), what is at risk by the target
//! date, the edit form, and a confirmation dialog.

use leptos::prelude::*;
use uuid::Uuid;

use super::{charts::LineChart, status::MasteryBadge};
use crate::dto::goal::{GoalDetail, GoalStatus};

#[component]
pub fn GoalBadge(status: GoalStatus) -> impl IntoView {
    let classes = match status {
        GoalStatus::Completed => "bg-emerald-100 text-emerald-800",
        GoalStatus::Paused => "bg-amber-100 text-amber-800",
        GoalStatus::Active => "bg-indigo-100 text-indigo-800",
    };
    view! {
        <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-medium {classes}") data-testid="goal-status">
            {status.as_str()}
        </span>
    }
}

fn percent(value: f64) -> String {
    format!("{}%", (value * 100.0).round() as i64)
}

/// A bar for a 0..1 progress value, announced as a progress bar.
#[component]
pub fn ProgressBar(progress: f64, #[prop(into)] label: String) -> impl IntoView {
    let pct = (progress.clamp(0.0, 1.0) * 100.0).round();
    view! {
        // An SVG, not a styled div: the content security policy forbids inline styles.
        <div class="w-full" role="progressbar"
            aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct.to_string()>
            <svg class="block h-2.5 w-full" aria-hidden="true">
                <rect width="100%" height="100%" rx="5" fill="#f1f5f9" />
                <rect width=format!("{pct}%") height="100%" rx="5" fill="#4f46e5" />
            </svg>
        </div>
    }
}

/// The goal's progress, how it was computed, and its history as a chart.
#[component]
pub fn ProgressCard(detail: GoalDetail) -> impl IntoView {
    let goal = &detail.goal;
    let points: Vec<(String, f64)> =
        detail.progress_history.iter().map(|p| (p.label.clone(), p.progress)).collect();
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="progress-heading">
            <div class="flex flex-wrap items-end justify-between gap-2">
                <h2 id="progress-heading" class="text-lg font-semibold text-slate-900">"Progress"</h2>
                <p class="text-sm text-slate-600">
                    {format!("{} of {} concepts at the {} target", goal.mastered_count, goal.concept_count, percent(goal.mastery_target))}
                </p>
            </div>
            <p class="mt-2 text-4xl font-bold tracking-tight text-indigo-700" data-testid="goal-progress">{percent(goal.progress)}</p>
            <div class="mt-3"><ProgressBar progress=goal.progress label="Goal progress" /></div>
            <details class="mt-4 text-sm text-slate-700">
                <summary class="cursor-pointer font-medium text-indigo-700">"How this is computed"</summary>
                <p class="mt-2" data-testid="how-computed">{detail.how_computed.clone()}</p>
            </details>
            {(!points.is_empty()).then(|| view! {
                <div class="mt-4">
                    <LineChart title="Progress over time" points />
                </div>
            })}
        </section>
    }
}

/// With a target date ahead: what will not be ready by then.
#[component]
pub fn AtRiskCard(detail: GoalDetail) -> impl IntoView {
    let label = detail.target_label.clone().unwrap_or_default();
    let risky = detail.at_risk.clone();
    view! {
        <section class="rounded-2xl border border-amber-200 bg-amber-50 p-6" aria-labelledby="risk-heading">
            <h2 id="risk-heading" class="text-lg font-semibold text-amber-950">{format!("By {label}")}</h2>
            {if risky.is_empty() {
                view! { <p class="mt-1 text-sm text-amber-900">"Every concept is on track for the date."</p> }.into_any()
            } else {
                view! {
                    <p class="mt-1 text-sm text-amber-900">"Reviews of these concepts are planned to land before the date. At risk unless you practise:"</p>
                    <ul class="mt-3 space-y-2" aria-label="At risk">
                        {risky.into_iter().map(|r| view! {
                            <li class="rounded-lg bg-white px-3 py-2 text-sm ring-1 ring-amber-200">
                                <span class="font-medium text-slate-900">{r.name}</span>
                                <span class="text-slate-600">{format!(": {}", r.reason)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The concepts the goal is measured by (each removable) and the candidates to add.
#[component]
pub fn ConceptsCard(
    detail: GoalDetail,
    /// Called with the goal's new concept ids.
    on_change: Callback<Vec<Uuid>>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let current: Vec<Uuid> = detail.concepts.iter().map(|c| c.concept_id).collect();
    let shown_candidates = RwSignal::new(8usize);
    let candidates = detail.candidates.clone();
    let total_candidates = candidates.len();
    let target = detail.goal.mastery_target;
    let concepts = detail.concepts.clone();
    let without = {
        let current = current.clone();
        move |id: Uuid| current.iter().copied().filter(|c| *c != id).collect::<Vec<_>>()
    };
    let with = move |id: Uuid| {
        let mut ids = current.clone();
        ids.push(id);
        ids
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="concepts-heading">
            <h2 id="concepts-heading" class="text-lg font-semibold text-slate-900">"Concepts"</h2>
            <p class="mt-1 text-sm text-slate-600">{format!("Each counts toward the goal as its mastery moves from 50% to {}.", percent(target))}</p>
            {if concepts.is_empty() {
                view! { <p class="mt-4 rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-500">"No concepts yet: add some below to measure this goal."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-4 divide-y divide-slate-100" aria-label="Goal concepts">
                        {concepts.into_iter().map(|c| {
                            let id = c.concept_id;
                            let without = without.clone();
                            let name = c.name.clone();
                            let details = [
                                Some(format!("counts {}", percent(c.contribution))),
                                c.due_label.clone().map(|d| format!("review {d}")),
                                c.recall_on_target.map(|r| format!("recall on the date {}", percent(r))),
                            ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                            view! {
                                <li class="flex items-center justify-between gap-3 py-3">
                                    <div class="min-w-0 flex-1">
                                        <p class="font-medium text-slate-900">
                                            {c.name.clone()} " " <MasteryBadge mastery=Some(c.mastery) />
                                            {c.mastered.then(|| view! { <span class="ml-1 text-xs font-semibold text-emerald-700">"✓ at target"</span> })}
                                        </p>
                                        <p class="text-xs text-slate-500">{details}</p>
                                    </div>
                                    <button type="button" class="shrink-0 rounded-lg border border-slate-300 px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50"
                                        aria-label=format!("Remove {name}")
                                        disabled=move || pending.get()
                                        on:click=move |_| on_change.run(without(id))>
                                        "Remove"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(total_candidates > 0).then(|| view! {
                <h3 class="mt-6 text-sm font-semibold text-slate-900">"Add concepts"</h3>
                <ul class="mt-2 flex flex-wrap gap-2" aria-label="Concepts to add">
                    {move || candidates.iter().take(shown_candidates.get()).map(|c| {
                        let id = c.concept_id;
                        let with = with.clone();
                        view! {
                            <li>
                                <button type="button"
                                    class="inline-flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 text-left text-sm text-slate-800 hover:bg-indigo-50 hover:text-indigo-800 disabled:opacity-50"
                                    title=c.source.clone()
                                    disabled=move || pending.get()
                                    on:click=move |_| on_change.run(with(id))>
                                    // Read as "Add Friction, from your sessions": the name holds
                                    // the visible words (WCAG 2.5.3), the "+" is decoration.
                                    <span aria-hidden="true">"+"</span>
                                    <span class="sr-only">"Add "</span>
                                    {c.name.clone()}
                                    <span class="text-xs text-slate-600">{c.source.clone()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Show when=move || { shown_candidates.get() < total_candidates }>
                    <button type="button" class="mt-2 text-sm text-indigo-600 hover:underline" on:click=move |_| shown_candidates.update(|n| *n += 12)>"Show more"</button>
                </Show>
            })}
        </section>
    }
}

/// "Are you sure?", as a modal dialog.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: &'static str,
    #[prop(into)] message: String,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-30 flex items-end justify-center bg-slate-900/40 p-4 sm:items-center">
                <div role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message"
                    class="w-full max-w-md rounded-2xl bg-white p-6 shadow-xl">
                    <h2 id="confirm-title" class="text-lg font-semibold text-slate-900">{title}</h2>
                    <p id="confirm-message" class="mt-2 text-sm text-slate-600">{message.clone()}</p>
                    <div class="mt-6 flex justify-end gap-3">
                        <button type="button" class="rounded-lg border border-slate-300 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50" on:click=move |_| open.set(false)>"Cancel"</button>
                        <button type="button" class="rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold text-white hover:bg-red-500"
                            on:click=move |_| { open.set(false); on_confirm.run(()); }>{confirm_label}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
