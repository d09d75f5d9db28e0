//! Subject suggestions on the wire: what to study next after a completed goal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

wire_enum! {
    /// A suggestion waits for the student, who accepts it (it becomes a goal) or dismisses it
    /// (it is never suggested again).
    pub enum SuggestionStatus {
        Pending,
        Accepted,
        Dismissed,
    }
}

/// `GET /api/suggestions/student/{id}`: each `{id, subject, reason, status}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuggestionView {
    pub id: Uuid,
    pub subject: String,
    /// One line: why this subject follows.
    pub reason: String,
    pub status: SuggestionStatus,
    /// The completed goal that led to it.
    pub goal_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}
