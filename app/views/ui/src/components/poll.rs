//! Polling in the browser: the live status badges and the bell use a short poll of a cheap
//! server function, which works the same with one web process or many.

use std::time::Duration;

use leptos::prelude::*;

/// Calls `tick` every `period` while the component is mounted, in the browser only.
pub fn use_interval(period: Duration, tick: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        let tick = tick.clone();
        if let Ok(handle) = set_interval_with_handle(tick, period) {
            on_cleanup(move || handle.clear());
        }
    });
}
