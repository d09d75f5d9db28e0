//! Taking a practice: answers kept as the student types, and progressive hints.

use uuid::Uuid;

use super::{PracticeError, own, require_open};
use crate::{
    dto::practice::{AnswerInput, HintView},
    server::{
        auth::current::CurrentUser,
        entities::{practice_answers, practice_items},
        state::AppState,
    },
};

/// The longest answer kept.
pub(super) const MAX_ANSWER_CHARS: usize = 500;

/// Keeps an answer as the student types, so a reload resumes where they were.
pub async fn save_answer(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: AnswerInput,
) -> Result<(), PracticeError> {
    let practice = own(state, me, id).await?;
    require_open(&practice)?;
    if input.answer.chars().count() > MAX_ANSWER_CHARS {
        return Err(PracticeError::Invalid {
            field: "answer",
            message: "Keep answers under 500 characters.".into(),
        });
    }
    let item = practice_items::Model::find_in(&state.db, id, input.question_id).await?;
    let now = state.clock.now();
    practice_answers::Model::save(&state.db, id, item.id, input.answer, now).await?;
    practice.mark_started(&state.db, now).await?;
    Ok(())
}

/// The next hint for a question: first a nudge, then a step; never the answer. 409 when the
/// hints have run out.
pub async fn take_hint(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    question_id: Uuid,
) -> Result<HintView, PracticeError> {
    let practice = own(state, me, id).await?;
    require_open(&practice)?;
    let item = practice_items::Model::find_in(&state.db, id, question_id).await?;
    let now = state.clock.now();
    let used = practice_answers::Model::take_hint(&state.db, id, item.id, item.hints.len(), now)
        .await?
        .ok_or(PracticeError::NoHintsLeft)?;
    practice.mark_started(&state.db, now).await?;
    Ok(HintView {
        hint: item.hints.get(used - 1).cloned().unwrap_or_default(),
        hints_used: used,
        hints_remaining: item.hints.len().saturating_sub(used),
    })
}
