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
pub mod offline;
mod offline_provider;
pub mod openai;
mod validate;

use std::sync::Arc;

pub use offline::{Analysis, ConceptFinding, Finding};
pub use offline_provider::{OfflineProvider, build_practice};
pub use openai::OpenAiProvider;

use super::{
    config::{AiProviderKind, AiSettings},
    transcript::{LineRange, ParsedTranscript},
};
use offline::practice::GeneratedItem;

/// Tokens a call used, for cost accounting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// A provider's answer with its token usage.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    pub value: T,
    pub usage: Usage,
}

#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("the AI service did not answer in time")]
    Timeout,
    #[error("the AI service is rate limiting requests")]
    RateLimited,
    #[error("the AI service failed: {0}")]
    Upstream(String),
    #[error("the AI service's answer could not be used: {0}")]
    Malformed(String),
    #[error("the AI service refused the request: {0}")]
    Rejected(String),
}

impl AiError {
    /// Worth trying again later (as opposed to a request the provider will always refuse).
    pub fn is_transient(&self) -> bool {
        !matches!(self, Self::Rejected(_))
    }

    /// What a student reads on a failed session.
    pub fn human_reason(&self) -> String {
        match self {
            Self::Timeout => "The analysis service did not answer in time.".into(),
            Self::RateLimited => "The analysis service was too busy to take the request.".into(),
            Self::Upstream(_) => "The analysis service was unavailable.".into(),
            Self::Malformed(_) => "The analysis service gave an answer that could not be used.".into(),
            Self::Rejected(_) => {
                "The analysis service refused the request; an administrator has to check its settings."
                    .into()
            }
        }
    }
}

/// One concept to practise, with what the practice should aim at.
#[derive(Debug, Clone)]
pub struct PracticeConcept {
    pub id: uuid::Uuid,
    pub name: String,
    pub subject: String,
    pub description: Option<String>,
    /// The difficulty (1..10) that suits the student's current rating.
    pub target_difficulty: u8,
    /// Tutor lines from the session where the concept was taught, with their ranges.
    pub source_lines: Vec<(LineRange, String)>,
}

#[derive(Debug, Clone)]
pub struct PracticeRequest {
    pub concepts: Vec<PracticeConcept>,
    /// Other concept names and descriptions, for distractors.
    pub related: Vec<(String, String)>,
    pub item_count: usize,
    /// Seeds the offline generators, so a practice is reproducible.
    pub seed: u64,
}

/// A generated question tied to its concept and the lines it came from.
#[derive(Debug, Clone)]
pub struct PracticeDraft {
    pub concept_id: uuid::Uuid,
    pub item: GeneratedItem,
    pub lines: Option<LineRange>,
}

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
}

/// The provider the settings ask for.
pub fn from_settings(settings: &AiSettings) -> Arc<dyn AiProvider> {
    match settings.provider {
        AiProviderKind::Offline => Arc::new(OfflineProvider),
        AiProviderKind::OpenAi => Arc::new(OpenAiProvider::new(settings)),
    }
}
