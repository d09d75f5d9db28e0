//! Chat on the wire: conversations, messages with the session lines they rest on, and the
//! routing result ("should a tutor take this?") kept as an escalation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::session::Lines;

/// The longest question a student may send, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// The longest conversation title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

wire_enum! {
    /// Who wrote a message.
    pub enum MessageRole {
        User,
        Assistant,
    }
}

wire_enum! {
    /// How an answer ended.
    pub enum MessageStatus {
        /// The whole answer arrived.
        Complete,
        /// The provider's stream broke off: what arrived is kept and shown as cut short.
        Interrupted,
        /// The answer would have given away an open practice question and was replaced with a
        /// step-by-step nudge.
        Guarded,
    }
}

wire_enum! {
    /// How soon a tutor should look at an escalation.
    pub enum Urgency {
        Low,
        Medium,
        High,
    }
}

wire_enum! {
    /// `open` until a booking takes it up (`booked`) or the student lets it go (`dismissed`).
    pub enum EscalationStatus {
        Open,
        Booked,
        Dismissed,
    }
}

/// Where an answer came from: a range of lines in one of the student's sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SourceView {
    pub session_id: Uuid,
    pub session_title: String,
    pub lines: Lines,
    /// The words quoted from those lines.
    pub excerpt: String,
}

impl SourceView {
    /// The session page with these lines highlighted and scrolled to.
    pub fn href(&self) -> String {
        format!(
            "/sessions/{}?lines={}-{}#line-{}",
            self.session_id, self.lines.start, self.lines.end, self.lines.start
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    pub id: Uuid,
    pub role: MessageRole,
    /// Markdown as written.
    pub content: String,
    /// `content` rendered on the server and sanitised: safe to insert as HTML.
    pub content_html: String,
    pub sources: Vec<SourceView>,
    pub status: MessageStatus,
    pub created_at: DateTime<Utc>,
}

/// A row of the conversation list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConversationSummary {
    pub id: Uuid,
    pub title: String,
    /// The session the conversation is about, when it was opened from a session page.
    pub session_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// "3 minutes ago", in the viewer's terms.
    pub when_label: String,
}

/// `GET /api/chat/conversations/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConversationView {
    pub id: Uuid,
    pub title: String,
    pub session_id: Option<Uuid>,
    pub session_title: Option<String>,
    pub messages: Vec<MessageView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/chat/conversations` → 201 `{id, title}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConversationCreated {
    pub id: Uuid,
    pub title: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewConversation {
    #[serde(default)]
    pub title: Option<String>,
    /// Scope the conversation to one of the student's sessions.
    #[serde(default)]
    pub session_id: Option<Uuid>,
}

/// `PATCH /api/chat/conversations/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConversationTitle {
    pub title: String,
}

/// `POST /api/chat/conversations/{id}/messages`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionInput {
    pub content: String,
}

/// The JSON answer to a message (without `Accept: text/event-stream`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    pub user_message: MessageView,
    pub message: MessageView,
}

/// `event: delta` of the answer stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeltaEvent {
    pub text: String,
}

/// `event: sources` of the answer stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SourcesEvent {
    pub sources: Vec<SourceView>,
}

/// `event: done` of the answer stream: the stored answer, and the stored question it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DoneEvent {
    pub message: MessageView,
    pub user_message: MessageView,
}

/// `POST /api/chat/conversations/{id}/route`: should this go to a human, and why. Stored as an
/// escalation; a booking refers to it by `escalationId` and moves it to `booked`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RouteView {
    pub escalation_id: Uuid,
    pub recommend_tutor: bool,
    pub reason: String,
    pub urgency: Urgency,
    /// Concepts the tutor should focus on.
    pub focus: Vec<String>,
    pub summary: String,
    pub status: EscalationStatus,
    /// The tutor who will see it (the most recent linked tutor), if the student has one.
    pub tutor_name: Option<String>,
    pub sent: bool,
}

/// `POST /api/chat/escalations/{id}/send`: the dialog's fields as the student left them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EscalationInput {
    pub reason: String,
    pub urgency: Urgency,
    #[serde(default)]
    pub focus: Vec<String>,
}

/// A suggested first question for an empty conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StarterQuestion {
    pub question: String,
    /// "From your last session", "Due for review".
    pub why: String,
}
