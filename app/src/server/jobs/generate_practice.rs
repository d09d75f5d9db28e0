//! Job `generate-practice`: see `services::practice`.

use super::{Failure, JobAttempt, JobError, Perform, settle};
use crate::server::{
    queue::GeneratePractice,
    services::practice::{self, PracticeError},
    state::AppState,
};

impl Failure for PracticeError {
    fn is_permanent(&self) -> bool {
        PracticeError::is_permanent(self)
    }
}

impl Perform for GeneratePractice {
    async fn perform(self, state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        let result = practice::generate_practice(&state, self.practice_id).await;
        settle(attempt, result, |err| {
            // A practice that is gone has nobody left to tell.
            let reason = (!matches!(err, PracticeError::Gone)).then(|| err.failure_reason());
            let state = &state;
            async move {
                match reason {
                    Some(reason) => {
                        practice::fail_generation(state, self.practice_id, &reason).await
                    }
                    None => Ok(()),
                }
            }
        })
        .await
    }
}
