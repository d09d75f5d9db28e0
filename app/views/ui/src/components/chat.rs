//! Chat pieces: a message (answers as the server's sanitised HTML, questions as text), the
//! sources under an answer linking to the highlighted session lines, and the "Request a tutor"
//! dialog with the routing result, prefilled and editable before it goes to the tutor.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::chat::{dismiss_escalation, send_escalation},
    dto::chat::{MessageRole, MessageStatus, MessageView, RouteView, SourceView, Urgency},
};

/// The classes that give rendered answers their shape (no typography plugin: arbitrary
/// variants on the container style the HTML inside it).
const ANSWER_PROSE: &str = "space-y-3 leading-7 text-slate-800 [&_blockquote]:border-l-4 \
    [&_blockquote]:border-indigo-200 [&_blockquote]:bg-indigo-50/60 [&_blockquote]:px-4 \
    [&_blockquote]:py-2 [&_blockquote]:italic [&_blockquote]:text-slate-700 [&_strong]:font-semibold \
    [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 [&_a]:text-indigo-700 [&_a]:underline \
    [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1";

/// "lines 12–14" or "line 12".
pub fn lines_label(source: &SourceView) -> String {
    if source.lines.start == source.lines.end {
        format!("line {}", source.lines.start)
    } else {
        format!("lines {}–{}", source.lines.start, source.lines.end)
    }
}

