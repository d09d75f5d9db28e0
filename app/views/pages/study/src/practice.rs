//! Taking a practice: one question at a time, answers kept as you go (a reload resumes),
//! progressive hints, one submit, then score, explanations and mastery changes.

use std::{collections::HashMap, time::Duration};

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::{
    api::practice::{RetryPractice, SubmitPractice, save_answer, take_hint, view_practice},
    components::{
        auth::RequireAuth,
        form::{ErrorBanner, general_error},
        poll::use_interval,
        resource::page_resource,
        status::MasteryBadge,
    },
    domain::Role,
    dto::practice::{
        FeedbackView, MasteryChange, PracticeKind, PracticeStatus, PracticeView, QuestionKind,
        QuestionView, SubmitResult,
    },
    error::AppError,
};

#[component]
pub fn PracticePage() -> impl IntoView {
    view! {
        <Title text="Practice" />
        <RequireAuth roles=&[Role::Student, Role::Tutor, Role::Admin]>
            <Practice />
        </RequireAuth>
    }
}

#[component]
fn Practice() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let version = RwSignal::new(0u32);
    let retry = ServerAction::<RetryPractice>::new();
    let practice = page_resource(
        move || (id(), version.get(), retry.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => view_practice(id).await,
                None => Err(AppError::NotFound("practice".into())),
            }
        },
    );
    use_interval(Duration::from_millis(1500), move || {
        if let Some(Ok(current)) = practice.get_untracked()
            && current.status == PracticeStatus::Generating
        {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <div class="mx-auto max-w-3xl">
            <Transition fallback=|| view! { <p class="text-slate-500">"Loading practice…"</p> }>
                {move || Suspend::new(async move {
                    match practice.await {
                        Ok(view_data) => match view_data.status {
                            PracticeStatus::Generating => view! {
                                <Heading practice=view_data.clone() />
                                <div class="mt-8 flex items-center gap-4 rounded-2xl border border-amber-200 bg-amber-50 p-6" role="status">
                                    <span class="h-5 w-5 animate-spin rounded-full border-2 border-amber-500 border-t-transparent"></span>
                                    <p class="font-medium text-amber-900">"Preparing your questions…"</p>
                                </div>
                            }.into_any(),
                            PracticeStatus::Failed => {
                                let id = view_data.id;
                                view! {
                                    <Heading practice=view_data.clone() />
                                    <div class="mt-8 rounded-2xl border border-red-200 bg-red-50 p-6" role="alert">
                                        <p class="font-semibold text-red-900">"This practice could not be prepared"</p>
                                        <p class="mt-1 text-sm text-red-800">{view_data.failure_reason.clone().unwrap_or_default()}</p>
                                        <button type="button" class="mt-4 rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold text-white" on:click=move |_| { retry.dispatch(RetryPractice { id }); }>"Retry"</button>
                                    </div>
                                }.into_any()
                            }
                            PracticeStatus::Completed => {
                                let result = SubmitResult { score: view_data.score.unwrap_or(0.0), feedback: view_data.feedback.clone(), mastery: Vec::new() };
                                view! { <Heading practice=view_data.clone() /><Results questions=view_data.questions.clone() result /> }.into_any()
                            }
                            PracticeStatus::Ready | PracticeStatus::InProgress => view! {
                                <Heading practice=view_data.clone() />
                                <Taking practice=view_data />
                            }.into_any(),
                        },
                        Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Heading(practice: PracticeView) -> impl IntoView {
    let title = if practice.kind == PracticeKind::Review {
        "Review".to_owned()
    } else {
        practice
            .session_title
            .clone()
            .map(|t| format!("Practice: {t}"))
            .unwrap_or_else(|| "Practice".into())
    };
    view! {
        <a href="/practice" class="text-sm text-indigo-600 hover:underline">"← All practice"</a>
        <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
        {practice.session_id.map(|id| view! {
            <p class="mt-1 text-sm text-slate-500">"From " <a href=format!("/sessions/{id}") class="text-indigo-600 hover:underline">"this session"</a></p>
        })}
    }
}

#[component]
fn Taking(practice: PracticeView) -> impl IntoView {
    let id = practice.id;
    let questions = StoredValue::new(practice.questions.clone());
    let total = practice.questions.len();
    let current = RwSignal::new(
        practice
            .questions
            .iter()
            .position(|q| q.saved_answer.as_deref().is_none_or(str::is_empty))
            .unwrap_or(0),
    );
    let answers: RwSignal<HashMap<Uuid, String>> = RwSignal::new(
        practice
            .questions
            .iter()
            .filter_map(|q| q.saved_answer.clone().map(|a| (q.id, a)))
            .collect(),
    );
    let hints: RwSignal<HashMap<Uuid, (Vec<String>, usize)>> = RwSignal::new(
        practice.questions.iter().map(|q| (q.id, (q.hints.clone(), q.hints_remaining))).collect(),
    );
    let hint_error = RwSignal::new(None::<AppError>);
    let submit = ServerAction::<SubmitPractice>::new();
    let submitted: Signal<_> = submit.value().into();

    // Keeps the current answer on the server (a reload resumes from here).
    let persist = move |question_id: Uuid| {
        let answer = answers.with_untracked(|a| a.get(&question_id).cloned());
        if let Some(answer) = answer {
            spawn_local(async move {
                let _ = save_answer(id, question_id, answer).await;
            });
        }
    };
    let go = move |to: usize| {
        if let Some(q) = questions.with_value(|qs| qs.get(current.get_untracked()).map(|q| q.id)) {
            persist(q);
        }
        current.set(to.min(total.saturating_sub(1)));
    };
    let ask_hint = move |question_id: Uuid| {
        spawn_local(async move {
            match take_hint(id, question_id).await {
                Ok(hint) => {
                    hint_error.set(None);
                    hints.update(|h| {
                        let entry = h.entry(question_id).or_default();
                        entry.0.push(hint.hint);
                        entry.1 = hint.hints_remaining;
                    });
                }
                Err(err) => hint_error.set(Some(err)),
            }
        });
    };
    let on_submit = move |_| {
        let all: Vec<(Uuid, String)> = answers.get_untracked().into_iter().collect();
        submit.dispatch(SubmitPractice { id, answers: all });
    };
    let unanswered = move || {
        questions.with_value(|qs| {
            qs.iter()
                .filter(|q| answers.with(|a| a.get(&q.id).is_none_or(|s| s.trim().is_empty())))
                .count()
        })
    };

    view! {
        <Show
            when=move || !matches!(submitted.get(), Some(Ok(_)))
            fallback=move || {
                let result = submitted.get().and_then(|r| r.ok());
                result.map(|result| view! { <Results questions=questions.get_value() result /> })
            }
        >
            <div class="mt-6 flex items-center gap-1" aria-label="Progress">
                {(0..total).map(|i| view! {
                    <button type="button"
                        class="h-2 grow rounded-full"
                        class=("bg-indigo-600", move || current.get() == i)
                        class=("bg-indigo-200", move || current.get() != i && questions.with_value(|qs| answers.with(|a| a.get(&qs[i].id).is_some_and(|s| !s.trim().is_empty()))))
                        class=("bg-slate-200", move || current.get() != i && !questions.with_value(|qs| answers.with(|a| a.get(&qs[i].id).is_some_and(|s| !s.trim().is_empty()))))
                        aria-label=format!("Question {}", i + 1)
                        on:click=move |_| go(i)></button>
                }).collect_view()}
            </div>
            {move || {
                let index = current.get();
                questions.with_value(|qs| qs.get(index).cloned()).map(|question| view! {
                    <QuestionCard question index total answers hints hint_error ask_hint=Callback::new(ask_hint) persist=Callback::new(persist) />
                })
            }}
            <div class="mt-6 flex flex-wrap items-center justify-between gap-3">
                <button type="button" class="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-40"
                    disabled=move || { current.get() == 0 } on:click=move |_| go(current.get_untracked().saturating_sub(1))>"Previous"</button>
                <Show
                    when=move || { current.get() + 1 < total }
                    fallback=move || view! {
                        <div class="flex items-center gap-3">
                            <Show when=move || { unanswered() > 0 }>
                                <span class="text-sm text-amber-700">{move || format!("{} unanswered", unanswered())}</span>
                            </Show>
                            <button type="button" class="rounded-lg bg-indigo-600 px-5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
                                disabled=move || submit.pending().get() on:click=on_submit>
                                {move || if submit.pending().get() { "Submitting…" } else { "Submit answers" }}
                            </button>
                        </div>
                    }
                >
                    <button type="button" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500"
                        on:click=move |_| go(current.get_untracked() + 1)>"Next"</button>
                </Show>
            </div>
            <div class="mt-4"><ErrorBanner error=general_error(submitted) /></div>
        </Show>
    }
}

#[component]
fn QuestionCard(
    question: QuestionView,
    index: usize,
    total: usize,
    answers: RwSignal<HashMap<Uuid, String>>,
    hints: RwSignal<HashMap<Uuid, (Vec<String>, usize)>>,
    hint_error: RwSignal<Option<AppError>>,
    ask_hint: Callback<Uuid>,
    persist: Callback<Uuid>,
) -> impl IntoView {
    let qid = question.id;
    let value = move || answers.with(|a| a.get(&qid).cloned().unwrap_or_default());
    let set = move |v: String| {
        answers.update(|a| {
            a.insert(qid, v);
        })
    };
    let shown_hints =
        move || hints.with(|h| h.get(&qid).map(|(list, _)| list.clone()).unwrap_or_default());
    let remaining = move || hints.with(|h| h.get(&qid).map(|(_, r)| *r).unwrap_or(0));
    let input = match question.kind {
        QuestionKind::MultipleChoice => view! {
            <fieldset class="mt-4 space-y-2">
                <legend class="sr-only">"Choose one answer"</legend>
                {question.options.iter().map(|option| {
                    let option_id = option.id.clone();
                    let checked = {
                        let option_id = option_id.clone();
                        Memo::new(move |_| value() == option_id)
                    };
                    view! {
                        <label class="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 px-4 py-3 hover:border-indigo-300"
                            class=("border-indigo-500", move || checked.get()) class=("bg-indigo-50", move || checked.get())>
                            <input type="radio" name=format!("q-{qid}") value=option_id.clone() class="h-4 w-4 text-indigo-600"
                                prop:checked=move || checked.get()
                                on:change=move |_| { set(option_id.clone()); persist.run(qid); } />
                            <span class="text-slate-800">{option.text.clone()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }.into_any(),
        QuestionKind::Numeric | QuestionKind::ShortAnswer => {
            let unit = question.unit.clone();
            view! {
                <div class="mt-4">
                    <label for=format!("answer-{qid}") class="block text-sm font-medium text-slate-700">"Your answer"</label>
                    <div class="mt-1 flex items-center gap-2">
                        <input id=format!("answer-{qid}") type="text" autocomplete="off"
                            inputmode=if question.kind == QuestionKind::Numeric { "decimal" } else { "text" }
                            class="block w-full rounded-lg border border-slate-300 px-3 py-2 text-lg"
                            prop:value=value
                            on:input=move |ev| set(event_target_value(&ev))
                            on:change=move |_| persist.run(qid) />
                        {unit.map(|u| view! { <span class="text-slate-600">{u}</span> })}
                    </div>
                    <p class="mt-1 text-xs text-slate-500">
                        {if question.kind == QuestionKind::Numeric { "Fractions like 3/4, decimals and units are all fine." } else { "A word or short phrase." }}
                    </p>
                </div>
            }.into_any()
        }
    };
    view! {
        <article class="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-label=format!("Question {} of {total}", index + 1)>
            <p class="text-sm font-medium text-slate-500">{format!("Question {} of {total} · {}", index + 1, question.concept_name)}</p>
            <h2 class="mt-2 whitespace-pre-line text-lg font-semibold text-slate-900" data-testid="question-prompt">{question.prompt.clone()}</h2>
            {input}
            <div class="mt-5 border-t border-slate-100 pt-4">
                <ul class="space-y-2" aria-label="Hints">
                    {move || shown_hints().into_iter().enumerate().map(|(i, hint)| view! {
                        <li class="rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900"><span class="font-semibold">{format!("Hint {}: ", i + 1)}</span>{hint}</li>
                    }).collect_view()}
                </ul>
                <div class="mt-2"><ErrorBanner error=Signal::derive(move || hint_error.get()) /></div>
                <button type="button" class="mt-2 text-sm font-medium text-sky-700 hover:underline disabled:text-slate-400 disabled:no-underline"
                    disabled=move || { remaining() == 0 }
                    on:click=move |_| ask_hint.run(qid)>
                    {move || if remaining() == 0 { "No more hints".to_owned() } else if shown_hints().is_empty() { "Get a hint".to_owned() } else { "Another hint".to_owned() }}
                </button>
            </div>
        </article>
    }
}

#[component]
fn Results(questions: Vec<QuestionView>, result: SubmitResult) -> impl IntoView {
    let pct = (result.score * 100.0).round();
    let correct = result.feedback.iter().filter(|f| f.correct).count();
    let by_id: HashMap<Uuid, QuestionView> = questions.into_iter().map(|q| (q.id, q)).collect();
    view! {
        <section class="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="score-heading">
            <h2 id="score-heading" class="text-2xl font-bold text-slate-900" data-testid="score">{format!("Score: {pct}%")}</h2>
            <p class="mt-1 text-slate-600">{format!("{correct} of {} correct.", result.feedback.len())}</p>
            {(!result.mastery.is_empty()).then(|| view! { <MasteryChanges changes=result.mastery.clone() /> })}
        </section>
        <ol class="mt-6 space-y-4" aria-label="Feedback">
            {result.feedback.into_iter().enumerate().map(|(i, feedback)| {
                let question = by_id.get(&feedback.question_id).cloned();
                view! { <FeedbackCard index=i feedback question /> }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn MasteryChanges(changes: Vec<MasteryChange>) -> impl IntoView {
    view! {
        <h3 class="mt-5 text-sm font-semibold uppercase tracking-wide text-slate-500">"Mastery"</h3>
        <ul class="mt-2 space-y-1" aria-label="Mastery changes">
            {changes.into_iter().map(|c| {
                let up = c.after >= c.before;
                view! {
                    <li class="flex flex-wrap items-center gap-2 text-sm text-slate-700">
                        <span class="font-medium">{c.name}</span>
                        <MasteryBadge mastery=Some(c.before) />
                        <span aria-hidden="true">{if up { "→" } else { "↘" }}</span>
                        <MasteryBadge mastery=Some(c.after) />
                        {c.due_at.map(|due| view! { <span class="text-slate-500">{format!("· next review {}", due.format("%b %-d"))}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn FeedbackCard(
    index: usize,
    feedback: FeedbackView,
    question: Option<QuestionView>,
) -> impl IntoView {
    let (border, verdict) = if feedback.correct {
        ("border-emerald-200", "Correct")
    } else {
        ("border-red-200", "Not quite")
    };
    let chosen = |answer: &Option<String>| -> String {
        let answer = answer.clone().unwrap_or_default();
        question
            .as_ref()
            .and_then(|q| q.options.iter().find(|o| o.id == answer).map(|o| o.text.clone()))
            .unwrap_or(answer)
    };
    let given = chosen(&feedback.given_answer);
    view! {
        <li class=format!("rounded-2xl border bg-white p-5 shadow-sm {border}")>
            <p class="text-sm font-semibold" class=("text-emerald-700", feedback.correct) class=("text-red-700", !feedback.correct)>
                {format!("Question {} · {verdict}", index + 1)}
            </p>
            {question.as_ref().map(|q| view! { <p class="mt-1 whitespace-pre-line text-slate-900">{q.prompt.clone()}</p> })}
            <dl class="mt-3 grid gap-1 text-sm">
                <div><dt class="inline font-medium text-slate-600">"Your answer: "</dt><dd class="inline text-slate-900">{if given.is_empty() { "(none)".to_owned() } else { given }}</dd></div>
                <div><dt class="inline font-medium text-slate-600">"Correct answer: "</dt><dd class="inline text-slate-900">{feedback.correct_answer.clone()}</dd></div>
            </dl>
            <p class="mt-3 whitespace-pre-line rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">{feedback.explanation.clone()}</p>
            {feedback.session_id.zip(feedback.lines).map(|(session, lines)| view! {
                <a href=format!("/sessions/{session}?lines={}-{}", lines.start, lines.end) class="mt-2 inline-block text-sm text-indigo-600 hover:underline">
                    {format!("See where this was taught (lines {}–{})", lines.start, lines.end)}
                </a>
            })}
        </li>
    }
}
