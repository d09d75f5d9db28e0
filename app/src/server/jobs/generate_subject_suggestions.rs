//! Job `generate-subject-suggestions`.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Job, JobAttempt, JobError};
use crate::server::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenerateSubjectSuggestions {
    pub goal_id: Uuid,
}

impl Job for GenerateSubjectSuggestions {
    const NAME: &'static str = "generate-subject-suggestions";

    async fn run(self, _state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        Err(JobError::Permanent(format!("{} is not built yet", Self::NAME)))
    }
}
