//! Practice: generation (the `generate-practice` job), taking it one question at a time with
//! progressive hints, a single submit that checks answers fairly, updates mastery and the FSRS
//! schedule, and the list with what is due for review.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use super::{
    mastery,
    notifications::{self, NewNotification},
};
use crate::{
    dto::{
        practice::{
            AnswerInput, DueConcept, ExplainView, FeedbackView, GenerateAccepted, HintView,
            MasteryChange, OptionView, PracticeList, PracticeStatus, PracticeSummary, PracticeView,
            QuestionKind, QuestionView, SubmitResult,
        },
        session::{Lines, SessionStatus},
    },
    error::AppError,
    server::{
        ai::{
            self, PracticeConcept, PracticeRequest,
            offline::{
                self as engine,
                practice::{AnswerKey, ItemKind, check_answer},
            },
        },
        auth::{current::CurrentUser, policy},
        entities::{
            concept_evidence, concepts, practice_answers, practice_items, practices,
            session_concepts, sessions, student_concepts, transcripts,
        },
        jobs::{GeneratePractice, JobAttempt, JobError},
        state::AppState,
        transcript::{LineRange, SpeakerRole, Turn},
    },
};

/// A practice has between these many questions.
const MIN_ITEMS: usize = 5;
const MAX_ITEMS: usize = 10;
/// Practice aims where the student is expected to get about this share right.
const TARGET_SUCCESS: f64 = 0.7;
/// FSRS: the recall probability a review is scheduled for.
const DESIRED_RETENTION: f32 = 0.9;
/// Each hint used takes this much off a correct answer's weight as evidence.
const HINT_DISCOUNT: f64 = 0.15;

fn kind_of(raw: &str) -> QuestionKind {
    match raw {
        "multiple_choice" => QuestionKind::MultipleChoice,
        "numeric" => QuestionKind::Numeric,
        _ => QuestionKind::ShortAnswer,
    }
}

fn item_kind(raw: &str) -> ItemKind {
    match raw {
        "multiple_choice" => ItemKind::MultipleChoice,
        "numeric" => ItemKind::Numeric,
        _ => ItemKind::ShortAnswer,
    }
}

fn kind_str(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::MultipleChoice => "multiple_choice",
        ItemKind::ShortAnswer => "short_answer",
        ItemKind::Numeric => "numeric",
    }
}

/// The stored answer key and the text shown as the correct answer.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAnswer {
    key: AnswerKey,
    display: String,
}

fn stored_answer(item: &practice_items::Model) -> Result<StoredAnswer, AppError> {
    serde_json::from_str(&item.answer).map_err(|e| anyhow::anyhow!("stored answer key: {e}").into())
}

async fn readable(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<practices::Model, AppError> {
    let practice = practices::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::NotFound("practice".into()))?;
    policy::can_read_student(&state.db, me, practice.student_id).await?;
    Ok(practice)
}

