//! `/api/tutors/me/availability`, `/api/tutors/{id}/slots` and `/api/bookings/*`: a tutor's
//! week, free slots, and bookings with cancel, reschedule and an `.ics` file.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::{
    dto::booking::{
        AvailabilityInput, AvailabilityView, BookingView, CancelInput, NewBooking, RescheduleInput,
        Slot,
    },
    error::AppError,
    server::{auth::current::Me, services::booking, state::AppState},
};

/// `GET /api/tutors/me/availability`.
#[utoipa::path(
    get,
    path = "/tutors/me/availability",
    tag = "bookings",
    responses((status = 200, description = "The tutor's week, in their profile's time zone", body = AvailabilityView)),
)]
pub async fn get_availability(
    State(state): State<AppState>,
    Me(me): Me,
) -> Result<Json<AvailabilityView>, AppError> {
    Ok(Json(booking::get_availability(&state, &me).await?))
}

/// `PUT /api/tutors/me/availability`: replaces the tutor's week.
#[utoipa::path(
    put,
    path = "/tutors/me/availability",
    tag = "bookings",
    request_body = AvailabilityInput,
    responses((status = 200, description = "The saved week", body = AvailabilityView)),
)]
pub async fn save_availability(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<AvailabilityInput>,
) -> Result<Json<AvailabilityView>, AppError> {
    Ok(Json(booking::save_availability(&state, &me, body).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotRange {
    /// RFC 3339; slots starting at or after this.
    from: String,
    /// RFC 3339; slots starting before this, at most 31 days after `from`.
    to: String,
}

/// `GET /api/tutors/{id}/slots?from=&to=`: free slots as instants.
#[utoipa::path(
    get,
    path = "/tutors/{id}/slots",
    tag = "bookings",
    params(("id" = Uuid, Path, description = "The tutor"), SlotRange),
    responses((status = 200, description = "Free slots in the range, soonest first", body = Vec<Slot>)),
)]
pub async fn list_slots(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(range): ApiQuery<SlotRange>,
) -> Result<Json<Vec<Slot>>, AppError> {
    Ok(Json(booking::free_slots(&state, &me, id, &range.from, &range.to).await?))
}

/// `POST /api/bookings` → 201.
#[utoipa::path(
    post,
    path = "/bookings",
    tag = "bookings",
    request_body = NewBooking,
    responses(
        (status = 201, description = "Booked", body = BookingView),
        (status = 409, description = "Someone else holds that slot", body = crate::error::ErrorBody),
        (status = 422, description = "In the past, outside availability, or clashing with the student's own booking", body = crate::error::ErrorBody),
    ),
)]
pub async fn create_booking(
    State(state): State<AppState>,
    Me(me): Me,
    ApiJson(body): ApiJson<NewBooking>,
) -> Result<(StatusCode, Json<BookingView>), AppError> {
    Ok((StatusCode::CREATED, Json(booking::create_booking(&state, &me, body).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BookingListQuery {
    /// `true` for bookings that have ended (latest first).
    past: Option<bool>,
}

/// `GET /api/bookings?past=`: the caller's bookings.
#[utoipa::path(
    get,
    path = "/bookings",
    tag = "bookings",
    params(BookingListQuery),
    responses((status = 200, description = "Upcoming bookings soonest first, or past ones latest first", body = Vec<BookingView>)),
)]
pub async fn list_bookings(
    State(state): State<AppState>,
    Me(me): Me,
    ApiQuery(query): ApiQuery<BookingListQuery>,
) -> Result<Json<Vec<BookingView>>, AppError> {
    Ok(Json(booking::list_bookings(&state, &me, query.past.unwrap_or(false)).await?))
}

/// `POST /api/bookings/{id}/cancel {reason}`.
#[utoipa::path(
    post,
    path = "/bookings/{id}/cancel",
    tag = "bookings",
    params(("id" = Uuid, Path, description = "The booking")),
    request_body = CancelInput,
    responses((status = 200, description = "Cancelled; both sides are notified", body = BookingView)),
)]
pub async fn cancel_booking(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CancelInput>,
) -> Result<Json<BookingView>, AppError> {
    Ok(Json(booking::cancel_booking(&state, &me, id, body).await?))
}

/// `POST /api/bookings/{id}/reschedule {start}`.
#[utoipa::path(
    post,
    path = "/bookings/{id}/reschedule",
    tag = "bookings",
    params(("id" = Uuid, Path, description = "The booking")),
    request_body = RescheduleInput,
    responses((status = 200, description = "Moved; both sides are notified", body = BookingView)),
)]
pub async fn reschedule_booking(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RescheduleInput>,
) -> Result<Json<BookingView>, AppError> {
    Ok(Json(booking::reschedule_booking(&state, &me, id, body).await?))
}

/// `GET /api/bookings/{id}/calendar.ics`.
#[utoipa::path(
    get,
    path = "/bookings/{id}/calendar.ics",
    tag = "bookings",
    params(("id" = Uuid, Path, description = "The booking")),
    responses((status = 200, description = "The booking as an iCalendar event", content_type = "text/calendar", body = String)),
)]
pub async fn booking_calendar(
    State(state): State<AppState>,
    Me(me): Me,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, AppError> {
    let body = booking::calendar_file(&state, &me, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"booking-{id}.ics\"")),
        ],
        body,
    )
        .into_response())
}
