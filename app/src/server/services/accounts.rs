//! Signing up, signing in and out, password resets and changes, the profile.

use chrono::Duration;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};

use super::{
    outbox,
    users::{self, NewUser, UserError},
};
use crate::{
    domain::{Email, Grade, Invalid, Password, PersonName, Role, TimeZoneName},
    dto::user::OutboxKind,
    error::AppError,
    server::{
        auth::{current::CurrentUser, password, session::issue_token},
        db::begin_write,
        entities::users as user_entity,
        models::{self, outbox::NewEmail},
        state::AppState,
    },
};

/// How long a password reset link works.
pub const RESET_TOKEN_TTL_MINUTES: i64 = 60;

/// Longer passwords are refused before hashing: argon2 cost grows with input, and no person
/// types more than this.
const MAX_PASSWORD_INPUT: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("the current password is not correct")]
    WrongPassword,
    #[error("this reset link is invalid or has expired")]
    InvalidResetToken,
    /// Too many password checks for this account in the last minute.
    #[error("too many attempts for this account")]
    Throttled(u64),
    /// Every password check slot is taken: come back shortly.
    #[error("password checks are busy")]
    Busy,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AccountError> for AppError {
    fn from(err: AccountError) -> Self {
        use AccountError as E;
        match err {
            E::Invalid { field, message } => Self::field(field, message),
            E::InvalidCredentials => Self::InvalidCredentials("Invalid email or password.".into()),
            E::EmailTaken => Self::Conflict("An account with this email already exists.".into()),
            E::WrongPassword => {
                Self::field("currentPassword", "The current password is not correct.")
            }
            E::InvalidResetToken => {
                Self::BadRequest("This reset link is invalid or has expired.".into())
            }
            E::Throttled(secs) => Self::RateLimited { retry_after_secs: secs },
            E::Busy => {
                Self::Unavailable("Too many sign-ins at once; please try again in a moment.".into())
            }
            E::Db(err) => err.into(),
            E::Internal(err) => err.into(),
        }
    }
}

impl From<password::HashError> for AccountError {
    fn from(err: password::HashError) -> Self {
        match err {
            password::HashError::Busy => Self::Busy,
            password::HashError::Failed(reason) => Self::Internal(anyhow::anyhow!(reason)),
        }
    }
}

impl From<UserError> for AccountError {
    fn from(err: UserError) -> Self {
        match err {
            UserError::EmailTaken => Self::EmailTaken,
            UserError::Busy => Self::Busy,
            UserError::Db(err) => Self::Db(err),
            UserError::Other(err) => Self::Internal(err),
        }
    }
}

fn invalid(field: &'static str) -> impl Fn(Invalid) -> AccountError {
    move |e| AccountError::Invalid { field, message: e.0 }
}

/// Raw sign-up input, validated here.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub name: String,
    pub grade: Option<String>,
}

/// Public sign-up. Always makes a student, whatever else the caller sent.
#[tracing::instrument(skip_all)]
pub async fn register(
    state: &AppState,
    input: Registration,
) -> Result<(user_entity::Model, String), AccountError> {
    let new = NewUser {
        name: PersonName::parse(&input.name).map_err(invalid("name"))?,
        email: Email::parse(&input.email).map_err(invalid("email"))?,
        password: Password::parse(&input.password).map_err(invalid("password"))?,
        role: Role::Student,
        grade: Grade::parse_optional(input.grade.as_deref().unwrap_or_default())
            .map_err(invalid("grade"))?,
    };
    let user = users::create_user(state, new).await?;
    let token = issue_token(state, user.id, user.token_version)?;
    tracing::info!(user_id = %user.id, "student registered");
    Ok((user, token))
}

/// Checks credentials. Unknown emails cost a real hash verification too, so response time does
/// not reveal which addresses have accounts; deactivated accounts look like wrong passwords.
#[tracing::instrument(skip_all)]
pub async fn login(
    state: &AppState,
    email: &str,
    password_input: &str,
) -> Result<(user_entity::Model, String), AccountError> {
    let result = check_credentials(state, email, password_input).await;
    state.metrics.login(match &result {
        Ok(_) => "success",
        Err(AccountError::Invalid { .. }) => "incomplete",
        Err(AccountError::InvalidCredentials) => "invalid_credentials",
        Err(AccountError::Throttled(_)) => "throttled",
        Err(AccountError::Busy) => "busy",
        Err(_) => "error",
    });
    result
}

async fn check_credentials(
    state: &AppState,
    email: &str,
    password_input: &str,
) -> Result<(user_entity::Model, String), AccountError> {
    if email.trim().is_empty() {
        return Err(AccountError::Invalid { field: "email", message: "Enter your email.".into() });
    }
    if password_input.is_empty() {
        return Err(AccountError::Invalid {
            field: "password",
            message: "Enter your password.".into(),
        });
    }
    if password_input.len() > MAX_PASSWORD_INPUT {
        return Err(AccountError::InvalidCredentials);
    }
    let user = match Email::parse(email) {
        Ok(email) => user_entity::Model::find_by_email(&state.db, &email).await?,
        Err(_) => None,
    };
    // Every check counts against the account named, known or not, so spreading a guessing run
    // over many client addresses gains nothing.
    state.throttle.check(email).map_err(AccountError::Throttled)?;
    let stored = user.as_ref().filter(|u| u.is_active).map(|u| u.password_hash.clone());
    let matches = state.hasher.verify(password_input.to_owned(), stored).await?;
    let Some(user) = user.filter(|u| matches && u.is_active) else {
        tracing::info!("login refused");
        return Err(AccountError::InvalidCredentials);
    };
    let user = user.record_login(&state.db, state.clock.now()).await?;
    state.users.forget(user.id);
    let token = issue_token(state, user.id, user.token_version)?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok((user, token))
}

