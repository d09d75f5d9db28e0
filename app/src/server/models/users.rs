//! Accounts: created with a unique email, found by email, and their tokens revoked by bumping
//! the token version.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{ModelError, is_unique_violation};
use crate::{
    domain::{Email, Grade, PersonName, Role},
    server::entities::users::{ActiveModel, Column, Entity, Model},
};

/// An account about to be stored; the password is already hashed.
#[derive(Debug)]
pub struct NewAccountRow {
    pub email: Email,
    pub name: PersonName,
    pub password_hash: String,
    pub role: Role,
    pub grade: Option<Grade>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// Takes the student's learning lock until `txn` ends: everything that replays or moves a
/// student's mastery (an analysis, a practice submission) takes it first, so two of them for the
/// same student run one after the other instead of updating the same evidence rows in different
/// orders and deadlocking. A row lock on PostgreSQL; on SQLite a write transaction already holds
/// the database's single write lock.
pub async fn lock_learning(
    txn: &sea_orm::DatabaseTransaction,
    student_id: Uuid,
) -> Result<(), ModelError> {
    use sea_orm::QuerySelect;
    Entity::find_by_id(student_id)
        .select_only()
        .column(Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .one(txn)
        .await?
        .map(|_| ())
        .ok_or(ModelError::NotFound("student"))
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("user"))
    }

    pub async fn find_by_email(
        db: &impl ConnectionTrait,
        email: &Email,
    ) -> Result<Option<Self>, sea_orm::DbErr> {
        Entity::find().filter(Column::Email.eq(email.as_str())).one(db).await
    }

    pub async fn count(db: &impl ConnectionTrait) -> Result<u64, sea_orm::DbErr> {
        Entity::find().count(db).await
    }

    /// Stores a new account. The unique index on `email` settles races between two sign-ups.
    pub async fn create(
        db: &impl ConnectionTrait,
        new: NewAccountRow,
        now: DateTime<Utc>,
    ) -> Result<Self, CreateUserError> {
        let model = ActiveModel {
            id: Set(Uuid::new_v4()),
            email: Set(new.email.as_str().to_owned()),
            name: Set(new.name.as_str().to_owned()),
            password_hash: Set(new.password_hash),
            role: Set(new.role),
            grade: Set(new.grade.map(|g| g.as_str().to_owned())),
            time_zone: Set("UTC".to_owned()),
            token_version: Set(0),
            is_active: Set(true),
            last_login_at: Set(None),
            last_active_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        };
        match model.insert(db).await {
            Ok(user) => Ok(user),
            Err(err) if is_unique_violation(&err) => Err(CreateUserError::EmailTaken),
            Err(err) => Err(err.into()),
        }
    }

    /// Records a sign-in.
    pub async fn record_login(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(self.id),
            last_login_at: Set(Some(now)),
            last_active_at: Set(Some(now)),
            ..Default::default()
        }
        .update(db)
        .await
    }

    /// Records activity (at most once per `resolution`, to keep requests read-only); true when
    /// it wrote.
    pub async fn touch_activity(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        resolution: chrono::Duration,
    ) -> Result<bool, sea_orm::DbErr> {
        if self.last_active_at.is_some_and(|at| now - at <= resolution) {
            return Ok(false);
        }
        ActiveModel { id: Set(self.id), last_active_at: Set(Some(now)), ..Default::default() }
            .update(db)
            .await
            .map(|_| true)
    }

    /// A new password hash; every earlier token stops working.
    pub async fn set_password(
        db: &impl ConnectionTrait,
        id: Uuid,
        password_hash: String,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        Entity::update_many()
            .col_expr(Column::PasswordHash, Expr::value(password_hash))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(id))
            .exec(db)
            .await?;
        revoke_tokens(db, id, now).await
    }
}

/// Revokes every token issued so far for this user.
pub async fn revoke_tokens(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    Entity::update_many()
        .col_expr(Column::TokenVersion, Expr::col(Column::TokenVersion).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// One field of each user in a set of ids, in one query.
async fn field_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
    field: fn(Model) -> String,
) -> Result<std::collections::HashMap<Uuid, String>, sea_orm::DbErr> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, field(u)))
        .collect())
}

/// Names for a set of user ids, in one query.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, sea_orm::DbErr> {
    field_of(db, ids, |u| u.name).await
}

/// Time zones for a set of user ids, in one query.
pub async fn zones(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, sea_orm::DbErr> {
    field_of(db, ids, |u| u.time_zone).await
}
