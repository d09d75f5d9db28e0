//! One session: summary, topics, concepts with mastery, strengths, areas to improve, action
//! items, and the transcript, where every extracted item highlights the lines it came from.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use uuid::Uuid;

use crate::{
    api::{
        chat::create_conversation,
        practice::RequestPractice,
        sessions::{RetrySession, get_session, session_statuses},
    },
    components::{
        auth::{RequireAuth, use_me},
        form::{ErrorBanner, general_error},
        poll::use_interval,
        resource::page_resource,
        status::{MasteryBadge, SessionBadge, duration_label},
    },
    domain::Role,
    dto::session::{
        Lines, SessionConceptView, SessionDetail, SessionItemView, SessionStatus, SpeakerRole,
        TurnView,
    },
    error::AppError,
};

/// What is highlighted in the transcript, and why.
#[derive(Clone, Debug, PartialEq)]
struct Selection {
    label: String,
    ranges: Vec<Lines>,
}

#[component]
pub fn SessionPage() -> impl IntoView {
    view! {
        <Title text="Session" />
        <RequireAuth>
            <SessionView />
        </RequireAuth>
    }
}

#[component]
fn SessionView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let version = RwSignal::new(0u32);
    let retry = ServerAction::<RetrySession>::new();
    let detail = page_resource(
        move || (id(), version.get(), retry.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => get_session(id).await,
                None => Err(AppError::NotFound("session".into())),
            }
        },
    );
    // While the analysis runs, poll its status and reload the page data when it settles.
    use_interval(Duration::from_millis(1200), move || {
        let Some(Ok(current)) = detail.get_untracked() else { return };
        if !current.session.status.is_in_flight() {
            return;
        }
        let shown = current.session.status;
        spawn_local(async move {
            if let Ok(statuses) = session_statuses(vec![current.session.id]).await
                && statuses.first().is_some_and(|s| s.status != shown)
            {
                version.update(|v| *v += 1);
            }
        });
    });
    view! {
        <Transition fallback=|| view! { <p class="text-slate-500">"Loading session…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Loaded detail retry /> }.into_any(),
                    Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Loaded(detail: SessionDetail, retry: ServerAction<RetrySession>) -> impl IntoView {
    let me = use_me();
    let session = detail.session.clone();
    let status = session.status;
    let title = session.title.clone().unwrap_or_else(|| "Tutoring session".to_owned());
    let query = use_query_map();
    // A link like `?lines=12-14` (from practice feedback) opens with those lines highlighted.
    let initial = query.read_untracked().get("lines").and_then(|spec| {
        let (start, end) = spec.split_once('-').unwrap_or((spec.as_str(), spec.as_str()));
        let (start, end): (i32, i32) = (start.parse().ok()?, end.parse().ok()?);
        let label =
            if start == end { format!("Line {start}") } else { format!("Lines {start}–{end}") };
        Some(Selection { label, ranges: vec![Lines { start, end }] })
    });
    let selection = RwSignal::new(initial);
    // `#line-12` or `#line-12-14` (a chat source links here with `?lines=12-14#line-12`): the
    // hash is never sent to the server, so it is read after hydration, then scrolled to.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Ok(hash) = window().location().hash()
            && let Some(spec) = hash.strip_prefix("#line-")
        {
            let (start, end) = spec.split_once('-').unwrap_or((spec, spec));
            if let (Ok(start), Ok(end)) = (start.parse::<i32>(), end.parse::<i32>()) {
                let wanted = Lines { start, end: end.max(start) };
                if selection
                    .with_untracked(|s| s.as_ref().is_none_or(|s| !s.ranges.contains(&wanted)))
                {
                    selection.set(Some(Selection {
                        label: format!("Line {spec}"),
                        ranges: vec![wanted],
                    }));
                }
                // After this render is in the document (a client-side navigation mounts the
                // page a moment after this effect runs).
                set_timeout(move || scroll_to_line(start), std::time::Duration::from_millis(60));
            }
        }
    });
    let retry_result: Signal<_> = retry.value().into();
    let who = if me.role == Role::Student {
        format!("with {}", session.tutor_name)
    } else {
        format!("{} with {}", session.student_name, session.tutor_name)
    };
    view! {
        <Title text=title.clone() />
        <header class="flex flex-wrap items-start justify-between gap-4">
            <div>
                <a href="/sessions" class="text-sm text-indigo-600 hover:underline">"← Sessions"</a>
                <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
                <p class="mt-1 text-slate-600">
                    {session.date_label.clone()} " · " {duration_label(session.duration_seconds)} " · " {who}
                    {session.subject.clone().map(|s| format!(" · {s}"))}
                </p>
            </div>
            <SessionBadge status=Signal::derive(move || status) />
        </header>
        {match status {
            SessionStatus::Pending | SessionStatus::Processing => view! {
                <div class="mt-8 flex items-center gap-4 rounded-2xl border border-amber-200 bg-amber-50 p-6" role="status">
                    <span class="h-5 w-5 animate-spin rounded-full border-2 border-amber-500 border-t-transparent"></span>
                    <div>
                        <p class="font-semibold text-amber-900">"Analyzing this session…"</p>
                        <p class="text-sm text-amber-800">"This page updates by itself when the summary and concepts are ready."</p>
                    </div>
                </div>
            }.into_any(),
            SessionStatus::Failed => view! {
                <div class="mt-8 rounded-2xl border border-red-200 bg-red-50 p-6" role="alert">
                    <p class="font-semibold text-red-900">"The analysis failed"</p>
                    <p class="mt-1 text-sm text-red-800">{session.failure_reason.clone().unwrap_or_default()}</p>
                    <div class="mt-3"><ErrorBanner error=general_error(retry_result) /></div>
                    {detail.can_retry.then(|| view! {
                        <button type="button" class="mt-4 rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold text-white hover:bg-red-500"
                            on:click=move |_| { retry.dispatch(RetrySession { id: session.id }); }>
                            "Retry"
                        </button>
                    })}
                </div>
            }.into_any(),
            SessionStatus::Analyzed => view! { <Analysis detail=detail.clone() selection /> }.into_any(),
        }}
        <TranscriptView turns=detail.transcript.turns.clone() selection tutor=detail.transcript.tutor_speaker.clone() student=detail.transcript.student_speaker.clone() format=detail.transcript.format_label.clone() />
    }
}

