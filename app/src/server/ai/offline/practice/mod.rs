//! Offline practice: seeded generators that build maths and chemistry questions with verified
//! answers, items made from the tutor's own transcript lines, and answer checking that marks a
//! student's equivalent forms ("1/2", "0.50", "x = 3", "2,500 m") as correct.
//!
//! Nothing here calls a model or the network, so practice keeps working when the AI is down, and a
//! seeded `StdRng` makes every item reproducible from its seed.

mod check;
mod cloze;
mod generators;
mod number;
mod periodic;
mod unit_table;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

pub use check::check_answer;
pub use cloze::{cloze_item, definition_item, short_answer_item};
pub use generators::{generator_for, generators};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    MultipleChoice,
    ShortAnswer,
    Numeric,
}

/// One option of a multiple-choice item; ids are "a", "b", "c", "d" in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AnswerKey {
    /// `text` repeats the correct option's text so a typed-out option can be marked without the
    /// option list; it defaults to empty so keys stored before it existed still load.
    Choice {
        id: String,
        #[serde(default)]
        text: String,
    },
    /// `tolerance` is absolute; `unit` is a canonical symbol such as "m", "g/mol" or "%".
    Numeric { value: f64, tolerance: f64, unit: Option<String> },
    /// Accepted answers; ones that read as a set of numbers ("1, -3/2") are compared as sets.
    Text { accepted: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedItem {
    pub kind: ItemKind,
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

pub trait Generator: Send + Sync {
    fn id(&self) -> &'static str;
    /// Lowercase concept names and aliases this generator serves.
    fn concepts(&self) -> &'static [&'static str];
    /// `difficulty` 1..=10 (clamped) scales the numbers and the number of steps.
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem;
}
