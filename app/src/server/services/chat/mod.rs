//! Chat with memory: conversations a student keeps with the companion, answers grounded in
//! excerpts of their own sessions (streamed), a guard that never hands over the answer to an
//! open practice question, and routing to the tutor, kept as an escalation. One file per verb.
//!
//! Only the student who owns a conversation ever reads it; to anyone else it does not exist.

mod ask;
mod conversations;
mod guard;
pub mod markdown;
mod retrieve;
mod route;
mod starters;

use uuid::Uuid;

pub use ask::{AnswerEvent, PendingAnswer, send_message};
pub use conversations::{
    create_conversation, delete_conversation, get_conversation, list_conversations,
    rename_conversation,
};
pub use route::{dismiss_escalation, route_conversation, send_escalation};
pub use starters::starter_questions;

use crate::{
    dto::chat::{MAX_MESSAGE_CHARS, MessageRole, MessageView},
    error::AppError,
    server::{
        ai::AiError,
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::{conversations::Model as Conversation, messages},
        models::ModelError,
        state::AppState,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("Questions are limited to {MAX_MESSAGE_CHARS} characters; this one has {0}.")]
    TooLong(usize),
    #[error("too many questions; try again in {0} s")]
    RateLimited(u64),
    #[error("this request was already {0}")]
    NotOpen(String),
    #[error(transparent)]
    Ai(#[from] AiError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ModelError> for ChatError {
    fn from(err: ModelError) -> Self {
        match err {
            ModelError::NotFound(what) => Self::NotFound(what),
            ModelError::WrongState { actual, .. } => Self::NotOpen(actual),
            ModelError::Db(err) => Self::Db(err),
        }
    }
}

impl From<ChatError> for AppError {
    fn from(err: ChatError) -> Self {
        use ChatError as E;
        match err {
            E::Access(err) => err.into(),
            E::NotFound(what) => Self::NotFound(what.into()),
            E::Invalid { field, message } => Self::field(field, message),
            E::TooLong(_) => Self::Unprocessable(err.to_string()),
            E::RateLimited(secs) => Self::RateLimited { retry_after_secs: secs },
            E::NotOpen(_) => Self::Conflict(err.to_string()),
            E::Ai(err) => {
                tracing::warn!(error = %err, "the chat provider failed");
                Self::Unavailable(
                    "The companion could not answer just now. Your question is saved; try again in a moment."
                        .into(),
                )
            }
            E::Db(err) => err.into(),
        }
    }
}

/// The conversation, if `me` owns it; 404 for everyone else.
async fn own_conversation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<Conversation, ChatError> {
    let conversation = Conversation::find(&state.db, id).await?;
    policy::require_owner(me, conversation.student_id, "conversation")?;
    Ok(conversation)
}

/// A stored message as the page and the API show it: answers rendered from markdown, questions
/// as plain text, both sanitised.
pub fn message_view(message: messages::Model) -> MessageView {
    let content_html = match message.role {
        MessageRole::Assistant => markdown::render(&message.content),
        MessageRole::User => markdown::render_plain(&message.content),
    };
    MessageView {
        id: message.id,
        role: message.role,
        content: message.content,
        content_html,
        sources: message.sources.into_inner(),
        status: message.status,
        created_at: message.created_at,
    }
}
