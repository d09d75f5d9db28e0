//! What admins do: manage users and roles, deactivate accounts, link tutors to students.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use super::{
    accounts::revoke_tokens,
    links,
    users::{self, NewUser},
};
use crate::{
    domain::{Email, Grade, Password, PersonName, Role},
    dto::{
        page::{Page, PageParams},
        user::{AdminUserView, LinkedUser},
    },
    error::AppError,
    server::{
        auth::current::CurrentUser,
        entities::{tutor_students, users as user_entity},
        state::AppState,
    },
};

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
) -> Result<Page<AdminUserView>, AppError> {
    let params = params.clamped();
    let mut query = user_entity::Entity::find().order_by_desc(user_entity::Column::CreatedAt);
    if let Some(role) = role {
        query = query.filter(user_entity::Column::Role.eq(role.as_str()));
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
                role: Role::parse(&user.role).unwrap_or(Role::Student),
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

pub async fn create_user(
    state: &AppState,
    input: NewAccount,
) -> Result<user_entity::Model, AppError> {
    let field = |name: &'static str| move |e: crate::domain::Invalid| AppError::field(name, e.0);
    let new = NewUser {
        email: Email::parse(&input.email).map_err(field("email"))?,
        name: PersonName::parse(&input.name).map_err(field("name"))?,
        password: Password::parse(&input.password).map_err(field("password"))?,
        role: Role::parse(&input.role).map_err(field("role"))?,
        grade: Grade::parse_optional(input.grade.as_deref().unwrap_or_default())
            .map_err(field("grade"))?,
    };
    let user = users::create(&state.db, new).await.map_err(|e| match e {
        users::UserError::EmailTaken => {
            AppError::Conflict("an account with this email already exists".into())
        }
        users::UserError::Db(err) => err.into(),
        users::UserError::Other(err) => err.into(),
    })?;
    tracing::info!(user_id = %user.id, role = %user.role, "admin created a user");
    Ok(user)
}

async fn find_user(state: &AppState, id: Uuid) -> Result<user_entity::Model, AppError> {
    user_entity::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::NotFound("user".into()))
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
) -> Result<user_entity::Model, AppError> {
    let user = find_user(state, id).await?;
    if id == me.id && (role.is_some_and(|r| r != Role::Admin) || is_active == Some(false)) {
        return Err(AppError::Conflict(
            "you cannot remove your own admin role or deactivate yourself".into(),
        ));
    }
    let mut update = user_entity::ActiveModel { id: Set(user.id), ..Default::default() };
    let mut revoke = false;
    if let Some(role) = role
        && role.as_str() != user.role
    {
        update.role = Set(role.as_str().to_owned());
        revoke = true;
    }
    if let Some(active) = is_active
        && active != user.is_active
    {
        update.is_active = Set(active);
        revoke |= !active;
    }
    update.updated_at = Set(Utc::now());
    let updated = update.update(&state.db).await?;
    if revoke {
        revoke_tokens(&state.db, id).await?;
    }
    tracing::info!(user_id = %id, role = %updated.role, active = updated.is_active, "admin updated a user");
    find_user(state, id).await
}

/// Links a tutor to a student (admin origin). Idempotent.
pub async fn link(state: &AppState, tutor_id: Uuid, student_id: Uuid) -> Result<(), AppError> {
    let tutor = find_user(state, tutor_id).await?;
    let student = find_user(state, student_id).await?;
    if tutor.role != Role::Tutor.as_str() {
        return Err(AppError::field("tutorId", "That user is not a tutor."));
    }
    if student.role != Role::Student.as_str() {
        return Err(AppError::field("studentId", "That user is not a student."));
    }
    links::ensure(&state.db, tutor_id, student_id, links::LinkOrigin::Admin).await?;
    Ok(())
}

pub async fn unlink(state: &AppState, tutor_id: Uuid, student_id: Uuid) -> Result<bool, AppError> {
    let result = tutor_students::Entity::delete_many()
        .filter(tutor_students::Column::TutorId.eq(tutor_id))
        .filter(tutor_students::Column::StudentId.eq(student_id))
        .exec(&state.db)
        .await?;
    Ok(result.rows_affected > 0)
}
