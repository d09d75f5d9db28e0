//! What admins do: manage users and roles, deactivate accounts, link tutors to students.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use super::users::{self, NewUser, UserError};
use crate::{
    domain::{Email, Grade, Invalid, Password, PersonName, Role},
    dto::{
        page::{Page, PageParams},
        user::{AdminUserView, LinkedUser, OutboxMessageView},
    },
    error::AppError,
    server::{
        auth::current::CurrentUser,
        entities::{enums::LinkOrigin, tutor_students, users as user_entity},
        models::{self, ModelError},
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("you cannot remove your own admin role or deactivate yourself")]
    SelfDemotion,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<AdminError> for AppError {
    fn from(err: AdminError) -> Self {
        match err {
            AdminError::Invalid { field, message } => Self::field(field, message),
            AdminError::NotFound(what) => Self::NotFound(what.into()),
            AdminError::EmailTaken | AdminError::SelfDemotion => Self::Conflict(err.to_string()),
            AdminError::Db(err) => err.into(),
            AdminError::Internal(err) => err.into(),
        }
    }
}

impl From<ModelError> for AdminError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(what) => Self::NotFound(what),
            ModelError::Db(err) => Self::Db(err),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<UserError> for AdminError {
    fn from(err: UserError) -> Self {
        match err {
            UserError::EmailTaken => Self::EmailTaken,
            UserError::Busy => Self::Internal(anyhow::anyhow!("password hashing is busy")),
            UserError::Db(err) => Self::Db(err),
            UserError::Other(err) => Self::Internal(err),
        }
    }
}

fn invalid(field: &'static str) -> impl Fn(Invalid) -> AdminError {
    move |e| AdminError::Invalid { field, message: e.0 }
}

fn linked(user: &user_entity::Model) -> LinkedUser {
    LinkedUser { id: user.id, name: user.name.clone(), email: user.email.clone() }
}

/// Users, newest first, optionally filtered by role or a search over name and email, each
/// with their links (one query for the page's links, one for the linked people).
pub async fn list_users(
    state: &AppState,
    role: Option<Role>,
    search: Option<&str>,
    params: PageParams,
) -> Result<Page<AdminUserView>, AdminError> {
    let params =
        params.checked().map_err(|(field, message)| AdminError::Invalid { field, message })?;
    let mut query = user_entity::Entity::find().order_by_desc(user_entity::Column::CreatedAt);
    if let Some(role) = role {
        query = query.filter(user_entity::Column::Role.eq(role));
    }
    if let Some(term) = search.map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", term.to_lowercase());
        query = query.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col(user_entity::Column::Name)))
                        .like(pattern.clone()),
                )
                .add(user_entity::Column::Email.like(pattern)),
        );
    }
    let paginator = query.paginate(&state.db, params.per_page);
    let total = paginator.num_items().await?;
    let page_users = paginator.fetch_page(params.page - 1).await?;

    let ids: Vec<Uuid> = page_users.iter().map(|u| u.id).collect();
    let link_rows = tutor_students::Entity::find()
        .filter(
            Condition::any()
                .add(tutor_students::Column::TutorId.is_in(ids.clone()))
                .add(tutor_students::Column::StudentId.is_in(ids)),
        )
        .all(&state.db)
        .await?;
    let other_ids: Vec<Uuid> = link_rows.iter().flat_map(|l| [l.tutor_id, l.student_id]).collect();
    let people: HashMap<Uuid, user_entity::Model> = user_entity::Entity::find()
        .filter(user_entity::Column::Id.is_in(other_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();

    let items = page_users
        .into_iter()
        .map(|user| {
            let linked_people = link_rows
                .iter()
                .filter_map(|link| {
                    let other = if link.tutor_id == user.id {
                        link.student_id
                    } else if link.student_id == user.id {
                        link.tutor_id
                    } else {
                        return None;
                    };
                    people.get(&other).map(linked)
                })
                .collect();
            AdminUserView {
                id: user.id,
                email: user.email,
                name: user.name,
                role: user.role,
                is_active: user.is_active,
                created_at: user.created_at,
                last_active_at: user.last_active_at,
                linked: linked_people,
            }
        })
        .collect();
    Ok(Page { items, page: params.page, per_page: params.per_page, total })
}

/// Raw admin input for a new account of any role.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: String,
    pub grade: Option<String>,
}

pub async fn create_account(
    state: &AppState,
    input: NewAccount,
) -> Result<user_entity::Model, AdminError> {
    let new = NewUser {
        email: Email::parse(&input.email).map_err(invalid("email"))?,
        name: PersonName::parse(&input.name).map_err(invalid("name"))?,
        password: Password::parse(&input.password).map_err(invalid("password"))?,
        role: Role::parse(&input.role).map_err(invalid("role"))?,
        grade: Grade::parse_optional(input.grade.as_deref().unwrap_or_default())
            .map_err(invalid("grade"))?,
    };
    let user = users::create_user(state, new).await?;
    tracing::info!(user_id = %user.id, role = %user.role, "admin created a user");
    Ok(user)
}

async fn find_user(state: &AppState, id: Uuid) -> Result<user_entity::Model, AdminError> {
    Ok(user_entity::Model::find(&state.db, id).await?)
}

