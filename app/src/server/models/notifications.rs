//! Notifications: stored once per dedupe key, read and marked read by their owner.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Expr,
};
use uuid::Uuid;

use crate::server::entities::{enums::NotificationKind, notifications};

/// What to tell whom.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub user_id: Uuid,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: String,
    /// Producing the same key twice for one user stores one notification.
    pub dedupe_key: Option<String>,
}

impl NewNotification {
    /// "Your X could not be …": one notice per failure episode, since the key includes when
    /// the failed row last changed before this failure.
    pub fn failure(
        user_id: Uuid,
        kind: NotificationKind,
        title: &str,
        reason: &str,
        link: String,
        episode: (Uuid, DateTime<Utc>),
    ) -> Self {
        Self {
            user_id,
            kind,
            title: title.to_owned(),
            body: reason.to_owned(),
            link,
            dedupe_key: Some(format!("{kind}:{}:{}", episode.0, episode.1.timestamp())),
        }
    }
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
    new: NewNotification,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let link = if is_internal_link(&new.link) { new.link } else { "/notifications".to_owned() };
    let row = notifications::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(new.user_id),
        kind: Set(new.kind),
        title: Set(new.title.chars().take(200).collect()),
        body: Set(new.body),
        link: Set(link),
        dedupe_key: Set(new.dedupe_key),
        read_at: Set(None),
        created_at: Set(now),
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

/// A user's newest notifications.
pub async fn newest(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    limit: u64,
) -> Result<Vec<notifications::Model>, sea_orm::DbErr> {
    notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .order_by_desc(notifications::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await
}

pub async fn unread_count(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, sea_orm::DbErr> {
    notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::ReadAt.is_null())
        .count(db)
        .await
}

/// Marks one of `user_id`'s notifications read. False when they have no such notification.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(row) =
        notifications::Entity::find_by_id(id).one(db).await?.filter(|n| n.user_id == user_id)
    else {
        return Ok(false);
    };
    if row.read_at.is_none() {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(now))
            .filter(notifications::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(true)
}

/// Marks every unread notification of a user read; returns how many changed.
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let result = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(now))
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(db)
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