#[component]
pub fn Sources(sources: Vec<SourceView>) -> impl IntoView {
    (!sources.is_empty()).then(|| {
        view! {
            <div class="mt-3 border-t border-slate-100 pt-3">
                <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">"Sources"</p>
                <ul class="mt-2 space-y-2" aria-label="Sources">
                    {sources.into_iter().map(|source| {
                        let label = format!("{} · {}", source.session_title, lines_label(&source));
                        view! {
                            <li>
                                <a href=source.href() class="group block rounded-lg border border-slate-200 px-3 py-2 text-sm hover:border-indigo-300 hover:bg-indigo-50">
                                    <span class="font-medium text-indigo-700 group-hover:underline">{label}</span>
                                    <span class="mt-0.5 line-clamp-2 block text-slate-600">{format!("“{}”", source.excerpt)}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
pub fn MessageBubble(message: MessageView) -> impl IntoView {
    match message.role {
        MessageRole::User => view! {
            <li class="flex justify-end" data-role="user">
                <div class="max-w-[85%] rounded-2xl rounded-br-sm bg-indigo-600 px-4 py-3 text-white shadow-sm [&_p+p]:mt-2 break-words" inner_html=message.content_html></div>
            </li>
        }
        .into_any(),
        MessageRole::Assistant => {
            let note = match message.status {
                MessageStatus::Interrupted => Some((
                    "This answer was cut off before it finished. Ask again to get the rest.",
                    "border-amber-200 bg-amber-50 text-amber-900",
                )),
                MessageStatus::Guarded => Some((
                    "This is about a practice you haven't submitted, so the answer is held back.",
                    "border-sky-200 bg-sky-50 text-sky-900",
                )),
                MessageStatus::Complete => None,
            };
            view! {
                <li class="flex justify-start" data-role="assistant" data-status=message.status.as_str()>
                    <article class="w-full max-w-[92%] rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-4 py-3 shadow-sm sm:px-5" aria-label="Answer">
                        <div class=ANSWER_PROSE inner_html=message.content_html></div>
                        {note.map(|(text, class)| view! {
                            <p class=format!("mt-3 rounded-lg border px-3 py-2 text-sm {class}") role="note">{text}</p>
                        })}
                        <Sources sources=message.sources />
                    </article>
                </li>
            }
            .into_any()
        }
    }
}

/// The answer while it streams: plain text (the markdown is rendered once it is complete).
#[component]
pub fn StreamingBubble(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <li class="flex justify-start" data-role="assistant" data-status="streaming">
            <article class="w-full max-w-[92%] rounded-2xl rounded-bl-sm border border-indigo-200 bg-white px-4 py-3 shadow-sm sm:px-5" aria-label="Answer" aria-busy="true">
                <p class="whitespace-pre-wrap break-words leading-7 text-slate-800" data-testid="streaming-answer">
                    {move || text.get()}
                    <span class="ml-1 inline-block h-4 w-2 animate-pulse rounded-sm bg-indigo-400 align-middle" aria-hidden="true"></span>
                </p>
                <Show when=move || text.get().is_empty()>
                    <p class="text-sm text-slate-500" role="status">"Looking through your sessions…"</p>
                </Show>
            </article>
        </li>
    }
}

fn urgency_badge(urgency: Urgency) -> (&'static str, &'static str) {
    match urgency {
        Urgency::Low => ("Low urgency", "bg-slate-100 text-slate-700"),
        Urgency::Medium => ("Medium urgency", "bg-amber-100 text-amber-800"),
        Urgency::High => ("High urgency", "bg-red-100 text-red-800"),
    }
}

/// The routing result, prefilled for the tutor: the student may edit why, how urgent and what
/// to focus on, then send it (the escalation stays open for the tutor, and later a booking) or
/// let it go.
#[component]
pub fn RouteDialog(route: RouteView, on_close: Callback<()>) -> impl IntoView {
    let id = route.escalation_id;
    let reason = RwSignal::new(route.reason.clone());
    let urgency = RwSignal::new(route.urgency);
    let focus = RwSignal::new(route.focus.join(", "));
    let sent = RwSignal::new(route.sent.then(|| route.clone()));
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let tutor = route.tutor_name.clone().unwrap_or_else(|| "Your tutor".to_owned());
    let (badge, badge_class) = urgency_badge(route.urgency);
    let heading = if route.recommend_tutor {
        "Your tutor is the best help for this"
    } else {
        "You can keep going here — or ask your tutor"
    };
    let send = move |_| {
        pending.set(true);
        error.set(None);
        let focus_list: Vec<String> = focus
            .get_untracked()
            .split(',')
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
        let reason_text = reason.get_untracked();
        let level = urgency.get_untracked();
        spawn_local(async move {
            match send_escalation(id, reason_text, level, focus_list).await {
                Ok(view) => sent.set(Some(view)),
                Err(err) => error.set(Some(err.to_string())),
            }
            pending.set(false);
        });
    };
    let not_now = move |_| {
        spawn_local(async move {
            // An escalation the student lets go is dismissed; closing never fails for them.
            let _ = dismiss_escalation(id).await;
            on_close.run(());
        });
    };
    let tutor_for_sent = tutor.clone();
    view! {
        <div class="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/50 p-0 sm:items-center sm:p-4">
            <div role="dialog" aria-modal="true" aria-labelledby="route-title"
                class="max-h-[92vh] w-full max-w-lg overflow-y-auto rounded-t-2xl bg-white p-6 shadow-xl sm:rounded-2xl">
                <Show
                    when=move || sent.get().is_none()
                    fallback=move || view! {
                        <h2 id="route-title" class="text-xl font-bold text-slate-900">"Sent to your tutor"</h2>
                        <p class="mt-3 text-slate-700" role="status">
                            {format!("{tutor_for_sent} will see your request, with what you asked here, before your next session.")}
                        </p>
                        <div class="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                            <button type="button" class="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50" on:click=move |_| on_close.run(())>"Close"</button>
                            <a href=format!("/tutors?escalation={id}") class="rounded-lg bg-indigo-600 px-4 py-2 text-center text-sm font-semibold text-white hover:bg-indigo-500">"Book a time"</a>
                        </div>
                    }
                >
                    <div class="flex flex-wrap items-start justify-between gap-3">
                        <h2 id="route-title" class="text-xl font-bold text-slate-900">{heading}</h2>
                        <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-medium {badge_class}") data-testid="route-urgency">{badge}</span>
                    </div>
                    <p class="mt-2 text-sm text-slate-600">{route.summary.clone()}</p>
                    <div class="mt-5 space-y-4">
                        <div>
                            <label for="route-reason" class="block text-sm font-medium text-slate-700">"Why"</label>
                            <textarea id="route-reason" rows="3"
                                class="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="grid gap-4 sm:grid-cols-2">
                            <div>
                                <label for="route-urgency" class="block text-sm font-medium text-slate-700">"Urgency"</label>
                                <select id="route-urgency"
                                    class="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm"
                                    on:change=move |ev| if let Some(level) = Urgency::from_wire(&event_target_value(&ev)) { urgency.set(level) }>
                                    {Urgency::ALL.iter().map(|level| view! {
                                        <option value=level.as_str() selected=move || urgency.get() == *level>{level.as_str()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div>
                                <label for="route-focus" class="block text-sm font-medium text-slate-700">"Focus on"</label>
                                <input id="route-focus" type="text"
                                    class="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
                                    prop:value=move || focus.get()
                                    on:input=move |ev| focus.set(event_target_value(&ev)) />
                            </div>
                        </div>
                        <p class="text-xs text-slate-500">
                            {format!("{tutor} sees this request with your conversation's summary. Book a time and it travels with the booking.")}
                        </p>
                    </div>
                    <Show when=move || error.get().is_some()>
                        <p role="alert" class="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{move || error.get()}</p>
                    </Show>
                    <div class="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                        <button type="button" class="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50" on:click=not_now>"Not now"</button>
                        <a href=format!("/tutors?escalation={id}") class="rounded-lg border border-indigo-300 px-4 py-2 text-center text-sm font-semibold text-indigo-700 hover:bg-indigo-50">"Book a time"</a>
                        <button type="button" class="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
                            disabled=move || pending.get() on:click=send>
                            {move || if pending.get() { "Sending…" } else { "Send to my tutor" }}
                        </button>
                    </div>
                </Show>
            </div>
        </div>
    }
}
