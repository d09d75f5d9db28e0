//! Practice: assigned, in progress, completed, and concepts due for review.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::{
    api::practice::{StartReview, list_practices},
    components::{
        auth::RequireAuth,
        form::{ErrorBanner, general_error},
        poll::use_interval,
        resource::page_resource,
        status::{MasteryBadge, PracticeBadge},
    },
    domain::Role,
    dto::practice::{PracticeKind, PracticeStatus, PracticeSummary},
};

#[component]
pub fn PracticeListPage() -> impl IntoView {
    view! {
        <Title text="Practice" />
        <RequireAuth roles=&[Role::Student]>
            <PracticeList />
        </RequireAuth>
    }
}

#[component]
fn PracticeList() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let list = page_resource(move || version.get(), |_| list_practices(None));
    // Refresh quickly while something is being prepared (or nothing has arrived yet, as right
    // after an upload), slowly otherwise, so new practice shows up without a reload.
    let ticks = RwSignal::new(0u32);
    use_interval(Duration::from_secs(2), move || {
        ticks.update(|t| *t += 1);
        let busy = match list.get_untracked() {
            Some(Ok(current)) => {
                current.practices.is_empty()
                    || current.practices.iter().any(|p| p.status == PracticeStatus::Generating)
            }
            _ => false,
        };
        if busy || ticks.get_untracked().is_multiple_of(8) {
            version.update(|v| *v += 1);
        }
    });
    let review = ServerAction::<StartReview>::new();
    let review_result: Signal<_> = review.value().into();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(accepted)) = review_result.get() {
            navigate(&format!("/practice/{}", accepted.practice_id), Default::default());
        }
    });
    view! {
        <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Practice"</h1>
        <p class="mt-1 text-slate-600">"Questions built from your sessions, sized to what you already know."</p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let due = list.due_for_review.clone();
                        let groups = [
                            ("Ready for you", vec![PracticeStatus::Ready, PracticeStatus::Generating, PracticeStatus::Failed]),
                            ("In progress", vec![PracticeStatus::InProgress]),
                            ("Completed", vec![PracticeStatus::Completed]),
                        ];
                        view! {
                            <section class="mt-8 rounded-2xl border border-amber-200 bg-amber-50 p-6" aria-labelledby="due-heading">
                                <h2 id="due-heading" class="text-lg font-semibold text-amber-950">
                                    {if due.is_empty() { "Nothing due for review".to_owned() } else { format!("{} concepts due for review", due.len()) }}
                                </h2>
                                {if due.is_empty() {
                                    view! { <p class="mt-1 text-sm text-amber-900">"Concepts you practise come back here when it is time to review them."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-3 flex flex-wrap gap-2" aria-label="Due for review">
                                            {due.into_iter().map(|d| view! {
                                                <li class="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm text-slate-800 ring-1 ring-amber-200">
                                                    {d.name} <MasteryBadge mastery=Some(d.mastery) />
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                        <div class="mt-3"><ErrorBanner error=general_error(review_result) /></div>
                                        <button type="button" class="mt-4 rounded-lg bg-amber-700 px-4 py-2 text-sm font-semibold text-white hover:bg-amber-600"
                                            on:click=move |_| { review.dispatch(StartReview {}); }>
                                            "Start a review"
                                        </button>
                                    }.into_any()
                                }}
                            </section>
                            {groups.into_iter().map(|(title, statuses)| {
                                let items: Vec<PracticeSummary> = list.practices.iter().filter(|p| statuses.contains(&p.status)).cloned().collect();
                                view! { <PracticeGroup title items /> }
                            }).collect_view()}
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PracticeGroup(title: &'static str, items: Vec<PracticeSummary>) -> impl IntoView {
    view! {
        <section class="mt-8">
            <h2 class="text-lg font-semibold text-slate-900">{title}</h2>
            {if items.is_empty() {
                view! { <p class="mt-2 text-sm text-slate-500">"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm" aria-label=title>
                        {items.into_iter().map(|p| {
                            let label = if p.kind == PracticeKind::Review { "Review".to_owned() } else { p.session_title.clone().unwrap_or_else(|| "Practice".into()) };
                            let detail = match (p.status, p.score) {
                                (PracticeStatus::Completed, Some(score)) => format!("Score {}% · {}", (score * 100.0).round(), p.when_label),
                                (PracticeStatus::InProgress, _) => format!("{} of {} answered · {}", p.answered, p.item_count, p.when_label),
                                (PracticeStatus::Generating, _) => format!("Preparing questions… · {}", p.when_label),
                                _ => format!("{} questions · {}", p.item_count, p.when_label),
                            };
                            view! {
                                <li>
                                    <a href=format!("/practice/{}", p.id) class="flex items-center justify-between gap-4 px-5 py-4 hover:bg-slate-50">
                                        <div>
                                            <p class="font-medium text-slate-900">{label}</p>
                                            <p class="text-sm text-slate-500">{detail}</p>
                                        </div>
                                        <PracticeBadge status=p.status />
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
