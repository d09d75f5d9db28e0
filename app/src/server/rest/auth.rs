//! `/api/auth/*`: register, login, logout, me, password reset and change, profile.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::extract::ApiJson;
use crate::{
    dto::user::{AuthResponse, UserView},
    error::AppError,
    server::{
        auth::{
            cookie,
            current::{CurrentUser, Me},
        },
        entities::users,
        services::accounts::{self, ProfileInput, Registration},
        state::AppState,
    },
};

fn with_session_cookie(state: &AppState, token: &str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let max_age = state.settings.auth.token_ttl_minutes * 60;
    if let Some(value) = cookie::session(token, max_age, state.settings.auth.secure_cookies) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn auth_body(user: &users::Model, token: String) -> AuthResponse {
    AuthResponse { token, user: CurrentUser::from_model(user).view() }
}

#[derive(Deserialize)]
pub struct RegisterBody {
    email: String,
    password: String,
    name: String,
    #[serde(default)]
    grade: Option<String>,
}

/// `POST /api/auth/register` → 201 `{token, user}`. Any `role` in the body is ignored:
/// public sign-up makes students.
pub async fn register(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<Response, AppError> {
    let registration = Registration {
        email: body.email,
        password: body.password,
        name: body.name,
        grade: body.grade,
    };
    let (user, token) = accounts::register(&state, registration).await?;
    let body = auth_body(&user, token.clone());
    Ok(with_session_cookie(&state, &token, (StatusCode::CREATED, Json(body))))
}

#[derive(Deserialize)]
pub struct LoginBody {
    email: String,
    password: String,
}

/// `POST /api/auth/login` → 200 `{token, user}`; 401 on bad credentials; 400 on malformed input.
pub async fn login(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, AppError> {
    let (user, token) = accounts::login(&state, &body.email, &body.password).await?;
    let body = auth_body(&user, token.clone());
    Ok(with_session_cookie(&state, &token, Json(body)))
}

/// `POST /api/auth/logout` → 204; every token issued so far stops working.
pub async fn logout(State(state): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    accounts::logout(&state, &me).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie::cleared(state.settings.auth.secure_cookies));
    Ok(response)
}

/// `GET /api/auth/me`.
pub async fn me(Me(me): Me) -> Json<UserView> {
    Json(me.view())
}

#[derive(Deserialize)]
pub struct ForgotBody {
    email: String,
}

/// `POST /api/auth/forgot-password` → 202 whether or not the address has an account.
pub async fn forgot_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ForgotBody>,
) -> Result<Response, AppError> {
    accounts::request_password_reset(&state, &body.email).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({
            "message": "If an account exists for that address, a reset link is on its way."
        })),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ResetBody {
    token: String,
    password: String,
}

/// `POST /api/auth/reset-password`.
pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ResetBody>,
) -> Result<Json<serde_json::Value>, AppError> {
    accounts::reset_password(&state, &body.token, &body.password).await?;
    Ok(Json(serde_json::json!({ "message": "Your password has been reset. Please log in." })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordBody {
    current_password: String,
    new_password: String,
}

/// `PUT /api/auth/password` → a fresh token; other sessions are signed out.
pub async fn change_password(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<ChangePasswordBody>,
) -> Result<Response, AppError> {
    let (user, token) =
        accounts::change_password(&state, &me, &body.current_password, &body.new_password).await?;
    let body = auth_body(&user, token.clone());
    Ok(with_session_cookie(&state, &token, Json(body)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileBody {
    name: String,
    #[serde(default)]
    grade: Option<String>,
    time_zone: String,
}

/// `PATCH /api/auth/profile`.
pub async fn update_profile(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<ProfileBody>,
) -> Result<Json<UserView>, AppError> {
    let input = ProfileInput { name: body.name, grade: body.grade, time_zone: body.time_zone };
    let user = accounts::update_profile(&state, &me, input).await?;
    Ok(Json(CurrentUser::from_model(&user).view()))
}
