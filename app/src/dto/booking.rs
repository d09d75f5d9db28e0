//! Availability, free slots and bookings on the wire (issue 13).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

wire_enum! {
    /// A booking holds its slot while `confirmed`; a cancelled one frees it.
    pub enum BookingStatus {
        Confirmed,
        Cancelled,
    }
}

/// One weekly window, in the tutor's own time zone: `weekday` 1–7 (ISO, Monday = 1), times
/// as "HH:MM" with `start` before `end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityWindow {
    pub weekday: u8,
    pub start: String,
    pub end: String,
}

/// `PUT /api/tutors/me/availability`: slots of 30 or 60 minutes, windows, blocked days
/// ("YYYY-MM-DD" in the tutor's zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityInput {
    pub slot_minutes: u16,
    pub windows: Vec<AvailabilityWindow>,
    #[serde(default)]
    pub blocked_dates: Vec<String>,
}

/// `GET /api/tutors/me/availability`: what was saved, with the zone it is read in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityView {
    pub slot_minutes: u16,
    pub windows: Vec<AvailabilityWindow>,
    pub blocked_dates: Vec<String>,
    /// The tutor's profile time zone, in which the windows are read.
    pub time_zone: String,
}

/// A free slot, as instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// `POST /api/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewBooking {
    pub tutor_id: Uuid,
    /// RFC 3339, one of the tutor's free slots.
    pub start: String,
    /// The tutor's slot length when left out; anything else is refused.
    #[serde(default)]
    pub minutes: Option<u16>,
    #[serde(default)]
    pub note: Option<String>,
    /// The chat routing this booking takes up.
    #[serde(default)]
    pub escalation_id: Option<Uuid>,
}

/// `POST /api/bookings/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CancelInput {
    pub reason: String,
}

/// `POST /api/bookings/{id}/reschedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RescheduleInput {
    /// RFC 3339, another free slot of the same tutor.
    pub start: String,
}

/// A booking as either side sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BookingView {
    pub id: Uuid,
    pub tutor_id: Uuid,
    pub student_id: Uuid,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: BookingStatus,
    pub tutor_name: String,
    pub student_name: String,
    pub note: Option<String>,
    pub escalation_id: Option<Uuid>,
    pub cancel_reason: Option<String>,
    /// "Tue, Dec 1, 2026, 4:00 PM" in the viewer's zone.
    pub when_label: String,
}

/// A free slot for the booking pages, labelled in the viewer's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotOption {
    pub start: DateTime<Utc>,
    /// "Tue, Dec 1" in the viewer's zone.
    pub day_label: String,
    /// "4:00 PM" in the viewer's zone.
    pub time_label: String,
}
