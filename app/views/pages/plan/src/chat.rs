//! `/chat` and `/chat/{id}`: the student's conversations with the companion (resume, rename,
//! delete), a composer, answers that stream in with their sources, starter questions drawn from
//! recent concepts and due reviews, and "Request a tutor".

use std::collections::HashSet;

use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_params_map},
};
use uuid::Uuid;

use crate::{
    api::chat::{
        create_conversation, delete_conversation, get_conversation, list_conversations,
        rename_conversation, route_conversation, starter_questions,
    },
    components::{
        auth::RequireAuth,
        chat::{MessageBubble, RouteDialog, StreamingBubble},
        form::ErrorBanner,
        resource::{PageResource, page_resource},
    },
    domain::Role,
    dto::chat::{ConversationSummary, MAX_MESSAGE_CHARS, MessageView, RouteView, StarterQuestion},
};

/// A question asked on this page and its answer as it arrives.
#[derive(Debug, Clone, Default)]
struct Live {
    question: String,
    text: String,
    asked: Option<MessageView>,
    answer: Option<MessageView>,
    failed: Option<String>,
}

#[component]
pub fn ChatPage() -> impl IntoView {
    view! {
        <Title text="Chat" />
        <RequireAuth roles=&[Role::Student]>
            <Chat />
        </RequireAuth>
    }
}

