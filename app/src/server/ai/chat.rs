//! The chat and routing contract that crosses the provider trait: what a provider is given (the
//! conversation so far, the new question, excerpts retrieved from the student's own sessions)
//! and what it answers with (a stream of text deltas and the sources it used; a routing
//! decision). Both providers produce these types; nothing here belongs to either one.

use std::pin::Pin;

use futures::Stream;
use uuid::Uuid;

use super::{AiError, Usage};
use crate::{
    dto::chat::{MessageRole, Urgency},
    server::transcript::{LineRange, SpeakerRole},
};

/// One earlier turn of the conversation (a user question or an assistant answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatTurn {
    pub role: MessageRole,
    pub content: String,
}

/// A transcript turn inside an excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcerptTurn {
    pub number: usize,
    pub speaker: String,
    pub role: SpeakerRole,
    pub text: String,
}

/// A passage of one of the student's sessions that retrieval ranked for this question.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatExcerpt {
    pub session_id: Uuid,
    pub session_title: String,
    /// "20 Nov 2026", for "in your session on …".
    pub date_label: String,
    pub tutor_name: String,
    pub lines: LineRange,
    pub turns: Vec<ExcerptTurn>,
    /// The session's concepts whose evidence lies in these lines, most relevant first.
    pub concepts: Vec<String>,
    /// Retrieval score, highest first across excerpts.
    pub score: f64,
}

/// What a provider is asked to answer.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    pub student_name: String,
    /// The latest turns, oldest first, within a character budget.
    pub history: Vec<ChatTurn>,
    pub question: String,
    /// The weighted query retrieval used (stemmed terms of the question and, with less weight,
    /// of the turns before it), so an offline answer quotes the sentences that matched.
    pub query: Vec<(String, f64)>,
    /// Empty when nothing in the student's sessions was relevant enough.
    pub excerpts: Vec<ChatExcerpt>,
}

/// A source an answer used: lines of one excerpt and the words taken from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSource {
    /// Index into `ChatRequest::excerpts`.
    pub excerpt: usize,
    pub lines: LineRange,
    /// Text found verbatim in those lines.
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChatEvent {
    /// The next piece of the answer's text.
    Delta(String),
    /// The sources used, once the answer is complete.
    Sources(Vec<ChatSource>),
    /// Tokens used, when the provider reports them.
    Usage(Usage),
}

/// An answer as it is produced. An `Err` item ends the stream: the text before it is partial.
pub type ChatStream = Pin<Box<dyn Stream<Item = Result<ChatEvent, AiError>> + Send>>;

/// A concept the student got wrong repeatedly in recent practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Struggle {
    pub concept: String,
    pub wrong: usize,
    pub answered: usize,
}

/// A goal with a target date coming up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub label: String,
    pub days_left: i64,
}

/// What routing looks at.
#[derive(Debug, Clone)]
pub struct RouteRequest {
    pub student_name: String,
    pub conversation_title: String,
    /// The latest turns, oldest first.
    pub history: Vec<ChatTurn>,
    /// Answers in this conversation that had nothing from the sessions to go on.
    pub ungrounded_answers: usize,
    pub struggles: Vec<Struggle>,
    pub deadlines: Vec<Deadline>,
    /// The student's concepts this conversation touched (named in it or cited by it).
    pub concepts: Vec<String>,
}

/// Should this go to a human tutor, and with what context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteDecision {
    pub recommend_tutor: bool,
    pub reason: String,
    pub urgency: Urgency,
    pub focus: Vec<String>,
    pub summary: String,
}
