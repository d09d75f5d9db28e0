//! Server functions for practice.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::practice::{GenerateAccepted, HintView, PracticeList, PracticeView, SubmitResult},
    error::AppError,
};

/// The caller's practice list (students) or a student's (their tutors, admins).
#[server(prefix = "/_fn", endpoint = "practice/list")]
pub async fn list_practices(student_id: Option<Uuid>) -> Result<PracticeList, AppError> {
    use super::support::read_once;
    use crate::server::services::practice;
    read_once("practice/list", student_id, move |state, me| async move {
        Ok(practice::list_practices(&state, &me, student_id.unwrap_or(me.id)).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "practice/get")]
pub async fn view_practice(id: Uuid) -> Result<PracticeView, AppError> {
    use super::support::read_once;
    use crate::server::services::practice;
    read_once("practice/get", id, move |state, me| async move {
        Ok(practice::view_practice(&state, &me, id).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "practice/generate")]
pub async fn request_practice(
    session_id: Uuid,
    concept_ids: Vec<Uuid>,
) -> Result<GenerateAccepted, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(
        async {
            let me = require_user()?;
            let concepts = (!concept_ids.is_empty()).then_some(concept_ids);
            Ok(practice::request_practice(&state()?, &me, session_id, concepts).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/review")]
pub async fn start_review() -> Result<GenerateAccepted, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(async { Ok(practice::start_review(&state()?, &require_user()?).await?) }.await)
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
            let me = require_user()?;
            let input = AnswerInput { question_id, answer };
            Ok(practice::save_answer(&state()?, &me, id, input).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/hint")]
pub async fn take_hint(id: Uuid, question_id: Uuid) -> Result<HintView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(
        async { Ok(practice::take_hint(&state()?, &require_user()?, id, question_id).await?) }
            .await,
    )
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
            let me = require_user()?;
            let answers = answers
                .into_iter()
                .map(|(question_id, answer)| AnswerInput { question_id, answer })
                .collect();
            Ok(practice::submit_practice(&state()?, &me, id, answers).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "practice/retry")]
pub async fn retry_practice(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::practice};
    respond(async { Ok(practice::retry_practice(&state()?, &require_user()?, id).await?) }.await)
}
