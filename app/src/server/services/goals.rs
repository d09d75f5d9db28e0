//! Goals: create and list. Progress, status changes and suggestions build on this.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::{
    domain::{GoalDescription, GoalSubject},
    dto::goal::{GoalStatus, GoalView, NewGoal},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::goals,
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum GoalError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<GoalError> for AppError {
    fn from(err: GoalError) -> Self {
        match err {
            GoalError::Access(err) => err.into(),
            GoalError::Invalid { field, message } => Self::field(field, message),
            GoalError::Db(err) => err.into(),
        }
    }
}

pub fn view(goal: goals::Model) -> GoalView {
    GoalView {
        id: goal.id,
        student_id: goal.student_id,
        subject: goal.subject,
        description: goal.description,
        target_date: goal.target_date,
        status: goal.status,
        created_at: goal.created_at,
    }
}

/// Adds a goal for a student (the caller, unless an admin or linked tutor names one).
pub async fn create_goal(
    state: &AppState,
    me: &CurrentUser,
    input: NewGoal,
) -> Result<GoalView, GoalError> {
    let student_id = input.student_id.unwrap_or(me.id);
    policy::can_write_student(&state.db, me, student_id).await?;
    let subject = GoalSubject::parse(&input.subject)
        .map_err(|e| GoalError::Invalid { field: "subject", message: e.0 })?;
    let description = GoalDescription::parse(&input.description)
        .map_err(|e| GoalError::Invalid { field: "description", message: e.0 })?;
    let now = state.clock.now();
    let goal = goals::ActiveModel {
        id: Set(Uuid::new_v4()),
        student_id: Set(student_id),
        subject: Set(subject.as_str().to_owned()),
        description: Set(description.as_str().to_owned()),
        target_date: Set(input.target_date),
        status: Set(GoalStatus::Active),
        completed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&state.db)
    .await?;
    Ok(view(goal))
}

pub async fn list_goals(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<Vec<GoalView>, GoalError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let goals = goals::Entity::find()
        .filter(goals::Column::StudentId.eq(student_id))
        .order_by_desc(goals::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(goals.into_iter().map(view).collect())
}
