//! An admin running a job now (`POST /api/admin/jobs/{name}/run`), answered with what it did.
//! The runs go through the same services the queued jobs use, so the nudges' once-a-day key and
//! the suggestions' once-per-goal key hold for them too.

use crate::{
    dto::nudge::{JobRunReport, JobRunRequest},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        queue::{
            AnalyzeTranscript, FUNCTIONS, GenerateSubjectSuggestions, Job, SendEngagementNudges,
        },
        services::{
            analysis::{self, AnalysisError},
            nudges::{self, NudgeError},
            suggestions::{self, SuggestionError},
        },
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum JobRunError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("job")]
    UnknownJob,
    /// A job that works on one practice: retried from the failed list instead.
    #[error("{0} runs for one practice; retry a failed one from the jobs page")]
    NotRunnable(String),
    #[error("analyze-transcript runs for one session: give its sessionId")]
    SessionRequired,
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error(transparent)]
    Nudges(#[from] NudgeError),
    #[error(transparent)]
    Suggestions(#[from] SuggestionError),
}

impl From<JobRunError> for AppError {
    fn from(err: JobRunError) -> Self {
        match err {
            JobRunError::Access(err) => err.into(),
            JobRunError::UnknownJob => Self::NotFound("job".into()),
            JobRunError::NotRunnable(_) | JobRunError::SessionRequired => {
                Self::Unprocessable(err.to_string())
            }
            JobRunError::Analysis(AnalysisError::Gone(_)) => Self::NotFound("session".into()),
            JobRunError::Analysis(AnalysisError::InFlight) => Self::Conflict(err.to_string()),
            JobRunError::Analysis(AnalysisError::Ai(err)) => {
                Self::Unavailable(format!("the AI provider did not answer: {}", err.human_reason()))
            }
            JobRunError::Analysis(AnalysisError::Practice(err)) => err.into(),
            JobRunError::Analysis(AnalysisError::Db(err)) => err.into(),
            JobRunError::Nudges(err) => err.into(),
            JobRunError::Suggestions(err) => err.into(),
        }
    }
}

/// The jobs an admin can run by hand (`analyze-transcript` for one session at a time).
pub const RUNNABLE: [&str; 2] = [SendEngagementNudges::NAME, GenerateSubjectSuggestions::NAME];

/// Runs the named job now and reports what it did.
#[tracing::instrument(skip_all, fields(job = %name))]
pub async fn run_job(
    state: &AppState,
    me: &CurrentUser,
    name: &str,
    request: JobRunRequest,
) -> Result<JobRunReport, JobRunError> {
    policy::require_admin(me)?;
    if name == SendEngagementNudges::NAME {
        Ok(JobRunReport::Nudges(nudges::send_engagement_nudges(state).await?))
    } else if name == GenerateSubjectSuggestions::NAME {
        Ok(JobRunReport::Suggestions(suggestions::run_suggestions(state, request.goal_id).await?))
    } else if name == AnalyzeTranscript::NAME {
        let session_id = request.session_id.ok_or(JobRunError::SessionRequired)?;
        Ok(JobRunReport::Analysis(analysis::rerun(state, session_id).await?))
    } else if FUNCTIONS.contains(&name) {
        Err(JobRunError::NotRunnable(name.to_owned()))
    } else {
        Err(JobRunError::UnknownJob)
    }
}
