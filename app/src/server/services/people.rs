//! Whom a user can name: tutors for a student's upload or booking, students for a tutor's.

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use crate::{
    domain::{Email, Role},
    dto::user::{PersonOption, TutorOption},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::{sessions, tutor_students, users},
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

/// Every active tutor, the caller's linked tutors first, with the subjects they teach (from
/// their analysed sessions). Students may work with any tutor, and see tutors' names and
/// subjects, never their email addresses.
pub async fn list_tutors(
    state: &AppState,
    me: &CurrentUser,
) -> Result<Vec<TutorOption>, PeopleError> {
    policy::can_see_free_slots(me)?;
    let linked: HashSet<Uuid> = tutor_students::Entity::find()
        .filter(tutor_students::Column::StudentId.eq(me.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|l| l.tutor_id)
        .collect();
    let rows = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Tutor))
        .filter(users::Column::IsActive.eq(true))
        .order_by_asc(users::Column::Name)
        .limit(500)
        .all(&state.db)
        .await?;
    let mut subjects = subjects_taught(state, rows.iter().map(|u| u.id).collect()).await?;
    let mut tutors: Vec<TutorOption> = rows
        .into_iter()
        .map(|u| TutorOption {
            linked: linked.contains(&u.id),
            subjects: subjects.remove(&u.id).unwrap_or_default(),
            id: u.id,
            name: u.name,
        })
        .collect();
    tutors.sort_by_key(|t| !t.linked);
    Ok(tutors)
}

/// Each tutor's session subjects, most frequent first (at most five).
async fn subjects_taught(
    state: &AppState,
    tutors: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<String>>, sea_orm::DbErr> {
    let rows: Vec<(Uuid, Option<String>, i64)> = sessions::Entity::find()
        .select_only()
        .column(sessions::Column::TutorId)
        .column(sessions::Column::Subject)
        .column_as(
            Expr::from(Func::count(Expr::col((sessions::Entity, sessions::Column::Id)))),
            "n",
        )
        .filter(sessions::Column::TutorId.is_in(tutors))
        .filter(sessions::Column::Subject.is_not_null())
        .group_by(sessions::Column::TutorId)
        .group_by(sessions::Column::Subject)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut counted: HashMap<Uuid, Vec<(i64, String)>> = HashMap::new();
    for (tutor, subject, n) in rows {
        if let Some(subject) = subject.filter(|s| !s.trim().is_empty()) {
            counted.entry(tutor).or_default().push((n, subject));
        }
    }
    Ok(counted
        .into_iter()
        .map(|(tutor, mut list)| {
            list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            (tutor, list.into_iter().take(5).map(|(_, s)| s).collect())
        })
        .collect())
}

/// For tutors: their linked students, narrowed to the one with `email` if given; a tutor never
/// finds an unlinked student by address (they invite instead, which reveals nothing). For
/// admins: students matching the email, or all. Students: 403.
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
        (Some(email), Role::Tutor) => query
            .filter(users::Column::Id.is_in(linked.iter().copied().collect::<Vec<_>>()))
            .filter(users::Column::Email.eq(email.as_str())),
        (None, Role::Tutor) => {
            query.filter(users::Column::Id.is_in(linked.iter().copied().collect::<Vec<_>>()))
        }
        (Some(email), _) => query.filter(users::Column::Email.eq(email.as_str())),
        (None, _) => query,
    };
    Ok(query.all(&state.db).await?.into_iter().map(|u| option(u, &linked)).collect())
}
