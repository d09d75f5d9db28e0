//! Tutoring sessions: listing and reading, with the access policy applied first, and retrying a
//! failed analysis.

use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QueryResult, QuerySelect, QueryTrait, Select,
    sea_query::{Alias, Expr, ExprTrait},
};
use uuid::Uuid;

use super::{time, uploads};
use crate::{
    domain::Role,
    dto::{
        page::{Page, PageParams},
        session::{
            Lines, SessionConceptView, SessionDetail, SessionItemView, SessionStatusView,
            SessionSummary, TranscriptView, TurnView,
        },
    },
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::{
            concepts,
            enums::{SessionItemKind, SessionStatus},
            session_concepts, session_items, sessions, student_concepts, tutor_students, users,
        },
        models::{self, ModelError},
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("only a failed analysis can be retried")]
    NotRetryable,
    #[error("{0}: {1}")]
    Invalid(&'static str, String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for SessionError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(what) => Self::NotFound(what),
            ModelError::WrongState { .. } => Self::NotRetryable,
            ModelError::Db(err) => Self::Db(err),
        }
    }
}

impl From<SessionError> for AppError {
    fn from(err: SessionError) -> Self {
        match err {
            SessionError::Access(err) => err.into(),
            SessionError::NotFound(what) => Self::NotFound(what.into()),
            SessionError::NotRetryable => Self::Conflict(err.to_string()),
            SessionError::Invalid(field, message) => Self::field(field, message),
            SessionError::Db(err) => err.into(),
        }
    }
}

pub fn summary(
    session: sessions::Model,
    student_name: String,
    tutor_name: String,
    time_zone: &str,
) -> SessionSummary {
    SessionSummary {
        date_label: time::label(session.session_date, time_zone),
        id: session.id,
        student_id: session.student_id,
        student_name,
        tutor_id: session.tutor_id,
        tutor_name,
        session_date: session.session_date,
        duration_seconds: session.duration_seconds,
        subject: session.subject,
        title: session.title,
        status: session.status,
        failure_reason: session.failure_reason,
        created_at: session.created_at,
    }
}

/// One row of a sessions page: the session, both names and the size of the whole list.
struct PageRow {
    session: sessions::Model,
    student_name: Option<String>,
    tutor_name: Option<String>,
    total: i64,
}

impl FromQueryResult for PageRow {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            session: sessions::Model::from_query_result(row, pre)?,
            student_name: row.try_get(pre, "page_student_name")?,
            tutor_name: row.try_get(pre, "page_tutor_name")?,
            total: row.try_get(pre, "page_total")?,
        })
    }
}

/// One page of a session query, newest first, with names filled in: one query (the names
/// joined, the total counted by a window over the same filter); an empty page past the first
/// counts separately.
async fn page_of(
    state: &AppState,
    me: &CurrentUser,
    query: Select<sessions::Entity>,
    params: PageParams,
) -> Result<Page<SessionSummary>, SessionError> {
    let params =
        params.checked().map_err(|(field, message)| SessionError::Invalid(field, message))?;
    let (student, tutor) = (Alias::new("page_student"), Alias::new("page_tutor"));
    // The list's size as a scalar subquery over the same filter, run once per statement. A
    // `COUNT(*) OVER ()` window made SQLite copy the matching rows into a co-routine and sort
    // them in a temporary B-tree: 136 µs against 83 µs per page, 13 of 2,010 sessions.
    let total = query.clone().select_only().column_as(Expr::cust("COUNT(*)"), "n").into_query();
    let mut select = query
        .clone()
        .column_as(Expr::col((student.clone(), users::Column::Name)), "page_student_name")
        .column_as(Expr::col((tutor.clone(), users::Column::Name)), "page_tutor_name")
        .column_as(Expr::SubQuery(None, Box::new(total.into())), "page_total")
        .order_by_desc(sessions::Column::SessionDate)
        .order_by_desc(sessions::Column::CreatedAt)
        .order_by_desc(sessions::Column::Id)
        .limit(params.per_page)
        .offset((params.page - 1) * params.per_page);
    QueryTrait::query(&mut select)
        .join_as(
            JoinType::LeftJoin,
            users::Entity,
            student.clone(),
            Expr::col((student, users::Column::Id))
                .equals((sessions::Entity, sessions::Column::StudentId)),
        )
        .join_as(
            JoinType::LeftJoin,
            users::Entity,
            tutor.clone(),
            Expr::col((tutor, users::Column::Id))
                .equals((sessions::Entity, sessions::Column::TutorId)),
        );
    let rows = select.into_model::<PageRow>().all(&state.db).await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.total).unwrap_or_default(),
        None if params.page > 1 => query.count(&state.db).await?,
        None => 0,
    };
    let items = rows
        .into_iter()
        .map(|row| {
            summary(
                row.session,
                row.student_name.unwrap_or_default(),
                row.tutor_name.unwrap_or_default(),
                &me.time_zone,
            )
        })
        .collect();
    Ok(Page { items, page: params.page, per_page: params.per_page, total })
}

/// A student's sessions, newest first.
pub async fn list_student_sessions(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
    params: PageParams,
) -> Result<Page<SessionSummary>, SessionError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let query = sessions::Entity::find().filter(sessions::Column::StudentId.eq(student_id));
    page_of(state, me, query, params).await
}

