//! The contract that crosses the provider trait: what a provider is asked for and what it
//! answers with. Both providers produce these types; nothing here belongs to either one.

use crate::server::{
    grading::{AnswerKey, Choice, QuestionKind},
    transcript::LineRange,
};

/// The result of analysing one session transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Lexicon subject id ("mathematics"), or "general" when no subject has any evidence.
    pub subject: String,
    /// Human label of the subject ("Mathematics").
    pub subject_label: String,
    /// Short title built from the top concepts.
    pub title: String,
    /// Extractive summary: 2–4 lightly cleaned transcript sentences, in transcript order.
    pub summary: String,
    /// Broader topics (concept areas), each pointing at its most sustained discussion.
    pub topics: Vec<Finding>,
    pub concepts: Vec<ConceptFinding>,
    pub strengths: Vec<Finding>,
    pub improvements: Vec<Finding>,
    pub action_items: Vec<Finding>,
}

/// One observation backed by a range of transcript turns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub text: String,
    /// Canonical concept name this finding is about, if any.
    pub concept: Option<String>,
    pub lines: LineRange,
}

/// A concept discussed in the session.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptFinding {
    /// Canonical lexicon name ("Quadratic formula").
    pub name: String,
    /// Lexicon subject id the concept belongs to.
    pub subject: String,
    /// 1..=10.
    pub difficulty: u8,
    /// 0..=1; the top concept has 1.
    pub relevance: f64,
    /// Where it came up (adjacent turns merged), most relevant first, at most five.
    pub evidence: Vec<LineRange>,
    /// -1 the student struggled, 0 neutral, +1 the student showed understanding.
    pub signal: i8,
    pub description: Option<String>,
}

/// A question as a provider writes it, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedItem {
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<Choice>,
    pub answer: AnswerKey,
    /// How the correct answer is shown after submission, e.g. "x = -5 or x = 3".
    pub display_answer: String,
    /// Worked solution shown after submission.
    pub explanation: String,
    /// Two or three progressive hints (a nudge, then a step); never containing the answer.
    pub hints: Vec<String>,
    /// 1..=10, what was actually generated.
    pub difficulty: u8,
    pub generator: &'static str,
}

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
    /// The input does not hold enough to answer (no concept has material for a question):
    /// asking again cannot help.
    #[error("{0}")]
    NotEnoughMaterial(String),
}

impl AiError {
    /// Worth trying again later (as opposed to a request the provider will always refuse).
    pub fn is_transient(&self) -> bool {
        !matches!(self, Self::Rejected(_) | Self::NotEnoughMaterial(_))
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
            Self::NotEnoughMaterial(reason) => reason.clone(),
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

/// A subject to study next and the one line that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedSubject {
    pub subject: String,
    pub reason: String,
}

/// Subjects to suggest after a completed goal: the candidates (from the progression map and the
/// student's own sessions, in the map's order) that a provider may rank and reword, choosing
/// 3 to 5 of them and never adding others.
#[derive(Debug, Clone)]
pub struct SuggestionRequest {
    /// The completed goal's subject.
    pub completed: String,
    pub candidates: Vec<SuggestedSubject>,
    /// Subjects the student's sessions cover, for context.
    pub session_subjects: Vec<String>,
}
