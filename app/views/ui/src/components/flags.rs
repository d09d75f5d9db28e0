//! Risk flags as badges that explain themselves on hover (the detail as the title) and link
//! to the evidence, and as a list with the detail written out.

use leptos::prelude::*;

use crate::dto::tutor::{FlagKind, RiskFlag};

fn classes(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OpenEscalation => "bg-red-50 text-red-800 ring-red-200 hover:bg-red-100",
        FlagKind::Struggling => "bg-orange-50 text-orange-800 ring-orange-200 hover:bg-orange-100",
        FlagKind::GoalAtRisk => "bg-amber-50 text-amber-800 ring-amber-200 hover:bg-amber-100",
        FlagKind::ReviewsOverdue => {
            "bg-yellow-50 text-yellow-800 ring-yellow-200 hover:bg-yellow-100"
        }
        FlagKind::Inactive => "bg-slate-100 text-slate-700 ring-slate-200 hover:bg-slate-200",
        FlagKind::NudgedNoResponse => "bg-sky-50 text-sky-800 ring-sky-200 hover:bg-sky-100",
    }
}

/// One flag as a small link: its label, the facts on hover, the evidence on click.
#[component]
pub fn FlagBadge(flag: RiskFlag) -> impl IntoView {
    view! {
        <a
            href=flag.href
            title=flag.detail.clone()
            aria-label=format!("{}: {}", flag.kind.label(), flag.detail)
            class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset {}", classes(flag.kind))
            data-testid="risk-flag"
            data-kind=flag.kind.as_str()
        >
            {flag.kind.label()}
        </a>
    }
}

/// The flags with their details written out (the student page and the brief).
#[component]
pub fn FlagList(flags: Vec<RiskFlag>) -> impl IntoView {
    view! {
        <ul class="space-y-2" aria-label="Risk flags">
            {flags.into_iter().map(|flag| view! {
                <li class="flex flex-col gap-1 sm:flex-row sm:items-start sm:gap-3">
                    <span class="shrink-0"><FlagBadge flag=flag.clone() /></span>
                    <span class="text-sm text-slate-700">
                        {flag.detail.clone()} " "
                        <a href=flag.href class="font-medium text-indigo-600 hover:underline print:hidden">"Evidence →"</a>
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
}
