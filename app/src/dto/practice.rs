//! Practice on the wire. Before submission nothing here carries an answer or an explanation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::session::Lines;

wire_enum! {
    /// `generating → ready → in_progress → completed`, or `failed` while generating.
    pub enum PracticeStatus {
        Generating,
        Ready,
        InProgress,
        Completed,
        Failed,
    }
}

impl PracticeStatus {
    /// Open for answers, hints and the one submit.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Ready | Self::InProgress)
    }
}

wire_enum! {
    /// A practice on one session's concepts, or a review of what is due.
    pub enum PracticeKind {
        Session,
        Review,
    }
}

wire_enum! {
    pub enum QuestionKind {
        MultipleChoice,
        ShortAnswer,
        Numeric,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OptionView {
    pub id: String,
    pub text: String,
}

/// One question as the student sees it while practising.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuestionView {
    pub id: Uuid,
    pub position: i32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<OptionView>,
    pub concept_id: Uuid,
    pub concept_name: String,
    pub difficulty: i16,
    /// The unit a numeric answer is in, if any.
    pub unit: Option<String>,
    /// Hints already revealed, in order, and how many more there are.
    pub hints: Vec<String>,
    pub hints_remaining: usize,
    /// What the student has entered so far (kept as they go).
    pub saved_answer: Option<String>,
}

/// After submission: the verdict and the teaching for one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FeedbackView {
    pub question_id: Uuid,
    pub correct: bool,
    pub given_answer: Option<String>,
    pub correct_answer: String,
    pub explanation: String,
    /// Where the concept was taught, for a link into the session transcript.
    pub session_id: Option<Uuid>,
    pub lines: Option<Lines>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MasteryChange {
    pub concept_id: Uuid,
    pub name: String,
    pub before: f64,
    pub after: f64,
    /// When the concept comes back for review.
    pub due_at: Option<DateTime<Utc>>,
}

/// `GET /api/practice/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PracticeView {
    pub id: Uuid,
    pub student_id: Uuid,
    pub session_id: Option<Uuid>,
    pub session_title: Option<String>,
    pub kind: PracticeKind,
    pub status: PracticeStatus,
    pub failure_reason: Option<String>,
    pub questions: Vec<QuestionView>,
    pub score: Option<f64>,
    /// Present only once submitted.
    pub feedback: Vec<FeedbackView>,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A row of the practice list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PracticeSummary {
    pub id: Uuid,
    pub kind: PracticeKind,
    pub status: PracticeStatus,
    pub session_id: Option<Uuid>,
    pub session_title: Option<String>,
    pub item_count: i32,
    pub answered: i32,
    pub score: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it was created, in the viewer's time zone.
    pub when_label: String,
}

/// A concept waiting for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DueConcept {
    pub concept_id: Uuid,
    pub name: String,
    pub mastery: f64,
    pub due_at: DateTime<Utc>,
    pub due_label: String,
}

/// `GET /api/practice/student/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PracticeList {
    pub practices: Vec<PracticeSummary>,
    pub due_for_review: Vec<DueConcept>,
}

/// `POST /api/practice/generate`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GenerateRequest {
    pub session_id: Uuid,
    #[serde(default)]
    pub concept_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GenerateAccepted {
    pub practice_id: Uuid,
    pub status: PracticeStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AnswerInput {
    pub question_id: Uuid,
    pub answer: String,
}

/// `POST /api/practice/{id}/submit`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmitRequest {
    pub answers: Vec<AnswerInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubmitResult {
    pub score: f64,
    pub feedback: Vec<FeedbackView>,
    pub mastery: Vec<MasteryChange>,
}

/// `POST /api/practice/{id}/hint`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HintRequest {
    pub question_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HintView {
    pub hint: String,
    pub hints_used: usize,
    pub hints_remaining: usize,
}

/// `POST /api/practice/{id}/explain`: the explanation of one question, after submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExplainView {
    pub question_id: Uuid,
    pub correct_answer: String,
    pub explanation: String,
}
