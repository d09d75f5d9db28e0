//! The landing page.

use leptos::prelude::*;
use leptos_meta::Title;

struct Step {
    label: &'static str,
    title: &'static str,
    body: &'static str,
}

const STEPS: [Step; 4] = [
    Step {
        label: "Sessions",
        title: "Your session, remembered",
        body: "Upload the transcript of a tutoring session. The companion finds the topics and \
               concepts you covered, what went well, what to work on, and the exact lines \
               where each came up.",
    },
    Step {
        label: "Practice",
        title: "Practice that fits where you are",
        body: "Questions built from what you were taught, sized to what you already know, with \
               hints that nudge instead of telling. Concepts you miss come back on a \
               spaced-review schedule.",
    },
    Step {
        label: "Chat",
        title: "Answers from your own sessions",
        body: "Ask a question and get an answer grounded in what your tutor said, with links to \
               the lines it came from. When a person is the better help, it says so and helps \
               you book them.",
    },
    Step {
        label: "Goals",
        title: "Goals that move",
        body: "Set several goals at once. Progress comes from what you have mastered, not from a \
               number you type, and finishing one suggests where to go next.",
    },
];

#[component]
pub fn HomePage() -> impl IntoView {
    let (active, set_active) = signal(0usize);
    view! {
        <Title text="" />
        <section class="grid gap-10 py-8 lg:grid-cols-2 lg:items-center">
            <div>
                <h1 class="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
                    "Keep learning between tutoring sessions"
                </h1>
                <p class="mt-6 text-lg leading-8 text-slate-600">
                    "Study Companion turns each session into practice you will actually do, answers \
                     your questions from what your tutor said, and tells your tutor what you did in \
                     between."
                </p>
                <div class="mt-8 flex flex-wrap gap-3">
                    <a href="/register" class="rounded-lg bg-indigo-600 px-5 py-3 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
                        "Create a student account"
                    </a>
                    <a href="/login" class="rounded-lg border border-slate-300 bg-white px-5 py-3 text-sm font-semibold text-slate-800 hover:bg-slate-50">
                        "Log in"
                    </a>
                </div>
            </div>
            <div class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h2 class="text-sm font-semibold uppercase tracking-wide text-slate-500">"How it works"</h2>
                <div role="tablist" aria-label="How it works" class="mt-4 flex flex-wrap gap-2">
                    {STEPS
                        .iter()
                        .enumerate()
                        .map(|(index, step)| {
                            let selected = move || active.get() == index;
                            view! {
                                <button
                                    type="button"
                                    role="tab"
                                    id=format!("step-tab-{index}")
                                    aria-selected=move || selected().to_string()
                                    aria-controls="step-panel"
                                    class="rounded-full px-4 py-1.5 text-sm font-medium transition"
                                    class=("bg-indigo-600", selected)
                                    class=("text-white", selected)
                                    class=("bg-slate-100", move || !selected())
                                    class=("text-slate-700", move || !selected())
                                    on:click=move |_| set_active.set(index)
                                >
                                    {step.label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <div id="step-panel" role="tabpanel" class="mt-6 min-h-32">
                    <h3 class="text-xl font-semibold text-slate-900">{move || STEPS[active.get()].title}</h3>
                    <p class="mt-3 leading-7 text-slate-600">{move || STEPS[active.get()].body}</p>
                </div>
            </div>
        </section>
    }
}
