//! `/api/admin/*`: users, roles, deactivation, tutor–student links.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::{
    domain::Role,
    dto::{
        page::{Page, PageParams},
        user::{AdminUserView, UserView},
    },
    error::AppError,
    server::{
        auth::{
            current::{CurrentUser, Me},
            policy,
        },
        services::admin::{self, NewAccount},
        state::AppState,
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFilter {
    role: Option<Role>,
    q: Option<String>,
    #[serde(flatten)]
    page: PageParams,
}

/// `GET /api/admin/users?role=&q=&page=&perPage=`.
pub async fn list_users(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(filter): ApiQuery<UserFilter>,
) -> Result<Json<Page<AdminUserView>>, AppError> {
    policy::require_admin(&me)?;
    Ok(Json(admin::list_users(&state, filter.role, filter.q.as_deref(), filter.page).await?))
}

#[derive(Deserialize)]
pub struct CreateUserBody {
    email: String,
    name: String,
    password: String,
    role: String,
    #[serde(default)]
    grade: Option<String>,
}

/// `POST /api/admin/users` → 201: any role, tutors and admins included.
pub async fn create_user(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<CreateUserBody>,
) -> Result<(StatusCode, Json<UserView>), AppError> {
    policy::require_admin(&me)?;
    let input = NewAccount {
        email: body.email,
        name: body.name,
        password: body.password,
        role: body.role,
        grade: body.grade,
    };
    let user = admin::create_account(&state, input).await?;
    Ok((StatusCode::CREATED, Json(CurrentUser::from_model(&user).view())))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserBody {
    role: Option<Role>,
    is_active: Option<bool>,
}

/// `PATCH /api/admin/users/{id}` with `{role?, isActive?}`.
pub async fn update_user(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<UpdateUserBody>,
) -> Result<Json<UserView>, AppError> {
    policy::require_admin(&me)?;
    let user = admin::update_user(&state, &me, id, body.role, body.is_active).await?;
    Ok(Json(CurrentUser::from_model(&user).view()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkBody {
    tutor_id: Uuid,
    student_id: Uuid,
}

/// `POST /api/admin/links` → 204.
pub async fn link(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<StatusCode, AppError> {
    policy::require_admin(&me)?;
    admin::link(&state, body.tutor_id, body.student_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/admin/links` → 204, or 404 when there was no such link.
pub async fn unlink(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<StatusCode, AppError> {
    policy::require_admin(&me)?;
    admin::unlink(&state, body.tutor_id, body.student_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct OutboxFilter {
    recipient: Option<String>,
}

/// `GET /api/admin/outbox?recipient=`: the newest 50 queued messages.
pub async fn list_outbox(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(filter): ApiQuery<OutboxFilter>,
) -> Result<Json<Vec<crate::dto::user::OutboxMessageView>>, AppError> {
    policy::require_admin(&me)?;
    Ok(Json(admin::list_outbox(&state, filter.recipient.as_deref()).await?))
}
