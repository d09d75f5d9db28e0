//! Grading, independent of which provider wrote the question: the stored answer key and the
//! fair check of a student's answer against it (equivalent numbers, unit spellings, root sets in
//! any order, option ids or text, case- and article-insensitive short answers).
//!
//! Questions from the offline generators and from an OpenAI-compatible model are stored in the
//! same shape and graded by the same code.

mod check;
pub(crate) mod number;
pub(crate) mod unit_table;

use serde::{Deserialize, Serialize};

pub use crate::dto::practice::QuestionKind;
pub use check::check_answer;
pub(crate) use check::{compact, normalise_text};

/// One option of a multiple-choice question; ids are "a", "b", "c", "d" in display order.
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

impl AnswerKey {
    /// The unit a numeric answer is in, shown beside the input.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Self::Numeric { unit, .. } => unit.as_deref(),
            _ => None,
        }
    }
}

/// What `practice_items.answer` holds: the key, and how the correct answer is shown after
/// submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub key: AnswerKey,
    pub display: String,
}

impl StoredAnswer {
    /// Whether `given` answers a question of this kind correctly.
    pub fn accepts(&self, kind: QuestionKind, given: &str) -> bool {
        check_answer(kind, &self.key, given)
    }
}
