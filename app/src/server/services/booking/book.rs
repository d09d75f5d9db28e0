//! `POST /api/bookings`: a student takes one of a tutor's free slots. The rules that are the
//! student's to fix (a past time, a time the tutor does not offer, a clash with their own other
//! booking) are 422 with the reason; a slot someone else holds is 409, and two requests racing
//! for one slot are settled by the unique index, not by the checks before it.

use chrono::Duration;
use uuid::Uuid;

use super::{
    BookingError, TAKEN,
    availability::{active_tutor, week_of},
    invalid, parse_instant, view,
};
use crate::{
    dto::booking::{BookingView, NewBooking},
    server::{
        auth::{current::CurrentUser, policy},
        db::begin_write,
        entities::{bookings, enums::LinkOrigin, escalations},
        models::{self, bookings::NewBooking as NewRow},
        services::booking::manage::{Change, notify_both},
        state::AppState,
    },
};

const MAX_NOTE_CHARS: usize = 1000;
/// How far ahead a slot may be booked.
const MAX_DAYS_AHEAD: i64 = 180;

/// Why a time cannot be booked with this tutor, checked the same way for a new booking and a
/// move (`except` is the booking being moved).
pub(super) async fn check_time(
    state: &AppState,
    tutor: &crate::server::entities::users::Model,
    student_id: Uuid,
    start: chrono::DateTime<chrono::Utc>,
    except: Option<Uuid>,
) -> Result<chrono::DateTime<chrono::Utc>, BookingError> {
    let now = state.clock.now();
    if start <= now {
        return Err(BookingError::Refused("That time has already passed.".into()));
    }
    if start > now + Duration::days(MAX_DAYS_AHEAD) {
        return Err(BookingError::Refused(format!(
            "Bookings open at most {MAX_DAYS_AHEAD} days ahead."
        )));
    }
    let week = week_of(&state.db, tutor).await?;
    if !week.offers(start) {
        return Err(BookingError::Refused(format!(
            "That time is outside {}'s availability. Choose one of their free slots.",
            tutor.name
        )));
    }
    let end = start + Duration::minutes(i64::from(week.slot_minutes));
    let own =
        models::bookings::overlapping(&state.db, None, Some(student_id), (start, end), except)
            .await?;
    if !own.is_empty() {
        return Err(BookingError::Refused("You already have a booking at that time.".into()));
    }
    // A different slot length can overlap without sharing a start; the index covers equal
    // starts, this covers the rest.
    let theirs =
        models::bookings::overlapping(&state.db, Some(tutor.id), None, (start, end), except)
            .await?;
    if !theirs.is_empty() {
        return Err(BookingError::Conflict(TAKEN.into()));
    }
    Ok(end)
}

#[tracing::instrument(skip_all, fields(student = %me.id, tutor = %input.tutor_id))]
pub async fn create_booking(
    state: &AppState,
    me: &CurrentUser,
    input: NewBooking,
) -> Result<BookingView, BookingError> {
    policy::can_book_tutor(&state.db, me, input.tutor_id).await?;
    let start = parse_instant("start", &input.start)?;
    let note = input.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(invalid("note", format!("Keep the note under {MAX_NOTE_CHARS} characters.")));
    }
    let tutor = active_tutor(&state.db, input.tutor_id).await?;
    let slot_minutes = week_of(&state.db, &tutor).await?.slot_minutes;
    if let Some(minutes) = input.minutes
        && u32::from(minutes) != slot_minutes
    {
        return Err(BookingError::Refused(format!(
            "{} offers {slot_minutes}-minute slots.",
            tutor.name
        )));
    }
    let escalation = match input.escalation_id {
        Some(id) => {
            let escalation = escalations::Model::find(&state.db, id).await?;
            policy::require_owner(me, escalation.student_id, "escalation")?;
            Some(escalation)
        }
        None => None,
    };
    let end = check_time(state, &tutor, me.id, start, None).await?;

    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let booking = bookings::Model::take(
        &txn,
        NewRow {
            tutor_id: tutor.id,
            student_id: me.id,
            start,
            end,
            note,
            escalation_id: escalation.as_ref().map(|e| e.id),
        },
        now,
    )
    .await?;
    // Booking a tutor is the student's own act: it links them (SPEC §2).
    models::tutor_students::ensure(&txn, tutor.id, me.id, LinkOrigin::Booking, now).await?;
    if let Some(escalation) = &escalation {
        escalation.mark_booked(&txn, now).await?;
    }
    notify_both(&txn, &booking, &tutor.name, &me.name, Change::Booked, now).await?;
    txn.commit().await?;
    tracing::info!(booking = %booking.id, "booked");
    let names: std::collections::HashMap<Uuid, String> =
        [(tutor.id, tutor.name), (me.id, me.name.clone())].into_iter().collect();
    Ok(view(booking, &names, &me.time_zone))
}
