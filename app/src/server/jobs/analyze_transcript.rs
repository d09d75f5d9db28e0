//! Job `analyze-transcript`.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Job, JobAttempt, JobError};
use crate::server::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnalyzeTranscript {
    pub session_id: Uuid,
}

impl Job for AnalyzeTranscript {
    const NAME: &'static str = "analyze-transcript";

    async fn run(self, _state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        Err(JobError::Permanent(format!("{} is not built yet", Self::NAME)))
    }
}
