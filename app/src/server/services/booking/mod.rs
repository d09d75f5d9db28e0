//! Booking a tutor (issue 13, SPEC §3.10): a tutor's weekly availability, free slots as
//! instants, bookings that the database keeps from colliding, cancel and reschedule with both
//! sides notified, and an `.ics` file for each booking. One file per concern.

mod availability;
mod book;
mod calendar;
mod manage;
pub mod slots;

pub use availability::{free_slots, get_availability, save_availability};
pub use book::create_booking;
pub use calendar::calendar_file;
pub use manage::{cancel_booking, list_bookings, reschedule_booking};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    dto::booking::BookingView,
    error::AppError,
    server::{
        auth::policy::AccessError,
        entities::bookings,
        models::{ModelError, bookings::TakeError},
        services::time,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Malformed input (400) naming the field.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// Well-formed but against the rules (422): past, outside availability, overlapping.
    #[error("{0}")]
    Refused(String),
    /// Someone else holds the slot, or the booking moved on (409).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for BookingError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(what) => Self::NotFound(what),
            ModelError::WrongState { entity, actual, wanted } => {
                Self::Conflict(format!("This {entity} is {actual}, so it cannot be {wanted}."))
            }
            ModelError::Db(err) => Self::Db(err),
        }
    }
}

impl From<TakeError> for BookingError {
    fn from(err: TakeError) -> Self {
        match err {
            TakeError::Taken => Self::Conflict(TAKEN.into()),
            TakeError::Model(err) => err.into(),
        }
    }
}

impl From<BookingError> for AppError {
    fn from(err: BookingError) -> Self {
        match err {
            BookingError::Access(err) => err.into(),
            BookingError::NotFound(what) => Self::NotFound(what.into()),
            BookingError::Invalid { field, message } => Self::field(field, message),
            BookingError::Refused(message) => Self::Unprocessable(message),
            BookingError::Conflict(message) => Self::Conflict(message),
            BookingError::Db(err) => err.into(),
        }
    }
}

const TAKEN: &str = "Someone has just booked that time. Choose another slot.";

fn invalid(field: &'static str, message: impl Into<String>) -> BookingError {
    BookingError::Invalid { field, message: message.into() }
}

/// An RFC 3339 instant from a request field.
fn parse_instant(field: &'static str, raw: &str) -> Result<DateTime<Utc>, BookingError> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| invalid(field, "Give the time as RFC 3339, like 2026-12-01T16:00:00Z."))
}

/// A booking as `viewer` sees it (times labelled in their zone).
fn view(
    booking: bookings::Model,
    names: &std::collections::HashMap<Uuid, String>,
    viewer_zone: &str,
) -> BookingView {
    BookingView {
        when_label: time::label(booking.starts_at, viewer_zone),
        tutor_name: names.get(&booking.tutor_id).cloned().unwrap_or_default(),
        student_name: names.get(&booking.student_id).cloned().unwrap_or_default(),
        id: booking.id,
        tutor_id: booking.tutor_id,
        student_id: booking.student_id,
        start: booking.starts_at,
        end: booking.ends_at,
        status: booking.status,
        note: booking.note,
        escalation_id: booking.escalation_id,
        cancel_reason: booking.cancel_reason,
    }
}
