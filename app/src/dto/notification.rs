//! Notifications on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

wire_enum! {
    /// What a notification is about; each kind has its own icon.
    pub enum NotificationKind {
        AnalysisReady,
        AnalysisFailed,
        PracticeReady,
        PracticeFailed,
        ReviewsDue,
        GoalCompleted,
        SuggestionsReady,
        Nudge,
        /// A student sent a chat question to their tutor.
        TutorRequested,
        /// A tutor invited the student to link up (accept or decline).
        TutorInvitation,
        /// A booking was made (both sides hear of it).
        BookingConfirmed,
        /// A booking was cancelled, by either side, with the reason.
        BookingCancelled,
        /// A booking moved to another time.
        BookingRescheduled,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    /// Always a path inside the app.
    pub link: String,
    pub read: bool,
    pub created_at: DateTime<Utc>,
    /// "3 minutes ago", computed on the server.
    pub when_label: String,
}

/// `GET /api/notifications/student/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationList {
    pub notifications: Vec<NotificationView>,
    pub unread_count: u64,
}
