//! Engagement nudges on the wire: the student's setting, and what a run of the nudge job (or
//! any job an admin runs by hand) did.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

wire_enum! {
    /// Why a student is nudged, most specific first.
    pub enum NudgeRule {
        /// Two or more days after sign-up without a single session.
        NoSession,
        /// Fewer than three sessions in the first week.
        FirstWeek,
        /// No practice, chat or upload for the configured number of days.
        Inactive,
        /// Concepts are due for review.
        ReviewsDue,
    }
}

wire_enum! {
    /// How often a student wants nudges (a profile setting).
    pub enum NudgeFrequency {
        On,
        Weekly,
        Off,
    }
}

wire_enum! {
    /// Why a student considered by a nudge run was not nudged.
    pub enum NudgeSkip {
        /// They turned nudges off.
        OptedOut,
        /// They asked for weekly nudges and had one in the last seven days.
        NudgedThisWeek,
        /// They already practised, chatted or uploaded today.
        ActedToday,
        /// Today's nudge was already sent (a re-run, another worker, a retry).
        AlreadyNudgedToday,
        /// No rule applies (or only to a paused goal).
        NothingToSay,
    }
}

/// The student's nudge setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NudgeSettingsView {
    pub frequency: NudgeFrequency,
    /// Nudges also go out by email.
    pub email: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SkipCount {
    pub reason: NudgeSkip,
    /// The reason in words.
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RuleCount {
    pub rule: NudgeRule,
    pub count: u64,
}

/// What happened to one student in a nudge run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NudgeOutcome {
    pub student_id: Uuid,
    pub name: String,
    pub rule: Option<NudgeRule>,
    pub skipped: Option<NudgeSkip>,
    /// The nudge's title, or the reason it was skipped, in words.
    pub detail: String,
}

/// What one run of `send-engagement-nudges` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NudgeRunReport {
    pub job: String,
    pub ran_at: DateTime<Utc>,
    pub summary: String,
    pub considered: u64,
    pub nudged: u64,
    pub skipped: u64,
    pub reasons: Vec<SkipCount>,
    pub by_rule: Vec<RuleCount>,
    /// "Reviews due" notifications sent (at most one per student per day).
    pub reviews_due_notified: u64,
    /// Earlier nudges newly found to have worked (the student acted within the window).
    pub responses_recorded: u64,
    pub students: Vec<NudgeOutcome>,
}

/// What happened to one goal in a suggestions run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuggestionOutcome {
    pub goal_id: Uuid,
    pub subject: String,
    pub created: u64,
    pub detail: String,
}

/// What one run of `generate-subject-suggestions` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuggestionRunReport {
    pub job: String,
    pub ran_at: DateTime<Utc>,
    pub summary: String,
    /// Completed goals looked at.
    pub considered: u64,
    /// Suggestions created.
    pub created: u64,
    /// Goals that already had their suggestions.
    pub skipped: u64,
    pub goals: Vec<SuggestionOutcome>,
}

/// `POST /api/admin/jobs/{name}/run`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum JobRunReport {
    Nudges(NudgeRunReport),
    Suggestions(SuggestionRunReport),
    Analysis(AnalysisRunReport),
}

/// `analyze-transcript` run for one session: its analysis made again with the engine the
/// server runs now, replacing what an earlier engine stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRunReport {
    pub job: String,
    pub ran_at: DateTime<Utc>,
    pub summary: String,
    pub session_id: Uuid,
    pub title: Option<String>,
    pub subject: Option<String>,
    /// Concepts the session had before the run, and has now.
    pub concepts_before: u64,
    pub concepts_after: u64,
}

/// The optional body of `POST /api/admin/jobs/{name}/run`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobRunRequest {
    /// `generate-subject-suggestions`: only this completed goal (default: every completed goal
    /// that has none yet).
    #[serde(default)]
    pub goal_id: Option<Uuid>,
    /// `analyze-transcript`: the session to analyse again with the current engine (required).
    #[serde(default)]
    pub session_id: Option<Uuid>,
}
