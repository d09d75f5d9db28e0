//! Validated newtypes shared by forms (instant feedback) and the server (the authority).
//!
//! Each type has a private field and one `parse` constructor: holding an `Email` means the text
//! was checked. The browser calls `parse` as the user types; the server calls it again, because
//! the browser is not to be trusted.

mod account;
mod goal;
mod session;

pub use account::{Email, Grade, Password, PersonName, Role, TimeZoneName};
pub use goal::{GoalDescription, GoalSubject};
pub use session::{DurationSeconds, MAX_TRANSCRIPT_BYTES, TranscriptFormat, TranscriptSource};

/// Why a value was refused, in words for the person typing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
