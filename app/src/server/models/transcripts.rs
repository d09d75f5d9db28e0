//! Transcripts: the raw upload and the speaker turns parsed from it.

use crate::server::{entities::transcripts::Model, transcript::ParsedTranscript};

impl Model {
    /// The parsed transcript the analysis works on.
    pub fn parsed(&self) -> ParsedTranscript {
        ParsedTranscript {
            turns: self.turns.0.clone(),
            tutor_speaker: self.tutor_speaker.clone(),
            student_speaker: self.student_speaker.clone(),
            word_count: self.word_count.max(0) as usize,
        }
    }
}
