//! Offline practice: seeded generators that build maths and chemistry questions with verified
//! answers and items made from the tutor's own transcript lines. Answers are checked by
//! `server::grading`, the same for every provider.
//!
//! Nothing here calls a model or the network, so practice keeps working when the AI is down, and a
//! seeded `StdRng` makes every item reproducible from its seed.

mod cloze;
mod generators;
mod periodic;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use rand::rngs::StdRng;

pub use crate::server::{
    ai::types::GeneratedItem,
    grading::{AnswerKey, Choice, QuestionKind, check_answer},
};

pub use cloze::{cloze_item, definition_item, short_answer_item};
pub use generators::{generator_for, generators};

pub trait Generator: Send + Sync {
    fn id(&self) -> &'static str;
    /// Lowercase concept names and aliases this generator serves.
    fn concepts(&self) -> &'static [&'static str];
    /// `difficulty` 1..=10 (clamped) scales the numbers and the number of steps.
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem;
}
