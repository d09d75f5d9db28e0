//! The AI provider: one trait, two implementations (SPEC §5). Everything that needs a model
//! goes through `AiProvider`; `calls::record` writes one `ai_calls` row per call.
//!
//! - `offline` (the default): the built-in deterministic engine in `offline/`.
//! - `openai`: async-openai against any OpenAI-compatible endpoint; replies are parsed into our
//!   own types and validated, so a malformed reply is an error and never reaches the database.
//!
//! Transcripts and anything a user typed are untrusted input to a model: they are sent inside
//! delimiters, and the instructions say that text inside them is data, never instructions.

pub mod calls;
pub mod chat;
pub mod offline;
mod offline_provider;
pub mod openai;
pub mod types;
mod validate;

use std::sync::Arc;

pub use chat::{
    ChatEvent, ChatExcerpt, ChatRequest, ChatSource, ChatStream, ChatTurn, Deadline, ExcerptTurn,
    RouteDecision, RouteRequest, Struggle,
};
pub use offline_provider::{OfflineProvider, build_practice};
pub use openai::OpenAiProvider;
pub use types::{
    AiError, Analysis, ConceptFinding, Finding, GeneratedItem, PracticeConcept, PracticeDraft,
    PracticeRequest, Reply, SuggestedSubject, SuggestionRequest, Usage,
};

use super::{
    config::{AiProviderKind, AiSettings},
    transcript::ParsedTranscript,
};

#[async_trait::async_trait]
pub trait AiProvider: Send + Sync {
    /// "offline" or "openai".
    fn name(&self) -> &'static str;
    fn model(&self) -> String;
    async fn analyze_transcript(
        &self,
        transcript: &ParsedTranscript,
    ) -> Result<Reply<Analysis>, AiError>;
    async fn generate_practice(
        &self,
        request: &PracticeRequest,
    ) -> Result<Reply<Vec<PracticeDraft>>, AiError>;
    /// Ranks and words 3 to 5 of the candidate subjects (never others).
    async fn rank_suggestions(
        &self,
        request: &SuggestionRequest,
    ) -> Result<Reply<Vec<SuggestedSubject>>, AiError>;
    /// Answers a question from the retrieved excerpts as a stream of text deltas, then the
    /// sources used. Errors before the first delta come back here; a stream that breaks off
    /// later ends with an `Err` item.
    async fn chat(&self, request: ChatRequest) -> Result<ChatStream, AiError>;
    /// Should the conversation go to a human tutor? Why, how urgently, about what.
    async fn route(&self, request: &RouteRequest) -> Result<Reply<RouteDecision>, AiError>;
}

/// The provider the settings ask for.
pub fn from_settings(settings: &AiSettings) -> Arc<dyn AiProvider> {
    match settings.provider {
        AiProviderKind::Offline => Arc::new(OfflineProvider),
        AiProviderKind::OpenAi => Arc::new(OpenAiProvider::new(settings)),
    }
}