/// The practice for taking: only its student answers it.
async fn own(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<practices::Model, AppError> {
    let practice = readable(state, me, id).await?;
    policy::require_self(me, practice.student_id)?;
    Ok(practice)
}

fn status_of(practice: &practices::Model) -> PracticeStatus {
    PracticeStatus::parse(&practice.status).unwrap_or(PracticeStatus::Generating)
}

async fn create_and_queue(
    state: &AppState,
    student_id: Uuid,
    session_id: Option<Uuid>,
    kind: &str,
    concept_ids: &[Uuid],
) -> Result<Uuid, AppError> {
    let now = state.clock.now();
    let id = Uuid::new_v4();
    practices::ActiveModel {
        id: Set(id),
        student_id: Set(student_id),
        session_id: Set(session_id),
        kind: Set(kind.to_owned()),
        status: Set(PracticeStatus::Generating.as_str().to_owned()),
        failure_reason: Set(None),
        concept_ids: Set(serde_json::to_string(concept_ids).map_err(anyhow::Error::from)?),
        item_count: Set(0),
        correct_count: Set(None),
        score: Set(None),
        created_at: Set(now),
        started_at: Set(None),
        submitted_at: Set(None),
        updated_at: Set(now),
    }
    .insert(&state.db)
    .await?;
    if let Err(err) = state.jobs.enqueue(GeneratePractice { practice_id: id }).await {
        tracing::error!(practice_id = %id, error = %err, "queueing practice generation failed");
        fail(state, id, "The practice could not be queued. Press Retry to try again.").await?;
    }
    Ok(id)
}

/// After an analysis: the session's practice, created once however often the analysis runs.
pub async fn queue_session_practice(
    state: &AppState,
    session: &sessions::Model,
) -> Result<(), AppError> {
    let exists = practices::Entity::find()
        .filter(practices::Column::SessionId.eq(session.id))
        .filter(practices::Column::Kind.eq("session"))
        .one(&state.db)
        .await?
        .is_some();
    if !exists {
        create_and_queue(state, session.student_id, Some(session.id), "session", &[]).await?;
    }
    Ok(())
}

/// `POST /api/practice/generate`: a practice on all of an analyzed session's concepts, or the
/// ones asked for (which must belong to the session).
pub async fn request(
    state: &AppState,
    me: &CurrentUser,
    session_id: Uuid,
    concept_ids: Option<Vec<Uuid>>,
) -> Result<GenerateAccepted, AppError> {
    let session = super::sessions::readable(state, me, session_id).await?;
    policy::can_write_student(&state.db, me, session.student_id).await?;
    if session.status != SessionStatus::Analyzed.as_str() {
        return Err(AppError::Conflict("practice needs an analyzed session".into()));
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
        return Err(AppError::field("conceptIds", "Choose concepts from this session."));
    }
    let id = create_and_queue(state, session.student_id, Some(session_id), "session", &requested)
        .await?;
    Ok(GenerateAccepted { practice_id: id, status: PracticeStatus::Generating })
}

/// A review practice over the student's concepts that are due, if any.
pub async fn start_review(
    state: &AppState,
    me: &CurrentUser,
) -> Result<GenerateAccepted, AppError> {
    let due = due_concepts(state, me.id, &me.time_zone).await?;
    if due.is_empty() {
        return Err(AppError::Conflict("nothing is due for review".into()));
    }
    let ids: Vec<Uuid> = due.iter().take(MAX_ITEMS).map(|d| d.concept_id).collect();
    let id = create_and_queue(state, me.id, None, "review", &ids).await?;
    Ok(GenerateAccepted { practice_id: id, status: PracticeStatus::Generating })
}

/// Retries a failed generation.
pub async fn retry(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let practice = readable(state, me, id).await?;
    policy::can_write_student(&state.db, me, practice.student_id).await?;
    if status_of(&practice) != PracticeStatus::Failed {
        return Err(AppError::Conflict("only a failed practice can be retried".into()));
    }
    practices::ActiveModel {
        id: Set(id),
        status: Set(PracticeStatus::Generating.as_str().to_owned()),
        failure_reason: Set(None),
        updated_at: Set(state.clock.now()),
        ..Default::default()
    }
    .update(&state.db)
    .await?;
    state.jobs.enqueue(GeneratePractice { practice_id: id }).await.map_err(anyhow::Error::from)?;
    Ok(())
}

async fn fail(state: &AppState, id: Uuid, reason: &str) -> Result<(), sea_orm::DbErr> {
    let Some(practice) = practices::Entity::find_by_id(id).one(&state.db).await? else {
        return Ok(());
    };
    let txn = crate::server::db::begin_write(&state.db).await?;
    practices::ActiveModel {
        id: Set(id),
        status: Set(PracticeStatus::Failed.as_str().to_owned()),
        failure_reason: Set(Some(reason.to_owned())),
        updated_at: Set(state.clock.now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    notifications::notify(
        &txn,
        NewNotification {
            user_id: practice.student_id,
            kind: "practice_failed",
            title: "Your practice could not be prepared".into(),
            body: reason.to_owned(),
            link: format!("/practice/{id}"),
            dedupe_key: Some(format!("practice-failed:{id}:{}", practice.updated_at.timestamp())),
        },
    )
    .await?;
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

/// The `generate-practice` job body.
#[tracing::instrument(skip_all, fields(%practice_id, attempt = attempt.number))]
pub async fn generate(
    state: &AppState,
    practice_id: Uuid,
    attempt: JobAttempt,
) -> Result<(), JobError> {
    let Some(practice) = practices::Entity::find_by_id(practice_id).one(&state.db).await? else {
        return Err(JobError::Permanent("the practice no longer exists".into()));
    };
    // Idempotent: a practice already generated (or taken) is left alone.
    if status_of(&practice) != PracticeStatus::Generating {
        return Ok(());
    }
    match build(state, &practice).await {
        Ok(()) => Ok(()),
        Err(err) => {
            let permanent = matches!(err, AppError::Unprocessable(_) | AppError::NotFound(_));
            if permanent || attempt.is_final() {
                let reason = match &err {
                    AppError::Unprocessable(reason) => reason.clone(),
                    _ => "Preparing the questions failed. Press Retry to try again.".to_owned(),
                };
                fail(state, practice_id, &reason).await?;
            }
            if permanent {
                Err(JobError::Permanent(err.to_string()))
            } else {
                Err(JobError::Transient(anyhow::anyhow!("{err}")))
            }
        }
    }
}

async fn build(state: &AppState, practice: &practices::Model) -> Result<(), AppError> {
    let requested: Vec<Uuid> = serde_json::from_str(&practice.concept_ids).unwrap_or_default();

    // Which concepts, and from which session lines.
    let mut session_rows: Vec<session_concepts::Model> = match practice.session_id {
        Some(session_id) => {
            session_concepts::Entity::find()
                .filter(session_concepts::Column::SessionId.eq(session_id))
                .order_by_asc(session_concepts::Column::Position)
                .all(&state.db)
                .await?
        }
        None => Vec::new(),
    };
    if !requested.is_empty() && practice.session_id.is_some() {
        session_rows.retain(|row| requested.contains(&row.concept_id));
    }
    let concept_ids: Vec<Uuid> = if practice.session_id.is_some() {
        session_rows.iter().map(|row| row.concept_id).collect()
    } else {
        requested.clone()
    };
    if concept_ids.is_empty() {
        return Err(AppError::Unprocessable("There are no concepts to practise.".into()));
    }
    // Reviews take their lines from the latest session that covered each concept.
    if practice.session_id.is_none() {
        session_rows = session_concepts::Entity::find()
            .filter(session_concepts::Column::ConceptId.is_in(concept_ids.clone()))
            .find_also_related(concepts::Entity)
            .all(&state.db)
            .await?
            .into_iter()
            .map(|(row, _)| row)
            .collect();
    }
    let catalogue: HashMap<Uuid, concepts::Model> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(concept_ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let ratings: HashMap<Uuid, f64> = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(practice.student_id))
        .filter(student_concepts::Column::ConceptId.is_in(concept_ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|sc| (sc.concept_id, sc.rating))
        .collect();

    let session_ids: HashSet<Uuid> = session_rows.iter().map(|row| row.session_id).collect();
    let turns_by_session: HashMap<Uuid, Vec<Turn>> = transcripts::Entity::find()
        .filter(transcripts::Column::SessionId.is_in(session_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .filter_map(|t| serde_json::from_str(&t.turns).ok().map(|turns| (t.session_id, turns)))
        .collect();

    let mut request_concepts = Vec::new();
    for concept_id in &concept_ids {
        let Some(concept) = catalogue.get(concept_id) else { continue };
        let mut source_lines = Vec::new();
        for row in session_rows.iter().filter(|row| row.concept_id == *concept_id) {
            let evidence: Vec<Lines> = serde_json::from_str(&row.evidence).unwrap_or_default();
            if let Some(turns) = turns_by_session.get(&row.session_id) {
                source_lines.extend(tutor_lines(turns, &evidence));
            }
        }
        let description = concept.description.clone().or_else(|| {
            engine::lexicon_concept(&concept.subject, &concept.name).map(|l| l.description)
        });
        request_concepts.push(PracticeConcept {
            id: concept.id,
            name: concept.name.clone(),
            subject: concept.subject.clone(),
            description,
            target_difficulty: mastery::target_difficulty(
                ratings.get(concept_id).copied().unwrap_or(mastery::START_RATING),
                TARGET_SUCCESS,
            ),
            source_lines,
        });
    }

    // Distractors: other concepts of the same subjects, from the lexicons and the catalogue.
    let mut related: Vec<(String, String)> = Vec::new();
    for concept in &request_concepts {
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
    let subjects: Vec<String> = request_concepts.iter().map(|c| c.subject.clone()).collect();
    for other in concepts::Entity::find()
        .filter(concepts::Column::Subject.is_in(subjects))
        .all(&state.db)
        .await?
    {
        related.push((other.name, other.description.unwrap_or_default()));
    }
    related.sort();
    related.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));

    let item_count = (request_concepts.len() * 2).clamp(MIN_ITEMS, MAX_ITEMS);
    let seed = practice.id.as_u128() as u64;
    let request = PracticeRequest { concepts: request_concepts, related, item_count, seed };
    let drafts = ai::calls::generate_practice(
        &state.db,
        state.ai.as_ref(),
        &request,
        Some(practice.student_id),
    )
    .await
    .map_err(|err| match err {
        ai::AiError::Malformed(reason) if state.ai.name() == "offline" => AppError::Unprocessable(
            format!("We could not build questions from this session: {reason}."),
        ),
        other => AppError::Unavailable(other.to_string()),
    })?;

    let now = state.clock.now();
    let txn = crate::server::db::begin_write(&state.db).await?;
    practice_items::Entity::delete_many()
        .filter(practice_items::Column::PracticeId.eq(practice.id))
        .exec(&txn)
        .await?;
    for (position, draft) in drafts.iter().enumerate() {
        let item = &draft.item;
        let answer =
            StoredAnswer { key: item.answer.clone(), display: item.display_answer.clone() };
        practice_items::ActiveModel {
            id: Set(Uuid::new_v4()),
            practice_id: Set(practice.id),
            position: Set(position as i32),
            concept_id: Set(draft.concept_id),
            kind: Set(kind_str(item.kind).to_owned()),
            prompt: Set(item.prompt.clone()),
            options: Set((!item.options.is_empty())
                .then(|| serde_json::to_string(&item.options))
                .transpose()
                .map_err(anyhow::Error::from)?),
            answer: Set(serde_json::to_string(&answer).map_err(anyhow::Error::from)?),
            explanation: Set(item.explanation.clone()),
            hints: Set(serde_json::to_string(&item.hints).map_err(anyhow::Error::from)?),
            difficulty: Set(i16::from(item.difficulty.clamp(1, 10))),
            generator: Set(item.generator.to_owned()),
            line_start: Set(draft.lines.map(|l| l.start as i32)),
            line_end: Set(draft.lines.map(|l| l.end as i32)),
        }
        .insert(&txn)
        .await?;
    }
    // Only a still-generating practice becomes ready: a concurrent run cannot clobber a taken one.
    let updated = practices::Entity::update_many()
        .col_expr(practices::Column::Status, Expr::value(PracticeStatus::Ready.as_str()))
        .col_expr(practices::Column::ItemCount, Expr::value(drafts.len() as i32))
        .col_expr(practices::Column::UpdatedAt, Expr::value(now))
        .filter(practices::Column::Id.eq(practice.id))
        .filter(practices::Column::Status.eq(PracticeStatus::Generating.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(());
    }
    let title =
        if practice.kind == "review" { "Your review is ready" } else { "Your practice is ready" };
    notifications::notify(
        &txn,
        NewNotification {
            user_id: practice.student_id,
            kind: "practice_ready",
            title: title.into(),
            body: format!("{} questions, sized to what you know.", drafts.len()),
            link: format!("/practice/{}", practice.id),
            dedupe_key: Some(format!("practice-ready:{}", practice.id)),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(items = drafts.len(), "practice ready");
    Ok(())
}

/// Concepts whose review date has come.
pub async fn due_concepts(
    state: &AppState,
    student_id: Uuid,
    time_zone: &str,
) -> Result<Vec<DueConcept>, AppError> {
    let now = state.clock.now();
    let due = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(student_id))
        .filter(student_concepts::Column::DueAt.lte(now))
        .order_by_asc(student_concepts::Column::DueAt)
        .find_also_related(concepts::Entity)
        .all(&state.db)
        .await?;
    Ok(due
        .into_iter()
        .filter_map(|(sc, concept)| {
            Some(DueConcept {
                concept_id: sc.concept_id,
                name: concept?.name,
                mastery: sc.mastery,
                due_label: super::time::day_label(sc.due_at?, time_zone),
                due_at: sc.due_at?,
            })
        })
        .collect())
}

async fn session_titles(
    state: &AppState,
    rows: &[practices::Model],
) -> Result<HashMap<Uuid, String>, AppError> {
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
pub async fn list(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<PracticeList, AppError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let rows = practices::Entity::find()
        .filter(practices::Column::StudentId.eq(student_id))
        .order_by_desc(practices::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let titles = session_titles(state, &rows).await?;
    let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
    let mut answered: HashMap<Uuid, i32> = HashMap::new();
    for answer in practice_answers::Entity::find()
        .filter(practice_answers::Column::PracticeId.is_in(ids))
        .filter(practice_answers::Column::Answer.is_not_null())
        .all(&state.db)
        .await?
    {
        *answered.entry(answer.practice_id).or_default() += 1;
    }
    let practices = rows
        .into_iter()
        .map(|p| PracticeSummary {
            id: p.id,
            kind: p.kind.clone(),
            status: status_of(&p),
            session_id: p.session_id,
            session_title: p.session_id.and_then(|id| titles.get(&id).cloned()),
            item_count: p.item_count,
            answered: answered.get(&p.id).copied().unwrap_or(0),
            score: p.score,
            when_label: super::time::label(p.created_at, &me.time_zone),
            created_at: p.created_at,
            submitted_at: p.submitted_at,
        })
        .collect();
    Ok(PracticeList {
        practices,
        due_for_review: due_concepts(state, student_id, &me.time_zone).await?,
    })
}

/// The answers saved so far on a practice, by question.
async fn saved_answers(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
) -> Result<HashMap<Uuid, practice_answers::Model>, AppError> {
    Ok(practice_answers::Entity::find()
        .filter(practice_answers::Column::PracticeId.eq(practice_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.item_id, a))
        .collect())
}

/// `GET /api/practice/{id}`: questions without answers or explanations until submitted.
pub async fn view(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<PracticeView, AppError> {
    let practice = readable(state, me, id).await?;
    let items = practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.eq(id))
        .order_by_asc(practice_items::Column::Position)
        .all(&state.db)
        .await?;
    let answers = saved_answers(&state.db, id).await?;
    let concept_ids: Vec<Uuid> = items.iter().map(|i| i.concept_id).collect();
    let names: HashMap<Uuid, String> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(concept_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let completed = status_of(&practice) == PracticeStatus::Completed;
    let mut questions = Vec::with_capacity(items.len());
    let mut feedback = Vec::new();
    for item in &items {
        let hints: Vec<String> = serde_json::from_str(&item.hints).unwrap_or_default();
        let answer = answers.get(&item.id);
        let used = answer.map(|a| a.hints_used.max(0) as usize).unwrap_or(0).min(hints.len());
        let options: Vec<OptionView> = item
            .options
            .as_deref()
            .and_then(|o| serde_json::from_str::<Vec<engine::practice::Choice>>(o).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|c| OptionView { id: c.id, text: c.text })
            .collect();
        let key = stored_answer(item)?;
        let unit = match &key.key {
            AnswerKey::Numeric { unit, .. } => unit.clone(),
            _ => None,
        };
        questions.push(QuestionView {
            id: item.id,
            position: item.position,
            kind: kind_of(&item.kind),
            prompt: item.prompt.clone(),
            options,
            concept_id: item.concept_id,
            concept_name: names.get(&item.concept_id).cloned().unwrap_or_default(),
            difficulty: item.difficulty,
            unit,
            hints: hints[..used].to_vec(),
            hints_remaining: hints.len() - used,
            saved_answer: answer.and_then(|a| a.answer.clone()),
        });
        if completed {
            feedback.push(feedback_for(practice.session_id, item, key.display, answer));
        }
    }
    let title = session_titles(state, std::slice::from_ref(&practice)).await?;
    Ok(PracticeView {
        id: practice.id,
        student_id: practice.student_id,
        session_id: practice.session_id,
        session_title: practice.session_id.and_then(|s| title.get(&s).cloned()),
        kind: practice.kind.clone(),
        status: status_of(&practice),
        failure_reason: practice.failure_reason.clone(),
        questions,
        score: practice.score,
        feedback,
        created_at: practice.created_at,
        submitted_at: practice.submitted_at,
    })
}

fn feedback_for(
    session_id: Option<Uuid>,
    item: &practice_items::Model,
    display: String,
    answer: Option<&practice_answers::Model>,
) -> FeedbackView {
    FeedbackView {
        question_id: item.id,
        correct: answer.and_then(|a| a.is_correct).unwrap_or(false),
        given_answer: answer.and_then(|a| a.answer.clone()),
        correct_answer: display,
        explanation: item.explanation.clone(),
        session_id,
        lines: item.line_start.zip(item.line_end).map(|(start, end)| Lines { start, end }),
    }
}

async fn item_of(
    state: &AppState,
    practice_id: Uuid,
    question_id: Uuid,
) -> Result<practice_items::Model, AppError> {
    practice_items::Entity::find_by_id(question_id)
        .one(&state.db)
        .await?
        .filter(|item| item.practice_id == practice_id)
        .ok_or_else(|| AppError::NotFound("question".into()))
}

fn answer_row(
    practice_id: Uuid,
    item_id: Uuid,
    now: DateTime<Utc>,
) -> practice_answers::ActiveModel {
    practice_answers::ActiveModel {
        id: Set(Uuid::new_v4()),
        practice_id: Set(practice_id),
        item_id: Set(item_id),
        answer: Set(None),
        hints_used: Set(0),
        is_correct: Set(None),
        updated_at: Set(now),
    }
}

fn require_open(practice: &practices::Model) -> Result<(), AppError> {
    match status_of(practice) {
        PracticeStatus::Ready | PracticeStatus::InProgress => Ok(()),
        PracticeStatus::Completed => {
            Err(AppError::Conflict("this practice was already submitted".into()))
        }
        PracticeStatus::Generating => {
            Err(AppError::Conflict("this practice is still being prepared".into()))
        }
        PracticeStatus::Failed => {
            Err(AppError::Conflict("this practice could not be prepared".into()))
        }
    }
}

async fn mark_started(state: &AppState, practice: &practices::Model) -> Result<(), AppError> {
    if status_of(practice) == PracticeStatus::Ready {
        practices::Entity::update_many()
            .col_expr(practices::Column::Status, Expr::value(PracticeStatus::InProgress.as_str()))
            .col_expr(practices::Column::StartedAt, Expr::value(state.clock.now()))
            .filter(practices::Column::Id.eq(practice.id))
            .filter(practices::Column::Status.eq(PracticeStatus::Ready.as_str()))
            .exec(&state.db)
            .await?;
    }
    Ok(())
}

/// Keeps an answer as the student types, so a reload resumes where they were.
pub async fn save_answer(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: AnswerInput,
) -> Result<(), AppError> {
    let practice = own(state, me, id).await?;
    require_open(&practice)?;
    if input.answer.chars().count() > 500 {
        return Err(AppError::field("answer", "Keep answers under 500 characters."));
    }
    let item = item_of(state, id, input.question_id).await?;
    let mut row = answer_row(id, item.id, state.clock.now());
    row.answer = Set(Some(input.answer));
    // One statement, so two quick saves of the same question (typing, then moving on) cannot
    // both try to create the row.
    practice_answers::Entity::insert(row)
        .on_conflict(
            OnConflict::column(practice_answers::Column::ItemId)
                .update_columns([
                    practice_answers::Column::Answer,
                    practice_answers::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&state.db)
        .await?;
    mark_started(state, &practice).await
}

/// The next hint for a question: first a nudge, then a step; never the answer. 409 when the
/// hints have run out.
pub async fn hint(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    question_id: Uuid,
) -> Result<HintView, AppError> {
    let practice = own(state, me, id).await?;
    require_open(&practice)?;
    let item = item_of(state, id, question_id).await?;
    let hints: Vec<String> = serde_json::from_str(&item.hints).unwrap_or_default();
    // Make sure the row exists, then take the next hint with one conditional increment: two
    // quick clicks reveal two hints, never the same one twice, and never past the last.
    practice_answers::Entity::insert(answer_row(id, item.id, state.clock.now()))
        .on_conflict_do_nothing_on([practice_answers::Column::ItemId])
        .exec_without_returning(&state.db)
        .await?;
    // RETURNING gives this request's own count, even when another click lands in between.
    let taken = practice_answers::Entity::update_many()
        .col_expr(
            practice_answers::Column::HintsUsed,
            // Fully qualified: importing ExprTrait would shadow `Ord::max` on plain numbers.
            sea_orm::sea_query::ExprTrait::add(Expr::col(practice_answers::Column::HintsUsed), 1),
        )
        .col_expr(practice_answers::Column::UpdatedAt, Expr::value(state.clock.now()))
        .filter(practice_answers::Column::ItemId.eq(item.id))
        .filter(practice_answers::Column::HintsUsed.lt(hints.len() as i32))
        .exec_with_returning(&state.db)
        .await?;
    let Some(used) = taken.first().map(|row| row.hints_used.max(0) as usize).filter(|n| *n >= 1)
    else {
        return Err(AppError::Conflict("there are no more hints for this question".into()));
    };
    mark_started(state, &practice).await?;
    Ok(HintView {
        hint: hints.get(used - 1).cloned().unwrap_or_default(),
        hints_used: used,
        hints_remaining: hints.len().saturating_sub(used),
    })
}

/// The FSRS grade for a concept's questions in one practice: 1 again (any wrong), 2 hard
/// (right with hints), 3 good (right unaided).
fn grade(results: &[(bool, usize)]) -> u8 {
    if results.iter().any(|(correct, _)| !correct) {
        1
    } else if results.iter().any(|(_, hints)| *hints > 0) {
        2
    } else {
        3
    }
}

/// Next FSRS memory state and interval (days) after a review graded 1..=3.
fn schedule(
    stability: Option<f64>,
    difficulty: Option<f64>,
    days_elapsed: u32,
    grade: u8,
) -> Result<(f64, f64, f64), AppError> {
    let fsrs = fsrs::FSRS::new(&[]).map_err(|e| anyhow::anyhow!("fsrs parameters: {e}"))?;
    let memory = stability
        .zip(difficulty)
        .map(|(s, d)| fsrs::MemoryState { stability: s as f32, difficulty: d as f32 });
    let next = fsrs
        .next_states(memory, DESIRED_RETENTION, days_elapsed)
        .map_err(|e| anyhow::anyhow!("fsrs: {e}"))?;
    let state = match grade {
        1 => next.again,
        2 => next.hard,
        _ => next.good,
    };
    Ok((
        f64::from(state.memory.stability),
        f64::from(state.memory.difficulty),
        f64::from(state.interval),
    ))
}

/// Submits once: checks every answer, stores the verdicts, moves mastery and the review
/// schedule. A second submit is 409.
#[tracing::instrument(skip_all, fields(practice_id = %id))]
pub async fn submit(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    answers: Vec<AnswerInput>,
) -> Result<SubmitResult, AppError> {
    let practice = own(state, me, id).await?;
    require_open(&practice)?;
    if answers.len() > 100 || answers.iter().any(|a| a.answer.chars().count() > 500) {
        return Err(AppError::field("answers", "Too many or too long answers."));
    }
    let items = practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.eq(id))
        .order_by_asc(practice_items::Column::Position)
        .all(&state.db)
        .await?;
    let item_ids: HashSet<Uuid> = items.iter().map(|i| i.id).collect();
    if let Some(stray) = answers.iter().find(|a| !item_ids.contains(&a.question_id)) {
        return Err(AppError::field(
            "answers",
            format!("{} is not a question of this practice", stray.question_id),
        ));
    }
    let given: HashMap<Uuid, String> =
        answers.into_iter().map(|a| (a.question_id, a.answer)).collect();
    let saved = saved_answers(&state.db, id).await?;

    let now = state.clock.now();
    let txn = crate::server::db::begin_write(&state.db).await?;
    // Claim the submission: of two concurrent submits, one wins and the other sees 409.
    let claimed = practices::Entity::update_many()
        .col_expr(practices::Column::Status, Expr::value(PracticeStatus::Completed.as_str()))
        .col_expr(practices::Column::SubmittedAt, Expr::value(now))
        .col_expr(practices::Column::UpdatedAt, Expr::value(now))
        .filter(practices::Column::Id.eq(id))
        .filter(
            practices::Column::Status
                .is_in([PracticeStatus::Ready.as_str(), PracticeStatus::InProgress.as_str()]),
        )
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict("this practice was already submitted".into()));
    }

    let mut feedback = Vec::with_capacity(items.len());
    let mut per_concept: HashMap<Uuid, Vec<(bool, usize)>> = HashMap::new();
    let mut correct_count = 0;
    for item in &items {
        let key = stored_answer(item)?;
        // The submitted answer wins; otherwise what was saved along the way.
        let answer = given
            .get(&item.id)
            .cloned()
            .or_else(|| saved.get(&item.id).and_then(|a| a.answer.clone()))
            .filter(|a| !a.trim().is_empty());
        let correct =
            answer.as_deref().is_some_and(|a| check_answer(item_kind(&item.kind), &key.key, a));
        let hints_used = saved.get(&item.id).map(|a| a.hints_used.max(0) as usize).unwrap_or(0);
        correct_count += usize::from(correct);
        per_concept.entry(item.concept_id).or_default().push((correct, hints_used));

        match saved.get(&item.id) {
            Some(row) => {
                let mut update: practice_answers::ActiveModel = row.clone().into();
                update.answer = Set(answer.clone());
                update.is_correct = Set(Some(correct));
                update.updated_at = Set(now);
                update.update(&txn).await?;
            }
            None => {
                let mut row = answer_row(id, item.id, now);
                row.answer = Set(answer.clone());
                row.is_correct = Set(Some(correct));
                row.insert(&txn).await?;
            }
        }
        concept_evidence::ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(practice.student_id),
            concept_id: Set(item.concept_id),
            session_id: Set(None),
            practice_id: Set(Some(id)),
            source: Set("practice".into()),
            outcome: Set(if correct {
                (1.0 - HINT_DISCOUNT * hints_used as f64).max(0.55)
            } else {
                0.0
            }),
            weight: Set(1.0),
            difficulty: Set(item.difficulty),
            mastery_after: Set(0.0),
            occurred_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let answer_model = practice_answers::Model {
            id: Uuid::nil(),
            practice_id: id,
            item_id: item.id,
            answer,
            hints_used: hints_used as i32,
            is_correct: Some(correct),
            updated_at: now,
        };
        feedback.push(feedback_for(practice.session_id, item, key.display, Some(&answer_model)));
    }

    let names: HashMap<Uuid, String> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(per_concept.keys().copied().collect::<Vec<_>>()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let before: HashMap<Uuid, student_concepts::Model> = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(practice.student_id))
        .filter(
            student_concepts::Column::ConceptId
                .is_in(per_concept.keys().copied().collect::<Vec<_>>()),
        )
        .all(&txn)
        .await?
        .into_iter()
        .map(|sc| (sc.concept_id, sc))
        .collect();
    let mut changes = Vec::new();
    for (concept_id, results) in &per_concept {
        let previous = before.get(concept_id);
        let updated = mastery::replay(&txn, practice.student_id, *concept_id).await?;
        let days_elapsed = previous
            .and_then(|p| p.last_reviewed_at)
            .map(|at| (now - at).num_days().max(0) as u32)
            .unwrap_or(0);
        let (stability, difficulty, interval) =
            schedule(updated.stability, updated.fsrs_difficulty, days_elapsed, grade(results))?;
        let due_at = now + Duration::seconds((interval.max(0.0) * 86_400.0).round() as i64);
        let mut schedule_update: student_concepts::ActiveModel = updated.clone().into();
        schedule_update.stability = Set(Some(stability));
        schedule_update.fsrs_difficulty = Set(Some(difficulty));
        schedule_update.reps = Set(updated.reps + 1);
        schedule_update.lapses = Set(updated.lapses + i32::from(grade(results) == 1));
        schedule_update.last_reviewed_at = Set(Some(now));
        schedule_update.due_at = Set(Some(due_at));
        schedule_update.update(&txn).await?;
        changes.push(MasteryChange {
            concept_id: *concept_id,
            name: names.get(concept_id).cloned().unwrap_or_default(),
            before: previous
                .map(|p| p.mastery)
                .unwrap_or_else(|| mastery::mastery(mastery::START_RATING)),
            after: updated.mastery,
            due_at: Some(due_at),
        });
    }
    changes.sort_by(|a, b| a.name.cmp(&b.name));

    let score = if items.is_empty() { 0.0 } else { correct_count as f64 / items.len() as f64 };
    practices::Entity::update_many()
        .col_expr(practices::Column::Score, Expr::value(score))
        .col_expr(practices::Column::CorrectCount, Expr::value(correct_count as i32))
        .filter(practices::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(score, "practice submitted");
    Ok(SubmitResult { score, feedback, mastery: changes })
}

/// `POST /api/practice/{id}/explain`: one question's answer and explanation, only after
/// submission.
pub async fn explain(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    question_id: Uuid,
) -> Result<ExplainView, AppError> {
    let practice = readable(state, me, id).await?;
    if status_of(&practice) != PracticeStatus::Completed {
        return Err(AppError::Conflict("explanations come after you submit".into()));
    }
    let item = item_of(state, id, question_id).await?;
    let key = stored_answer(&item)?;
    Ok(ExplainView { question_id, correct_answer: key.display, explanation: item.explanation })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_results() {
        assert_eq!(grade(&[(true, 0), (true, 0)]), 3);
        assert_eq!(grade(&[(true, 1)]), 2);
        assert_eq!(grade(&[(true, 0), (false, 0)]), 1);
    }

    #[test]
    fn fsrs_schedules_wrong_answers_sooner_than_right_ones() {
        let (_, _, again) = schedule(None, None, 0, 1).expect("schedules");
        let (_, _, good) = schedule(None, None, 0, 3).expect("schedules");
        assert!(again < good, "again {again} good {good}");
        let (s, d, first) = schedule(None, None, 0, 3).expect("schedules");
        let (_, _, second) =
            schedule(Some(s), Some(d), first.round() as u32, 3).expect("schedules");
        assert!(second > first, "intervals grow with successful reviews");
    }
}
