//! Whether a nudge worked: the student acting (practising, chatting, uploading) within the
//! response window after it (`engagement.response_hours`, 48 by default) is recorded on the
//! nudge as its response, at the moment they acted.

use chrono::Duration;

use crate::server::{models::nudges, services::activity, state::AppState};

/// Nudges older than the window plus this are settled for good and not looked at again.
const LOOKBACK_DAYS: i64 = 14;

/// Records the responses to recent nudges that have none yet. Returns how many were new.
pub async fn record_responses(state: &AppState) -> Result<u64, sea_orm::DbErr> {
    let now = state.clock.now();
    let window = Duration::hours(i64::from(state.settings.engagement.response_hours));
    let open =
        nudges::awaiting_response(&state.db, now - window - Duration::days(LOOKBACK_DAYS)).await?;
    let mut recorded = 0;
    for nudge in open {
        let until = (nudge.sent_at + window).min(now);
        if until <= nudge.sent_at {
            continue;
        }
        if let Some(at) =
            activity::first_act_after(&state.db, nudge.student_id, nudge.sent_at, until).await?
            && nudges::record_response(&state.db, nudge.id, at).await?
        {
            recorded += 1;
        }
    }
    Ok(recorded)
}
