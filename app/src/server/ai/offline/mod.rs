//! The built-in "offline" AI engine: deterministic, explainable transcript analysis (subject,
//! concepts with evidence, strengths, improvements, action items, title and summary) and BM25
//! retrieval over transcript chunks, with no network and no model weights.
//!
//! Transcript text is untrusted input and is only ever treated as text: it is tokenised,
//! matched against the shipped lexicons and quoted back, never interpreted.

mod analysis;
mod lexicon;
/// Practice-question generation; owned and documented in `practice/`.
pub mod practice;
mod retrieval;
mod text;

#[cfg(test)]
mod tests;

use crate::server::transcript::{LineRange, ParsedTranscript, SpeakerRole, Turn};

pub use analysis::analyze;
pub use lexicon::LexiconConcept;
pub use retrieval::{Chunk, Scored, bm25, chunk};
pub use text::{normalize_name, terms};

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

/// `(id, label)` of every shipped lexicon, in a fixed order.
pub fn subjects() -> Vec<(&'static str, &'static str)> {
    lexicon::lexicons().subjects.iter().map(|s| (s.id.as_str(), s.label.as_str())).collect()
}

/// Looks a concept up by subject id and canonical name or alias (compared normalised).
pub fn lexicon_concept(subject: &str, name: &str) -> Option<LexiconConcept> {
    let lex = lexicon::lexicons();
    let si = lex.subject_index(subject)?;
    let ci = lex.find_concept(si, name)?;
    Some(lex.public_concept(lexicon::ConceptRef { subject: si, concept: ci }))
}
