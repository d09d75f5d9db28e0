//! Job `send-engagement-nudges`: one run per UTC day from the schedule (see
//! `services::nudges`). Safe to run again, on two workers at once, or after a failed attempt:
//! the nudges table holds at most one nudge per student and day.

use super::{JobAttempt, JobError, Perform};
use crate::server::{queue::SendEngagementNudges, services::nudges, state::AppState};

impl Perform for SendEngagementNudges {
    async fn perform(self, state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        match nudges::send_engagement_nudges(&state).await {
            Ok(report) => {
                tracing::info!(day = %self.day, summary = %report.summary, "nudges sent");
                Ok(())
            }
            // A database error is worth another attempt; what was sent stays sent.
            Err(err) => Err(JobError::Transient(anyhow::Error::new(err))),
        }
    }
}
