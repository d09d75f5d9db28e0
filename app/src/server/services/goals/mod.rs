//! Goals: several at once, each with a subject, a description, a target date and a status
//! (active, paused, completed). Each is measured by concepts proposed from its subject and the
//! student's own sessions (`concepts`), with progress computed from their mastery and kept as a
//! history (`progress`). Editing, pausing, completing and deleting live in `edit`; the goal
//! page's detail (concepts, how progress was computed, what is at risk by the target date) in
//! `detail`. Completing a goal queues `generate-subject-suggestions`.

mod concepts;
mod detail;
mod edit;
mod progress;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

pub use detail::get_goal;
pub use edit::{delete_goal, update_goal};
pub use progress::{masteries_of, record_progress, snapshot, snapshots, starting_mastery};

use crate::{
    domain::{GoalDescription, GoalSubject},
    dto::goal::{GoalView, NewGoal},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        db::begin_write,
        entities::{enums::GoalStatus, goals},
        models::{ModelError, goal_progress::Snapshot, goals::NewGoalRow},
        queue::QueueError,
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum GoalError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// A status change the goal's current status does not allow (or someone got there first).
    #[error("{0}")]
    WrongState(String),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for GoalError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(what) => Self::NotFound(what),
            ModelError::WrongState { actual, wanted, .. } => {
                Self::WrongState(format!("This goal is {actual}, so it cannot be {wanted}."))
            }
            ModelError::Db(err) => Self::Db(err),
        }
    }
}

impl From<GoalError> for AppError {
    fn from(err: GoalError) -> Self {
        match err {
            GoalError::Access(err) => err.into(),
            GoalError::NotFound(what) => Self::NotFound(what.into()),
            GoalError::Invalid { field, message } => Self::field(field, message),
            GoalError::WrongState(message) => Self::Conflict(message),
            GoalError::Queue(err) => anyhow::Error::from(err).into(),
            GoalError::Db(err) => err.into(),
        }
    }
}

fn invalid(field: &'static str) -> impl Fn(crate::domain::Invalid) -> GoalError {
    move |e| GoalError::Invalid { field, message: e.0 }
}

pub fn view(goal: goals::Model, snapshot: Snapshot) -> GoalView {
    GoalView {
        id: goal.id,
        student_id: goal.student_id,
        subject: goal.subject,
        description: goal.description,
        target_date: goal.target_date,
        status: goal.status,
        created_at: goal.created_at,
        completed_at: goal.completed_at,
        mastery_target: goal.mastery_target,
        progress: snapshot.progress,
        concept_count: snapshot.concepts as u32,
        mastered_count: snapshot.mastered as u32,
    }
}

/// A goal the caller may read (its student, a linked tutor, an admin).
async fn readable(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<goals::Model, GoalError> {
    let goal = goals::Model::find(&state.db, id).await?;
    policy::can_read_student(&state.db, me, goal.student_id).await?;
    Ok(goal)
}

/// A goal the caller may change.
async fn writable(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<goals::Model, GoalError> {
    let goal = goals::Model::find(&state.db, id).await?;
    policy::can_write_student(&state.db, me, goal.student_id).await?;
    Ok(goal)
}

/// Stores a new active goal with its proposed concepts and the first point of its history.
/// Used by "add a goal" and by accepting a subject suggestion.
pub async fn start_goal(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    subject: &GoalSubject,
    description: &GoalDescription,
    target_date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<(goals::Model, Snapshot), sea_orm::DbErr> {
    let row = NewGoalRow {
        student_id,
        subject: subject.as_str().to_owned(),
        description: description.as_str().to_owned(),
        target_date,
    };
    let goal = goals::Model::create(db, row, now).await?;
    let concept_ids = concepts::propose(db, student_id, subject.as_str(), now).await?;
    goal.set_concepts(db, &concept_ids).await?;
    let snapshot = progress::record_goal(db, &goal, &concept_ids, now).await?;
    Ok((goal, snapshot))
}

/// Adds a goal for a student (the caller, unless an admin or linked tutor names one), with the
/// concepts proposed from its subject and the student's sessions.
pub async fn create_goal(
    state: &AppState,
    me: &CurrentUser,
    input: NewGoal,
) -> Result<GoalView, GoalError> {
    let student_id = input.student_id.unwrap_or(me.id);
    policy::can_write_student(&state.db, me, student_id).await?;
    let subject = GoalSubject::parse(&input.subject).map_err(invalid("subject"))?;
    let description = GoalDescription::parse(&input.description).map_err(invalid("description"))?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (goal, snapshot) =
        start_goal(&txn, student_id, &subject, &description, input.target_date, now).await?;
    txn.commit().await?;
    Ok(view(goal, snapshot))
}

/// A student's goals, newest first, each with its progress computed from mastery now.
pub async fn list_goals(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<Vec<GoalView>, GoalError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let goals = goals::Model::of_student_with_masteries(&state.db, student_id).await?;
    let mut views: Vec<GoalView> = goals
        .into_iter()
        .map(|(goal, masteries)| {
            let masteries: Vec<f64> =
                masteries.into_iter().map(|m| m.unwrap_or_else(starting_mastery)).collect();
            let snapshot = snapshot(&masteries, goal.mastery_target);
            view(goal, snapshot)
        })
        .collect();
    // Goals in progress first; completed ones after.
    views.sort_by_key(|g| g.status == GoalStatus::Completed);
    Ok(views)
}
