//! Transcript parsing: turns an uploaded tutoring-session transcript (plain text, WebVTT, SRT,
//! JSON, CSV or Markdown) into numbered speaker turns with tutor and student roles.
//!
//! Conventions shared by every format:
//! - `source_line` is the 1-based line where the turn's text starts in the upload (for WebVTT
//!   and SRT that is the cue's first text line; for turns read from a JSON string it is the line
//!   where that string starts).
//! - A turn whose speaker cannot be read (a caption cue without a voice tag or `Name:` prefix,
//!   a CSV row with an empty speaker cell) continues with the previous turn's speaker, or
//!   `Unknown` at the very start.
//! - WebVTT and SRT give one turn per cue (or per voice within a cue); consecutive cues by the
//!   same speaker are never merged, so turn numbers line up with what the file shows.

pub mod types;

mod common;
mod csv_format;
mod format;
mod json_format;
mod markdown;
mod plain_text;
mod roles;
mod srt;
#[cfg(test)]
mod tests;
mod vtt;

use std::collections::HashMap;
use std::fmt;

pub use types::{LineRange, ParsedTranscript, SpeakerRole, TranscriptFormat, Turn};

use common::{Draft, collapse_whitespace, first_nonblank_line, line_snippet, name_key};

/// Names the uploader gave for the tutor and the student; they beat labels and heuristics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleHints<'a> {
    pub tutor_name: Option<&'a str>,
    pub student_name: Option<&'a str>,
}

/// Why an upload could not be read, pointing at the line to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub format: TranscriptFormat,
    pub line: usize,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(format: TranscriptFormat, line: usize, message: impl Into<String>) -> Self {
        Self { format, line: line.max(1), message: message.into() }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: line {}: {}", self.format.label(), self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Name given to turns whose speaker the upload never states.
const UNKNOWN_SPEAKER: &str = "Unknown";

/// Parses an upload in the given format into numbered turns with roles assigned.
pub fn parse(
    text: &str,
    format: TranscriptFormat,
    hints: &RoleHints,
) -> Result<ParsedTranscript, ParseError> {
    let text = common::normalise(text);
    if text.trim().is_empty() {
        return Err(ParseError::new(format, 1, "the transcript is empty"));
    }
    let draft = match format {
        TranscriptFormat::PlainText => plain_text::parse(&text, hints),
        TranscriptFormat::Vtt => vtt::parse(&text)?,
        TranscriptFormat::Srt => srt::parse(&text)?,
        TranscriptFormat::Json => json_format::parse(&text, hints)?,
        TranscriptFormat::Csv => csv_format::parse(&text)?,
        TranscriptFormat::Markdown => markdown::parse(&text, hints),
    };
    finish(&text, format, draft, hints)
}

fn finish(
    text: &str,
    format: TranscriptFormat,
    draft: Draft,
    hints: &RoleHints,
) -> Result<ParsedTranscript, ParseError> {
    // "Tutor" and "tutor" are one person; the first spelling seen is the one shown.
    let mut spellings: HashMap<String, String> = HashMap::new();
    let mut last_speaker: Option<String> = None;
    let mut turns: Vec<Turn> = Vec::with_capacity(draft.turns.len());
    for raw in draft.turns {
        let speaker = raw
            .speaker
            .map(|s| collapse_whitespace(&s))
            .filter(|s| !s.is_empty())
            .map(|s| spellings.entry(name_key(&s)).or_insert(s).clone())
            .or_else(|| last_speaker.clone())
            .unwrap_or_else(|| UNKNOWN_SPEAKER.to_string());
        last_speaker = Some(speaker.clone());
        let text = collapse_whitespace(&raw.text);
        if text.is_empty() {
            continue;
        }
        turns.push(Turn {
            number: turns.len() + 1,
            speaker,
            role: SpeakerRole::Other,
            text,
            source_line: raw.source_line.max(1),
            start_ms: raw.start_ms,
            end_ms: raw.end_ms,
        });
    }
    if turns.is_empty() {
        let error = match draft.unread_line {
            Some(line) => ParseError::new(
                format,
                line,
                format!("no speaker turns found; could not read \"{}\"", line_snippet(text, line)),
            ),
            // Everything was understood (a header, an empty array), there just was no speech.
            None => ParseError::new(format, first_nonblank_line(text), "no speaker turns found"),
        };
        return Err(error);
    }
    let (tutor_speaker, student_speaker) = roles::assign(&mut turns, &draft.declared_roles, hints);
    let word_count = turns.iter().map(|t| t.text.split_whitespace().count()).sum();
    Ok(ParsedTranscript { turns, tutor_speaker, student_speaker, word_count })
}
