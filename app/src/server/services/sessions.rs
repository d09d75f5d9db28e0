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

pub fn summary(session: sessions::Model, names: &HashMap<Uuid, String>) -> SessionSummary {
    SessionSummary {
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
    let items = rows.into_iter().map(|s| summary(s, &names)).collect();
    Ok(Page { items, page: params.page, per_page: params.per_page, total })
}
