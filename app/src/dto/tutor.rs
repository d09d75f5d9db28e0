//! The tutor's side on the wire: the roster with risk flags, one student's overview (mastery
//! over time, goals, practice, escalations) and the pre-session brief. Every item that rests
//! on evidence carries the in-app link to it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    chat::{EscalationStatus, Urgency},
    goal::GoalStatus,
    practice::{PracticeKind, PracticeStatus},
};

wire_enum! {
    /// Why a student may need the tutor's attention, most pressing first.
    pub enum FlagKind {
        /// The student asked for a tutor from chat and nothing has taken it up yet.
        OpenEscalation,
        /// Low mastery on a concept with recent evidence.
        Struggling,
        /// An active goal's date is close and its progress is low.
        GoalAtRisk,
        /// Reviews due more than a day ago and not done.
        ReviewsOverdue,
        /// No practice, chat or upload for the configured number of days.
        Inactive,
        /// A nudge went out and the student did not act within the response window.
        NudgedNoResponse,
    }
}

impl FlagKind {
    /// How much this flag counts toward the roster's order (higher = needs the tutor sooner).
    pub fn weight(self) -> u32 {
        match self {
            Self::OpenEscalation => 8,
            Self::Struggling => 5,
            Self::GoalAtRisk => 4,
            Self::ReviewsOverdue => 3,
            Self::Inactive => 3,
            Self::NudgedNoResponse => 2,
        }
    }

    /// A short label for a badge.
    pub fn label(self) -> &'static str {
        match self {
            Self::OpenEscalation => "Asked for help",
            Self::Struggling => "Struggling",
            Self::GoalAtRisk => "Goal at risk",
            Self::ReviewsOverdue => "Reviews overdue",
            Self::Inactive => "Inactive",
            Self::NudgedNoResponse => "Nudged, no response",
        }
    }
}

/// One risk flag: what it is, the facts behind it in a sentence, and where they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RiskFlag {
    pub kind: FlagKind,
    pub detail: String,
    /// The page (inside the app) with the evidence.
    pub href: String,
}

/// `GET /api/tutor/students`: one linked student with their flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RosterEntry {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub last_active_at: Option<DateTime<Utc>>,
    pub last_session_at: Option<DateTime<Utc>>,
    /// "3 days ago", in the viewer's time zone.
    pub last_active_label: Option<String>,
    /// The sum of the flags' weights: the roster is sorted by it, highest first.
    pub need: u32,
    pub flags: Vec<RiskFlag>,
}

/// A concept with the student's current standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConceptStanding {
    pub concept_id: Uuid,
    pub name: String,
    pub mastery: f64,
}

/// A session the tutor taught recently, with what it covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TaughtSession {
    pub session_id: Uuid,
    pub title: String,
    pub subject: Option<String>,
    pub date: DateTime<Utc>,
    pub date_label: String,
    pub concepts: Vec<ConceptStanding>,
    pub href: String,
}

/// One line of the brief: what, the detail, when, and the link to the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BriefItem {
    pub title: String,
    pub detail: String,
    pub at: Option<DateTime<Utc>>,
    pub href: Option<String>,
}

/// A chat escalation as the tutor sees it: the student's reason, urgency and focus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EscalationSummary {
    pub id: Uuid,
    pub reason: String,
    pub urgency: Urgency,
    pub focus: Vec<String>,
    pub summary: String,
    pub status: EscalationStatus,
    pub created_at: DateTime<Utc>,
    pub created_label: String,
    pub href: String,
}

/// A goal with its computed progress and how close its date is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalSummary {
    pub id: Uuid,
    pub subject: String,
    pub description: String,
    pub status: GoalStatus,
    pub target_date: Option<NaiveDate>,
    /// Days from today (the student's) to the target date; negative when it has passed.
    pub days_left: Option<i64>,
    pub progress: f64,
    pub concept_count: u32,
    pub mastered_count: u32,
    pub href: String,
}

/// `GET /api/students/{id}/brief`: what a tutor reads before the next session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BriefView {
    pub student_id: Uuid,
    pub student_name: String,
    pub generated_at: DateTime<Utc>,
    pub generated_label: String,
    /// The latest session's date: "since" means since then (or the last 14 days without one).
    pub since: DateTime<Utc>,
    pub since_label: String,
    /// The most recent sessions, newest first, with what they covered.
    pub taught: Vec<TaughtSession>,
    /// Practice questions missed since, grouped by concept.
    pub struggles: Vec<BriefItem>,
    /// Chat questions since that the companion could not ground in the student's sessions.
    pub questions: Vec<BriefItem>,
    pub escalations: Vec<EscalationSummary>,
    pub reviews_overdue: Vec<BriefItem>,
    pub goals: Vec<GoalSummary>,
    /// What to spend the session on, most pressing first, each with why.
    pub focus: Vec<BriefItem>,
    pub flags: Vec<RiskFlag>,
}

/// One point of a concept's mastery history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MasteryPoint {
    pub at: DateTime<Utc>,
    pub label: String,
    pub mastery: f64,
}

/// A concept's mastery over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MasterySeries {
    pub concept_id: Uuid,
    pub name: String,
    pub subject: String,
    pub current: f64,
    pub points: Vec<MasteryPoint>,
}

/// A practice and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PracticeResult {
    pub id: Uuid,
    pub kind: PracticeKind,
    pub status: PracticeStatus,
    pub item_count: u32,
    pub correct_count: Option<u32>,
    pub score: Option<f64>,
    pub when: DateTime<Utc>,
    pub when_label: String,
    pub href: String,
}

/// `GET /api/students/{id}/overview`: the tutor's student page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StudentOverview {
    pub student_id: Uuid,
    pub name: String,
    pub email: String,
    pub grade: Option<String>,
    pub flags: Vec<RiskFlag>,
    /// When this was computed: the right end of the mastery chart.
    pub as_of: DateTime<Utc>,
    pub as_of_label: String,
    /// The first recorded change: the left end of the mastery chart.
    pub history_from_label: Option<String>,
    pub mastery: Vec<MasterySeries>,
    pub goals: Vec<GoalSummary>,
    pub practices: Vec<PracticeResult>,
    pub escalations: Vec<EscalationSummary>,
}
