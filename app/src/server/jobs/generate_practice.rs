//! Job `generate-practice`.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Job, JobAttempt, JobError};
use crate::server::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GeneratePractice {
    pub practice_id: Uuid,
}

impl Job for GeneratePractice {
    const NAME: &'static str = "generate-practice";

    async fn run(self, _state: AppState, _attempt: JobAttempt) -> Result<(), JobError> {
        Err(JobError::Permanent(format!("{} is not built yet", Self::NAME)))
    }
}
