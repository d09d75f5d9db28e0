//! Creating and finding users.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::domain::{Email, Grade, Password, PersonName, Role};
use crate::server::{auth::password, entities::users};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Everything needed to make an account, already validated.
#[derive(Debug)]
pub struct NewUser {
    pub email: Email,
    pub name: PersonName,
    pub password: Password,
    pub role: Role,
    pub grade: Option<Grade>,
}

/// Creates a user. The unique index on `email` settles races between two sign-ups.
#[tracing::instrument(skip_all, fields(role = %new.role))]
pub async fn create(db: &DatabaseConnection, new: NewUser) -> Result<users::Model, UserError> {
    if find_by_email(db, &new.email).await?.is_some() {
        return Err(UserError::EmailTaken);
    }
    let password_hash = password::hash_blocking(new.password.expose().to_owned()).await?;
    let now = Utc::now();
    let model = users::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(new.email.as_str().to_owned()),
        name: Set(new.name.as_str().to_owned()),
        password_hash: Set(password_hash),
        role: Set(new.role.as_str().to_owned()),
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
        Err(err) if is_unique_violation(&err) => Err(UserError::EmailTaken),
        Err(err) => Err(err.into()),
    }
}

pub async fn find_by_email(
    db: &DatabaseConnection,
    email: &Email,
) -> Result<Option<users::Model>, sea_orm::DbErr> {
    users::Entity::find().filter(users::Column::Email.eq(email.as_str())).one(db).await
}

pub async fn count(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    users::Entity::find().count(db).await
}

/// True for a unique-constraint violation on either database.
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
