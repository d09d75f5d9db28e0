//! Tutoring sessions on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{TranscriptFormat, TranscriptSource};

wire_enum! {
    /// `pending → processing → analyzed | failed`.
    pub enum SessionStatus {
        Pending,
        Processing,
        Analyzed,
        Failed,
    }
}

impl SessionStatus {
    /// Still moving: the list keeps polling while any session is in one of these.
    pub fn is_in_flight(self) -> bool {
        matches!(self, Self::Pending | Self::Processing)
    }
}

/// One row of a session list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: Uuid,
    pub student_id: Uuid,
    pub student_name: String,
    pub tutor_id: Uuid,
    pub tutor_name: String,
    pub session_date: DateTime<Utc>,
    /// The date in the viewer's time zone, ready to show.
    pub date_label: String,
    pub duration_seconds: i32,
    pub subject: Option<String>,
    pub title: Option<String>,
    pub status: SessionStatus,
    pub failure_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/transcripts/upload`. Exactly one of `tutorId` (a student uploading) or
/// `studentId` (a tutor uploading) names the other side; admins give both.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadRequest {
    #[serde(default)]
    pub tutor_id: Option<Uuid>,
    #[serde(default)]
    pub student_id: Option<Uuid>,
    /// RFC 3339.
    pub session_date: String,
    /// Seconds.
    pub duration: i64,
    pub transcript: String,
    pub transcript_source: String,
    pub transcript_format: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadAccepted {
    pub session_id: Uuid,
    pub status: SessionStatus,
}

/// An inclusive range of transcript line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lines {
    pub start: i32,
    pub end: i32,
}

/// A concept a session covered, with the student's current mastery and where it came up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionConceptView {
    pub concept_id: Uuid,
    pub name: String,
    pub subject: String,
    pub difficulty: i16,
    pub relevance: f64,
    /// -1 struggled, 0 mentioned, 1 showed understanding, in this session.
    pub signal: i16,
    /// The student's mastery now, 0..1.
    pub mastery: Option<f64>,
    pub evidence: Vec<Lines>,
}

/// A topic, strength, area to improve or action item, with the lines it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionItemView {
    pub text: String,
    pub concept_id: Option<Uuid>,
    pub lines: Lines,
}

wire_enum! {
    /// Who a speaker is in the session.
    pub enum SpeakerRole {
        Tutor,
        Student,
        Other,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TurnView {
    pub number: i32,
    pub speaker: String,
    pub role: SpeakerRole,
    pub text: String,
    pub start_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TranscriptView {
    pub format: TranscriptFormat,
    /// "WebVTT", "Plain text"…
    pub format_label: String,
    pub source: TranscriptSource,
    pub tutor_speaker: Option<String>,
    pub student_speaker: Option<String>,
    pub word_count: i32,
    pub turns: Vec<TurnView>,
}

/// `GET /api/sessions/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionDetail {
    #[serde(flatten)]
    pub session: SessionSummary,
    pub summary: Option<String>,
    pub topics: Vec<SessionItemView>,
    pub concepts: Vec<SessionConceptView>,
    pub strengths: Vec<SessionItemView>,
    pub improvements: Vec<SessionItemView>,
    pub action_items: Vec<SessionItemView>,
    pub transcript: TranscriptView,
    /// Whether the viewer may press Retry on a failed analysis.
    pub can_retry: bool,
}

/// A cheap status poll for the session list and page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionStatusView {
    pub id: Uuid,
    pub status: SessionStatus,
    pub failure_reason: Option<String>,
    pub title: Option<String>,
}
