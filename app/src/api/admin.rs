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
            admin::list_users(&state, role, search.as_deref(), PageParams { page, per_page: 25 })
                .await
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
            admin::create_user(&state, NewAccount { email, name, password, role, grade: None })
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
    use crate::{
        domain::Email,
        server::{
            auth::{current::require_user, policy},
            services::{admin, users},
        },
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let state = state()?;
            let find = |field: &'static str, raw: String| {
                let state = state.clone();
                async move {
                    let email = Email::parse(&raw).map_err(|e| AppError::field(field, e.0))?;
                    users::find_by_email(&state.db, &email)
                        .await?
                        .ok_or_else(|| AppError::field(field, "No account has this email."))
                }
            };
            let tutor = find("tutorEmail", tutor_email).await?;
            let student = find("studentEmail", student_email).await?;
            admin::link(&state, tutor.id, student.id).await
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "admin/jobs")]
pub async fn admin_job_health() -> Result<crate::dto::jobs::JobHealth, AppError> {
    use super::support::{respond, state};
    use crate::server::auth::{current::require_user, policy};
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let state = state()?;
            let internal =
                |e: crate::server::jobs::QueueError| AppError::from(anyhow::Error::from(e));
            Ok(crate::dto::jobs::JobHealth {
                stats: state.jobs.stats().await.map_err(internal)?,
                failed: state.jobs.failed(50).await.map_err(internal)?,
                live_workers: state.jobs.live_workers().await.map_err(internal)?,
            })
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "admin/retry-job")]
pub async fn admin_retry_job(id: String) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::auth::{current::require_user, policy};
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let retried = state()?.jobs.retry_failed(&id).await.map_err(anyhow::Error::from)?;
            if retried { Ok(()) } else { Err(AppError::NotFound("failed job".into())) }
        }
        .await,
    )
}
