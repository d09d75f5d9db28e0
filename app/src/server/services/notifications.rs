//! Notifications as their owner reads them: the bell's count, the list, marking read.

use uuid::Uuid;

use super::time;
use crate::{
    dto::notification::{NotificationList, NotificationView},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::notifications,
        models,
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("notification not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<NotificationError> for AppError {
    fn from(err: NotificationError) -> Self {
        match err {
            NotificationError::Access(err) => err.into(),
            NotificationError::NotFound => Self::NotFound("notification".into()),
            NotificationError::Db(err) => err.into(),
        }
    }
}

fn view(
    row: notifications::Model,
    now: chrono::DateTime<chrono::Utc>,
    time_zone: &str,
) -> NotificationView {
    NotificationView {
        when_label: time::relative(row.created_at, now, time_zone),
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        read: row.read_at.is_some(),
        created_at: row.created_at,
    }
}

/// Notifications are personal: their owner reads them (and an admin, for support).
fn may_read(me: &CurrentUser, user_id: Uuid) -> Result<(), AccessError> {
    if me.id == user_id { Ok(()) } else { policy::require_admin(me) }
}

pub async fn list_notifications(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
    limit: u64,
) -> Result<NotificationList, NotificationError> {
    may_read(me, user_id)?;
    let rows = models::notifications::newest(&state.db, user_id, limit.clamp(1, 200)).await?;
    let unread_count = models::notifications::unread_count(&state.db, user_id).await?;
    let now = state.clock.now();
    let notifications = rows.into_iter().map(|row| view(row, now, &me.time_zone)).collect();
    Ok(NotificationList { notifications, unread_count })
}

pub async fn unread_count(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
) -> Result<u64, NotificationError> {
    may_read(me, user_id)?;
    Ok(models::notifications::unread_count(&state.db, user_id).await?)
}

/// Marks one of the caller's notifications read. Someone else's is "not found".
pub async fn mark_notification_read(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<(), NotificationError> {
    if models::notifications::mark_read(&state.db, me.id, id, state.clock.now()).await? {
        Ok(())
    } else {
        Err(NotificationError::NotFound)
    }
}

pub async fn mark_all_notifications_read(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
) -> Result<u64, NotificationError> {
    if me.id != user_id {
        return Err(AccessError::Forbidden.into());
    }
    Ok(models::notifications::mark_all_read(&state.db, user_id, state.clock.now()).await?)
}
