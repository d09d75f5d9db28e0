//! Server functions for availability, booking and invitations: the pages call these; they go
//! through the same services (and the same policy checks) as the REST API.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::{
        booking::{AvailabilityInput, AvailabilityView, BookingView, SlotOption},
        invitation::InvitationView,
        reply::Message,
    },
    error::AppError,
};

/// A tutor's free slots for the next `days` days (at most 28), labelled in the caller's zone.
#[server(prefix = "/_fn", endpoint = "bookings/slots")]
pub async fn tutor_slots(tutor_id: Uuid, days: u32) -> Result<Vec<SlotOption>, AppError> {
    use super::support::read_once;
    use crate::server::services::{booking, time};
    read_once("bookings/slots", (tutor_id, days), move |state, me| async move {
        let from = state.clock.now();
        let to = from + chrono::Duration::days(i64::from(days.clamp(1, 28)));
        let slots =
            booking::free_slots(&state, &me, tutor_id, &from.to_rfc3339(), &to.to_rfc3339())
                .await?;
        Ok(slots
            .into_iter()
            .map(|slot| SlotOption {
                start: slot.start,
                day_label: time::weekday_label(slot.start, &me.time_zone),
                time_label: time::clock_label(slot.start, &me.time_zone),
            })
            .collect())
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "bookings/create")]
pub async fn create_booking(
    tutor_id: Uuid,
    start: String,
    note: Option<String>,
    escalation_id: Option<Uuid>,
) -> Result<BookingView, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::booking::NewBooking,
        server::{auth::current::require_user, services::booking},
    };
    respond(
        async {
            let input = NewBooking { tutor_id, start, minutes: None, note, escalation_id };
            Ok(booking::create_booking(&state()?, &require_user()?, input).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "bookings/list")]
pub async fn list_bookings(past: bool) -> Result<Vec<BookingView>, AppError> {
    use super::support::read_once;
    use crate::server::services::booking;
    read_once("bookings/list", past, move |state, me| async move {
        Ok(booking::list_bookings(&state, &me, past).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "bookings/cancel")]
pub async fn cancel_booking(id: Uuid, reason: String) -> Result<BookingView, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::booking::CancelInput,
        server::{auth::current::require_user, services::booking},
    };
    respond(
        async {
            let input = CancelInput { reason };
            Ok(booking::cancel_booking(&state()?, &require_user()?, id, input).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "bookings/reschedule")]
pub async fn reschedule_booking(id: Uuid, start: String) -> Result<BookingView, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::booking::RescheduleInput,
        server::{auth::current::require_user, services::booking},
    };
    respond(
        async {
            let input = RescheduleInput { start };
            Ok(booking::reschedule_booking(&state()?, &require_user()?, id, input).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "availability/get")]
pub async fn get_availability() -> Result<AvailabilityView, AppError> {
    use super::support::read_once;
    use crate::server::services::booking;
    read_once("availability/get", (), move |state, me| async move {
        Ok(booking::get_availability(&state, &me).await?)
    })
    .await
}

/// Replaces the tutor's week (sent as JSON).
#[server(prefix = "/_fn", endpoint = "availability/save", input = server_fn::codec::Json)]
pub async fn save_availability(week: AvailabilityInput) -> Result<AvailabilityView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::booking};
    respond(
        async { Ok(booking::save_availability(&state()?, &require_user()?, week).await?) }.await,
    )
}

#[server(prefix = "/_fn", endpoint = "invitations/send")]
pub async fn invite_student(email: String) -> Result<Message, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::invitations};
    respond(async { Ok(invitations::invite(&state()?, &require_user()?, &email).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "invitations/list")]
pub async fn list_invitations() -> Result<Vec<InvitationView>, AppError> {
    use super::support::read_once;
    use crate::server::services::invitations;
    read_once("invitations/list", (), move |state, me| async move {
        Ok(invitations::list(&state, &me).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "invitations/answer")]
pub async fn answer_invitation(id: Uuid, accept: bool) -> Result<InvitationView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::invitations};
    respond(async { Ok(invitations::answer(&state()?, &require_user()?, id, accept).await?) }.await)
}

/// A tutor's bookings for the coming seven days, soonest first (their schedule).
#[server(prefix = "/_fn", endpoint = "bookings/week")]
pub async fn schedule_week() -> Result<Vec<BookingView>, AppError> {
    use super::support::read_once;
    use crate::server::services::booking;
    read_once("bookings/week", (), move |state, me| async move {
        let until = state.clock.now() + chrono::Duration::days(7);
        let upcoming = booking::list_bookings(&state, &me, false).await?;
        Ok(upcoming.into_iter().filter(|b| b.start < until).collect())
    })
    .await
}
