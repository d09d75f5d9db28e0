//! Tutoring sessions on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `pending → processing → analyzed | failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    Pending,
    Processing,
    Analyzed,
    Failed,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Analyzed => "analyzed",
            Self::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "processing" => Some(Self::Processing),
            "analyzed" => Some(Self::Analyzed),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }

    /// Still moving: the list keeps polling while any session is in one of these.
    pub fn is_in_flight(self) -> bool {
        matches!(self, Self::Pending | Self::Processing)
    }
}

/// One row of a session list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: Uuid,
    pub student_id: Uuid,
    pub student_name: String,
    pub tutor_id: Uuid,
    pub tutor_name: String,
    pub session_date: DateTime<Utc>,
    pub duration_seconds: i32,
    pub subject: Option<String>,
    pub title: Option<String>,
    pub status: SessionStatus,
    pub failure_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}
