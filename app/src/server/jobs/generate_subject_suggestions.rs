//! Job `generate-subject-suggestions`.

use super::{JobAttempt, JobError, Perform};
use crate::server::{
    queue::{GenerateSubjectSuggestions, Job},
    state::AppState,
};

impl Perform for GenerateSubjectSuggestions {
    async fn perform(self, _state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        Err(JobError::Permanent(format!("{} is not built yet", Self::NAME)))
    }
}
