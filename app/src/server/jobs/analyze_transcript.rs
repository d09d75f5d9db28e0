//! Job `analyze-transcript`: see `services::analysis`.

use super::{Failure, JobAttempt, JobError, Perform, settle};
use crate::server::{
    queue::AnalyzeTranscript,
    services::analysis::{self, AnalysisError},
    state::AppState,
};

impl Failure for AnalysisError {
    fn is_permanent(&self) -> bool {
        AnalysisError::is_permanent(self)
    }
}

impl Perform for AnalyzeTranscript {
    async fn perform(self, state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        let result = analysis::analyze_session(&state, self.session_id).await;
        settle(attempt, result, |err| {
            // A session that is gone has nobody left to tell.
            let reason = (!matches!(err, AnalysisError::Gone(_)))
                .then(|| format!("{} Press Retry to try again.", err.human_reason()));
            let state = &state;
            async move {
                match reason {
                    Some(reason) => analysis::fail_analysis(state, self.session_id, &reason).await,
                    None => Ok(()),
                }
            }
        })
        .await
    }
}
