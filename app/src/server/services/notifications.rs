//! Notifications: produced by jobs and workflows, read and marked read by their owner.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    dto::notification::{NotificationList, NotificationView},
    error::AppError,
    server::{
        auth::{current::CurrentUser, policy},
        entities::notifications,
        state::AppState,
    },
};

/// What to tell whom.
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    pub user_id: Uuid,
    pub kind: &'a str,
    pub title: String,
    pub body: String,
    pub link: String,
    /// Producing the same key twice for one user stores one notification.
    pub dedupe_key: Option<String>,
}

/// Only paths inside this app: a notification can never send someone to another site.
pub fn is_internal_link(link: &str) -> bool {
    link.starts_with('/')
        && !link.starts_with("//")
        && !link.starts_with("/\\")
        && !link.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Stores a notification unless one with the same dedupe key exists. Returns whether it is new.
pub async fn notify(
    db: &impl ConnectionTrait,
    new: NewNotification<'_>,
) -> Result<bool, sea_orm::DbErr> {
    let link = if is_internal_link(&new.link) { new.link } else { "/notifications".to_owned() };
    let row = notifications::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(new.user_id),
        kind: Set(new.kind.to_owned()),
        title: Set(new.title.chars().take(200).collect()),
        body: Set(new.body),
        link: Set(link),
        dedupe_key: Set(new.dedupe_key),
        read_at: Set(None),
        created_at: Set(Utc::now()),
    };
    let inserted = notifications::Entity::insert(row)
        .on_conflict_do_nothing_on([
            notifications::Column::UserId,
            notifications::Column::DedupeKey,
        ])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

fn view(
    row: notifications::Model,
    now: chrono::DateTime<Utc>,
    time_zone: &str,
) -> NotificationView {
    NotificationView {
        when_label: super::time::relative(row.created_at, now, time_zone),
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
fn may_read(me: &CurrentUser, user_id: Uuid) -> Result<(), AppError> {
    if me.id == user_id { Ok(()) } else { policy::require_admin(me) }
}

pub async fn list(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
    limit: u64,
) -> Result<NotificationList, AppError> {
    may_read(me, user_id)?;
    let rows = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .order_by_desc(notifications::Column::CreatedAt)
        .limit(limit.clamp(1, 200))
        .all(&state.db)
        .await?;
    let unread_count = unread_count(state, me, user_id).await?;
    let now = state.clock.now();
    let notifications = rows.into_iter().map(|row| view(row, now, &me.time_zone)).collect();
    Ok(NotificationList { notifications, unread_count })
}

pub async fn unread_count(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
) -> Result<u64, AppError> {
    may_read(me, user_id)?;
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::ReadAt.is_null())
        .count(&state.db)
        .await?)
}

/// Marks one of the caller's notifications read. Someone else's is "not found".
pub async fn mark_read(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let row = notifications::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|n| n.user_id == me.id)
        .ok_or_else(|| AppError::NotFound("notification".into()))?;
    if row.read_at.is_none() {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notifications::Column::Id.eq(id))
            .exec(&state.db)
            .await?;
    }
    Ok(())
}

pub async fn mark_all_read(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
) -> Result<u64, AppError> {
    if me.id != user_id {
        return Err(AppError::Forbidden);
    }
    let result = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(result.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::is_internal_link;

    #[test]
    fn only_internal_links_pass() {
        assert!(is_internal_link("/sessions/123"));
        assert!(!is_internal_link("https://evil.example"));
        assert!(!is_internal_link("//evil.example"));
        assert!(!is_internal_link("/\\evil.example"));
        assert!(!is_internal_link("javascript:alert(1)"));
        assert!(!is_internal_link("/a b"));
    }
}
