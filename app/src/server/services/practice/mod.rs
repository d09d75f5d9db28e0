//! Practice: generation (the `generate-practice` job's work), taking it one question at a time
//! with progressive hints, a single submit that checks answers fairly and moves mastery and the
//! FSRS schedule, and the list with what is due for review. One file per verb.

mod generate;
mod request;
mod schedule;
mod submit;
mod take;
mod view;

use uuid::Uuid;

pub use generate::{fail_generation, generate_practice};
pub use request::{
    queue_generation, request_practice, retry_practice, session_practice_to_queue, start_review,
};
pub use schedule::{DESIRED_RETENTION, recall_after};
pub use submit::{explain_question, submit_practice};
pub use take::{save_answer, take_hint};
pub use view::{due_concepts, list_practices, view_practice};

use crate::{
    error::AppError,
    server::{
        ai::AiError,
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::{enums::PracticeStatus, practices},
        models::ModelError,
        queue::QueueError,
        state::AppState,
    },
};

/// A practice has between these many questions.
const MIN_ITEMS: usize = 5;
const MAX_ITEMS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("this practice was already submitted")]
    AlreadySubmitted,
    #[error("this practice is still being prepared")]
    StillPreparing,
    #[error("this practice could not be prepared")]
    NotPrepared,
    #[error("only a failed practice can be retried")]
    NotRetryable,
    #[error("explanations come after you submit")]
    NotSubmitted,
    #[error("there are no more hints for this question")]
    NoHintsLeft,
    #[error("practice needs an analyzed session")]
    SessionNotAnalyzed,
    #[error("nothing is due for review")]
    NothingDue,
    /// Generation: the practice was deleted before its job ran.
    #[error("the practice no longer exists")]
    Gone,
    /// Generation: nothing to build questions on.
    #[error("There are no concepts to practise.")]
    NoConcepts,
    #[error(transparent)]
    Ai(#[from] AiError),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error("scheduling the review failed: {0}")]
    Schedule(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for PracticeError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(what) => Self::NotFound(what),
            // The only conditional changes practices make are the submit claim and the retry.
            ModelError::WrongState { wanted: "retried", .. } => Self::NotRetryable,
            ModelError::WrongState { .. } => Self::AlreadySubmitted,
            ModelError::Db(err) => Self::Db(err),
        }
    }
}

impl PracticeError {
    /// Generation cannot succeed on another attempt.
    pub fn is_permanent(&self) -> bool {
        match self {
            Self::Gone | Self::NoConcepts => true,
            Self::Ai(err) => !err.is_transient(),
            _ => false,
        }
    }

    /// What the student reads on a practice whose generation failed for good.
    pub fn failure_reason(&self) -> String {
        match self {
            Self::NoConcepts => self.to_string(),
            Self::Ai(AiError::NotEnoughMaterial(reason)) => {
                format!("We could not build questions from this session: {reason}.")
            }
            _ => "Preparing the questions failed. Press Retry to try again.".to_owned(),
        }
    }
}

impl From<PracticeError> for AppError {
    fn from(err: PracticeError) -> Self {
        use PracticeError as E;
        match err {
            E::Access(err) => err.into(),
            E::NotFound(what) => Self::NotFound(what.into()),
            E::Invalid { field, message } => Self::field(field, message),
            E::AlreadySubmitted
            | E::StillPreparing
            | E::NotPrepared
            | E::NotRetryable
            | E::NotSubmitted
            | E::NoHintsLeft
            | E::SessionNotAnalyzed
            | E::NothingDue => Self::Conflict(err.to_string()),
            E::Gone | E::NoConcepts => Self::Unprocessable(err.to_string()),
            E::Ai(err) => Self::Unavailable(err.to_string()),
            E::Queue(err) => anyhow::Error::from(err).into(),
            E::Schedule(reason) => anyhow::anyhow!(reason).into(),
            E::Db(err) => err.into(),
        }
    }
}

/// A practice the caller may read (its student, a linked tutor, an admin).
async fn readable(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<practices::Model, PracticeError> {
    let practice = practices::Model::find(&state.db, id).await?;
    policy::can_read_student(&state.db, me, practice.student_id).await?;
    Ok(practice)
}

/// The practice for taking: only its student answers it.
async fn own(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<practices::Model, PracticeError> {
    let practice = readable(state, me, id).await?;
    policy::require_self(me, practice.student_id)?;
    Ok(practice)
}

/// Answers, hints and the submit need a practice that is ready or in progress.
fn require_open(practice: &practices::Model) -> Result<(), PracticeError> {
    match practice.status {
        PracticeStatus::Ready | PracticeStatus::InProgress => Ok(()),
        PracticeStatus::Completed => Err(PracticeError::AlreadySubmitted),
        PracticeStatus::Generating => Err(PracticeError::StillPreparing),
        PracticeStatus::Failed => Err(PracticeError::NotPrepared),
    }
}
