//! Generating a practice's questions: which concepts, at what difficulty, from which tutor
//! lines; the provider writes the questions; they are stored and the student is told.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{MAX_ITEMS, MIN_ITEMS, PracticeError};
use crate::{
    dto::{notification::NotificationKind, session::Lines},
    server::{
        ai::{self, PracticeConcept, PracticeRequest, offline as engine},
        db::begin_write,
        entities::{
            concepts, enums::PracticeKind, enums::PracticeStatus, practice_items, practices,
            session_concepts, student_concepts, transcripts,
        },
        models::notifications::{self, NewNotification},
        services::mastery,
        state::AppState,
        transcript::{LineRange, SpeakerRole, Turn},
    },
};

/// Practice aims where the student is expected to get about this share right.
const TARGET_SUCCESS: f64 = 0.7;

/// The `generate-practice` work for one practice. Idempotent: a practice already generated
/// (or taken) is left alone.
#[tracing::instrument(skip_all, fields(%practice_id))]
pub async fn generate_practice(state: &AppState, practice_id: Uuid) -> Result<(), PracticeError> {
    let Some(practice) = practices::Entity::find_by_id(practice_id).one(&state.db).await? else {
        return Err(PracticeError::Gone);
    };
    if practice.status != PracticeStatus::Generating {
        return Ok(());
    }
    let request = practice_request(state, &practice).await?;
    let drafts = ai::calls::generate_practice(state, &request, Some(practice.student_id)).await?;

    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    if !practices::Model::still_generating(&txn, practice.id).await? {
        return Ok(());
    }
    practice_items::Model::replace_all(&txn, practice.id, &drafts).await?;
    if !practice.mark_ready(&txn, drafts.len(), now).await? {
        return Ok(());
    }
    let title = match practice.kind {
        PracticeKind::Review => "Your review is ready",
        PracticeKind::Session => "Your practice is ready",
    };
    let notice = NewNotification {
        user_id: practice.student_id,
        kind: NotificationKind::PracticeReady,
        title: title.into(),
        body: format!("{} questions, sized to what you know.", drafts.len()),
        link: format!("/practice/{}", practice.id),
        dedupe_key: Some(format!("practice-ready:{}", practice.id)),
    };
    notifications::notify(&txn, notice, now).await?;
    txn.commit().await?;
    tracing::info!(items = drafts.len(), "practice ready");
    Ok(())
}

/// Gives up on a generation: the practice is marked failed with `reason` and its student told.
pub async fn fail_generation(
    state: &AppState,
    practice_id: Uuid,
    reason: &str,
) -> Result<(), sea_orm::DbErr> {
    let Some(practice) = practices::Entity::find_by_id(practice_id).one(&state.db).await? else {
        return Ok(());
    };
    let txn = begin_write(&state.db).await?;
    practice.mark_failed(&txn, reason, state.clock.now()).await?;
    txn.commit().await
}

/// Tutor lines (by turn number ranges) from a session, for questions built from what was said.
fn tutor_lines(turns: &[Turn], ranges: &[Lines]) -> Vec<(LineRange, String)> {
    let mut out = Vec::new();
    for range in ranges {
        for turn in turns {
            let n = turn.number as i32;
            if n >= range.start && n <= range.end && turn.role == SpeakerRole::Tutor {
                out.push((LineRange { start: turn.number, end: turn.number }, turn.text.clone()));
            }
        }
    }
    out
}

/// The session rows a practice draws on: its own session's concepts (those asked for, or all),
/// or for a review, every session that covered one of the due concepts.
async fn session_rows(
    state: &AppState,
    practice: &practices::Model,
) -> Result<(Vec<Uuid>, Vec<session_concepts::Model>), PracticeError> {
    let requested = &practice.concept_ids.0;
    match practice.session_id {
        Some(session_id) => {
            let mut rows = session_concepts::Entity::find()
                .filter(session_concepts::Column::SessionId.eq(session_id))
                .order_by_asc(session_concepts::Column::Position)
                .all(&state.db)
                .await?;
            if !requested.is_empty() {
                rows.retain(|row| requested.contains(&row.concept_id));
            }
            Ok((rows.iter().map(|row| row.concept_id).collect(), rows))
        }
        None => {
            let rows = session_concepts::Entity::find()
                .filter(session_concepts::Column::ConceptId.is_in(requested.clone()))
                .all(&state.db)
                .await?;
            Ok((requested.clone(), rows))
        }
    }
}

/// What the provider is asked for: each concept with its target difficulty and source lines,
/// and related concepts for distractors.
async fn practice_request(
    state: &AppState,
    practice: &practices::Model,
) -> Result<PracticeRequest, PracticeError> {
    let (concept_ids, session_rows) = session_rows(state, practice).await?;
    if concept_ids.is_empty() {
        return Err(PracticeError::NoConcepts);
    }
    let catalogue: HashMap<Uuid, concepts::Model> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(concept_ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let ratings =
        student_concepts::Model::for_concepts(&state.db, practice.student_id, concept_ids.clone())
            .await?;
    let session_ids: HashSet<Uuid> = session_rows.iter().map(|row| row.session_id).collect();
    let turns_by_session: HashMap<Uuid, Vec<Turn>> = transcripts::Entity::find()
        .filter(transcripts::Column::SessionId.is_in(session_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.session_id, t.turns.into_inner()))
        .collect();

    let mut request_concepts = Vec::new();
    for concept_id in &concept_ids {
        let Some(concept) = catalogue.get(concept_id) else { continue };
        let mut source_lines = Vec::new();
        for row in session_rows.iter().filter(|row| row.concept_id == *concept_id) {
            if let Some(turns) = turns_by_session.get(&row.session_id) {
                source_lines.extend(tutor_lines(turns, &row.evidence));
            }
        }
        let description = concept.description.clone().or_else(|| {
            engine::lexicon_concept(&concept.subject, &concept.name).map(|l| l.description)
        });
        let rating = ratings.get(concept_id).map_or(mastery::START_RATING, |sc| sc.rating);
        request_concepts.push(PracticeConcept {
            id: concept.id,
            name: concept.name.clone(),
            subject: concept.subject.clone(),
            description,
            target_difficulty: mastery::target_difficulty(rating, TARGET_SUCCESS),
            source_lines,
        });
    }
    let related = related_concepts(state, &request_concepts).await?;
    let item_count = (request_concepts.len() * 2).clamp(MIN_ITEMS, MAX_ITEMS);
    let seed = practice.id.as_u128() as u64;
    Ok(PracticeRequest { concepts: request_concepts, related, item_count, seed })
}

/// Distractors: other concepts of the same subjects, from the lexicons and the catalogue.
async fn related_concepts(
    state: &AppState,
    concepts: &[PracticeConcept],
) -> Result<Vec<(String, String)>, PracticeError> {
    let mut related: Vec<(String, String)> = Vec::new();
    for concept in concepts {
        if let Some(entry) = engine::lexicon_concept(&concept.subject, &concept.name) {
            for name in entry.related {
                let description = engine::lexicon_concept(&concept.subject, &name)
                    .map(|l| l.description)
                    .unwrap_or_default();
                related.push((name, description));
            }
        }
        related.push((concept.name.clone(), concept.description.clone().unwrap_or_default()));
    }
    let subjects: Vec<String> = concepts.iter().map(|c| c.subject.clone()).collect();
    for other in concepts::Entity::find()
        .filter(concepts::Column::Subject.is_in(subjects))
        .all(&state.db)
        .await?
    {
        related.push((other.name, other.description.unwrap_or_default()));
    }
    related.sort();
    related.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
    Ok(related)
}
