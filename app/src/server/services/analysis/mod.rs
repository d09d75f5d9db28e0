//! The `analyze-transcript` work: understand a session and store what was learned, then queue
//! its practice.
//!
//! Idempotent: a re-run replaces the session's concepts, items, chunks and mastery evidence
//! inside one transaction, so nothing is duplicated and nothing is half-written; notifications
//! carry a dedupe key.

mod store;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::practice::{self, PracticeError};
use crate::{
    dto::{notification::NotificationKind, nudge::AnalysisRunReport},
    server::{
        ai::{self, AiError},
        db::begin_write,
        entities::{session_concepts, sessions},
        models::{
            ModelError,
            notifications::{self, NewNotification},
        },
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The session or its transcript was deleted before the job ran.
    #[error("{0}")]
    Gone(&'static str),
    #[error(transparent)]
    Ai(#[from] AiError),
    #[error("queueing the session's practice failed: {0}")]
    Practice(#[from] PracticeError),
    /// An admin asked to re-run a session that is still queued or being analysed.
    #[error("the session is being analysed already; run it again once that is done")]
    InFlight,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for AnalysisError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound("transcript") => Self::Gone("The session has no transcript."),
            ModelError::NotFound(_) => Self::Gone("The session no longer exists."),
            ModelError::Db(err) => Self::Db(err),
            other => Self::Db(sea_orm::DbErr::Custom(other.to_string())),
        }
    }
}

impl AnalysisError {
    /// Another attempt cannot succeed.
    pub fn is_permanent(&self) -> bool {
        match self {
            Self::Gone(_) => true,
            Self::Ai(err) => !err.is_transient(),
            Self::InFlight | Self::Practice(_) | Self::Db(_) => false,
        }
    }

    /// What the student reads on a session whose analysis failed for good.
    pub fn human_reason(&self) -> String {
        match self {
            Self::Gone(reason) => (*reason).to_owned(),
            Self::Ai(err) => err.human_reason(),
            Self::InFlight => self.to_string(),
            Self::Practice(_) | Self::Db(_) => "Saving the analysis failed.".into(),
        }
    }
}

/// Analyzes one session: status to processing, the provider's analysis stored with the
/// student's mastery replayed, the student told, and the session's practice queued.
#[tracing::instrument(skip_all, fields(%session_id))]
pub async fn analyze_session(state: &AppState, session_id: Uuid) -> Result<(), AnalysisError> {
    let session = sessions::Model::find(&state.db, session_id).await?;
    let transcript = session.transcript(&state.db).await?;
    session.mark_processing(&state.db, state.clock.now()).await?;

    let parsed = transcript.parsed();
    let analysis = ai::calls::analyze_transcript(state, &parsed, Some(session.student_id)).await?;

    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    crate::server::models::users::lock_learning(&txn, session.student_id).await?;
    store::store(&txn, &session, &parsed, &analysis, now).await?;
    let notice = NewNotification {
        user_id: session.student_id,
        kind: NotificationKind::AnalysisReady,
        title: format!("Your session on {} is ready", analysis.title),
        body: format!(
            "{} concepts found, with the lines where each came up.",
            analysis.concepts.len()
        ),
        link: format!("/sessions/{session_id}"),
        dedupe_key: Some(format!("analysis-ready:{session_id}")),
    };
    notifications::notify(&txn, notice, now).await?;
    let practice = practice::session_practice_to_queue(&txn, &session, now).await?;
    txn.commit().await?;
    tracing::info!(concepts = analysis.concepts.len(), subject = %analysis.subject, "session analyzed");

    if let Some(practice) = practice {
        practice::queue_generation(state, &practice).await?;
    }
    Ok(())
}

/// An admin's run of `analyze-transcript` for one session: its analysis made again, now, with
/// the engine this server runs, replacing what an earlier engine stored (analyses are never
/// redone on their own). When the run cannot finish, the session keeps its status and stored
/// analysis.
#[tracing::instrument(skip_all, fields(%session_id))]
pub async fn rerun(state: &AppState, session_id: Uuid) -> Result<AnalysisRunReport, AnalysisError> {
    let session = sessions::Model::find(&state.db, session_id).await?;
    if session.status.is_in_flight() {
        return Err(AnalysisError::InFlight);
    }
    let concepts = || {
        session_concepts::Entity::find()
            .filter(session_concepts::Column::SessionId.eq(session_id))
            .count(&state.db)
    };
    let concepts_before = concepts().await?;
    if let Err(err) = analyze_session(state, session_id).await {
        session.restore_status(&state.db, state.clock.now()).await?;
        return Err(err);
    }
    let after = sessions::Model::find(&state.db, session_id).await?;
    let concepts_after = concepts().await?;
    Ok(AnalysisRunReport {
        job: <crate::server::queue::AnalyzeTranscript as crate::server::queue::Job>::NAME
            .to_owned(),
        ran_at: state.clock.now(),
        summary: format!(
            "Analysed again with the current engine: {concepts_after} concepts (before: \
             {concepts_before})."
        ),
        session_id,
        title: after.title,
        subject: after.subject,
        concepts_before,
        concepts_after,
    })
}

/// Gives up on an analysis: the session is marked failed with `reason` and its student told.
pub async fn fail_analysis(
    state: &AppState,
    session_id: Uuid,
    reason: &str,
) -> Result<(), sea_orm::DbErr> {
    let Some(session) = sessions::Entity::find_by_id(session_id).one(&state.db).await? else {
        return Ok(());
    };
    let txn = begin_write(&state.db).await?;
    session.mark_failed(&txn, reason, state.clock.now()).await?;
    txn.commit().await
}
