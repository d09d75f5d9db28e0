//! Password reset tokens: stored as hashes, single use, expiring.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr,
};
use uuid::Uuid;

use crate::server::entities::password_resets::{ActiveModel, Column, Entity};

pub async fn create(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    token_hash: String,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Uses the token with this hash, if it is unused and unexpired; returns whose it was.
/// Atomic: of two concurrent uses, exactly one updates the row.
pub async fn claim(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    let Some(reset) = Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
    else {
        return Ok(None);
    };
    let claimed = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(reset.id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((claimed.rows_affected == 1).then_some(reset.user_id))
}

/// Ends every outstanding reset link of a user (after a reset, a password change, or
/// deactivation): a link mailed earlier must not outlive the password it was for.
pub async fn invalidate_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}