#[component]
fn Analysis(detail: SessionDetail, selection: RwSignal<Option<Selection>>) -> impl IntoView {
    let me = use_me();
    let may_practise = me.role != Role::Admin;
    view! {
        <div class="mt-8 grid gap-6 lg:grid-cols-2">
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm lg:col-span-2">
                <h2 class="text-lg font-semibold text-slate-900">"Summary"</h2>
                <p class="mt-2 leading-7 text-slate-700">{detail.summary.clone().unwrap_or_default()}</p>
                <ItemList title="Topics" items=detail.topics.clone() selection inline=true />
            </section>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h2 class="text-lg font-semibold text-slate-900">"Concepts"</h2>
                <p class="text-sm text-slate-500">"Click one to see where it came up."</p>
                <ul class="mt-3 space-y-2" aria-label="Concepts">
                    {detail.concepts.iter().cloned().map(|concept| view! { <ConceptRow concept selection /> }).collect_view()}
                </ul>
            </section>
            <div class="space-y-6">
                <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <ItemList title="Strengths" items=detail.strengths.clone() selection inline=false />
                </section>
                <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <ItemList title="Areas to improve" items=detail.improvements.clone() selection inline=false />
                </section>
                <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                    <ItemList title="Action items" items=detail.action_items.clone() selection inline=false />
                </section>
            </div>
            {(me.role == Role::Student).then(|| view! { <AskAboutSession session_id=detail.session.id /> })}
            {may_practise.then(|| view! { <PracticeFromSession session_id=detail.session.id concepts=detail.concepts.clone() /> })}
        </div>
    }
}

fn select(selection: RwSignal<Option<Selection>>, label: String, ranges: Vec<Lines>) {
    let next = Selection { label, ranges };
    if selection.get_untracked().as_ref() == Some(&next) {
        selection.set(None);
        return;
    }
    let first = next.ranges.first().map(|r| r.start);
    selection.set(Some(next));
    if let Some(line) = first {
        scroll_to_line(line);
    }
}

/// Brings a transcript line into the middle of the view (in the browser).
fn scroll_to_line(line: i32) {
    #[cfg(feature = "hydrate")]
    if let Some(element) = document().get_element_by_id(&format!("line-{line}")) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_behavior(web_sys::ScrollBehavior::Smooth);
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = line;
}