/// Logout: the token in hand and every other one issued before now stop working.
pub async fn logout(state: &AppState, me: &CurrentUser) -> Result<(), AccountError> {
    models::users::revoke_tokens(&state.db, me.id, state.clock.now()).await?;
    state.users.forget(me.id);
    tracing::info!(user_id = %me.id, "logged out");
    Ok(())
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn new_reset_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Sends a reset link if the address has an active account. Always succeeds from the caller's
/// point of view, so the form cannot be used to find out who has an account.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(state: &AppState, email: &str) -> Result<(), AccountError> {
    let Ok(email) = Email::parse(email) else {
        return Err(AccountError::Invalid {
            field: "email",
            message: "Enter a valid email address, like name@example.com.".into(),
        });
    };
    let Some(user) =
        user_entity::Model::find_by_email(&state.db, &email).await?.filter(|u| u.is_active)
    else {
        tracing::info!("password reset requested for an unknown address");
        return Ok(());
    };
    let token = new_reset_token();
    let now = state.clock.now();
    let link = format!("{}/reset-password?token={token}", state.settings.public_url);
    let txn = begin_write(&state.db).await?;
    let ttl = Duration::minutes(RESET_TOKEN_TTL_MINUTES);
    models::password_resets::create(&txn, user.id, hash_token(&token), ttl, now).await?;
    let body = format!(
        "Hi {},\n\nSomeone asked to reset the password of your Study Companion account. \
         If it was you, open this link within {RESET_TOKEN_TTL_MINUTES} minutes:\n\n{link}\n\n\
         If it was not you, ignore this email; your password stays as it is.\n",
        user.name
    );
    let email = NewEmail {
        kind: OutboxKind::PasswordReset,
        recipient: &user.email,
        subject: "Reset your Study Companion password",
        body: &body,
    };
    let message = models::outbox::queue(&txn, email, now).await?;
    txn.commit().await?;
    outbox::log_delivery(state, &message, &link);
    Ok(())
}

/// Sets a new password from a reset link: single use, within the hour. Signs the user out
/// everywhere.
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
) -> Result<(), AccountError> {
    let password = Password::parse(new_password).map_err(invalid("password"))?;
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(AccountError::InvalidResetToken);
    }
    let hashed = state.hasher.hash(password.expose().to_owned()).await?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let user_id = models::password_resets::claim(&txn, &hash_token(token), now)
        .await?
        .ok_or(AccountError::InvalidResetToken)?;
    user_entity::Model::set_password(&txn, user_id, hashed, now).await?;
    models::password_resets::invalidate_all(&txn, user_id, now).await?;
    txn.commit().await?;
    state.users.forget(user_id);
    tracing::info!(%user_id, "password reset");
    Ok(())
}

/// Changes the password after checking the current one. Other sessions are signed out; the
/// returned token keeps this one going.
#[tracing::instrument(skip_all, fields(user_id = %me.id))]
pub async fn change_password(
    state: &AppState,
    me: &CurrentUser,
    current: &str,
    new_password: &str,
) -> Result<(user_entity::Model, String), AccountError> {
    let password = Password::parse(new_password).map_err(invalid("newPassword"))?;
    let user = user_entity::Entity::find_by_id(me.id)
        .one(&state.db)
        .await?
        .ok_or(AccountError::InvalidCredentials)?;
    state.throttle.check(&user.email).map_err(AccountError::Throttled)?;
    if current.len() > MAX_PASSWORD_INPUT
        || !state.hasher.verify(current.to_owned(), Some(user.password_hash.clone())).await?
    {
        return Err(AccountError::WrongPassword);
    }
    let hashed = state.hasher.hash(password.expose().to_owned()).await?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let update = user_entity::ActiveModel {
        id: Set(user.id),
        password_hash: Set(hashed),
        token_version: Set(user.token_version + 1),
        updated_at: Set(now),
        ..Default::default()
    };
    let user = update.update(&txn).await?;
    models::password_resets::invalidate_all(&txn, user.id, now).await?;
    txn.commit().await?;
    state.users.forget(user.id);
    let token = issue_token(state, user.id, user.token_version)?;
    Ok((user, token))
}

/// Profile fields a user edits themselves.
#[derive(Debug, Clone)]
pub struct ProfileInput {
    pub name: String,
    pub grade: Option<String>,
    pub time_zone: String,
}

pub async fn update_profile(
    state: &AppState,
    me: &CurrentUser,
    input: ProfileInput,
) -> Result<user_entity::Model, AccountError> {
    let name = PersonName::parse(&input.name).map_err(invalid("name"))?;
    let grade = Grade::parse_optional(input.grade.as_deref().unwrap_or_default())
        .map_err(invalid("grade"))?;
    let time_zone = TimeZoneName::parse(&input.time_zone).map_err(invalid("timeZone"))?;
    let update = user_entity::ActiveModel {
        id: Set(me.id),
        name: Set(name.as_str().to_owned()),
        grade: Set(grade.map(|g| g.as_str().to_owned())),
        time_zone: Set(time_zone.as_str().to_owned()),
        updated_at: Set(state.clock.now()),
        ..Default::default()
    };
    let user = update.update(&state.db).await?;
    state.users.forget(user.id);
    Ok(user)
}
