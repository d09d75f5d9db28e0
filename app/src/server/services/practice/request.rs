//! Asking for a practice: on a session's concepts, as a review of what is due, automatically
//! after an analysis, or again after a failed generation. Each stores the practice and queues
//! its generation.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{MAX_ITEMS, PracticeError, readable, view::due_concepts};
use crate::{
    dto::practice::GenerateAccepted,
    server::{
        auth::{current::CurrentUser, policy},
        entities::{
            enums::{PracticeKind, PracticeStatus, SessionStatus},
            practices, session_concepts, sessions,
        },
        models::practices::NewPractice,
        queue::GeneratePractice,
        state::AppState,
    },
};

/// Stores a practice and queues its generation.
async fn create_and_queue(state: &AppState, new: NewPractice) -> Result<Uuid, PracticeError> {
    let practice = practices::Model::create(&state.db, new, state.clock.now()).await?;
    queue_generation(state, &practice).await?;
    Ok(practice.id)
}

/// Queues a stored practice's generation. If the queue cannot take it, the practice is marked
/// failed (with Retry) rather than left generating forever.
pub async fn queue_generation(
    state: &AppState,
    practice: &practices::Model,
) -> Result<(), PracticeError> {
    if let Err(err) = state.jobs.enqueue(GeneratePractice { practice_id: practice.id }).await {
        tracing::error!(practice_id = %practice.id, error = %err, "queueing practice generation failed");
        practice
            .mark_failed(
                &state.db,
                "The practice could not be queued. Press Retry to try again.",
                state.clock.now(),
            )
            .await?;
    }
    Ok(())
}

/// After an analysis, inside its transaction (with the session locked): the session's practice,
/// created once however often the analysis runs. The caller queues its generation after commit.
///
/// A practice that exists but is still generating is returned too: a worker killed between this
/// commit and the enqueue leaves it with no job, and the analysis job (never acknowledged) runs
/// again and queues it then. Generation is idempotent, so a second job changes nothing.
pub async fn session_practice_to_queue(
    txn: &sea_orm::DatabaseTransaction,
    session: &sessions::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<practices::Model>, PracticeError> {
    if let Some(existing) = practices::Model::of_session(txn, session.id).await? {
        return Ok((existing.status == PracticeStatus::Generating).then_some(existing));
    }
    let new = NewPractice {
        student_id: session.student_id,
        session_id: Some(session.id),
        kind: PracticeKind::Session,
        concept_ids: Vec::new(),
    };
    Ok(Some(practices::Model::create(txn, new, now).await?))
}

/// `POST /api/practice/generate`: a practice on all of an analyzed session's concepts, or the
/// ones asked for (which must belong to the session).
pub async fn request_practice(
    state: &AppState,
    me: &CurrentUser,
    session_id: Uuid,
    concept_ids: Option<Vec<Uuid>>,
) -> Result<GenerateAccepted, PracticeError> {
    let session = sessions::Model::find(&state.db, session_id).await?;
    policy::can_read_student(&state.db, me, session.student_id).await?;
    policy::can_write_student(&state.db, me, session.student_id).await?;
    if session.status != SessionStatus::Analyzed {
        return Err(PracticeError::SessionNotAnalyzed);
    }
    let covered: HashSet<Uuid> = session_concepts::Entity::find()
        .filter(session_concepts::Column::SessionId.eq(session_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|sc| sc.concept_id)
        .collect();
    let requested = concept_ids.unwrap_or_default();
    if requested.len() > 50 || requested.iter().any(|id| !covered.contains(id)) {
        return Err(PracticeError::Invalid {
            field: "conceptIds",
            message: "Choose concepts from this session.".into(),
        });
    }
    let new = NewPractice {
        student_id: session.student_id,
        session_id: Some(session_id),
        kind: PracticeKind::Session,
        concept_ids: requested,
    };
    let practice_id = create_and_queue(state, new).await?;
    Ok(GenerateAccepted { practice_id, status: PracticeStatus::Generating })
}

/// A review practice over the student's concepts that are due, if any.
pub async fn start_review(
    state: &AppState,
    me: &CurrentUser,
) -> Result<GenerateAccepted, PracticeError> {
    let due = due_concepts(state, me.id, &me.time_zone).await?;
    if due.is_empty() {
        return Err(PracticeError::NothingDue);
    }
    let new = NewPractice {
        student_id: me.id,
        session_id: None,
        kind: PracticeKind::Review,
        concept_ids: due.iter().take(MAX_ITEMS).map(|d| d.concept_id).collect(),
    };
    let practice_id = create_and_queue(state, new).await?;
    Ok(GenerateAccepted { practice_id, status: PracticeStatus::Generating })
}

/// Retries a failed generation.
pub async fn retry_practice(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<(), PracticeError> {
    let practice = readable(state, me, id).await?;
    policy::can_write_student(&state.db, me, practice.student_id).await?;
    if practice.status != PracticeStatus::Failed {
        return Err(PracticeError::NotRetryable);
    }
    practice.reset_for_retry(&state.db, state.clock.now()).await?;
    state.jobs.enqueue(GeneratePractice { practice_id: id }).await?;
    Ok(())
}
