//! Asking a question: checked and stored at once, then answered in a task of its own (so a
//! closed browser never loses an answer) whose events (text deltas, the sources, the stored
//! message) the caller streams or waits for.
//!
//! The answer is grounded in excerpts retrieved from the student's own sessions, remembers the
//! conversation (the latest turns within a character budget go to the provider, the earlier
//! questions shape retrieval), and passes the give-away guard before anything is shown when an
//! open practice item is in play. A provider stream that breaks off keeps the partial answer,
//! stored and marked `interrupted`.

use std::time::Instant;

use chrono::Duration;
use futures::StreamExt;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use uuid::Uuid;

use super::{
    ChatError,
    conversations::{UNTITLED, title_from_question},
    guard::{self, Guard},
    message_view, own_conversation,
    retrieve::{Query, retrieve},
};
use crate::{
    dto::{
        chat::{MAX_MESSAGE_CHARS, MessageRole, MessageStatus, MessageView, SourceView},
        session::Lines,
    },
    server::{
        ai::{
            AiError, ChatEvent, ChatExcerpt, ChatRequest, ChatSource, ChatTurn, Usage, calls,
            offline,
        },
        auth::current::CurrentUser,
        entities::messages,
        models::messages::NewMessage,
        state::AppState,
    },
};

/// The latest messages a provider sees, within this many characters.
const HISTORY_MESSAGES: u64 = 12;
const HISTORY_CHARS: usize = 6000;
/// A source quotes at most this many characters of its lines.
const EXCERPT_CHARS: usize = 300;

/// What happens to an answer, in order: deltas, then the sources, then the stored message (or a
/// failure, after which nothing follows).
#[derive(Debug)]
pub enum AnswerEvent {
    Delta(String),
    Sources(Vec<SourceView>),
    Done(MessageView),
    Failed(ChatError),
}

/// A question that was accepted and stored; its answer arrives on `events`.
pub struct PendingAnswer {
    pub user_message: MessageView,
    pub events: UnboundedReceiver<AnswerEvent>,
}

/// Per-user limit on answers, counted in `ai_calls` so every web process sees the same count.
async fn check_rate(state: &AppState, me: &CurrentUser) -> Result<(), ChatError> {
    let limit = u64::from(state.settings.rate_limit.chat_per_minute.max(1));
    let now = state.clock.now();
    let window = Duration::seconds(60);
    let (count, oldest) = calls::chat_calls_since(state, me.id, now - window).await?;
    if count >= limit {
        let wait = oldest.map_or(60, |oldest| (oldest + window - now).num_seconds());
        return Err(ChatError::RateLimited(wait.clamp(1, 60) as u64));
    }
    Ok(())
}

/// The latest turns, oldest first, within the character budget (the newest always fits).
fn history(earlier: &[messages::Model]) -> Vec<ChatTurn> {
    let mut used = 0;
    let mut turns = Vec::new();
    for message in earlier.iter().rev() {
        used += message.content.len();
        if used > HISTORY_CHARS && !turns.is_empty() {
            break;
        }
        turns.push(ChatTurn { role: message.role, content: message.content.clone() });
    }
    turns.reverse();
    turns
}

/// `POST /api/chat/conversations/{id}/messages`: validates and stores the question, then starts
/// the answer.
#[tracing::instrument(skip_all, fields(conversation_id = %id))]
pub async fn send_message(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    content: &str,
) -> Result<PendingAnswer, ChatError> {
    let conversation = own_conversation(state, me, id).await?;
    let question = content.trim();
    if question.is_empty() {
        return Err(ChatError::Invalid {
            field: "content",
            message: "Write a question first.".into(),
        });
    }
    let length = question.chars().count();
    if length > MAX_MESSAGE_CHARS {
        return Err(ChatError::TooLong(length));
    }
    check_rate(state, me).await?;

    let earlier = messages::Model::latest(&state.db, id, HISTORY_MESSAGES).await?;
    let now = state.clock.now();
    let asked = messages::Model::create(
        &state.db,
        NewMessage {
            conversation_id: id,
            role: MessageRole::User,
            content: question.to_owned(),
            sources: Vec::new(),
            status: MessageStatus::Complete,
            provider: None,
        },
        now,
    )
    .await?;
    let first_question = !earlier.iter().any(|m| m.role == MessageRole::User);
    if first_question && conversation.title == UNTITLED {
        conversation.rename(&state.db, title_from_question(question), now).await?;
    } else {
        conversation.touch(&state.db, now).await?;
    }

    let earlier_questions: Vec<&str> = earlier
        .iter()
        .rev()
        .filter(|m| m.role == MessageRole::User)
        .map(|m| m.content.as_str())
        .collect();
    let query = Query::new(question, &earlier_questions);
    let excerpts =
        retrieve(state, conversation.student_id, conversation.session_id, &query, &me.time_zone)
            .await?;
    // A short follow-up ("and the second one?") is about what the question before it was about.
    let about = match earlier_questions.first() {
        Some(before) if offline::terms(question).len() < 3 => format!("{before} {question}"),
        _ => question.to_owned(),
    };
    let guard = guard::items_about(state, conversation.student_id, &about).await?;
    let request = ChatRequest {
        student_name: me.name.clone(),
        history: history(&earlier),
        question: question.to_owned(),
        query: query.weighted(),
        excerpts,
    };
    let (tx, events) = unbounded_channel();
    let answer = Answer {
        state: state.clone(),
        user_id: me.id,
        conversation,
        asked_at: asked.created_at,
        guard,
    };
    tokio::spawn(answer.run(request, tx));
    Ok(PendingAnswer { user_message: message_view(asked), events })
}

