//! Server functions for the admin page.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    domain::Role,
    dto::{page::Page, user::AdminUserView},
    error::AppError,
};

#[server(prefix = "/_fn", endpoint = "admin/users")]
pub async fn admin_list_users(
    role: Option<Role>,
    search: Option<String>,
    page: u64,
) -> Result<Page<AdminUserView>, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::page::PageParams,
        server::{
            auth::{current::require_user, policy},
            services::admin,
        },
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let state = state()?;
            let params = PageParams { page, per_page: 25 };
            Ok(admin::list_users(&state, role, search.as_deref(), params).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "admin/create-user")]
pub async fn admin_create_user(
    name: String,
    email: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{
        auth::{current::require_user, policy},
        services::admin::{self, NewAccount},
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let state = state()?;
            admin::create_account(&state, NewAccount { email, name, password, role, grade: None })
                .await?;
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "admin/update-user")]
pub async fn admin_update_user(
    id: Uuid,
    role: Option<Role>,
    is_active: Option<bool>,
) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{
        auth::{current::require_user, policy},
        services::admin,
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let state = state()?;
            admin::update_user(&state, &me, id, role, is_active).await?;
            Ok(())
        }
        .await,
    )
}

/// Links a tutor to a student, both named by email (what an admin knows).
#[server(prefix = "/_fn", endpoint = "admin/link")]
pub async fn admin_link(tutor_email: String, student_email: String) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{
        auth::{current::require_user, policy},
        services::admin,
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            Ok(admin::link_by_email(&state()?, &tutor_email, &student_email).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "admin/jobs")]
pub async fn admin_job_health() -> Result<crate::dto::jobs::JobHealth, AppError> {
    use super::support::read_once;
    use crate::server::{auth::policy, services::admin};
    read_once("admin/jobs", (), move |state, me| async move {
        policy::require_admin(&me)?;
        Ok(admin::job_health(&state).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "admin/retry-job")]
pub async fn admin_retry_job(id: String) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{
        auth::{current::require_user, policy},
        services::admin,
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            Ok(admin::retry_job(&state()?, &id).await?)
        }
        .await,
    )
}
