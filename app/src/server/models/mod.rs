//! Domain methods on the entities (loco's fat models): how a row is created, found and moved
//! from one state to the next. Every state change that must not race is one conditional
//! statement here, with the reason written beside it; services compose these and never write
//! a status column themselves.

pub mod bookings;
pub mod concept_evidence;
pub mod concepts;
pub mod conversations;
pub mod escalations;
pub mod goal_progress;
pub mod goals;
pub mod messages;
pub mod notifications;
pub mod nudge_settings;
pub mod nudges;
pub mod outbox;
pub mod password_resets;
pub mod practice_answers;
pub mod practice_items;
pub mod practices;
pub mod sessions;
pub mod student_concepts;
pub mod subject_suggestions;
pub mod transcripts;
pub mod tutor_invitations;
pub mod tutor_students;
pub mod users;

/// Why a model operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A conditional state change found the row in another state (someone got there first).
    #[error("the {entity} is {actual}, so it cannot be {wanted}")]
    WrongState { entity: &'static str, actual: String, wanted: &'static str },
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// True for a unique-constraint violation on either database.
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
