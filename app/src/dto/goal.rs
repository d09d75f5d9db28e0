//! Goals on the wire: the list entry with its computed progress, the detail with the concepts
//! it is measured by, how the number was computed and its history, and the edits a student
//! makes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
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
    pub completed_at: Option<DateTime<Utc>>,
    /// The mastery (0..1) every concept must reach for the goal to be met.
    pub mastery_target: f64,
    /// 0..1, computed from the mastery of the goal's concepts; never typed in.
    pub progress: f64,
    pub concept_count: u32,
    /// Concepts at or above the mastery target.
    pub mastered_count: u32,
}

/// One concept a goal is measured by, with the student's standing on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalConceptView {
    pub concept_id: Uuid,
    pub name: String,
    /// 0..1; 0.5 is where every student starts a concept.
    pub mastery: f64,
    pub mastered: bool,
    /// What this concept adds to the goal's progress, 0..1 (from 50 % to the target).
    pub contribution: f64,
    /// When it next comes back for review, if it has been practised.
    pub due_label: Option<String>,
    /// Predicted recall on the target date if it is not reviewed before then.
    pub recall_on_target: Option<f64>,
}

/// A point of a goal's progress history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProgressPoint {
    pub at: DateTime<Utc>,
    /// The day ("Nov 24"), in the reader's time zone.
    pub label: String,
    pub progress: f64,
}

/// A concept that will not be ready by the target date unless the student acts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AtRiskConcept {
    pub concept_id: Uuid,
    pub name: String,
    pub reason: String,
}

/// A concept the student could add to the goal, and why it is proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConceptCandidate {
    pub concept_id: Uuid,
    pub name: String,
    /// "From your sessions" or "Part of Algebra".
    pub source: String,
    pub mastery: Option<f64>,
}

/// `GET /api/goals/{id}`: the goal with its concepts, how progress was computed and its
/// history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalDetail {
    #[serde(flatten)]
    pub goal: GoalView,
    pub concepts: Vec<GoalConceptView>,
    pub progress_history: Vec<ProgressPoint>,
    /// The computation in words, with this goal's numbers.
    pub how_computed: String,
    /// Every concept has reached the mastery target: the student is offered to complete it.
    pub ready_to_complete: bool,
    /// With a target date: concepts whose predicted recall or mastery falls short by then.
    pub at_risk: Vec<AtRiskConcept>,
    /// "Dec 12, 2026 (in 9 days)" when there is a target date.
    pub target_label: Option<String>,
    pub candidates: Vec<ConceptCandidate>,
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

/// `PATCH /api/goals/{id}`: any of these; absent fields stay as they are. `targetDate: null`
/// clears the date; `conceptIds` replaces the goal's concepts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoalPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub target_date: Option<Option<NaiveDate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<GoalStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concept_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mastery_target: Option<f64>,
}

/// A field that is present (even as `null`) becomes `Some(value)`; an absent one stays `None`
/// through `#[serde(default)]`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_target_date_clears_and_an_absent_one_keeps() {
        let clear: GoalPatch = serde_json::from_str(r#"{"targetDate": null}"#).expect("parses");
        assert_eq!(clear.target_date, Some(None));
        let keep: GoalPatch = serde_json::from_str(r#"{"subject": "Chemistry"}"#).expect("parses");
        assert_eq!(keep.target_date, None);
        assert!(serde_json::from_str::<GoalPatch>(r#"{"progress": 1}"#).is_err(), "never typed in");
    }

    #[test]
    fn a_patch_survives_its_own_round_trip() {
        let patch = GoalPatch { target_date: Some(None), ..GoalPatch::default() };
        let back: GoalPatch =
            serde_json::from_str(&serde_json::to_string(&patch).expect("json")).expect("parses");
        assert_eq!(back.target_date, Some(None));
        let keep: GoalPatch =
            serde_json::from_str(&serde_json::to_string(&GoalPatch::default()).expect("json"))
                .expect("parses");
        assert_eq!(keep.target_date, None);
    }
}
