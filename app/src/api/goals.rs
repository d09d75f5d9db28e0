//! Server functions for goals.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::goal::{GoalDetail, GoalPatch, GoalView},
    error::AppError,
};

/// A student's goals (the caller's own when `student_id` is `None`).
#[server(prefix = "/_fn", endpoint = "goals/list")]
pub async fn list_goals(student_id: Option<Uuid>) -> Result<Vec<GoalView>, AppError> {
    use super::support::read_once;
    use crate::server::services::goals;
    read_once("goals/list", student_id, move |state, me| async move {
        Ok(goals::list_goals(&state, &me, student_id.unwrap_or(me.id)).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "goals/create")]
pub async fn create_goal(
    subject: String,
    description: String,
    target_date: Option<String>,
) -> Result<GoalView, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::goal::NewGoal,
        server::{auth::current::require_user, services::goals},
    };
    respond(
        async {
            let me = require_user()?;
            let state = state()?;
            let target_date = match target_date.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(text) => Some(
                    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .map_err(|_| AppError::field("targetDate", "Choose a valid date."))?,
                ),
            };
            let goal = NewGoal { student_id: None, subject, description, target_date };
            Ok(goals::create_goal(&state, &me, goal).await?)
        }
        .await,
    )
}

/// One goal with its concepts, how progress was computed, its history and what is at risk.
#[server(prefix = "/_fn", endpoint = "goals/get")]
pub async fn get_goal(id: Uuid) -> Result<GoalDetail, AppError> {
    use super::support::read_once;
    use crate::server::services::goals;
    read_once("goals/get", id, move |state, me| async move {
        Ok(goals::get_goal(&state, &me, id).await?)
    })
    .await
}

/// Any of the goal's fields, its concepts or its status (sent as JSON: a `null` target date
/// clears it).
#[server(prefix = "/_fn", endpoint = "goals/update", input = server_fn::codec::Json)]
pub async fn update_goal(id: Uuid, patch: GoalPatch) -> Result<GoalDetail, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::goals};
    respond(async { Ok(goals::update_goal(&state()?, &require_user()?, id, patch).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "goals/delete")]
pub async fn delete_goal(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::goals};
    respond(async { Ok(goals::delete_goal(&state()?, &require_user()?, id).await?) }.await)
}
