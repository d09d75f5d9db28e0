//! The student dashboard's numbers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConceptMastery {
    pub concept_id: Uuid,
    pub name: String,
    pub subject: String,
    pub mastery: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScorePoint {
    pub practice_id: Uuid,
    pub label: String,
    pub score: f64,
}

/// `GET /api/progress/student/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProgressView {
    pub active_goals: u64,
    pub sessions_this_month: u64,
    pub practices_completed: u64,
    pub average_score: Option<f64>,
    /// Average of the last three scores minus the first three: positive means improving.
    pub improvement: Option<f64>,
    pub reviews_due: u64,
    pub mastery: Vec<ConceptMastery>,
    pub scores: Vec<ScorePoint>,
    pub subjects: Vec<(String, u64)>,
}
