//! Tutoring sessions: listing and reading, with the access policy applied first.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    dto::{
        page::{Page, PageParams},
        session::{SessionStatus, SessionSummary},
    },
    error::AppError,
    server::{
        auth::{current::CurrentUser, policy},
        entities::{sessions, users},
        state::AppState,
    },
};

/// Names for a set of user ids, in one query.
pub async fn names(
    state: &AppState,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

pub fn summary(
    session: sessions::Model,
    names: &HashMap<Uuid, String>,
    time_zone: &str,
) -> SessionSummary {
    SessionSummary {
        date_label: super::time::label(session.session_date, time_zone),
        id: session.id,
        student_id: session.student_id,
        student_name: names.get(&session.student_id).cloned().unwrap_or_default(),
        tutor_id: session.tutor_id,
        tutor_name: names.get(&session.tutor_id).cloned().unwrap_or_default(),
        session_date: session.session_date,
        duration_seconds: session.duration_seconds,
        subject: session.subject,
        title: session.title,
        status: SessionStatus::parse(&session.status).unwrap_or(SessionStatus::Pending),
        failure_reason: session.failure_reason,
        created_at: session.created_at,
    }
}

/// A student's sessions, newest first.
pub async fn list_for_student(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
    params: PageParams,
) -> Result<Page<SessionSummary>, AppError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let params = params.clamped();
    let paginator = sessions::Entity::find()
        .filter(sessions::Column::StudentId.eq(student_id))
        .order_by_desc(sessions::Column::SessionDate)
        .order_by_desc(sessions::Column::CreatedAt)
        .paginate(&state.db, params.per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(params.page - 1).await?;
    let names = names(state, rows.iter().flat_map(|s| [s.student_id, s.tutor_id])).await?;
    let items = rows.into_iter().map(|s| summary(s, &names, &me.time_zone)).collect();
    Ok(Page { items, page: params.page, per_page: params.per_page, total })
}

/// The sessions a user sees on their Sessions page: a student's own, the ones a tutor taught,
/// everything for an admin. Newest first.
pub async fn list_mine(
    state: &AppState,
    me: &CurrentUser,
    params: PageParams,
) -> Result<Page<SessionSummary>, AppError> {
    use crate::domain::Role;
    let params = params.clamped();
    let mut query = sessions::Entity::find()
        .order_by_desc(sessions::Column::SessionDate)
        .order_by_desc(sessions::Column::CreatedAt);
    query = match me.role {
        Role::Student => query.filter(sessions::Column::StudentId.eq(me.id)),
        Role::Tutor => query.filter(sessions::Column::TutorId.eq(me.id)),
        Role::Admin => query,
    };
    let paginator = query.paginate(&state.db, params.per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(params.page - 1).await?;
    let names = names(state, rows.iter().flat_map(|s| [s.student_id, s.tutor_id])).await?;
    let items = rows.into_iter().map(|s| summary(s, &names, &me.time_zone)).collect();
    Ok(Page { items, page: params.page, per_page: params.per_page, total })
}

/// A session the caller may read, or 404/403.
pub async fn readable(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<sessions::Model, AppError> {
    let session = sessions::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::NotFound("session".into()))?;
    policy::can_read_student(&state.db, me, session.student_id).await?;
    Ok(session)
}

/// Everything the session page shows.
pub async fn detail(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<crate::dto::session::SessionDetail, AppError> {
    use crate::{
        dto::session::{
            Lines, SessionConceptView, SessionDetail, SessionItemView, SpeakerKind, TranscriptView,
            TurnView,
        },
        server::{
            entities::{concepts, session_concepts, session_items, student_concepts, transcripts},
            transcript::{SpeakerRole, Turn},
        },
    };
    let session = readable(state, me, id).await?;
    let transcript = transcripts::Entity::find()
        .filter(transcripts::Column::SessionId.eq(id))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::NotFound("transcript".into()))?;
    let turns: Vec<Turn> = serde_json::from_str(&transcript.turns).map_err(anyhow::Error::from)?;

    let found = session_concepts::Entity::find()
        .filter(session_concepts::Column::SessionId.eq(id))
        .order_by_asc(session_concepts::Column::Position)
        .find_also_related(concepts::Entity)
        .all(&state.db)
        .await?;
    let concept_ids: Vec<Uuid> = found.iter().map(|(sc, _)| sc.concept_id).collect();
    let mastery: HashMap<Uuid, f64> = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(session.student_id))
        .filter(student_concepts::Column::ConceptId.is_in(concept_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|sc| (sc.concept_id, sc.mastery))
        .collect();
    let concepts = found
        .into_iter()
        .filter_map(|(sc, concept)| {
            let concept = concept?;
            let evidence: Vec<Lines> = serde_json::from_str(&sc.evidence).unwrap_or_default();
            Some(SessionConceptView {
                concept_id: concept.id,
                name: concept.name,
                subject: concept.subject,
                difficulty: sc.difficulty,
                relevance: sc.relevance,
                signal: sc.signal,
                mastery: mastery.get(&concept.id).copied(),
                evidence,
            })
        })
        .collect();

    let items = session_items::Entity::find()
        .filter(session_items::Column::SessionId.eq(id))
        .order_by_asc(session_items::Column::Position)
        .all(&state.db)
        .await?;
    let of_kind = |kind: &str| -> Vec<SessionItemView> {
        items
            .iter()
            .filter(|item| item.kind == kind)
            .map(|item| SessionItemView {
                text: item.content.clone(),
                concept_id: item.concept_id,
                lines: Lines { start: item.line_start, end: item.line_end },
            })
            .collect()
    };
    let names = names(state, [session.student_id, session.tutor_id]).await?;
    let can_retry = session.status == SessionStatus::Failed.as_str()
        && policy::can_write_student(&state.db, me, session.student_id).await.is_ok();
    Ok(SessionDetail {
        summary: session.summary.clone(),
        topics: of_kind("topic"),
        concepts,
        strengths: of_kind("strength"),
        improvements: of_kind("improvement"),
        action_items: of_kind("action_item"),
        transcript: TranscriptView {
            format_label: crate::server::transcript::TranscriptFormat::parse(&transcript.format)
                .map(|f| f.label().to_owned())
                .unwrap_or_else(|| transcript.format.clone()),
            format: transcript.format,
            source: transcript.source,
            tutor_speaker: transcript.tutor_speaker,
            student_speaker: transcript.student_speaker,
            word_count: transcript.word_count,
            turns: turns
                .into_iter()
                .map(|turn| TurnView {
                    number: turn.number as i32,
                    speaker: turn.speaker,
                    role: match turn.role {
                        SpeakerRole::Tutor => SpeakerKind::Tutor,
                        SpeakerRole::Student => SpeakerKind::Student,
                        SpeakerRole::Other => SpeakerKind::Other,
                    },
                    text: turn.text,
                    start_ms: turn.start_ms,
                })
                .collect(),
        },
        can_retry,
        session: summary(session, &names, &me.time_zone),
    })
}

/// Current status of sessions the caller may read (unknown or forbidden ids are left out):
/// the cheap endpoint pages poll while analyses run.
pub async fn statuses(
    state: &AppState,
    me: &CurrentUser,
    ids: &[Uuid],
) -> Result<Vec<crate::dto::session::SessionStatusView>, AppError> {
    let ids: Vec<Uuid> = ids.iter().copied().take(100).collect();
    let rows =
        sessions::Entity::find().filter(sessions::Column::Id.is_in(ids)).all(&state.db).await?;
    let students: Vec<Uuid> = rows.iter().map(|row| row.student_id).collect();
    let readable = policy::readable_students(&state.db, me, &students).await?;
    let visible = rows
        .into_iter()
        .filter(|row| readable.contains(&row.student_id))
        .map(|row| crate::dto::session::SessionStatusView {
            id: row.id,
            status: SessionStatus::parse(&row.status).unwrap_or(SessionStatus::Pending),
            failure_reason: row.failure_reason,
            title: row.title,
        })
        .collect();
    Ok(visible)
}

/// Puts a failed analysis back on the queue.
pub async fn retry(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    use sea_orm::{ActiveModelTrait, Set};
    let session = readable(state, me, id).await?;
    policy::can_write_student(&state.db, me, session.student_id).await?;
    if session.status != SessionStatus::Failed.as_str() {
        return Err(AppError::Conflict("only a failed analysis can be retried".into()));
    }
    let update = sessions::ActiveModel {
        id: Set(id),
        status: Set(SessionStatus::Pending.as_str().to_owned()),
        failure_reason: Set(None),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    update.update(&state.db).await?;
    super::uploads::queue_analysis(state, id).await
}
