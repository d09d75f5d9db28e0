//! Conversations: start (optionally about one session), list newest first, read with every
//! message, rename, delete.

use uuid::Uuid;

use super::{ChatError, message_view, own_conversation};
use crate::{
    dto::{
        chat::{
            ConversationCreated, ConversationSummary, ConversationView, MAX_TITLE_CHARS,
            NewConversation,
        },
        page::{Page, PageParams},
    },
    server::{
        auth::{current::CurrentUser, policy},
        entities::{conversations, messages, sessions},
        services::time,
        state::AppState,
    },
};

/// What a conversation is called until its first question names it.
pub(super) const UNTITLED: &str = "New conversation";

/// A title as typed: trimmed, control characters out, 1..=120 characters.
fn clean_title(raw: &str) -> Result<String, ChatError> {
    let title: String =
        raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(ChatError::Invalid {
            field: "title",
            message: "Give the conversation a name.".into(),
        });
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ChatError::Invalid {
            field: "title",
            message: format!("Keep the name under {MAX_TITLE_CHARS} characters."),
        });
    }
    Ok(title)
}

/// A title from a first question: its first words, cut at a word boundary.
pub(super) fn title_from_question(question: &str) -> String {
    let flat = question.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 60 {
        return flat;
    }
    let cut: String = flat.chars().take(60).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// `POST /api/chat/conversations`: students only; scoped to one of their sessions if asked.
pub async fn create_conversation(
    state: &AppState,
    me: &CurrentUser,
    input: NewConversation,
) -> Result<ConversationCreated, ChatError> {
    policy::require_student(me)?;
    let title = match input.title.as_deref() {
        Some(raw) => clean_title(raw)?,
        None => UNTITLED.to_owned(),
    };
    if let Some(session_id) = input.session_id {
        let session = sessions::Model::find(&state.db, session_id).await?;
        policy::can_read_student(&state.db, me, session.student_id).await?;
    }
    let conversation =
        conversations::Model::create(&state.db, me.id, input.session_id, title, state.clock.now())
            .await?;
    Ok(ConversationCreated { id: conversation.id, title: conversation.title })
}

fn summary(
    conversation: conversations::Model,
    me: &CurrentUser,
    state: &AppState,
) -> ConversationSummary {
    ConversationSummary {
        when_label: time::relative(conversation.updated_at, state.clock.now(), &me.time_zone),
        id: conversation.id,
        title: conversation.title,
        session_id: conversation.session_id,
        created_at: conversation.created_at,
        updated_at: conversation.updated_at,
    }
}

/// `GET /api/chat/conversations`: the caller's own, most recently active first.
pub async fn list_conversations(
    state: &AppState,
    me: &CurrentUser,
    params: PageParams,
) -> Result<Page<ConversationSummary>, ChatError> {
    let params =
        params.checked().map_err(|(field, message)| ChatError::Invalid { field, message })?;
    let (rows, total) =
        conversations::Model::page_of_student(&state.db, me.id, params.page, params.per_page)
            .await?;
    Ok(Page {
        items: rows.into_iter().map(|c| summary(c, me, state)).collect(),
        page: params.page,
        per_page: params.per_page,
        total,
    })
}

/// `GET /api/chat/conversations/{id}`: every message, oldest first.
pub async fn get_conversation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<ConversationView, ChatError> {
    let conversation = own_conversation(state, me, id).await?;
    let rows = messages::Model::of_conversation(&state.db, id).await?;
    let session_title = match conversation.session_id {
        Some(session_id) => sessions::Model::find(&state.db, session_id)
            .await
            .ok()
            .map(|s| s.title.unwrap_or_else(|| "Tutoring session".into())),
        None => None,
    };
    Ok(ConversationView {
        id: conversation.id,
        title: conversation.title,
        session_id: conversation.session_id,
        session_title,
        messages: rows.into_iter().map(message_view).collect(),
        created_at: conversation.created_at,
        updated_at: conversation.updated_at,
    })
}

/// `PATCH /api/chat/conversations/{id}` `{title}`.
pub async fn rename_conversation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    title: &str,
) -> Result<ConversationSummary, ChatError> {
    let conversation = own_conversation(state, me, id).await?;
    let title = clean_title(title)?;
    let renamed = conversation.rename(&state.db, title, state.clock.now()).await?;
    Ok(summary(renamed, me, state))
}

/// `DELETE /api/chat/conversations/{id}`: the conversation and its messages.
pub async fn delete_conversation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<(), ChatError> {
    let conversation = own_conversation(state, me, id).await?;
    conversation.delete(&state.db).await?;
    Ok(())
}