/// Everything the answering task needs.
struct Answer {
    state: AppState,
    user_id: Uuid,
    conversation: crate::server::entities::conversations::Model,
    asked_at: chrono::DateTime<chrono::Utc>,
    guard: Guard,
}

/// The cited lines as the wire shows them, each quote clipped to a whole-word prefix (still
/// text found in those lines).
fn source_views(excerpts: &[ChatExcerpt], sources: &[ChatSource]) -> Vec<SourceView> {
    let mut views: Vec<SourceView> = Vec::new();
    for source in sources {
        let Some(excerpt) = excerpts.get(source.excerpt) else { continue };
        let lines = Lines { start: source.lines.start as i32, end: source.lines.end as i32 };
        if views.iter().any(|v| v.session_id == excerpt.session_id && v.lines == lines) {
            continue;
        }
        let mut quote = source.quote.trim().to_owned();
        if quote.chars().count() > EXCERPT_CHARS {
            let cut: String = quote.chars().take(EXCERPT_CHARS).collect();
            quote = cut.rsplit_once(' ').map_or(cut.clone(), |(head, _)| head.to_owned());
        }
        views.push(SourceView {
            session_id: excerpt.session_id,
            session_title: excerpt.session_title.clone(),
            lines,
            excerpt: quote,
        });
    }
    views
}

impl Answer {
    async fn run(self, request: ChatRequest, tx: UnboundedSender<AnswerEvent>) {
        let started = Instant::now();
        let excerpts = request.excerpts.clone();
        // With an open practice item in play nothing is shown before the whole reply is checked.
        let hold = !self.guard.open.is_empty();
        let mut text = String::new();
        let mut sources = Vec::new();
        let mut usage = Usage::default();
        let mut broke: Option<AiError> = None;
        match self.state.ai.chat(request).await {
            Err(err) => {
                calls::record_chat(&self.state, self.user_id, started, usage, Some(&err)).await;
                let _ = tx.send(AnswerEvent::Failed(ChatError::Ai(err)));
                return;
            }
            Ok(mut stream) => {
                while let Some(item) = stream.next().await {
                    match item {
                        Ok(ChatEvent::Delta(piece)) => {
                            text.push_str(&piece);
                            if !hold {
                                // The reader may have gone; the answer is still finished and kept.
                                let _ = tx.send(AnswerEvent::Delta(piece));
                            }
                        }
                        Ok(ChatEvent::Sources(found)) => sources = found,
                        Ok(ChatEvent::Usage(used)) => usage = used,
                        Err(err) => {
                            broke = Some(err);
                            break;
                        }
                    }
                }
            }
        }
        calls::record_chat(&self.state, self.user_id, started, usage, broke.as_ref()).await;
        if text.trim().is_empty() {
            let err = broke.unwrap_or_else(|| AiError::Malformed("the answer was empty".into()));
            let _ = tx.send(AnswerEvent::Failed(ChatError::Ai(err)));
            return;
        }
        if let Some(err) = &broke {
            tracing::warn!(error = %err, "a chat answer broke off; keeping the partial answer");
        }

        let mut status =
            if broke.is_some() { MessageStatus::Interrupted } else { MessageStatus::Complete };
        let mut views = source_views(&excerpts, &sources);
        let mut content = text.clone();
        if let Some(item) = self.guard.give_away(&text) {
            content = self.guard.nudge(item);
            status = MessageStatus::Guarded;
            views.retain(|source| !guard::gives_away(&item.item, &source.excerpt));
        } else if let Some(explanation) = self.guard.explanation() {
            content = format!("{content}\n\n{explanation}");
        }
        if hold {
            for piece in offline::chat::deltas(&content, 3) {
                let _ = tx.send(AnswerEvent::Delta(piece));
            }
        } else if let Some(rest) = content.strip_prefix(text.as_str())
            && !rest.is_empty()
        {
            let _ = tx.send(AnswerEvent::Delta(rest.to_owned()));
        }

        // Strictly after the question, so the two always read in order.
        let at = self.state.clock.now().max(self.asked_at + Duration::milliseconds(1));
        let stored = messages::Model::create(
            &self.state.db,
            NewMessage {
                conversation_id: self.conversation.id,
                role: MessageRole::Assistant,
                content,
                sources: views.clone(),
                status,
                provider: Some(self.state.ai.name().to_owned()),
            },
            at,
        )
        .await;
        match stored {
            Ok(message) => {
                if let Err(err) = self.conversation.touch(&self.state.db, at).await {
                    tracing::warn!(error = %err, "moving the conversation up failed");
                }
                let _ = tx.send(AnswerEvent::Sources(views));
                let _ = tx.send(AnswerEvent::Done(message_view(message)));
            }
            Err(err) => {
                let _ = tx.send(AnswerEvent::Failed(ChatError::Db(err)));
            }
        }
    }
}
