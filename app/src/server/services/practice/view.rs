//! Reading practices: the list with what is due for review, and one practice as the student
//! takes it (no answers or explanations until it is submitted).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{PracticeError, readable};
use crate::{
    dto::{
        practice::{
            DueConcept, FeedbackView, OptionView, PracticeList, PracticeSummary, PracticeView,
            QuestionView,
        },
        session::Lines,
    },
    server::{
        auth::{current::CurrentUser, policy},
        entities::{
            concepts, enums::PracticeStatus, practice_answers, practice_items, practices, sessions,
            student_concepts,
        },
        services::time,
        state::AppState,
    },
};

/// Concepts whose review date has come.
pub async fn due_concepts(
    state: &AppState,
    student_id: Uuid,
    time_zone: &str,
) -> Result<Vec<DueConcept>, PracticeError> {
    let due = student_concepts::Model::due(&state.db, student_id, state.clock.now()).await?;
    Ok(due
        .into_iter()
        .filter_map(|(sc, concept)| {
            Some(DueConcept {
                concept_id: sc.concept_id,
                name: concept?.name,
                mastery: sc.mastery,
                due_label: time::day_label(sc.due_at?, time_zone),
                due_at: sc.due_at?,
            })
        })
        .collect())
}

async fn session_titles(
    state: &AppState,
    rows: &[practices::Model],
) -> Result<HashMap<Uuid, String>, PracticeError> {
    let ids: Vec<Uuid> = rows.iter().filter_map(|p| p.session_id).collect();
    Ok(sessions::Entity::find()
        .filter(sessions::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.title.unwrap_or_else(|| "Tutoring session".into())))
        .collect())
}

/// `GET /api/practice/student/{id}`: every practice, newest first, and what is due.
pub async fn list_practices(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<PracticeList, PracticeError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let rows = practices::Model::of_student(&state.db, student_id).await?;
    let titles = session_titles(state, &rows).await?;
    let answered =
        practice_answers::Model::answered_counts(&state.db, rows.iter().map(|p| p.id).collect())
            .await?;
    let practices = rows
        .into_iter()
        .map(|p| PracticeSummary {
            id: p.id,
            kind: p.kind,
            status: p.status,
            session_id: p.session_id,
            session_title: p.session_id.and_then(|id| titles.get(&id).cloned()),
            item_count: p.item_count,
            answered: answered.get(&p.id).copied().unwrap_or(0),
            score: p.score,
            when_label: time::label(p.created_at, &me.time_zone),
            created_at: p.created_at,
            submitted_at: p.submitted_at,
        })
        .collect();
    Ok(PracticeList {
        practices,
        due_for_review: due_concepts(state, student_id, &me.time_zone).await?,
    })
}

/// After submission: the verdict and the teaching for one question.
pub(super) fn feedback_for(
    session_id: Option<Uuid>,
    item: &practice_items::Model,
    answer: Option<&practice_answers::Model>,
) -> FeedbackView {
    FeedbackView {
        question_id: item.id,
        correct: answer.and_then(|a| a.is_correct).unwrap_or(false),
        given_answer: answer.and_then(|a| a.answer.clone()),
        correct_answer: item.answer.display.clone(),
        explanation: item.explanation.clone(),
        session_id,
        lines: item.line_start.zip(item.line_end).map(|(start, end)| Lines { start, end }),
    }
}

/// `GET /api/practice/{id}`: questions without answers or explanations until submitted.
pub async fn view_practice(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<PracticeView, PracticeError> {
    let practice = readable(state, me, id).await?;
    let items = practice_items::Model::of_practice(&state.db, id).await?;
    let answers = practice_answers::Model::of_practice(&state.db, id).await?;
    let names: HashMap<Uuid, String> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(items.iter().map(|i| i.concept_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let completed = practice.status == PracticeStatus::Completed;
    let mut questions = Vec::with_capacity(items.len());
    let mut feedback = Vec::new();
    for item in &items {
        let answer = answers.get(&item.id);
        let used = answer.map_or(0, |a| a.hints_used()).min(item.hints.len());
        questions.push(QuestionView {
            id: item.id,
            position: item.position,
            kind: item.kind,
            prompt: item.prompt.clone(),
            options: item
                .options
                .iter()
                .flat_map(|options| options.iter())
                .map(|c| OptionView { id: c.id.clone(), text: c.text.clone() })
                .collect(),
            concept_id: item.concept_id,
            concept_name: names.get(&item.concept_id).cloned().unwrap_or_default(),
            difficulty: item.difficulty,
            unit: item.answer.key.unit().map(str::to_owned),
            hints: item.hints[..used].to_vec(),
            hints_remaining: item.hints.len() - used,
            saved_answer: answer.and_then(|a| a.answer.clone()),
        });
        if completed {
            feedback.push(feedback_for(practice.session_id, item, answer));
        }
    }
    let title = session_titles(state, std::slice::from_ref(&practice)).await?;
    Ok(PracticeView {
        id: practice.id,
        student_id: practice.student_id,
        session_id: practice.session_id,
        session_title: practice.session_id.and_then(|s| title.get(&s).cloned()),
        kind: practice.kind,
        status: practice.status,
        failure_reason: practice.failure_reason.clone(),
        questions,
        score: practice.score,
        feedback,
        created_at: practice.created_at,
        submitted_at: practice.submitted_at,
    })
}
