//! Small presentational pieces: status badges, mastery badges, durations.

use leptos::prelude::*;

use crate::dto::{practice::PracticeStatus, session::SessionStatus};

#[component]
pub fn SessionBadge(#[prop(into)] status: Signal<SessionStatus>) -> impl IntoView {
    let classes = move || match status.get() {
        SessionStatus::Pending => "bg-slate-100 text-slate-700",
        SessionStatus::Processing => "bg-amber-100 text-amber-800 animate-pulse",
        SessionStatus::Analyzed => "bg-emerald-100 text-emerald-800",
        SessionStatus::Failed => "bg-red-100 text-red-800",
    };
    view! {
        <span
            class=move || format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium {}", classes())
            data-testid="session-status"
        >
            {move || status.get().as_str()}
        </span>
    }
}

#[component]
pub fn PracticeBadge(status: PracticeStatus) -> impl IntoView {
    let (classes, label) = match status {
        PracticeStatus::Generating => ("bg-amber-100 text-amber-800 animate-pulse", "preparing"),
        PracticeStatus::Ready => ("bg-indigo-100 text-indigo-800", "ready"),
        PracticeStatus::InProgress => ("bg-sky-100 text-sky-800", "in progress"),
        PracticeStatus::Completed => ("bg-emerald-100 text-emerald-800", "completed"),
        PracticeStatus::Failed => ("bg-red-100 text-red-800", "failed"),
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium {classes}")>{label}</span>
    }
}

/// Mastery as a coloured percentage: red below 40 %, amber below 70 %, green above.
#[component]
pub fn MasteryBadge(mastery: Option<f64>) -> impl IntoView {
    match mastery {
        None => view! { <span class="text-xs text-slate-500">"new"</span> }.into_any(),
        Some(m) => {
            let pct = (m * 100.0).round() as i64;
            let classes = if m < 0.4 {
                "bg-red-50 text-red-700 ring-red-200"
            } else if m < 0.7 {
                "bg-amber-50 text-amber-700 ring-amber-200"
            } else {
                "bg-emerald-50 text-emerald-700 ring-emerald-200"
            };
            view! {
                <span class=format!("inline-flex items-center rounded-md px-2 py-0.5 text-xs font-semibold ring-1 ring-inset {classes}") title="Mastery">
                    {format!("{pct}%")}
                </span>
            }
            .into_any()
        }
    }
}

/// "1 h 30 min", "45 min".
pub fn duration_label(seconds: i32) -> String {
    let minutes = (seconds + 30) / 60;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::duration_label;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_label(2700), "45 min");
        assert_eq!(duration_label(3600), "1 h");
        assert_eq!(duration_label(5400), "1 h 30 min");
    }
}