/// "9–11, 33–36, 38": the ranges in transcript order, whatever order the evidence ranks them in.
fn lines_label(ranges: &[Lines]) -> String {
    let mut sorted: Vec<&Lines> = ranges.iter().collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    sorted
        .iter()
        .map(|r| {
            if r.start == r.end {
                format!("{}", r.start)
            } else {
                format!("{}–{}", r.start, r.end)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn ConceptRow(
    concept: SessionConceptView,
    selection: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let name = concept.name.clone();
    let ranges = concept.evidence.clone();
    let pressed = {
        let name = name.clone();
        Memo::new(move |_| selection.with(|s| s.as_ref().is_some_and(|s| s.label == name)))
    };
    let signal_note = match concept.signal {
        1 => Some(("showed understanding", "text-emerald-700")),
        -1 => Some(("found this hard", "text-red-700")),
        _ => None,
    };
    view! {
        <li>
            <button
                type="button"
                class="flex w-full items-center justify-between gap-3 rounded-lg border border-slate-200 px-3 py-2 text-left hover:border-indigo-300 hover:bg-indigo-50"
                class=("border-indigo-400", move || pressed.get())
                class=("bg-indigo-50", move || pressed.get())
                aria-pressed=move || pressed.get().to_string()
                on:click={
                    let name = name.clone();
                    move |_| select(selection, name.clone(), ranges.clone())
                }
            >
                <span>
                    <span class="font-medium text-slate-900">{name.clone()}</span>
                    <span class="block text-xs text-slate-500">
                        {format!("difficulty {}/10 · lines {}", concept.difficulty, lines_label(&concept.evidence))}
                        {signal_note.map(|(text, class)| view! { <span class=format!("ml-1 {class}")>{format!("· {text}")}</span> })}
                    </span>
                </span>
                <MasteryBadge mastery=concept.mastery />
            </button>
        </li>
    }
}

#[component]
fn ItemList(
    title: &'static str,
    items: Vec<SessionItemView>,
    selection: RwSignal<Option<Selection>>,
    inline: bool,
) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <h3 class=if inline { "mt-5 text-sm font-semibold uppercase tracking-wide text-slate-500" } else { "text-lg font-semibold text-slate-900" }>{title}</h3>
        {empty.then(|| view! { <p class="mt-2 text-sm text-slate-500">"Nothing noted for this session."</p> })}
        <ul class=if inline { "mt-2 flex flex-wrap gap-2" } else { "mt-2 space-y-2" } aria-label=title>
            {items.into_iter().map(|item| {
                let label = item.text.clone();
                let ranges = vec![item.lines];
                let pressed = {
                    let label = label.clone();
                    Memo::new(move |_| selection.with(|s| s.as_ref().is_some_and(|s| s.label == label)))
                };
                let class = if inline {
                    "rounded-full border border-slate-200 px-3 py-1 text-sm text-slate-700 hover:border-indigo-300 hover:bg-indigo-50"
                } else {
                    "w-full rounded-lg px-3 py-2 text-left text-sm text-slate-700 hover:bg-indigo-50"
                };
                view! {
                    <li>
                        <button type="button" class=class class=("bg-indigo-50", move || pressed.get()) aria-pressed=move || pressed.get().to_string()
                            on:click={
                                let label = label.clone();
                                move |_| select(selection, label.clone(), ranges.clone())
                            }>
                            {item.text}
                            <span class="ml-2 text-xs text-slate-500">{format!("lines {}", lines_label(&[item.lines]))}</span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn TranscriptView(
    turns: Vec<TurnView>,
    selection: RwSignal<Option<Selection>>,
    tutor: Option<String>,
    student: Option<String>,
    format: String,
) -> impl IntoView {
    let highlighted = move |n: i32| {
        selection.with(|s| {
            s.as_ref().is_some_and(|s| s.ranges.iter().any(|r| n >= r.start && n <= r.end))
        })
    };
    view! {
        <section class="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="transcript-heading">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="transcript-heading" class="text-lg font-semibold text-slate-900">"Transcript"</h2>
                <p class="text-sm text-slate-500">
                    {format!("{} lines · {}", turns.len(), format)}
                    {tutor.map(|t| format!(" · tutor: {t}"))}
                    {student.map(|s| format!(" · student: {s}"))}
                </p>
            </div>
            <Show when=move || selection.get().is_some()>
                <p class="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
                    {move || selection.get().map(|s| format!("Showing where “{}” came up.", s.label))}
                    <button type="button" class="ml-2 font-medium underline" on:click=move |_| selection.set(None)>"Clear"</button>
                </p>
            </Show>
            <ol class="mt-4 max-h-[36rem] space-y-1 overflow-y-auto pr-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" tabindex="0" aria-label="Transcript lines">
                {turns.into_iter().map(|turn| {
                    let n = turn.number;
                    let speaker_class = match turn.role {
                        SpeakerRole::Tutor => "text-indigo-700",
                        SpeakerRole::Student => "text-emerald-700",
                        SpeakerRole::Other => "text-slate-600",
                    };
                    view! {
                        <li
                            id=format!("line-{n}")
                            class="grid grid-cols-[3rem_1fr] gap-2 rounded-md px-2 py-1 transition-colors"
                            class=("bg-amber-100", move || highlighted(n))
                            data-highlighted=move || highlighted(n).to_string()
                        >
                            <span class="select-none text-right text-xs leading-6 text-slate-500">{n}</span>
                            <p class="text-sm leading-6 text-slate-800">
                                <span class=format!("font-semibold {speaker_class}")>{turn.speaker}": "</span>
                                {turn.text}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// "Ask about this session": a conversation whose answers come from this session only.
#[component]
fn AskAboutSession(session_id: Uuid) -> impl IntoView {
    let navigate = use_navigate();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let start = move |_| {
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match create_conversation(None, Some(session_id)).await {
                Ok(created) => navigate(&format!("/chat/{}", created.id), Default::default()),
                Err(err) => {
                    error.set(Some(err));
                    pending.set(false);
                }
            }
        });
    };
    view! {
        <section class="flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between lg:col-span-2">
            <div>
                <h2 class="text-lg font-semibold text-slate-900">"Questions about this session?"</h2>
                <p class="text-sm text-slate-600">"Chat with the companion: answers come from what was said here, with the lines they came from."</p>
                <div class="mt-2"><ErrorBanner error=Signal::derive(move || error.get()) /></div>
            </div>
            <button type="button"
                class="shrink-0 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
                disabled=move || pending.get() on:click=start>
                "Ask about this session"
            </button>
        </section>
    }
}

/// "Generate practice" with the session's concepts as checkboxes.
#[component]
fn PracticeFromSession(session_id: Uuid, concepts: Vec<SessionConceptView>) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let action = ServerAction::<RequestPractice>::new();
    let result: Signal<_> = action.value().into();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(accepted)) = result.get() {
            navigate(&format!("/practice/{}", accepted.practice_id), Default::default());
        }
    });
    view! {
        <section class="rounded-2xl border border-indigo-200 bg-indigo-50/50 p-6 shadow-sm lg:col-span-2">
            <h2 class="text-lg font-semibold text-slate-900">"Practice this session"</h2>
            <p class="text-sm text-slate-600">"Pick concepts to focus on, or leave them all unticked to practise everything."</p>
            <div class="mt-3"><ErrorBanner error=general_error(result) /></div>
            <fieldset class="mt-3 flex flex-wrap gap-3">
                <legend class="sr-only">"Concepts to include"</legend>
                {concepts.into_iter().map(|concept| {
                    let id = concept.concept_id;
                    view! {
                        <label class="inline-flex items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-sm">
                            <input type="checkbox" class="h-4 w-4 rounded border-slate-300 text-indigo-600"
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                } />
                            {concept.name}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="button"
                class="mt-4 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
                disabled=move || action.pending().get()
                on:click=move |_| { action.dispatch(RequestPractice { session_id, concept_ids: chosen.get() }); }>
                {move || if action.pending().get() { "Preparing…" } else { "Generate practice" }}
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_read_in_transcript_order() {
        let ranges = [
            Lines { start: 33, end: 36 },
            Lines { start: 9, end: 11 },
            Lines { start: 38, end: 38 },
        ];
        assert_eq!(lines_label(&ranges), "9–11, 33–36, 38");
    }
}
