//! Mastery per concept over time: one small step chart per concept on a shared time axis,
//! drawn as SVG on the server (no chart library, no script). A point is each change recorded
//! in the mastery history; the line holds its level until the next change, up to now.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::status::MasteryBadge;
use crate::dto::tutor::MasterySeries;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 44.0;
const PAD: f64 = 5.0;

fn colour(mastery: f64) -> &'static str {
    if mastery < 0.4 {
        "#ef4444"
    } else if mastery < 0.7 {
        "#f59e0b"
    } else {
        "#10b981"
    }
}

/// The x of `at` on `[from, to]` (the middle when the range is a single instant).
fn x_of(at: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    let span = (to - from).num_seconds();
    if span <= 0 {
        return WIDTH / 2.0;
    }
    let share = (at - from).num_seconds() as f64 / span as f64;
    PAD + (WIDTH - 2.0 * PAD) * share.clamp(0.0, 1.0)
}

fn y_of(mastery: f64) -> f64 {
    PAD + (HEIGHT - 2.0 * PAD) * (1.0 - mastery.clamp(0.0, 1.0))
}

/// The step path through the points, held to the right edge (now).
fn step_path(series: &MasterySeries, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let mut path = String::new();
    let mut last_y = None;
    for point in &series.points {
        let (x, y) = (x_of(point.at, from, to), y_of(point.mastery));
        match last_y {
            None => path.push_str(&format!("M{x:.1},{y:.1}")),
            Some(previous) => path.push_str(&format!(" L{x:.1},{previous:.1} L{x:.1},{y:.1}")),
        }
        last_y = Some(y);
    }
    if let Some(y) = last_y {
        path.push_str(&format!(" L{:.1},{y:.1}", WIDTH - PAD));
    }
    path
}

#[component]
pub fn MasteryTimeline(
    series: Vec<MasterySeries>,
    now: DateTime<Utc>,
    #[prop(into)] from_label: String,
    #[prop(into)] to_label: String,
) -> impl IntoView {
    let from = series.iter().filter_map(|s| s.points.first().map(|p| p.at)).min().unwrap_or(now);
    let to = now.max(from);
    view! {
        <div data-testid="mastery-chart">
            <ul class="divide-y divide-slate-100" aria-label="Mastery per concept over time">
                {series.into_iter().map(|s| {
                    let path = step_path(&s, from, to);
                    let stroke = colour(s.current);
                    let label = format!(
                        "{}: mastery {}% now, {} change{} recorded",
                        s.name,
                        (s.current * 100.0).round(),
                        s.points.len(),
                        if s.points.len() == 1 { "" } else { "s" }
                    );
                    let title = label.clone();
                    view! {
                        <li class="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 py-2 sm:grid-cols-[12rem_3.5rem_minmax(0,1fr)]">
                            <span class="truncate text-sm font-medium text-slate-800" title=s.name.clone()>{s.name.clone()}</span>
                            <span class="justify-self-end sm:justify-self-start"><MasteryBadge mastery=Some(s.current) /></span>
                            <svg role="img" aria-label=label viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="col-span-2 block h-auto w-full sm:col-span-1">
                                <title>{title}</title>
                                <rect x="0" y="0" width=WIDTH height=HEIGHT rx="4" fill="#f8fafc" />
                                <line x1=PAD x2=WIDTH - PAD y1=y_of(0.5) y2=y_of(0.5) stroke="#cbd5e1" stroke-dasharray="3 3" stroke-width="1" />
                                <path d=path fill="none" stroke=stroke stroke-width="2" stroke-linejoin="round" />
                                {s.points.iter().map(|p| view! {
                                    <circle cx=x_of(p.at, from, to) cy=y_of(p.mastery) r="2.5" fill=stroke>
                                        <title>{format!("{}: {}%", p.label, (p.mastery * 100.0).round())}</title>
                                    </circle>
                                }).collect_view()}
                            </svg>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="mt-1 hidden justify-between text-xs text-slate-500 sm:ml-[16rem] sm:flex">
                <span>{from_label}</span>
                <span>"dashed line: 50%, where every concept starts"</span>
                <span>{to_label}</span>
            </div>
        </div>
    }
}
