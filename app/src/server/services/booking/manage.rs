//! Listing, cancelling and moving bookings; both sides hear of every change.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    BookingError, availability::active_tutor, book::check_time, invalid, parse_instant, view,
};
use crate::{
    domain::Role,
    dto::booking::{BookingView, CancelInput, RescheduleInput},
    server::{
        auth::{current::CurrentUser, policy},
        db::begin_write,
        entities::{bookings, enums::NotificationKind},
        models::{
            self,
            bookings::Whose,
            notifications::{self, NewNotification},
        },
        services::time,
        state::AppState,
    },
};

const MAX_REASON_CHARS: usize = 500;
const LIST_LIMIT: u64 = 200;

/// What happened to a booking, for the notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Booked,
    Cancelled,
    Rescheduled,
}

/// Tells the tutor and the student what happened, each with the time in their own zone and a
/// link to their own list.
pub(super) async fn notify_both(
    db: &impl ConnectionTrait,
    booking: &bookings::Model,
    tutor_name: &str,
    student_name: &str,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let zones = models::users::zones(db, [booking.tutor_id, booking.student_id]).await?;
    let parties = [
        (booking.tutor_id, student_name, "/schedule"),
        (booking.student_id, tutor_name, "/bookings"),
    ];
    for (user_id, other, link) in parties {
        let zone = zones.get(&user_id).map_or("UTC", String::as_str);
        let when = time::label(booking.starts_at, zone);
        let (kind, title, body) = match change {
            Change::Booked => (
                NotificationKind::BookingConfirmed,
                format!("Session booked with {other}"),
                format!("{when}."),
            ),
            Change::Cancelled => (
                NotificationKind::BookingCancelled,
                format!("Session with {other} cancelled"),
                format!(
                    "{when} is cancelled. Reason: {}",
                    booking.cancel_reason.as_deref().unwrap_or("none given")
                ),
            ),
            Change::Rescheduled => (
                NotificationKind::BookingRescheduled,
                format!("Session with {other} moved"),
                format!("Now {when}."),
            ),
        };
        notifications::notify(
            db,
            NewNotification {
                user_id,
                kind,
                title,
                body,
                link: link.to_owned(),
                dedupe_key: Some(format!(
                    "booking:{}:{}:{}",
                    booking.id,
                    kind,
                    booking.updated_at.timestamp_millis()
                )),
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// `GET /api/bookings?past=`: the caller's bookings (a tutor's, a student's; every booking
/// for admins), upcoming soonest first, or past latest first.
pub async fn list_bookings(
    state: &AppState,
    me: &CurrentUser,
    past: bool,
) -> Result<Vec<BookingView>, BookingError> {
    let whose = match me.role {
        Role::Tutor => Whose::Tutor(me.id),
        Role::Student => Whose::Student(me.id),
        Role::Admin => {
            policy::require_admin(me)?;
            Whose::Everyone
        }
    };
    let rows =
        models::bookings::list(&state.db, whose, past, state.clock.now(), LIST_LIMIT).await?;
    let names = models::users::names(
        &state.db,
        rows.iter().flat_map(|b| [b.tutor_id, b.student_id]).collect::<Vec<_>>(),
    )
    .await?;
    Ok(rows.into_iter().map(|b| view(b, &names, &me.time_zone)).collect())
}

/// The booking, if `me` is one of its two people (or an admin); 404 for everyone else.
pub(super) async fn own_booking(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<bookings::Model, BookingError> {
    let booking = bookings::Model::find(&state.db, id).await?;
    policy::require_party(me, [booking.tutor_id, booking.student_id], "booking")?;
    Ok(booking)
}

async fn names_of(
    state: &AppState,
    booking: &bookings::Model,
) -> Result<std::collections::HashMap<Uuid, String>, BookingError> {
    Ok(models::users::names(&state.db, [booking.tutor_id, booking.student_id]).await?)
}

/// `POST /api/bookings/{id}/cancel {reason}`: either side cancels an upcoming booking.
#[tracing::instrument(skip_all, fields(booking = %id))]
pub async fn cancel_booking(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: CancelInput,
) -> Result<BookingView, BookingError> {
    let booking = own_booking(state, me, id).await?;
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(
            "reason",
            format!("Say briefly why (under {MAX_REASON_CHARS} characters)."),
        ));
    }
    let now = state.clock.now();
    if booking.starts_at <= now {
        return Err(BookingError::Refused("This session has already started.".into()));
    }
    let names = names_of(state, &booking).await?;
    let txn = begin_write(&state.db).await?;
    let cancelled = booking.cancel(&txn, me.id, reason, now).await?;
    notify_both(
        &txn,
        &cancelled,
        name(&names, cancelled.tutor_id),
        name(&names, cancelled.student_id),
        Change::Cancelled,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(view(cancelled, &names, &me.time_zone))
}

fn name(names: &std::collections::HashMap<Uuid, String>, id: Uuid) -> &str {
    names.get(&id).map_or("", String::as_str)
}

/// `POST /api/bookings/{id}/reschedule {start}`: either side moves an upcoming booking to
/// another free slot of the same tutor. One statement moves it, so the old slot is freed only
/// if the new one is taken; a refused move leaves the booking as it was.
#[tracing::instrument(skip_all, fields(booking = %id))]
pub async fn reschedule_booking(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: RescheduleInput,
) -> Result<BookingView, BookingError> {
    let booking = own_booking(state, me, id).await?;
    let start = parse_instant("start", &input.start)?;
    let now = state.clock.now();
    if booking.status != crate::dto::booking::BookingStatus::Confirmed {
        return Err(BookingError::Conflict(format!(
            "This booking is {}, so it cannot be rescheduled.",
            booking.status
        )));
    }
    if booking.starts_at <= now {
        return Err(BookingError::Refused("This session has already started.".into()));
    }
    if start == booking.starts_at {
        return Err(BookingError::Refused("Choose a different time.".into()));
    }
    let tutor = active_tutor(&state.db, booking.tutor_id).await?;
    let end = check_time(state, &tutor, booking.student_id, start, Some(booking.id)).await?;
    let names = names_of(state, &booking).await?;
    let txn = begin_write(&state.db).await?;
    let moved = booking.move_to(&txn, start, end, now).await?;
    notify_both(
        &txn,
        &moved,
        name(&names, moved.tutor_id),
        name(&names, moved.student_id),
        Change::Rescheduled,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(view(moved, &names, &me.time_zone))
}
