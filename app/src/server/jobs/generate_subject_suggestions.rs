//! Job `generate-subject-suggestions`: see `services::suggestions`. Idempotent per goal (the
//! queue's key and the suggestions' own unique key); a goal deleted before the job ran ends it
//! for good.

use super::{Failure, JobAttempt, JobError, Perform, settle};
use crate::server::{
    queue::GenerateSubjectSuggestions,
    services::suggestions::{self, SuggestionError},
    state::AppState,
};

impl Failure for SuggestionError {
    fn is_permanent(&self) -> bool {
        SuggestionError::is_permanent(self)
    }
}

impl Perform for GenerateSubjectSuggestions {
    async fn perform(self, state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        let result = suggestions::generate_for_goal(&state, self.goal_id).await.map(|_| ());
        // Nothing to mark failed: the goal stays completed, and an admin's catch-up run (or the
        // next completion) generates what is missing.
        settle(attempt, result, |_| async { Ok(()) }).await
    }
}
