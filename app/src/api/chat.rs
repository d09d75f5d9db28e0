//! Server functions for chat. Asking a question is not one of them: the page streams the answer
//! from the REST endpoint (`POST /api/chat/conversations/{id}/messages` as server-sent events),
//! the same code path every other client uses.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::{
        chat::{
            ConversationCreated, ConversationSummary, ConversationView, RouteView, StarterQuestion,
            Urgency,
        },
        page::Page,
    },
    error::AppError,
};

#[server(prefix = "/_fn", endpoint = "chat/list")]
pub async fn list_conversations(page: u64) -> Result<Page<ConversationSummary>, AppError> {
    use super::support::read_once;
    use crate::{dto::page::PageParams, server::services::chat};
    read_once("chat/list", page, move |state, me| async move {
        let params = PageParams { page, per_page: 50 };
        Ok(chat::list_conversations(&state, &me, params).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "chat/get")]
pub async fn get_conversation(id: Uuid) -> Result<ConversationView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::chat};
    respond(async { Ok(chat::get_conversation(&state()?, &require_user()?, id).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "chat/create")]
pub async fn create_conversation(
    title: Option<String>,
    session_id: Option<Uuid>,
) -> Result<ConversationCreated, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::chat::NewConversation,
        server::{auth::current::require_user, services::chat},
    };
    respond(
        async {
            let me = require_user()?;
            let input = NewConversation { title, session_id };
            Ok(chat::create_conversation(&state()?, &me, input).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "chat/rename")]
pub async fn rename_conversation(id: Uuid, title: String) -> Result<ConversationSummary, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::chat};
    respond(
        async { Ok(chat::rename_conversation(&state()?, &require_user()?, id, &title).await?) }
            .await,
    )
}

#[server(prefix = "/_fn", endpoint = "chat/delete")]
pub async fn delete_conversation(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::chat};
    respond(async { Ok(chat::delete_conversation(&state()?, &require_user()?, id).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "chat/route")]
pub async fn route_conversation(id: Uuid) -> Result<RouteView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::chat};
    respond(async { Ok(chat::route_conversation(&state()?, &require_user()?, id).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "chat/escalation/send")]
pub async fn send_escalation(
    id: Uuid,
    reason: String,
    urgency: Urgency,
    focus: Vec<String>,
) -> Result<RouteView, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::chat::EscalationInput,
        server::{auth::current::require_user, services::chat},
    };
    respond(
        async {
            let me = require_user()?;
            let input = EscalationInput { reason, urgency, focus };
            Ok(chat::send_escalation(&state()?, &me, id, input).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "chat/escalation/dismiss")]
pub async fn dismiss_escalation(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::chat};
    respond(async { Ok(chat::dismiss_escalation(&state()?, &require_user()?, id).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "chat/starters")]
pub async fn starter_questions(session_id: Option<Uuid>) -> Result<Vec<StarterQuestion>, AppError> {
    use super::support::read_once;
    use crate::server::services::chat;
    read_once("chat/starters", session_id, move |state, me| async move {
        Ok(chat::starter_questions(&state, &me, session_id).await?)
    })
    .await
}
