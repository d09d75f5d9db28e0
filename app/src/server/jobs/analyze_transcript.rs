//! Job `analyze-transcript`: parse, analyze, store, notify, queue practice (see
//! `services::analysis`).

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

    async fn run(self, state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        crate::server::services::analysis::run(&state, self.session_id, attempt).await
    }
}
