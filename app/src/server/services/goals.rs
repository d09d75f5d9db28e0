//! Goals: create and list. Progress, status changes and suggestions build on this.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::{
    domain::{GoalDescription, GoalSubject},
    dto::goal::{GoalView, NewGoal},
    error::AppError,
    server::{
        auth::{current::CurrentUser, policy},
        entities::goals,
        state::AppState,
    },
};

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
pub async fn create(
    state: &AppState,
    me: &CurrentUser,
    input: NewGoal,
) -> Result<GoalView, AppError> {
    let student_id = input.student_id.unwrap_or(me.id);
    policy::can_write_student(&state.db, me, student_id).await?;
    let subject =
        GoalSubject::parse(&input.subject).map_err(|e| AppError::field("subject", e.0))?;
    let description = GoalDescription::parse(&input.description)
        .map_err(|e| AppError::field("description", e.0))?;
    let now = Utc::now();
    let goal = goals::ActiveModel {
        id: Set(Uuid::new_v4()),
        student_id: Set(student_id),
        subject: Set(subject.as_str().to_owned()),
        description: Set(description.as_str().to_owned()),
        target_date: Set(input.target_date),
        status: Set("active".to_owned()),
        completed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&state.db)
    .await?;
    Ok(view(goal))
}

pub async fn list_for_student(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<Vec<GoalView>, AppError> {
    policy::can_read_student(&state.db, me, student_id).await?;
    let goals = goals::Entity::find()
        .filter(goals::Column::StudentId.eq(student_id))
        .order_by_desc(goals::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(goals.into_iter().map(view).collect())
}
