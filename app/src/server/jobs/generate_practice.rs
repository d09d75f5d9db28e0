//! Job `generate-practice`: questions for one practice (see `services::practice`).

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

    async fn run(self, state: AppState, attempt: JobAttempt) -> Result<(), JobError> {
        crate::server::services::practice::generate(&state, self.practice_id, attempt).await
    }
}
