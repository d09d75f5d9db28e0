//! Upload a transcript: paste it or choose a file; pick the other side of the session.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::{
    api::sessions::{UploadTranscript, list_students, list_tutors},
    components::{
        auth::{RequireAuth, use_me},
        form::{Attempted, ErrorBanner, Field, SubmitButton, field_error, general_error},
        resource::page_resource,
    },
    domain::{DurationSeconds, MAX_TRANSCRIPT_BYTES, Role, TranscriptSource},
    error::AppError,
};

const FORMATS: [(&str, &str); 7] = [
    ("auto", "Detect automatically"),
    ("plain_text", "Plain text (Name: lines)"),
    ("vtt", "WebVTT"),
    ("srt", "SRT"),
    ("json", "JSON"),
    ("csv", "CSV"),
    ("markdown", "Markdown"),
];

#[component]
pub fn UploadPage() -> impl IntoView {
    view! {
        <Title text="Upload a transcript" />
        <RequireAuth roles=&[Role::Student, Role::Tutor]>
            <UploadForm />
        </RequireAuth>
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let me = use_me();
    let is_student = me.role == Role::Student;
    let counterpart = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_owned());
    let source = RwSignal::new(TranscriptSource::ManualUpload.as_str().to_owned());
    let format = RwSignal::new("auto".to_owned());
    let transcript = RwSignal::new(String::new());
    let file_name = RwSignal::new(None::<String>);
    let file_error = RwSignal::new(None::<String>);
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));

    // Whom this session was with: a student names any tutor (that links them); a tutor names
    // only students already linked to them.
    let people = page_resource(
        || (),
        move |_| async move {
            let options: Vec<(Uuid, String)> = if is_student {
                list_tutors()
                    .await?
                    .into_iter()
                    .map(|t| {
                        let label = if t.linked { format!("{} · yours", t.name) } else { t.name };
                        (t.id, label)
                    })
                    .collect()
            } else {
                list_students(None)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, format!("{} ({})", p.name, p.email)))
                    .collect()
            };
            Ok::<_, AppError>(options)
        },
    );
    let action = ServerAction::<UploadTranscript>::new();
    let result: Signal<_> = action.value().into();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(accepted)) = result.get() {
            navigate(&format!("/sessions/{}", accepted.session_id), Default::default());
        }
    });

    let minutes_check =
        Callback::new(|v: String| DurationSeconds::from_minutes(&v).err().map(|e| e.0));
    let date_check = Callback::new(|v: String| {
        v.trim().is_empty().then(|| "Choose the date and time of the session.".to_owned())
    });
    let transcript_error = Memo::new(move |_| {
        let text = transcript.get();
        if text.len() > MAX_TRANSCRIPT_BYTES {
            Some("A transcript can be at most 1 MB.".to_owned())
        } else if attempted.get() && text.trim().is_empty() {
            Some("Paste the transcript or choose a file.".to_owned())
        } else {
            None
        }
    });
    let counterpart_error = Memo::new(move |_| {
        (attempted.get() && counterpart.get().is_empty()).then(|| {
            if is_student {
                "Choose your tutor.".to_owned()
            } else {
                "Choose the student.".to_owned()
            }
        })
    });

    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) =
                ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            file_error.set(None);
            if file.size() > MAX_TRANSCRIPT_BYTES as f64 {
                file_error.set(Some("That file is larger than 1 MB.".to_owned()));
                return;
            }
            file_name.set(Some(file.name()));
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => transcript.set(text.as_string().unwrap_or_default()),
                    Err(_) => {
                        file_error.set(Some("That file could not be read as text.".to_owned()))
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        let valid = minutes_check.run(minutes.get()).is_none()
            && date_check.run(date.get()).is_none()
            && transcript_error.get().is_none()
            && counterpart_error.get().is_none();
        if valid {
            action.dispatch(UploadTranscript {
                counterpart_id: counterpart.get().parse::<Uuid>().ok(),
                session_date_local: date.get(),
                duration_minutes: minutes.get(),
                transcript: transcript.get(),
                source: source.get(),
                format: format.get(),
                file_name: file_name.get(),
            });
        }
    };
    let counterpart_label = if is_student { "Tutor" } else { "Student" };

    view! {
        <div class="mx-auto max-w-3xl">
            <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Upload a transcript"</h1>
            <p class="mt-1 text-slate-600">"Plain text, WebVTT, SRT, JSON, CSV or Markdown speaker lines, up to 1 MB."</p>
            <form on:submit=on_submit novalidate class="mt-8 space-y-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <ErrorBanner error=general_error(result) />
                <div class="grid gap-6 sm:grid-cols-2">
                    <div class="space-y-1">
                        <label for="counterpart" class="block text-sm font-medium text-slate-700">{counterpart_label}</label>
                        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                            {move || Suspend::new(async move {
                                let options = people.await.unwrap_or_default();
                                if options.len() == 1 && counterpart.get_untracked().is_empty() {
                                    counterpart.set(options[0].0.to_string());
                                }
                                view! {
                                    <select
                                        id="counterpart"
                                        class="block w-full rounded-lg border border-slate-300 px-3 py-2"
                                        on:change=move |ev| counterpart.set(event_target_value(&ev))
                                        prop:value=move || counterpart.get()
                                    >
                                        <option value="">{format!("Choose a {}", counterpart_label.to_lowercase())}</option>
                                        {options.into_iter().map(|(id, label)| {
                                            view! { <option value=id.to_string()>{label}</option> }
                                        }).collect_view()}
                                    </select>
                                }
                            })}
                        </Transition>
                        <p class="min-h-5 text-sm text-red-600">{move || counterpart_error.get().or_else(|| field_error(result, if is_student { "tutorId" } else { "studentId" }).get())}</p>
                    </div>
                    {(!is_student).then(|| view! {
                        <p class="self-center text-sm text-slate-600">
                            "Only your linked students are listed. A new student links to you by booking you, uploading a session with you, or accepting your invitation on "
                            <a href="/schedule" class="font-medium text-indigo-600 hover:underline">"My schedule"</a>
                            "."
                        </p>
                    })}
                </div>
                <div class="grid gap-6 sm:grid-cols-2">
                    <Field label="Date and time" name="session_date" kind="datetime-local" hint=format!("In your time zone ({}).", me.time_zone) value=date check=date_check server_error=field_error(result, "sessionDate") />
                    <Field label="Length (minutes)" name="duration" kind="number" value=minutes check=minutes_check server_error=field_error(result, "duration") />
                </div>
                <div class="grid gap-6 sm:grid-cols-2">
                    <div class="space-y-1">
                        <label for="source" class="block text-sm font-medium text-slate-700">"Source"</label>
                        <select id="source" class="block w-full rounded-lg border border-slate-300 px-3 py-2" on:change=move |ev| source.set(event_target_value(&ev))>
                            {TranscriptSource::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == TranscriptSource::ManualUpload>{s.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="space-y-1">
                        <label for="format" class="block text-sm font-medium text-slate-700">"Format"</label>
                        <select id="format" class="block w-full rounded-lg border border-slate-300 px-3 py-2" on:change=move |ev| format.set(event_target_value(&ev))>
                            {FORMATS.iter().map(|(value, label)| view! { <option value=*value selected=*value == "auto">{*label}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="space-y-2">
                    <label for="transcript-file" class="block text-sm font-medium text-slate-700">"Transcript file"</label>
                    <input id="transcript-file" type="file" accept=".txt,.vtt,.srt,.json,.csv,.md,.markdown,text/plain" on:change=on_file
                        class="block w-full text-sm text-slate-600 file:mr-4 file:rounded-lg file:border-0 file:bg-indigo-50 file:px-4 file:py-2 file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100" />
                    <p class="text-sm text-red-600">{move || file_error.get()}</p>
                    <label for="transcript" class="block text-sm font-medium text-slate-700">"…or paste it"</label>
                    <textarea id="transcript" rows="12" spellcheck="false"
                        class="block w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm"
                        placeholder="Tutor: Let's look at quadratic equations today.\nStudent: Okay!"
                        prop:value=move || transcript.get()
                        on:input=move |ev| transcript.set(event_target_value(&ev))></textarea>
                    <p class="text-sm text-red-600">{move || transcript_error.get()}</p>
                </div>
                <div class="sm:w-56">
                    <SubmitButton label="Upload and analyze" pending_label="Uploading…" pending=action.pending() />
                </div>
            </form>
        </div>
    }
}
