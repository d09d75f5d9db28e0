//! Server functions for practice.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::practice::{GenerateAccepted, HintView, PracticeList, PracticeView, SubmitResult},
    error::AppError,
};

/// The caller's practice list (students) or a student's (their tutors, admins).
#[server(prefix = "/_fn", endpoint = "practice/list")]
pub async fn list_practice(student_id: Option<Uuid>) -> Result<PracticeList, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(
        async {
            let me = require_user()?;
            practice::list(&state()?, &me, student_id.unwrap_or(me.id)).await
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/get")]
pub async fn get_practice(id: Uuid) -> Result<PracticeView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(async { practice::view(&state()?, &require_user()?, id).await }.await)
}

#[server(prefix = "/_fn", endpoint = "practice/generate")]
pub async fn generate_practice(
    session_id: Uuid,
    concept_ids: Vec<Uuid>,
) -> Result<GenerateAccepted, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(
        async {
            let concepts = (!concept_ids.is_empty()).then_some(concept_ids);
            practice::request(&state()?, &require_user()?, session_id, concepts).await
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/review")]
pub async fn start_review() -> Result<GenerateAccepted, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(async { practice::start_review(&state()?, &require_user()?).await }.await)
}

#[server(prefix = "/_fn", endpoint = "practice/answer")]
pub async fn save_answer(id: Uuid, question_id: Uuid, answer: String) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::practice::AnswerInput,
        server::{auth::current::require_user, services::practice},
    };
    respond(
        async {
            practice::save_answer(
                &state()?,
                &require_user()?,
                id,
                AnswerInput { question_id, answer },
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/hint")]
pub async fn practice_hint(id: Uuid, question_id: Uuid) -> Result<HintView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(async { practice::hint(&state()?, &require_user()?, id, question_id).await }.await)
}

#[server(prefix = "/_fn", endpoint = "practice/submit")]
pub async fn submit_practice(
    id: Uuid,
    answers: Vec<(Uuid, String)>,
) -> Result<SubmitResult, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::practice::AnswerInput,
        server::{auth::current::require_user, services::practice},
    };
    respond(
        async {
            let answers = answers
                .into_iter()
                .map(|(question_id, answer)| AnswerInput { question_id, answer })
                .collect();
            practice::submit(&state()?, &require_user()?, id, answers).await
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/retry")]
pub async fn retry_practice(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(async { practice::retry(&state()?, &require_user()?, id).await }.await)
}
