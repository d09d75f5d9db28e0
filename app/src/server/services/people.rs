//! Whom a user can name: tutors for a student's upload or booking, students for a tutor's.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{
    domain::{Email, Role},
    dto::user::PersonOption,
    error::AppError,
    server::{
        auth::{current::CurrentUser, policy::AccessError},
        entities::{tutor_students, users},
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("email: {0}")]
    InvalidEmail(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<PeopleError> for AppError {
    fn from(err: PeopleError) -> Self {
        match err {
            PeopleError::Access(err) => err.into(),
            PeopleError::InvalidEmail(message) => Self::field("email", message),
            PeopleError::Db(err) => err.into(),
        }
    }
}

fn option(user: users::Model, linked: &HashSet<Uuid>) -> PersonOption {
    PersonOption {
        linked: linked.contains(&user.id),
        id: user.id,
        name: user.name,
        email: user.email,
    }
}

/// Every active tutor, the caller's linked tutors first. Students may work with any tutor.
pub async fn list_tutors(
    state: &AppState,
    me: &CurrentUser,
) -> Result<Vec<PersonOption>, PeopleError> {
    let linked: HashSet<Uuid> = tutor_students::Entity::find()
        .filter(tutor_students::Column::StudentId.eq(me.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|l| l.tutor_id)
        .collect();
    let mut tutors: Vec<PersonOption> = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Tutor))
        .filter(users::Column::IsActive.eq(true))
        .order_by_asc(users::Column::Name)
        .limit(500)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| option(u, &linked))
        .collect();
    tutors.sort_by_key(|t| !t.linked);
    Ok(tutors)
}

/// For tutors: their linked students, plus the student with `email` if given (so a tutor can
/// upload for a new student). For admins: students matching the email, or all. Students: 403.
pub async fn list_students(
    state: &AppState,
    me: &CurrentUser,
    email: Option<&str>,
) -> Result<Vec<PersonOption>, PeopleError> {
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(raw) => Some(Email::parse(raw).map_err(|e| PeopleError::InvalidEmail(e.0))?),
        None => None,
    };
    let linked: HashSet<Uuid> = match me.role {
        Role::Student => return Err(AccessError::Forbidden.into()),
        Role::Tutor => tutor_students::Entity::find()
            .filter(tutor_students::Column::TutorId.eq(me.id))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|l| l.student_id)
            .collect(),
        Role::Admin => HashSet::new(),
    };
    let mut query = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Student))
        .filter(users::Column::IsActive.eq(true))
        .order_by_asc(users::Column::Name)
        .limit(500);
    query = match (&email, me.role) {
        (Some(email), Role::Tutor) => query.filter(
            sea_orm::Condition::any()
                .add(users::Column::Id.is_in(linked.iter().copied().collect::<Vec<_>>()))
                .add(users::Column::Email.eq(email.as_str())),
        ),
        (None, Role::Tutor) => {
            query.filter(users::Column::Id.is_in(linked.iter().copied().collect::<Vec<_>>()))
        }
        (Some(email), _) => query.filter(users::Column::Email.eq(email.as_str())),
        (None, _) => query,
    };
    Ok(query.all(&state.db).await?.into_iter().map(|u| option(u, &linked)).collect())
}
