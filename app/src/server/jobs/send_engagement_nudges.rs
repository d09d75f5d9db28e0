//! Job `send-engagement-nudges`: one run per UTC day.

use super::{JobAttempt, JobError, Perform};
use crate::server::{
    queue::{Job, SendEngagementNudges},
    state::AppState,
};

impl Perform for SendEngagementNudges {
    async fn perform(self, _state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        Err(JobError::Permanent(format!("{} is not built yet", Self::NAME)))
    }
}
