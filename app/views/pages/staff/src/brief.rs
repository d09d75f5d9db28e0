//! The pre-session brief as a page that reads well on screen and on paper: what was taught,
//! what the student struggled with since, their questions and requests for a tutor, reviews
//! overdue, goals and dates, and a suggested focus, each linking to its evidence.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::student::{Escalations, Goals};
use crate::{
    api::tutor::student_brief,
    components::resource::page_resource,
    components::{auth::RequireAuth, flags::FlagList, form::ErrorBanner, status::MasteryBadge},
    domain::Role,
    dto::tutor::{BriefItem, BriefView},
    error::AppError,
};

#[component]
pub fn BriefPage() -> impl IntoView {
    view! {
        <Title text="Pre-session brief" />
        <RequireAuth roles=&[Role::Tutor, Role::Admin]>
            <Brief />
        </RequireAuth>
    }
}

#[component]
fn Brief() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let brief = page_resource(id, |id| async move {
        match id {
            Some(id) => student_brief(id).await,
            None => Err(AppError::NotFound("student".into())),
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="text-slate-500">"Preparing the brief…"</p> }>
            {move || Suspend::new(async move {
                match brief.await {
                    Ok(brief) => view! { <BriefDocument brief /> }.into_any(),
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A titled part of the brief; kept on one printed page where it fits.
#[component]
fn Part(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(optional, into)] note: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <section id=id class="break-inside-avoid border-t border-slate-200 py-5 print:py-3">
            <h2 class="text-base font-semibold text-slate-900 print:text-sm">{title}</h2>
            {note.map(|note| view! { <p class="text-xs text-slate-500">{note}</p> })}
            <div class="mt-2">{children()}</div>
        </section>
    }
}

#[component]
fn Items(items: Vec<BriefItem>, #[prop(into)] empty: String) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="text-sm text-slate-500">{empty}</p> }.into_any();
    }
    view! {
        <ul class="space-y-2">
            {items.into_iter().map(|item| view! {
                <li class="text-sm">
                    {match item.href {
                        Some(href) => view! { <a href=href class="font-medium text-indigo-700 hover:underline print:text-slate-900 print:no-underline">{item.title.clone()}</a> }.into_any(),
                        None => view! { <span class="font-medium text-slate-900">{item.title.clone()}</span> }.into_any(),
                    }}
                    <span class="text-slate-600">{format!(" — {}", item.detail)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn BriefDocument(brief: BriefView) -> impl IntoView {
    let student_page = format!("/students/{}", brief.student_id);
    let since = format!("Since {}", brief.since_label);
    view! {
        <Title text=format!("Brief: {}", brief.student_name) />
        <article class="mx-auto max-w-3xl rounded-2xl border border-slate-200 bg-white px-6 py-6 shadow-sm sm:px-10 print:max-w-none print:border-0 print:p-0 print:shadow-none" aria-label="Pre-session brief">
            <header class="flex flex-wrap items-start justify-between gap-4">
                <div>
                    <p class="text-xs font-semibold uppercase tracking-wide text-indigo-700 print:text-slate-600">"Pre-session brief"</p>
                    <h1 class="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{brief.student_name.clone()}</h1>
                    <p class="mt-1 text-sm text-slate-500">{format!("Prepared {}", brief.generated_label)}</p>
                </div>
                <div class="flex gap-2 print:hidden">
                    <a href=student_page class="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">"Student page"</a>
                    <button type="button" class="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500"
                        on:click=move |_| { let _ = window().print(); }>"Print"</button>
                </div>
            </header>

            <Part id="focus" title="Suggested focus" note="Most pressing first, from what the student asked for and what the data shows.">
                <Items items=brief.focus.clone() empty="Nothing stands out: follow the plan, or ask the student what they want to cover." />
            </Part>
            {(!brief.flags.is_empty()).then(|| view! {
                <Part id="flags" title="Flags">
                    <FlagList flags=brief.flags.clone() />
                </Part>
            })}
            <Part id="taught" title="Taught recently">
                {if brief.taught.is_empty() {
                    view! { <p class="text-sm text-slate-500">"No sessions yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="space-y-3">
                            {brief.taught.clone().into_iter().map(|s| view! {
                                <li class="text-sm">
                                    <a href=s.href class="font-medium text-indigo-700 hover:underline print:text-slate-900 print:no-underline">{s.title.clone()}</a>
                                    <span class="text-slate-500">{format!(" · {}{}", s.date_label, s.subject.as_ref().map(|x| format!(" · {x}")).unwrap_or_default())}</span>
                                    <div class="mt-1 flex flex-wrap gap-x-3 gap-y-1">
                                        {s.concepts.into_iter().map(|c| view! {
                                            <span class="inline-flex items-center gap-1 text-slate-700">{c.name} <MasteryBadge mastery=Some(c.mastery) /></span>
                                        }).collect_view()}
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Part>
            <Part id="struggles" title="Struggled with since" note=since.clone()>
                <Items items=brief.struggles.clone() empty="No practice questions missed since." />
            </Part>
            <Part id="questions" title="Open questions from chat" note="Questions the companion could not ground in the student's own sessions.">
                <Items items=brief.questions.clone() empty="None." />
            </Part>
            <Part id="escalations" title="Asked for a tutor">
                <Escalations escalations=brief.escalations.clone() linked=true />
            </Part>
            <Part id="reviews" title="Reviews overdue">
                <Items items=brief.reviews_overdue.clone() empty="No reviews waiting." />
            </Part>
            <Part id="goals" title="Goals and dates">
                <Goals goals=brief.goals.clone() />
            </Part>
        </article>
    }
}
