//! The built-in "offline" AI engine: deterministic, explainable transcript analysis (subject,
//! concepts with evidence, strengths, improvements, action items, title and summary) and BM25
//! retrieval over transcript chunks, with no network and no model weights.
//!
//! Transcript text is untrusted input and is only ever treated as text: it is tokenised,
//! matched against the shipped lexicons and quoted back, never interpreted.

mod analysis;
/// Chat answers from retrieved excerpts.
pub mod chat;
mod lexicon;
/// Practice-question generation; owned and documented in `practice/`.
pub mod practice;
mod retrieval;
/// Rule-based tutor routing.
pub mod route;
mod text;

#[cfg(test)]
mod tests;

pub use crate::server::ai::types::{Analysis, ConceptFinding, Finding};
use crate::server::transcript::{ParsedTranscript, SpeakerRole, Turn};

pub use analysis::{analyze, explain};
pub use lexicon::LexiconConcept;
pub use retrieval::{Chunk, Scored, bm25, chunk};
pub use text::{normalize_name, terms};

/// `(id, label)` of every shipped lexicon, in a fixed order.
pub fn subjects() -> Vec<(&'static str, &'static str)> {
    lexicon::lexicons().subjects.iter().map(|s| (s.id.as_str(), s.label.as_str())).collect()
}

/// Every concept of a lexicon subject (by id or label), in the file's order, which follows the
/// curriculum; empty for an unknown subject.
pub fn subject_concepts(subject: &str) -> Vec<LexiconConcept> {
    let lex = lexicon::lexicons();
    let Some(si) = lex.subject_index(subject) else { return Vec::new() };
    (0..lex.subjects[si].concepts.len())
        .map(|ci| lex.public_concept(lexicon::ConceptRef { subject: si, concept: ci }))
        .collect()
}

/// Looks a concept up by subject id and canonical name or alias (compared normalised).
pub fn lexicon_concept(subject: &str, name: &str) -> Option<LexiconConcept> {
    let lex = lexicon::lexicons();
    let si = lex.subject_index(subject)?;
    let ci = lex.find_concept(si, name)?;
    Some(lex.public_concept(lexicon::ConceptRef { subject: si, concept: ci }))
}
