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

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct UserFilter {
    /// Only users with this role.
    role: Option<Role>,
    /// Part of a name or an email address.
    q: Option<String>,
    /// 1-based page number (1 to 1,000,000; default 1).
    page: Option<u64>,
    /// Items per page (1 to 100; default 20).
    per_page: Option<u64>,
}

/// `GET /api/admin/users?role=&q=&page=&perPage=`.
#[utoipa::path(
    get,
    path = "/admin/users",
    tag = "admin",
    params(UserFilter),
    responses((status = 200, description = "Users matching the filter", body = Page<AdminUserView>)),
)]
pub async fn list_users(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(filter): ApiQuery<UserFilter>,
) -> Result<Json<Page<AdminUserView>>, AppError> {
    policy::require_admin(&me)?;
    let defaults = PageParams::default();
    let page = PageParams {
        page: filter.page.unwrap_or(defaults.page),
        per_page: filter.per_page.unwrap_or(defaults.per_page),
    };
    Ok(Json(admin::list_users(&state, filter.role, filter.q.as_deref(), page).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CreateUserBody {
    email: String,
    name: String,
    password: String,
    role: String,
    #[serde(default)]
    grade: Option<String>,
}

/// `POST /api/admin/users` → 201: any role, tutors and admins included.
#[utoipa::path(
    post,
    path = "/admin/users",
    tag = "admin",
    request_body = CreateUserBody,
    responses((status = 201, description = "The new account (any role)", body = UserView)),
)]
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

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserBody {
    role: Option<Role>,
    is_active: Option<bool>,
}

/// `PATCH /api/admin/users/{id}` with `{role?, isActive?}`.
#[utoipa::path(
    patch,
    path = "/admin/users/{id}",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The user")),
    request_body = UpdateUserBody,
    responses((status = 200, description = "The updated account", body = UserView)),
)]
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

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkBody {
    tutor_id: Uuid,
    student_id: Uuid,
}

/// `POST /api/admin/links` → 204.
#[utoipa::path(
    post,
    path = "/admin/links",
    tag = "admin",
    request_body = LinkBody,
    responses((status = 204, description = "The tutor and student are linked")),
)]
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
#[utoipa::path(
    delete,
    path = "/admin/links",
    tag = "admin",
    request_body = LinkBody,
    responses((status = 204, description = "The link is gone")),
)]
pub async fn unlink(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<StatusCode, AppError> {
    policy::require_admin(&me)?;
    admin::unlink(&state, body.tutor_id, body.student_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxFilter {
    /// Only messages to this address.
    recipient: Option<String>,
}

/// `GET /api/admin/outbox?recipient=`: the newest 50 queued messages.
#[utoipa::path(
    get,
    path = "/admin/outbox",
    tag = "admin",
    params(OutboxFilter),
    responses((status = 200, description = "The newest 50 queued messages, secrets redacted", body = Vec<crate::dto::user::OutboxMessageView>)),
)]
pub async fn list_outbox(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(filter): ApiQuery<OutboxFilter>,
) -> Result<Json<Vec<crate::dto::user::OutboxMessageView>>, AppError> {
    policy::require_admin(&me)?;
    Ok(Json(admin::list_outbox(&state, filter.recipient.as_deref()).await?))
}
