//! Server functions for goals.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{dto::goal::GoalView, error::AppError};

/// A student's goals (the caller's own when `student_id` is `None`).
#[server(prefix = "/_fn", endpoint = "goals/list")]
pub async fn list_goals(student_id: Option<Uuid>) -> Result<Vec<GoalView>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::goals};
    respond(
        async {
            let me = require_user()?;
            let state = state()?;
            Ok(goals::list_goals(&state, &me, student_id.unwrap_or(me.id)).await?)
        }
        .await,
    )
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
