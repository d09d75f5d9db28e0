//! Job `send-engagement-nudges`: one run per UTC day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Job, JobAttempt, JobError};
use crate::server::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendEngagementNudges {
    pub day: NaiveDate,
}

impl Job for SendEngagementNudges {
    const NAME: &'static str = "send-engagement-nudges";

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::NAME, self.day))
    }

    async fn run(self, _state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        Err(JobError::Permanent(format!("{} is not built yet", Self::NAME)))
    }
}
