//! Charts drawn as SVG on the server and hydrated like any other markup: no canvas, no
//! script, readable by screen readers through titles.

use leptos::prelude::*;

/// Horizontal bars, one per labelled value in 0..1.
#[component]
pub fn BarChart(#[prop(into)] title: String, bars: Vec<(String, f64)>) -> impl IntoView {
    const ROW: f64 = 28.0;
    const LABEL: f64 = 190.0;
    const WIDTH: f64 = 560.0;
    let height = (bars.len().max(1) as f64) * ROW + 24.0;
    let plot = WIDTH - LABEL - 48.0;
    let label = title.clone();
    view! {
        <svg role="img" aria-label=label viewBox=format!("0 0 {WIDTH} {height}") class="w-full" data-testid="bar-chart">
            <title>{title}</title>
            {[0.0, 0.5, 1.0].into_iter().map(|tick| {
                let x = LABEL + plot * tick;
                view! {
                    <line x1=x x2=x y1="0" y2=height - 18.0 stroke="#e2e8f0" stroke-width="1" />
                    <text x=x y=height - 4.0 text-anchor="middle" font-size="11" fill="#64748b">{format!("{}%", (tick * 100.0) as i64)}</text>
                }
            }).collect_view()}
            {bars.into_iter().enumerate().map(|(i, (label, value))| {
                let y = i as f64 * ROW + 4.0;
                let value = value.clamp(0.0, 1.0);
                let colour = if value < 0.4 { "#f87171" } else if value < 0.7 { "#fbbf24" } else { "#34d399" };
                let short: String = if label.chars().count() > 28 { format!("{}…", label.chars().take(27).collect::<String>()) } else { label.clone() };
                view! {
                    <g>
                        <title>{format!("{label}: {}%", (value * 100.0).round())}</title>
                        <text x=LABEL - 8.0 y=y + 14.0 text-anchor="end" font-size="12" fill="#334155">{short}</text>
                        <rect x=LABEL y=y width=plot height="18" rx="4" fill="#f1f5f9" />
                        <rect x=LABEL y=y width=(plot * value).max(2.0) height="18" rx="4" fill=colour />
                        <text x=LABEL + plot + 6.0 y=y + 14.0 font-size="12" fill="#334155">{format!("{}%", (value * 100.0).round())}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// A line of values in 0..1 over labelled points (e.g. practice scores over time).
#[component]
pub fn LineChart(#[prop(into)] title: String, points: Vec<(String, f64)>) -> impl IntoView {
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 200.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 28.0;
    let plot_w = WIDTH - LEFT - 16.0;
    let plot_h = HEIGHT - BOTTOM - 12.0;
    let n = points.len();
    let x = move |i: usize| {
        if n <= 1 { LEFT + plot_w / 2.0 } else { LEFT + plot_w * i as f64 / (n - 1) as f64 }
    };
    let y = move |v: f64| 12.0 + plot_h * (1.0 - v.clamp(0.0, 1.0));
    let path: String = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x(i), y(*v)))
        .collect();
    let label = title.clone();
    view! {
        <svg role="img" aria-label=label viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="w-full" data-testid="line-chart">
            <title>{title}</title>
            {[0.0, 0.5, 1.0].into_iter().map(|tick| view! {
                <line x1=LEFT x2=WIDTH - 16.0 y1=y(tick) y2=y(tick) stroke="#e2e8f0" />
                <text x=LEFT - 6.0 y=y(tick) + 4.0 text-anchor="end" font-size="11" fill="#64748b">{format!("{}%", (tick * 100.0) as i64)}</text>
            }).collect_view()}
            <path d=path fill="none" stroke="#4f46e5" stroke-width="2.5" stroke-linejoin="round" />
            {points.into_iter().enumerate().map(|(i, (label, v))| {
                // At most about eight labels, and the outermost ones anchored inside the chart.
                let every = n.div_ceil(8).max(1);
                let anchor = if n > 1 && i == 0 { "start" } else if n > 1 && i + 1 == n { "end" } else { "middle" };
                let shown = i % every == 0 || (i + 1 == n && i % every >= every.div_ceil(2));
                view! {
                    <g>
                        <title>{format!("{label}: {}%", (v * 100.0).round())}</title>
                        <circle cx=x(i) cy=y(v) r="4" fill="#4f46e5" />
                        {shown.then(|| view! { <text x=x(i) y=HEIGHT - 8.0 text-anchor=anchor font-size="10" fill="#64748b">{label.clone()}</text> })}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, … at or above `max`: a round top for an axis.
fn nice_top(max: f64) -> f64 {
    let mut top = 1.0;
    let mut steps = [2.0, 2.5, 2.0].into_iter().cycle();
    while top < max {
        top *= steps.next().unwrap_or(2.0);
    }
    top
}

/// Vertical bars of counts over labelled points (e.g. weeks), scaled to the largest.
#[component]
pub fn ColumnChart(#[prop(into)] title: String, columns: Vec<(String, f64)>) -> impl IntoView {
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 200.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 28.0;
    let plot_w = WIDTH - LEFT - 16.0;
    let plot_h = HEIGHT - BOTTOM - 12.0;
    let max = columns.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let top = nice_top(max);
    let n = columns.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.6).min(48.0);
    let y = move |v: f64| 12.0 + plot_h * (1.0 - (v / top).clamp(0.0, 1.0));
    let label = title.clone();
    view! {
        <svg role="img" aria-label=label viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="w-full" data-testid="column-chart">
            <title>{title}</title>
            {[0.0, 0.5, 1.0].into_iter().filter(|tick| top >= 2.0 || *tick != 0.5).map(|tick| view! {
                <line x1=LEFT x2=WIDTH - 16.0 y1=y(top * tick) y2=y(top * tick) stroke="#e2e8f0" />
                <text x=LEFT - 6.0 y=y(top * tick) + 4.0 text-anchor="end" font-size="11" fill="#64748b">{format!("{}", (top * tick * 10.0).round() / 10.0)}</text>
            }).collect_view()}
            {columns.into_iter().enumerate().map(|(i, (label, value))| {
                let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
                let top_y = y(value);
                view! {
                    <g>
                        <title>{format!("{label}: {}", (value * 100.0).round() / 100.0)}</title>
                        <rect x=x y=top_y width=bar height=(12.0 + plot_h - top_y).max(0.0) rx="3" fill="#6366f1" />
                        <text x=x + bar / 2.0 y=top_y - 4.0 text-anchor="middle" font-size="10" fill="#334155">{format!("{}", (value * 100.0).round() / 100.0)}</text>
                        <text x=x + bar / 2.0 y=HEIGHT - 8.0 text-anchor="middle" font-size="10" fill="#64748b">{label}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::nice_top;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(3.0), 5.0);
        assert_eq!(nice_top(10.0), 10.0);
        assert_eq!(nice_top(11.0), 20.0);
        assert_eq!(nice_top(41.0), 50.0);
    }
}
