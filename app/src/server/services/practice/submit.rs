//! Submitting a practice, once: every answer checked fairly, verdicts stored, mastery moved and
//! the review schedule set; then explanations, one question at a time.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    PracticeError, own, readable, require_open,
    schedule::{grade, review},
    take::MAX_ANSWER_CHARS,
    view::feedback_for,
};
use crate::{
    dto::practice::{AnswerInput, ExplainView, MasteryChange, SubmitResult},
    server::{
        auth::current::CurrentUser,
        db::begin_write,
        entities::{concepts, enums::PracticeStatus, practice_answers, practice_items, practices},
        models::{
            concept_evidence::{NewEvidence, Origin},
            goals as goal_models,
        },
        services::{goals, mastery, time},
        state::AppState,
    },
};

/// Each hint used takes this much off a correct answer's weight as evidence.
const HINT_DISCOUNT: f64 = 0.15;

/// How one question went.
struct Verdict {
    answer: Option<String>,
    correct: bool,
    hints_used: usize,
}

fn verdict(
    item: &practice_items::Model,
    given: &HashMap<Uuid, String>,
    saved: Option<&practice_answers::Model>,
) -> Verdict {
    // The submitted answer wins; otherwise what was saved along the way.
    let answer = given
        .get(&item.id)
        .cloned()
        .or_else(|| saved.and_then(|a| a.answer.clone()))
        .filter(|a| !a.trim().is_empty());
    let correct = answer.as_deref().is_some_and(|a| item.answer.accepts(item.kind, a));
    Verdict { answer, correct, hints_used: saved.map_or(0, practice_answers::Model::hints_used) }
}

fn evidence_outcome(verdict: &Verdict) -> f64 {
    if verdict.correct { (1.0 - HINT_DISCOUNT * verdict.hints_used as f64).max(0.55) } else { 0.0 }
}

/// The answers given must be short enough and name questions of this practice.
fn check_answers(
    answers: &[AnswerInput],
    items: &[practice_items::Model],
) -> Result<(), PracticeError> {
    if answers.len() > 100 || answers.iter().any(|a| a.answer.chars().count() > MAX_ANSWER_CHARS) {
        return Err(PracticeError::Invalid {
            field: "answers",
            message: "Too many or too long answers.".into(),
        });
    }
    if let Some(stray) = answers.iter().find(|a| !items.iter().any(|i| i.id == a.question_id)) {
        return Err(PracticeError::Invalid {
            field: "answers",
            message: format!("{} is not a question of this practice", stray.question_id),
        });
    }
    Ok(())
}

/// Submits once: checks every answer, stores the verdicts, moves mastery and the review
/// schedule. A second submit is 409.
#[tracing::instrument(skip_all, fields(practice_id = %id))]
pub async fn submit_practice(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    answers: Vec<AnswerInput>,
) -> Result<SubmitResult, PracticeError> {
    let practice = own(state, me, id).await?;
    require_open(&practice)?;
    let items = practice_items::Model::of_practice(&state.db, id).await?;
    check_answers(&answers, &items)?;
    let given: HashMap<Uuid, String> =
        answers.into_iter().map(|a| (a.question_id, a.answer)).collect();
    let saved = practice_answers::Model::of_practice(&state.db, id).await?;

    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    crate::server::models::users::lock_learning(&txn, practice.student_id).await?;
    practice.claim_submission(&txn, now).await?;

    let mut feedback = Vec::with_capacity(items.len());
    let mut per_concept: HashMap<Uuid, Vec<(bool, usize)>> = HashMap::new();
    let mut correct_count = 0;
    for item in &items {
        let saved_row = saved.get(&item.id);
        let verdict = verdict(item, &given, saved_row);
        correct_count += usize::from(verdict.correct);
        per_concept.entry(item.concept_id).or_default().push((verdict.correct, verdict.hints_used));
        practice_answers::Model::record_verdict(
            &txn,
            saved_row,
            id,
            item.id,
            verdict.answer.clone(),
            verdict.correct,
            now,
        )
        .await?;
        NewEvidence {
            student_id: practice.student_id,
            concept_id: item.concept_id,
            origin: Origin::Practice(id),
            outcome: evidence_outcome(&verdict),
            weight: 1.0,
            difficulty: item.difficulty,
            occurred_at: now,
        }
        .insert(&txn)
        .await?;
        let shown = practice_answers::Model {
            id: Uuid::nil(),
            practice_id: id,
            item_id: item.id,
            answer: verdict.answer,
            hints_used: verdict.hints_used as i32,
            is_correct: Some(verdict.correct),
            updated_at: now,
        };
        feedback.push(feedback_for(practice.session_id, item, Some(&shown)));
    }

    let mastery = move_mastery(&txn, &practice, &per_concept, &me.time_zone, now).await?;
    let score = if items.is_empty() { 0.0 } else { correct_count as f64 / items.len() as f64 };
    practice.record_score(&txn, correct_count, score).await?;
    goals::record_progress(&txn, practice.student_id, now).await?;
    txn.commit().await?;
    tracing::info!(score, "practice submitted");
    Ok(SubmitResult { score, feedback, mastery })
}

/// Replays mastery for every concept the practice touched and schedules its next review (by
/// the target date of an active goal it belongs to, if any; days in the student's zone).
async fn move_mastery(
    txn: &sea_orm::DatabaseTransaction,
    practice: &practices::Model,
    per_concept: &HashMap<Uuid, Vec<(bool, usize)>>,
    time_zone: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<MasteryChange>, PracticeError> {
    use crate::server::entities::student_concepts;
    let ids: Vec<Uuid> = per_concept.keys().copied().collect();
    let names: HashMap<Uuid, String> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(ids.clone()))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let before = student_concepts::Model::for_concepts(txn, practice.student_id, ids).await?;
    let targets =
        goal_models::target_dates(txn, practice.student_id, time::local_day(now, time_zone))
            .await?;
    let mut changes = Vec::new();
    for (concept_id, results) in per_concept {
        let previous = before.get(concept_id);
        let cause = mastery::Cause::practice(practice.id);
        let updated = mastery::replay(txn, practice.student_id, *concept_id, cause, now).await?;
        let target = targets.get(concept_id).map(|day| time::start_of_day(*day, time_zone));
        let last_reviewed = previous.and_then(|p| p.last_reviewed_at);
        let next = review(&updated, last_reviewed, grade(results), now, target)?;
        let after = updated.mastery;
        updated.record_review(txn, next, now).await?;
        changes.push(MasteryChange {
            concept_id: *concept_id,
            name: names.get(concept_id).cloned().unwrap_or_default(),
            before: previous.map_or_else(|| mastery::mastery(mastery::START_RATING), |p| p.mastery),
            after,
            due_at: Some(next.due_at),
        });
    }
    changes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(changes)
}

/// `POST /api/practice/{id}/explain`: one question's answer and explanation, only after
/// submission.
pub async fn explain_question(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    question_id: Uuid,
) -> Result<ExplainView, PracticeError> {
    let practice = readable(state, me, id).await?;
    if practice.status != PracticeStatus::Completed {
        return Err(PracticeError::NotSubmitted);
    }
    let item = practice_items::Model::find_in(&state.db, id, question_id).await?;
    Ok(ExplainView {
        question_id,
        correct_answer: item.answer.display.clone(),
        explanation: item.explanation.clone(),
    })
}
