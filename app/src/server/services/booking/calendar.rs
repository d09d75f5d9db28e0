//! `GET /api/bookings/{id}/calendar.ics`: the booking as an iCalendar event (RFC 5545, written
//! by the `icalendar` crate), so it lands in the person's own calendar. A cancelled booking is
//! a cancelled event, which calendars that imported it take off.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use uuid::Uuid;

use super::{BookingError, manage::own_booking};
use crate::server::{
    auth::current::CurrentUser, entities::enums::BookingStatus, models, state::AppState,
};

/// The `.ics` text for one of the caller's bookings.
pub async fn calendar_file(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<String, BookingError> {
    let booking = own_booking(state, me, id).await?;
    let names = models::users::names(&state.db, [booking.tutor_id, booking.student_id]).await?;
    let name = |id: Uuid| names.get(&id).cloned().unwrap_or_default();
    let (tutor, student) = (name(booking.tutor_id), name(booking.student_id));
    let mut event = Event::new();
    event
        .uid(&format!("{}@study-companion", booking.id))
        .summary(&format!("Tutoring: {student} with {tutor}"))
        .starts(booking.starts_at)
        .ends(booking.ends_at)
        .timestamp(booking.updated_at)
        .status(match booking.status {
            BookingStatus::Confirmed => EventStatus::Confirmed,
            BookingStatus::Cancelled => EventStatus::Cancelled,
        });
    if let Some(note) = &booking.note {
        event.description(note);
    }
    let calendar = Calendar::new().name("Study Companion").push(event.done()).done();
    Ok(calendar.to_string())
}
