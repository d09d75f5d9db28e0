//! Transcript types shared by the parsers and the analysis engine.

use serde::{Deserialize, Serialize};

pub use crate::{domain::TranscriptFormat, dto::session::SpeakerRole};

/// One speaker turn. `number` is the 1-based line number shown in the transcript view and used
/// by every evidence range; `source_line` is where the turn starts in the uploaded text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub number: usize,
    pub speaker: String,
    pub role: SpeakerRole,
    pub text: String,
    pub source_line: usize,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

/// A parsed transcript: turns in order plus who is who.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedTranscript {
    pub turns: Vec<Turn>,
    pub tutor_speaker: Option<String>,
    pub student_speaker: Option<String>,
    pub word_count: usize,
}

/// An inclusive range of turn numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineRange {
    pub start: usize,
    pub end: usize,
}
