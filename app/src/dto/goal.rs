//! Goals on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

wire_enum! {
    pub enum GoalStatus {
        Active,
        Paused,
        Completed,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    pub id: Uuid,
    pub student_id: Uuid,
    pub subject: String,
    pub description: String,
    pub target_date: Option<NaiveDate>,
    pub status: GoalStatus,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/goals`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewGoal {
    /// Defaults to the caller when they are a student.
    pub student_id: Option<Uuid>,
    pub subject: String,
    #[serde(default)]
    pub description: String,
    pub target_date: Option<NaiveDate>,
}
