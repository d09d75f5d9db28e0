//! Creating accounts (any role; who may ask for which role is the caller's business).

use crate::{
    domain::{Email, Grade, Password, PersonName, Role},
    server::{
        auth::password,
        entities::users,
        models::users::{CreateUserError, NewAccountRow},
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error("password hashing is busy")]
    Busy,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<password::HashError> for UserError {
    fn from(err: password::HashError) -> Self {
        match err {
            password::HashError::Busy => Self::Busy,
            password::HashError::Failed(reason) => Self::Other(anyhow::anyhow!(reason)),
        }
    }
}

impl From<CreateUserError> for UserError {
    fn from(err: CreateUserError) -> Self {
        match err {
            CreateUserError::EmailTaken => Self::EmailTaken,
            CreateUserError::Db(err) => Self::Db(err),
        }
    }
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

/// Creates a user: checks the address is free (so a taken one costs no hashing), hashes the
/// password, stores the row.
#[tracing::instrument(skip_all, fields(role = %new.role))]
pub async fn create_user(state: &AppState, new: NewUser) -> Result<users::Model, UserError> {
    if users::Model::find_by_email(&state.db, &new.email).await?.is_some() {
        return Err(UserError::EmailTaken);
    }
    let password_hash = state.hasher.hash(new.password.expose().to_owned()).await?;
    let row = NewAccountRow {
        email: new.email,
        name: new.name,
        password_hash,
        role: new.role,
        grade: new.grade,
    };
    Ok(users::Model::create(&state.db, row, state.clock.now()).await?)
}
