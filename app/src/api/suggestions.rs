//! Server functions for subject suggestions.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::{goal::GoalView, suggestion::SuggestionView},
    error::AppError,
};

/// The caller's pending suggestions (of one completed goal, or all).
#[server(prefix = "/_fn", endpoint = "suggestions/list")]
pub async fn list_suggestions(goal_id: Option<Uuid>) -> Result<Vec<SuggestionView>, AppError> {
    use super::support::read_once;
    use crate::server::services::suggestions;
    read_once("suggestions/list", goal_id, move |state, me| async move {
        Ok(suggestions::list_suggestions(&state, &me, me.id, goal_id).await?)
    })
    .await
}

/// Accepts a suggestion: the new goal, with its concepts.
#[server(prefix = "/_fn", endpoint = "suggestions/accept")]
pub async fn accept_suggestion(id: Uuid) -> Result<GoalView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::suggestions};
    respond(
        async { Ok(suggestions::accept_suggestion(&state()?, &require_user()?, id).await?) }.await,
    )
}

/// Dismisses a suggestion: hidden, and never suggested again.
#[server(prefix = "/_fn", endpoint = "suggestions/dismiss")]
pub async fn dismiss_suggestion(id: Uuid) -> Result<SuggestionView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::suggestions};
    respond(
        async { Ok(suggestions::dismiss_suggestion(&state()?, &require_user()?, id).await?) }.await,
    )
}
