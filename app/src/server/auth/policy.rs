//! Who may see whom: the one place access rules live (SPEC §2). Every server function and REST
//! handler calls into here before it touches a student's data.
//!
//! - A student reads and writes only their own data.
//! - A tutor reads (and writes, e.g. uploads) a student's data only while a tutor–student link
//!   exists. A link is made only by the student's own act (an upload naming the tutor, a
//!   booking, accepting an invitation) or by an admin, never by the tutor alone.
//! - An admin reads everything.
//! - Anything else is 403; a student id that does not exist is 404 only for admins, so others
//!   cannot probe which ids exist.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::current::CurrentUser;
use crate::{
    domain::Role,
    error::AppError,
    server::{
        entities::{tutor_students, users},
        models,
    },
};

/// Why the policy said no.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("forbidden")]
    Forbidden,
    /// For admins asking about a student id that does not exist (others get `Forbidden`, so
    /// they cannot probe which ids exist).
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<AccessError> for AppError {
    fn from(err: AccessError) -> Self {
        match err {
            AccessError::Forbidden => Self::Forbidden,
            AccessError::NotFound(what) => Self::NotFound(what.into()),
            AccessError::Db(err) => err.into(),
        }
    }
}

/// May `me` read this student's data?
pub async fn can_read_student(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<(), AccessError> {
    match me.role {
        Role::Student if me.id == student_id => Ok(()),
        Role::Student => Err(AccessError::Forbidden),
        Role::Tutor if is_linked(db, me.id, student_id).await? => Ok(()),
        Role::Tutor => Err(AccessError::Forbidden),
        Role::Admin => require_student_exists(db, student_id).await,
    }
}

/// May `me` change this student's data (upload a transcript, add a goal)? Same rule as reading
/// today; kept separate so the two can diverge without hunting for call sites.
pub async fn can_write_student(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<(), AccessError> {
    can_read_student(db, me, student_id).await
}

/// Admin-only actions: managing users and links, job health.
pub fn require_admin(me: &CurrentUser) -> Result<(), AccessError> {
    if me.is_admin() { Ok(()) } else { Err(AccessError::Forbidden) }
}

/// May this request read `/metrics`? An admin's session, or the configured `METRICS_TOKEN`
/// presented as a bearer token (compared in constant time). Nobody else, so a scrape never leaks
/// to the public.
pub fn can_read_metrics(
    me: Option<&CurrentUser>,
    presented: Option<&str>,
    configured: Option<&str>,
) -> Result<(), AccessError> {
    use subtle::ConstantTimeEq;
    if me.is_some_and(CurrentUser::is_admin) {
        return Ok(());
    }
    match (presented, configured) {
        (Some(presented), Some(configured))
            if bool::from(presented.as_bytes().ct_eq(configured.as_bytes())) =>
        {
            Ok(())
        }
        _ => Err(AccessError::Forbidden),
    }
}

/// Actions only a student takes for themselves (submitting their own practice).
pub fn require_self(me: &CurrentUser, student_id: Uuid) -> Result<(), AccessError> {
    if me.id == student_id { Ok(()) } else { Err(AccessError::Forbidden) }
}

/// Things only their student ever sees (chat conversations): anyone else is told they do not
/// exist (404), so ids cannot be probed, whatever their role.
pub fn require_owner(
    me: &CurrentUser,
    owner_id: Uuid,
    what: &'static str,
) -> Result<(), AccessError> {
    if me.id == owner_id { Ok(()) } else { Err(AccessError::NotFound(what)) }
}

/// Actions only students take (chatting with the companion about their own sessions).
pub fn require_student(me: &CurrentUser) -> Result<(), AccessError> {
    if me.role == Role::Student { Ok(()) } else { Err(AccessError::Forbidden) }
}

/// Actions only tutors take (setting availability, inviting students).
pub fn require_tutor(me: &CurrentUser) -> Result<(), AccessError> {
    if me.role == Role::Tutor { Ok(()) } else { Err(AccessError::Forbidden) }
}

/// May `me` book this tutor? Only students book: a tutor they are linked with, or any tutor
/// while they have none (the booking then makes the link; SPEC §3.10).
pub async fn can_book_tutor(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    tutor_id: Uuid,
) -> Result<(), AccessError> {
    require_student(me)?;
    let tutors = models::tutor_students::tutors_of(db, me.id).await?;
    if tutors.is_empty() || tutors.contains(&tutor_id) {
        Ok(())
    } else {
        Err(AccessError::Forbidden)
    }
}

/// Things that belong to two people (a booking: its tutor and its student), and admins for
/// support. Anyone else is told it does not exist, so ids cannot be probed.
pub fn require_party(
    me: &CurrentUser,
    parties: [Uuid; 2],
    what: &'static str,
) -> Result<(), AccessError> {
    if parties.contains(&me.id) || me.is_admin() {
        Ok(())
    } else {
        Err(AccessError::NotFound(what))
    }
}

/// A tutor's free slots are public to signed-in users (students choose a tutor by them); only
/// the tutor edits their availability.
pub fn can_see_free_slots(_me: &CurrentUser) -> Result<(), AccessError> {
    Ok(())
}

/// Which of these students may `me` read? The same rule as [`can_read_student`], answered for a
/// whole list in one query (live status polls cover many sessions at once).
pub async fn readable_students(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    student_ids: &[Uuid],
) -> Result<HashSet<Uuid>, AccessError> {
    Ok(match me.role {
        Role::Student => student_ids.iter().copied().filter(|id| *id == me.id).collect(),
        Role::Admin => student_ids.iter().copied().collect(),
        Role::Tutor => tutor_students::Entity::find()
            .select_only()
            .column(tutor_students::Column::StudentId)
            .filter(tutor_students::Column::TutorId.eq(me.id))
            .filter(tutor_students::Column::StudentId.is_in(student_ids.iter().copied()))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
    })
}

/// Is there a link between this tutor and this student?
pub async fn is_linked(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
    student_id: Uuid,
) -> Result<bool, AccessError> {
    Ok(models::tutor_students::exists(db, tutor_id, student_id).await?)
}

async fn require_student_exists(
    db: &impl ConnectionTrait,
    student_id: Uuid,
) -> Result<(), AccessError> {
    match users::Entity::find_by_id(student_id).one(db).await? {
        Some(user) if user.role == Role::Student => Ok(()),
        _ => Err(AccessError::NotFound("student")),
    }
}

/// May `me` see the tutor's view of this student (risk flags, the pre-session brief, the
/// student page)? A linked tutor or an admin. It is written for the tutor, so the student
/// themselves is refused too (their own pages show them the same facts their way).
pub async fn can_brief_student(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<(), AccessError> {
    match me.role {
        Role::Student => Err(AccessError::Forbidden),
        Role::Tutor | Role::Admin => can_read_student(db, me, student_id).await,
    }
}
