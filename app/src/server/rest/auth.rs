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
    dto::{
        reply::Message,
        user::{AuthResponse, UserView},
    },
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RegisterBody {
    email: String,
    password: String,
    name: String,
    #[serde(default)]
    grade: Option<String>,
}

/// `POST /api/auth/register` → 201 `{token, user}`. Any `role` in the body is ignored:
/// public sign-up makes students.
#[utoipa::path(
    post,
    path = "/auth/register",
    tag = "auth",
    request_body = RegisterBody,
    responses((status = 201, description = "Signed up: a token and the new student (the session cookie is set too)", body = AuthResponse)),
    security(()),
)]
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    email: String,
    password: String,
}

/// `POST /api/auth/login` → 200 `{token, user}`; 401 on bad credentials; 400 on malformed input.
#[utoipa::path(
    post,
    path = "/auth/login",
    tag = "auth",
    request_body = LoginBody,
    responses((status = 200, description = "Signed in: a token and the user (the session cookie is set too)", body = AuthResponse)),
    security(()),
)]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, AppError> {
    let (user, token) = accounts::login(&state, &body.email, &body.password).await?;
    let body = auth_body(&user, token.clone());
    Ok(with_session_cookie(&state, &token, Json(body)))
}

/// `POST /api/auth/logout` → 204; every token issued so far stops working.
#[utoipa::path(
    post,
    path = "/auth/logout",
    tag = "auth",
    responses((status = 204, description = "Signed out everywhere: every token issued so far stops working")),
)]
pub async fn logout(State(state): State<AppState>, Me(me): Me) -> Result<Response, AppError> {
    accounts::logout(&state, &me).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie::cleared(state.settings.auth.secure_cookies));
    Ok(response)
}

/// `GET /api/auth/me`.
#[utoipa::path(
    get,
    path = "/auth/me",
    tag = "auth",
    responses((status = 200, description = "The signed-in user", body = UserView)),
)]
pub async fn me(Me(me): Me) -> Json<UserView> {
    Json(me.view())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ForgotBody {
    email: String,
}

/// `POST /api/auth/forgot-password` → 202 whether or not the address has an account.
#[utoipa::path(
    post,
    path = "/auth/forgot-password",
    tag = "auth",
    request_body = ForgotBody,
    responses((status = 202, description = "The same answer whether or not the address has an account", body = Message)),
    security(()),
)]
pub async fn forgot_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ForgotBody>,
) -> Result<Response, AppError> {
    accounts::request_password_reset(&state, &body.email).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Message::new("If an account exists for that address, a reset link is on its way.")),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ResetBody {
    token: String,
    password: String,
}

/// `POST /api/auth/reset-password`.
#[utoipa::path(
    post,
    path = "/auth/reset-password",
    tag = "auth",
    request_body = ResetBody,
    responses((status = 200, description = "The password was reset", body = Message)),
    security(()),
)]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ResetBody>,
) -> Result<Json<Message>, AppError> {
    accounts::reset_password(&state, &body.token, &body.password).await?;
    Ok(Json(Message::new("Your password has been reset. Please log in.")))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordBody {
    current_password: String,
    new_password: String,
}

/// `PUT /api/auth/password` → a fresh token; other sessions are signed out.
#[utoipa::path(
    put,
    path = "/auth/password",
    tag = "auth",
    request_body = ChangePasswordBody,
    responses((status = 200, description = "A fresh token; other sessions are signed out", body = AuthResponse)),
)]
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

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileBody {
    name: String,
    #[serde(default)]
    grade: Option<String>,
    time_zone: String,
}

/// `PATCH /api/auth/profile`.
#[utoipa::path(
    patch,
    path = "/auth/profile",
    tag = "auth",
    request_body = ProfileBody,
    responses((status = 200, description = "The updated profile", body = UserView)),
)]
pub async fn update_profile(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<ProfileBody>,
) -> Result<Json<UserView>, AppError> {
    let input = ProfileInput { name: body.name, grade: body.grade, time_zone: body.time_zone };
    let user = accounts::update_profile(&state, &me, input).await?;
    Ok(Json(CurrentUser::from_model(&user).view()))
}