#[component]
fn Chat() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let list_version = RwSignal::new(0u32);
    // Bumped after an answer or a rename (not a delete: a deleted conversation is not reloaded).
    let reload = RwSignal::new(0u32);
    let conversations = page_resource(move || list_version.get(), |_| list_conversations(1));
    let starters = page_resource(|| (), |_| starter_questions(None));
    // Reloaded after every answer and rename: the stored messages then replace the live ones.
    let conversation = page_resource(
        move || (id.get(), reload.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_conversation(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // The conversation the live exchanges belong to (set before its URL exists, for a new one).
    let live_for = RwSignal::new(None::<Uuid>);
    let live = RwSignal::new(Vec::<Live>::new());
    let busy = RwSignal::new(false);
    let route = RwSignal::new(None::<RouteView>);
    let route_error = RwSignal::new(None::<String>);
    let routing = RwSignal::new(false);
    let navigate = use_navigate();

    // "New" (back to /chat) starts afresh; a new conversation keeps its exchanges while its own
    // URL is not there yet.
    Effect::new(move |_| {
        if id.get().is_none() && !busy.get_untracked() {
            live_for.set(None);
            live.set(Vec::new());
        }
    });
    let stored_ids = Memo::new(move |_| {
        conversation
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|c| c.messages.iter().map(|m| m.id).collect::<HashSet<_>>())
            .unwrap_or_default()
    });
    let showing = move || id.get().or(live_for.get());
    let has_messages = move || {
        !stored_ids.get().is_empty() || (live_for.get() == showing() && !live.get().is_empty())
    };

    let ask = {
        let navigate = navigate.clone();
        Callback::new(move |question: String| {
            let question = question.trim().to_owned();
            if question.is_empty() || busy.get_untracked() {
                return;
            }
            busy.set(true);
            let navigate = navigate.clone();
            spawn_local(async move {
                let existing = id.get_untracked();
                let target = match existing {
                    Some(target) => target,
                    None => match create_conversation(None, None).await {
                        Ok(created) => created.id,
                        Err(err) => {
                            live.set(vec![Live {
                                question,
                                failed: Some(err.to_string()),
                                ..Default::default()
                            }]);
                            busy.set(false);
                            return;
                        }
                    },
                };
                if live_for.get_untracked() != Some(target) {
                    live.set(Vec::new());
                    live_for.set(Some(target));
                }
                live.update(|l| l.push(Live { question: question.clone(), ..Default::default() }));
                let outcome = stream(target, &question, live).await;
                if let Err(message) = outcome {
                    live.update(|l| {
                        if let Some(last) = l.last_mut() {
                            last.failed = Some(message);
                        }
                    });
                }
                busy.set(false);
                list_version.update(|v| *v += 1);
                reload.update(|v| *v += 1);
                if existing.is_none() {
                    navigate(&format!("/chat/{target}"), NavigateOptions::default());
                }
            });
        })
    };

    let request_tutor = move |_| {
        let Some(target) = showing() else { return };
        routing.set(true);
        route_error.set(None);
        spawn_local(async move {
            match route_conversation(target).await {
                Ok(view) => route.set(Some(view)),
                Err(err) => route_error.set(Some(err.to_string())),
            }
            routing.set(false);
        });
    };

    view! {
        <div class="grid grid-cols-1 gap-6 lg:grid-cols-[17rem_minmax(0,1fr)]">
            <ConversationList conversations current=id list_version reload />
            <section class="flex min-h-[70vh] min-w-0 flex-col rounded-2xl border border-slate-200 bg-slate-50/60" aria-label="Conversation">
                <header class="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 sm:px-6 rounded-t-2xl">
                    <div class="min-w-0">
                        <Transition fallback=|| view! { <h1 class="truncate text-xl font-bold text-slate-900">"Chat"</h1> }>
                            {move || Suspend::new(async move {
                                let current = conversation.await.ok().flatten();
                                let title = current.as_ref().map(|c| c.title.clone()).unwrap_or_else(|| "Ask about your sessions".into());
                                let about = current.and_then(|c| c.session_id.zip(c.session_title));
                                view! {
                                    <h1 class="truncate text-xl font-bold text-slate-900">{title}</h1>
                                    {about.map(|(sid, title)| view! {
                                        <p class="text-sm text-slate-500">"About " <a class="text-indigo-600 hover:underline" href=format!("/sessions/{sid}")>{title}</a></p>
                                    })}
                                }
                            })}
                        </Transition>
                    </div>
                    <button type="button"
                        class="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-100 disabled:opacity-50"
                        disabled=move || showing().is_none() || !has_messages() || busy.get() || routing.get()
                        on:click=request_tutor>
                        {move || if routing.get() { "Checking…" } else { "Request a tutor" }}
                    </button>
                </header>
                <Show when=move || route_error.get().is_some()>
                    <p role="alert" class="mx-4 mt-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{move || route_error.get()}</p>
                </Show>
                <div class="flex-1 px-3 py-4 sm:px-6">
                    <ol class="space-y-4" aria-label="Messages" aria-live="polite">
                        <Transition fallback=|| view! { <li class="text-slate-500">"Loading…"</li> }>
                            {move || Suspend::new(async move {
                                match conversation.await {
                                    Ok(Some(view)) => view.messages.into_iter().map(|message| view! { <MessageBubble message /> }).collect_view().into_any(),
                                    Ok(None) => ().into_any(),
                                    Err(err) => view! { <li><ErrorBanner error=Signal::derive(move || Some(err.clone())) /></li> }.into_any(),
                                }
                            })}
                        </Transition>
                        <For
                            each=move || {
                                let shown = live_for.get() == showing();
                                live.get().into_iter().enumerate().filter(move |_| shown).collect::<Vec<_>>()
                            }
                            key=|(i, entry)| (*i, entry.asked.as_ref().map(|m| m.id), entry.answer.as_ref().map(|m| m.id), entry.failed.clone())
                            children=move |(i, entry)| view! { <LiveExchange index=i entry live stored_ids /> }
                        />
                    </ol>
                    // Inside a Transition, so the server and the browser agree on whether the
                    // stored conversation is empty before the suggestions are shown.
                    <Transition>
                        {move || Suspend::new(async move {
                            let stored_empty = conversation
                                .await
                                .ok()
                                .flatten()
                                .is_none_or(|c| c.messages.is_empty());
                            let list = starters.await.unwrap_or_default();
                            let asking = move || live_for.get() == showing() && !live.get().is_empty();
                            view! {
                                <Show when=move || stored_empty && !asking()>
                                    <Starters list=list.clone() ask />
                                </Show>
                            }
                        })}
                    </Transition>
                </div>
                <Composer ask busy />
            </section>
        </div>
        {move || route.get().map(|view| view! {
            <RouteDialog route=view on_close=Callback::new(move |_| route.set(None)) />
        })}
    }
}

/// Streams one answer into the last live entry.
#[cfg(feature = "hydrate")]
async fn stream(target: Uuid, question: &str, live: RwSignal<Vec<Live>>) -> Result<(), String> {
    use crate::components::answer_stream::{StreamEvent, stream_answer};
    let update = move |change: &dyn Fn(&mut Live)| {
        live.update(|l| {
            if let Some(last) = l.last_mut() {
                change(last);
            }
        })
    };
    stream_answer(target, question, |event| match event {
        StreamEvent::Delta(delta) => update(&|last| last.text.push_str(&delta.text)),
        StreamEvent::Sources(_) => {}
        StreamEvent::Done(done) => update(&|last| {
            last.answer = Some(done.message.clone());
            last.asked = Some(done.user_message.clone());
        }),
        StreamEvent::Error(error) => update(&|last| last.failed = Some(error.error.clone())),
    })
    .await
}

#[cfg(not(feature = "hydrate"))]
async fn stream(_target: Uuid, _question: &str, _live: RwSignal<Vec<Live>>) -> Result<(), String> {
    Err("Asking needs the page to finish loading.".into())
}

/// A question asked here and its answer, until the stored conversation shows them itself.
#[component]
fn LiveExchange(
    index: usize,
    entry: Live,
    live: RwSignal<Vec<Live>>,
    stored_ids: Memo<HashSet<Uuid>>,
) -> impl IntoView {
    let asked_id = entry.asked.as_ref().map(|m| m.id);
    let answer_id = entry.answer.as_ref().map(|m| m.id);
    let question = entry.question.clone();
    let text = Signal::derive(move || {
        live.with(|l| l.get(index).map(|e| e.text.clone()).unwrap_or_default())
    });
    view! {
        <Show when=move || asked_id.is_none_or(|id| !stored_ids.get().contains(&id))>
            <li class="flex justify-end" data-role="user">
                <div class="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-indigo-600 px-4 py-3 text-white shadow-sm">{question.clone()}</div>
            </li>
        </Show>
        {match (entry.answer.clone(), entry.failed.clone()) {
            (Some(answer), _) => view! {
                <Show when=move || answer_id.is_none_or(|id| !stored_ids.get().contains(&id))>
                    <MessageBubble message=answer.clone() />
                </Show>
            }.into_any(),
            (None, Some(failed)) => view! {
                <li role="alert" class="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">{failed}</li>
            }.into_any(),
            (None, None) => view! { <StreamingBubble text /> }.into_any(),
        }}
    }
}

#[component]
fn Starters(list: Vec<StarterQuestion>, ask: Callback<String>) -> impl IntoView {
    view! {
        <div class="mx-auto mt-6 max-w-2xl text-center">
            <p class="text-lg font-semibold text-slate-900">"Ask anything about your sessions"</p>
            <p class="mt-1 text-sm text-slate-600">"Answers come from what your tutor said, with the lines they came from. For practice questions you'll get a nudge, not the answer."</p>
            {(!list.is_empty()).then(|| view! {
                <ul class="mt-5 grid gap-2 text-left sm:grid-cols-2" aria-label="Suggested questions">
                    {list.into_iter().map(|starter| {
                        let question = starter.question.clone();
                        view! {
                            <li>
                                <button type="button"
                                    class="h-full w-full rounded-xl border border-slate-200 bg-white px-4 py-3 text-left shadow-sm hover:border-indigo-300 hover:bg-indigo-50"
                                    on:click=move |_| ask.run(question.clone())>
                                    <span class="block text-sm font-medium text-slate-900">{starter.question}</span>
                                    <span class="mt-1 block text-xs text-slate-500">{starter.why}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[component]
fn Composer(ask: Callback<String>, busy: RwSignal<bool>) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    // Set once this form is live in the browser (tests wait for it before typing).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let count = move || draft.with(|d| d.chars().count());
    let too_long = move || count() > MAX_MESSAGE_CHARS;
    let submit = move || {
        if busy.get_untracked() || too_long() || draft.with_untracked(|d| d.trim().is_empty()) {
            return;
        }
        ask.run(draft.get_untracked());
        draft.set(String::new());
    };
    view! {
        <form class="rounded-b-2xl border-t border-slate-200 bg-white p-3 sm:p-4"
            data-ready=move || ready.get().to_string()
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label for="chat-question" class="sr-only">"Your question"</label>
            <div class="flex items-end gap-2">
                <textarea id="chat-question" rows="2" placeholder="Ask about something from your sessions…"
                    class="block min-h-[3rem] w-full resize-y rounded-xl border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            submit();
                        }
                    }></textarea>
                <button type="submit"
                    class="shrink-0 rounded-xl bg-indigo-600 px-4 py-3 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
                    disabled=move || busy.get() || too_long()>
                    {move || if busy.get() { "Answering…" } else { "Ask" }}
                </button>
            </div>
            <p class="mt-1 text-xs" class=("text-red-600", too_long) class=("text-slate-500", move || !too_long())>
                {move || format!("{} / {MAX_MESSAGE_CHARS} · Enter to send, Shift+Enter for a new line", count())}
            </p>
        </form>
    }
}

#[component]
fn ConversationList(
    conversations: PageResource<
        Result<crate::dto::page::Page<ConversationSummary>, crate::error::AppError>,
    >,
    current: Memo<Option<Uuid>>,
    list_version: RwSignal<u32>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    view! {
        <aside class="min-w-0 rounded-2xl border border-slate-200 bg-white p-3 lg:self-start" aria-label="Conversations">
            <div class="flex items-center justify-between gap-2 px-1">
                <h2 class="text-sm font-semibold uppercase tracking-wide text-slate-500">"Conversations"</h2>
                <a href="/chat" class="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">"New"</a>
            </div>
            <Transition fallback=|| view! { <p class="px-1 py-2 text-sm text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match conversations.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <p class="px-1 py-3 text-sm text-slate-500">"No conversations yet."</p>
                        }.into_any(),
                        Ok(page) => view! {
                            <ul class="mt-2 max-h-48 space-y-1 overflow-y-auto lg:max-h-[65vh]" aria-label="Your conversations">
                                {page.items.into_iter().map(|item| view! { <ConversationRow item current list_version reload /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                    }
                })}
            </Transition>
        </aside>
    }
}

#[component]
fn ConversationRow(
    item: ConversationSummary,
    current: Memo<Option<Uuid>>,
    list_version: RwSignal<u32>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let id = item.id;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let title = RwSignal::new(item.title.clone());
    let error = RwSignal::new(None::<String>);
    let active = move || current.get() == Some(id);
    let navigate = use_navigate();
    let save = move || {
        let new_title = title.get_untracked();
        spawn_local(async move {
            match rename_conversation(id, new_title).await {
                Ok(_) => {
                    editing.set(false);
                    error.set(None);
                    list_version.update(|v| *v += 1);
                    reload.update(|v| *v += 1);
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        });
    };
    let remove = Callback::new(move |_: ()| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if delete_conversation(id).await.is_ok() {
                if current.get_untracked() == Some(id) {
                    navigate("/chat", NavigateOptions::default());
                }
                list_version.update(|v| *v += 1);
            }
        });
    });
    let label = item.title.clone();
    let when = item.when_label.clone();
    let rename_label = format!("Rename {}", item.title);
    let delete_label = format!("Delete {}", item.title);
    view! {
        <li class="rounded-lg" class=("bg-indigo-50", active)>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let label = label.clone();
                    let when = when.clone();
                    let rename_label = rename_label.clone();
                    let delete_label = delete_label.clone();
                    view! {
                        <div class="group flex items-center gap-1">
                            <a href=format!("/chat/{id}") class="min-w-0 flex-1 rounded-lg px-2 py-2 hover:bg-slate-50"
                                aria-current=move || active().then_some("page")>
                                <span class="block truncate text-sm font-medium text-slate-900">{label.clone()}</span>
                                <span class="block text-xs text-slate-500">{when}</span>
                            </a>
                            <Show when=move || !confirming.get() fallback=move || view! {
                                <span class="flex items-center gap-1 pr-1 text-xs">
                                    <button type="button" class="rounded px-1.5 py-1 font-semibold text-red-700 hover:bg-red-50" on:click=move |_| remove.run(())>"Delete"</button>
                                    <button type="button" class="rounded px-1.5 py-1 text-slate-600 hover:bg-slate-100" on:click=move |_| confirming.set(false)>"Keep"</button>
                                </span>
                            }>
                                <button type="button" class="rounded p-1.5 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800"
                                    aria-label=rename_label.clone() on:click=move |_| editing.set(true)>"Rename"</button>
                                <button type="button" class="rounded p-1.5 text-xs text-slate-500 hover:bg-red-50 hover:text-red-700"
                                    aria-label=delete_label.clone() on:click=move |_| confirming.set(true)>"Delete"</button>
                            </Show>
                        </div>
                    }
                }
            >
                <form class="space-y-1 p-1" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <label class="sr-only" for=format!("rename-{id}")>"Conversation name"</label>
                    <input id=format!("rename-{id}") type="text" maxlength="120"
                        class="block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    <div class="flex gap-1 text-xs">
                        <button type="submit" class="rounded bg-indigo-600 px-2 py-1 font-semibold text-white">"Save"</button>
                        <button type="button" class="rounded px-2 py-1 text-slate-600 hover:bg-slate-100" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                    <Show when=move || error.get().is_some()>
                        <p role="alert" class="text-xs text-red-700">{move || error.get()}</p>
                    </Show>
                </form>
            </Show>
        </li>
    }
}
