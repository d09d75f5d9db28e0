//! Server functions for accounts: the browser's side of `/api/auth/*`.

use leptos::prelude::*;

use crate::{dto::user::UserView, error::AppError};

/// The signed-in user, or `None`.
#[server(prefix = "/_fn", endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    Ok(crate::server::auth::current::current_user().map(|me| me.view()))
}

#[server(prefix = "/_fn", endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<UserView, AppError> {
    use super::support::{append_cookie, respond, state};
    use crate::server::{
        auth::{current::CurrentUser, session::session_cookie},
        services::accounts,
    };
    respond(
        async {
            let state = state()?;
            let (user, _) = accounts::login(&state, &email, &password).await?;
            let me = CurrentUser::from_model(&user);
            if let Some(cookie) = session_cookie(&state, &me) {
                append_cookie(cookie);
            }
            Ok(me.view())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "auth/register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    grade: Option<String>,
) -> Result<UserView, AppError> {
    use super::support::{append_cookie, respond, state};
    use crate::server::{
        auth::{current::CurrentUser, session::session_cookie},
        services::accounts::{self, Registration},
    };
    respond(
        async {
            let state = state()?;
            let (user, _) =
                accounts::register(&state, Registration { email, password, name, grade }).await?;
            let me = CurrentUser::from_model(&user);
            if let Some(cookie) = session_cookie(&state, &me) {
                append_cookie(cookie);
            }
            Ok(me.view())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::support::{append_cookie, respond, state};
    use crate::server::{
        auth::{cookie, current::require_user},
        services::accounts,
    };
    respond(
        async {
            let state = state()?;
            // Signing out twice (a stale tab) is not an error: the cookie is cleared either way.
            if let Ok(me) = require_user() {
                accounts::logout(&state, &me).await?;
            }
            append_cookie(cookie::cleared(state.settings.auth.secure_cookies));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "auth/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::services::accounts;
    respond(
        async {
            let state = state()?;
            accounts::request_password_reset(&state, &email).await?;
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "auth/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::services::accounts;
    respond(
        async {
            let state = state()?;
            accounts::reset_password(&state, &token, &password).await?;
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "auth/profile")]
pub async fn update_profile(
    name: String,
    grade: Option<String>,
    time_zone: String,
) -> Result<UserView, AppError> {
    use super::support::{respond, state};
    use crate::server::{
        auth::current::{CurrentUser, require_user},
        services::accounts::{self, ProfileInput},
    };
    respond(
        async {
            let me = require_user()?;
            let state = state()?;
            let user =
                accounts::update_profile(&state, &me, ProfileInput { name, grade, time_zone })
                    .await?;
            Ok(CurrentUser::from_model(&user).view())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "auth/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use super::support::{append_cookie, respond, state};
    use crate::server::{
        auth::{
            current::{CurrentUser, require_user},
            session::session_cookie,
        },
        services::accounts,
    };
    respond(
        async {
            let me = require_user()?;
            let state = state()?;
            let (user, _) =
                accounts::change_password(&state, &me, &current_password, &new_password).await?;
            if let Some(cookie) = session_cookie(&state, &CurrentUser::from_model(&user)) {
                append_cookie(cookie);
            }
            Ok(())
        }
        .await,
    )
}