/// Changes role and/or active state. An admin cannot demote or deactivate themselves (that is
/// how a school loses its last admin). Deactivation and role changes revoke the user's tokens,
/// so the change takes effect on their very next request.
pub async fn update_user(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    role: Option<Role>,
    is_active: Option<bool>,
) -> Result<user_entity::Model, AdminError> {
    let user = find_user(state, id).await?;
    if id == me.id && (role.is_some_and(|r| r != Role::Admin) || is_active == Some(false)) {
        return Err(AdminError::SelfDemotion);
    }
    let mut update = user_entity::ActiveModel { id: Set(user.id), ..Default::default() };
    let mut revoke = false;
    if let Some(role) = role
        && role != user.role
    {
        update.role = Set(role);
        revoke = true;
    }
    if let Some(active) = is_active
        && active != user.is_active
    {
        update.is_active = Set(active);
        revoke |= !active;
    }
    let now = state.clock.now();
    update.updated_at = Set(now);
    let updated = update.update(&state.db).await?;
    if revoke {
        models::users::revoke_tokens(&state.db, id, now).await?;
    }
    if is_active == Some(false) {
        models::password_resets::invalidate_all(&state.db, id, now).await?;
    }
    state.users.forget(id);
    tracing::info!(user_id = %id, role = %updated.role, active = updated.is_active, "admin updated a user");
    find_user(state, id).await
}

/// Links a tutor to a student (admin origin). Idempotent.
pub async fn link(state: &AppState, tutor_id: Uuid, student_id: Uuid) -> Result<(), AdminError> {
    let tutor = find_user(state, tutor_id).await?;
    let student = find_user(state, student_id).await?;
    if tutor.role != Role::Tutor {
        return Err(AdminError::Invalid {
            field: "tutorId",
            message: "That user is not a tutor.".into(),
        });
    }
    if student.role != Role::Student {
        return Err(AdminError::Invalid {
            field: "studentId",
            message: "That user is not a student.".into(),
        });
    }
    let now = state.clock.now();
    models::tutor_students::ensure(&state.db, tutor_id, student_id, LinkOrigin::Admin, now).await?;
    Ok(())
}

/// Removes a link; `NotFound` when there was none.
pub async fn unlink(state: &AppState, tutor_id: Uuid, student_id: Uuid) -> Result<(), AdminError> {
    if models::tutor_students::remove(&state.db, tutor_id, student_id).await? {
        Ok(())
    } else {
        Err(AdminError::NotFound("link"))
    }
}

/// Links a tutor to a student, both named by email (what an admin knows).
pub async fn link_by_email(
    state: &AppState,
    tutor_email: &str,
    student_email: &str,
) -> Result<(), AdminError> {
    let find = |field: &'static str, raw: &str| {
        let state = state.clone();
        let raw = raw.to_owned();
        async move {
            let email = Email::parse(&raw).map_err(invalid(field))?;
            user_entity::Model::find_by_email(&state.db, &email).await?.ok_or_else(|| {
                AdminError::Invalid { field, message: "No account has this email.".into() }
            })
        }
    };
    let tutor = find("tutorEmail", tutor_email).await?;
    let student = find("studentEmail", student_email).await?;
    link(state, tutor.id, student.id).await
}

/// The newest 50 queued messages, optionally for one recipient: what an admin checks when
/// someone says "I never got the email" while no mailer is attached.
pub async fn list_outbox(
    state: &AppState,
    recipient: Option<&str>,
) -> Result<Vec<OutboxMessageView>, AdminError> {
    let messages = models::outbox::newest(&state.db, recipient, 50).await?;
    Ok(messages
        .into_iter()
        .map(|m| OutboxMessageView {
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            subject: m.subject,
            // Reset links carry a single-use secret: an admin reading the outbox must not be
            // able to use another user's (another admin's) link.
            body: redact_secrets(&m.body),
            status: m.status,
            created_at: m.created_at,
        })
        .collect())
}

impl From<crate::server::queue::QueueError> for AdminError {
    fn from(err: crate::server::queue::QueueError) -> Self {
        Self::Internal(err.into())
    }
}

/// The job health page: per-function counts, the jobs that failed for good, live workers.
pub async fn job_health(state: &AppState) -> Result<crate::dto::jobs::JobHealth, AdminError> {
    Ok(crate::dto::jobs::JobHealth {
        stats: state.jobs.stats().await?,
        failed: state.jobs.failed(50).await?,
        live_workers: state.jobs.live_workers().await?,
        runnable: super::job_runs::RUNNABLE.iter().map(|name| (*name).to_owned()).collect(),
    })
}

/// Puts a job that failed for good back on its queue.
pub async fn retry_job(state: &AppState, job_id: &str) -> Result<(), AdminError> {
    if state.jobs.retry_failed(job_id).await? {
        Ok(())
    } else {
        Err(AdminError::NotFound("failed job"))
    }
}

/// Replaces the value of every `token=` in a text with a placeholder.
pub fn redact_secrets(text: &str) -> String {
    const MARK: &str = "token=";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at + MARK.len()]);
        rest = &rest[at + MARK.len()..];
        let secret_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '%'))
            .unwrap_or(rest.len());
        if secret_len > 0 {
            out.push_str("[redacted]");
        }
        rest = &rest[secret_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_secrets;

    #[test]
    fn reset_links_in_the_outbox_are_redacted() {
        let body = "open http://x/reset-password?token=abc123DEF&next=/ within an hour";
        assert_eq!(
            redact_secrets(body),
            "open http://x/reset-password?token=[redacted]&next=/ within an hour"
        );
        assert_eq!(redact_secrets("no secrets here"), "no secrets here");
        assert_eq!(redact_secrets("token="), "token=");
    }
}
