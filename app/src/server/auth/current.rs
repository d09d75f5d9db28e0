//! The signed-in user of a request, for REST handlers (`Me`) and server functions
//! (`require_user()`).

use axum::{extract::FromRequestParts, http::request::Parts};
use uuid::Uuid;

use crate::{domain::Role, dto::user::UserView, error::AppError, server::entities::users};

/// Who is asking. Resolved once per request by the session middleware, which has already
/// checked the token's signature, expiry and version and that the account is active.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub grade: Option<String>,
    pub time_zone: String,
    pub token_version: i32,
}

impl CurrentUser {
    pub fn from_model(user: &users::Model) -> Self {
        Self {
            id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role,
            grade: user.grade.clone(),
            time_zone: user.time_zone.clone(),
            token_version: user.token_version,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn view(&self) -> UserView {
        UserView {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role,
            grade: self.grade.clone(),
            time_zone: self.time_zone.clone(),
        }
    }
}

/// Why a request that presented credentials is not authenticated.
#[derive(Debug, Clone, Copy)]
pub enum AuthFailure {
    /// Bad signature, wrong algorithm, expired, revoked or deactivated: all look alike to the
    /// client (401), so a caller learns nothing about which.
    Rejected,
    /// The database could not be asked.
    Unavailable,
}

fn from_extensions(extensions: &axum::http::Extensions) -> Result<CurrentUser, AppError> {
    if let Some(user) = extensions.get::<CurrentUser>() {
        return Ok(user.clone());
    }
    match extensions.get::<AuthFailure>() {
        Some(AuthFailure::Unavailable) => Err(AppError::Unavailable(
            "the database is unavailable; please try again shortly".into(),
        )),
        _ => Err(AppError::Unauthorized),
    }
}

/// REST extractor: the signed-in user, or 401.
pub struct Me(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Me {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        from_extensions(&parts.extensions).map(Me)
    }
}

/// REST extractor for routes that work signed in or out.
pub struct MaybeMe(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeMe {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeMe(parts.extensions.get::<CurrentUser>().cloned()))
    }
}

/// For server functions and server-side rendering: the signed-in user or 401.
pub fn require_user() -> Result<CurrentUser, AppError> {
    let parts = leptos::prelude::use_context::<Parts>().ok_or(AppError::Unauthorized)?;
    from_extensions(&parts.extensions)
}

/// For server functions and rendering: the signed-in user, if any.
pub fn current_user() -> Option<CurrentUser> {
    leptos::prelude::use_context::<Parts>()?.extensions.get::<CurrentUser>().cloned()
}