/// The sessions a user sees on their Sessions page: a student's own, the ones a tutor taught,
/// everything for an admin. Newest first.
pub async fn list_my_sessions(
    state: &AppState,
    me: &CurrentUser,
    params: PageParams,
) -> Result<Page<SessionSummary>, SessionError> {
    let query = sessions::Entity::find();
    let query = match me.role {
        Role::Student => query.filter(sessions::Column::StudentId.eq(me.id)),
        // The sessions they taught, of students they are still linked to: an admin removing a
        // link ends the tutor's view of that student everywhere, this list included.
        Role::Tutor => query.filter(sessions::Column::TutorId.eq(me.id)).filter(
            sessions::Column::StudentId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(tutor_students::Column::StudentId)
                    .from(tutor_students::Entity)
                    .and_where(tutor_students::Column::TutorId.eq(me.id))
                    .to_owned(),
            ),
        ),
        Role::Admin => query,
    };
    page_of(state, me, query, params).await
}

/// A session the caller may read, or 404/403.
pub async fn readable(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<sessions::Model, SessionError> {
    let session = sessions::Model::find(&state.db, id).await?;
    policy::can_read_student(&state.db, me, session.student_id).await?;
    Ok(session)
}

/// The concepts a session covered, with the student's current mastery of each.
async fn concept_views(
    state: &AppState,
    session: &sessions::Model,
) -> Result<Vec<SessionConceptView>, SessionError> {
    let found = session_concepts::Entity::find()
        .filter(session_concepts::Column::SessionId.eq(session.id))
        .order_by_asc(session_concepts::Column::Position)
        .find_also_related(concepts::Entity)
        .all(&state.db)
        .await?;
    let mastery = student_concepts::Model::for_concepts(
        &state.db,
        session.student_id,
        found.iter().map(|(sc, _)| sc.concept_id).collect(),
    )
    .await?;
    Ok(found
        .into_iter()
        .filter_map(|(sc, concept)| {
            let concept = concept?;
            Some(SessionConceptView {
                mastery: mastery.get(&concept.id).map(|m| m.mastery),
                concept_id: concept.id,
                name: concept.name,
                subject: concept.subject,
                difficulty: sc.difficulty,
                relevance: sc.relevance,
                signal: sc.signal,
                evidence: sc.evidence.into_inner(),
            })
        })
        .collect())
}

/// Everything the session page shows.
pub async fn get_session(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<SessionDetail, SessionError> {
    let session = readable(state, me, id).await?;
    let transcript = session.transcript(&state.db).await?;
    let concepts = concept_views(state, &session).await?;
    let items = session_items::Entity::find()
        .filter(session_items::Column::SessionId.eq(id))
        .order_by_asc(session_items::Column::Position)
        .all(&state.db)
        .await?;
    let of_kind = |kind: SessionItemKind| -> Vec<SessionItemView> {
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
    let (student_id, tutor_id) = (session.student_id, session.tutor_id);
    let names = models::users::names(&state.db, [student_id, tutor_id]).await?;
    let can_retry = session.status == SessionStatus::Failed
        && policy::can_write_student(&state.db, me, session.student_id).await.is_ok();
    Ok(SessionDetail {
        summary: session.summary.clone(),
        topics: of_kind(SessionItemKind::Topic),
        concepts,
        strengths: of_kind(SessionItemKind::Strength),
        improvements: of_kind(SessionItemKind::Improvement),
        action_items: of_kind(SessionItemKind::ActionItem),
        transcript: TranscriptView {
            format_label: transcript.format.label().to_owned(),
            format: transcript.format,
            source: transcript.source,
            tutor_speaker: transcript.tutor_speaker,
            student_speaker: transcript.student_speaker,
            word_count: transcript.word_count,
            turns: transcript
                .turns
                .into_inner()
                .into_iter()
                .map(|turn| TurnView {
                    number: turn.number as i32,
                    speaker: turn.speaker,
                    role: turn.role,
                    text: turn.text,
                    start_ms: turn.start_ms,
                })
                .collect(),
        },
        can_retry,
        session: summary(
            session,
            names.get(&student_id).cloned().unwrap_or_default(),
            names.get(&tutor_id).cloned().unwrap_or_default(),
            &me.time_zone,
        ),
    })
}

/// Current status of sessions the caller may read (unknown or forbidden ids are left out):
/// the cheap endpoint pages poll while analyses run.
pub async fn session_statuses(
    state: &AppState,
    me: &CurrentUser,
    ids: &[Uuid],
) -> Result<Vec<SessionStatusView>, SessionError> {
    let rows =
        models::sessions::with_ids(&state.db, ids.iter().copied().take(100).collect()).await?;
    let students: Vec<Uuid> = rows.iter().map(|row| row.student_id).collect();
    let readable = policy::readable_students(&state.db, me, &students).await?;
    Ok(rows
        .into_iter()
        .filter(|row| readable.contains(&row.student_id))
        .map(|row| SessionStatusView {
            id: row.id,
            status: row.status,
            failure_reason: row.failure_reason,
            title: row.title,
        })
        .collect())
}

/// Puts a failed analysis back on the queue.
pub async fn retry_session(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<(), SessionError> {
    let session = readable(state, me, id).await?;
    policy::can_write_student(&state.db, me, session.student_id).await?;
    if session.status != SessionStatus::Failed {
        return Err(SessionError::NotRetryable);
    }
    session.reset_for_retry(&state.db, state.clock.now()).await?;
    Ok(uploads::queue_analysis(state, id).await?)
}
