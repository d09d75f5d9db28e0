//! CSV transcripts: a header row naming speaker and text columns, one turn per row.

use csv::{ErrorKind, ReaderBuilder, StringRecord};

use super::ParseError;
use super::common::{Draft, RawTurn, first_nonblank_line, parse_time_text, role_from_label};
use super::types::TranscriptFormat;

pub(crate) const SPEAKER_COLUMNS: &[&str] = &["speaker", "name", "participant"];
pub(crate) const TEXT_COLUMNS: &[&str] = &["text", "utterance", "content", "message", "transcript"];
const START_COLUMNS: &[&str] = &["timestamp", "start", "time", "start_time", "begin"];
const END_COLUMNS: &[&str] = &["end", "end_time", "stop"];
const ROLE_COLUMNS: &[&str] = &["role"];

fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError::new(TranscriptFormat::Csv, line, message)
}

fn to_line(line: u64) -> usize {
    usize::try_from(line).unwrap_or(usize::MAX)
}

fn csv_error(e: &csv::Error, fallback_line: usize) -> ParseError {
    match e.kind() {
        ErrorKind::UnequalLengths { pos, expected_len, len } => error(
            pos.as_ref().map_or(fallback_line, |p| to_line(p.line())),
            format!("expected {expected_len} fields like the header row but found {len}"),
        ),
        _ => error(e.position().map_or(fallback_line, |p| to_line(p.line())), e.to_string()),
    }
}

fn column(headers: &StringRecord, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|want| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(want))
    })
}

pub(crate) fn parse(text: &str) -> Result<Draft, ParseError> {
    let header_line = first_nonblank_line(text);
    let mut reader =
        ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(&e, header_line))?.clone();
    let role_col = column(&headers, ROLE_COLUMNS);
    // A "role" column ("Tutor", "Student") can stand in for names when there is nothing else.
    let speaker_col = column(&headers, SPEAKER_COLUMNS).or(role_col);
    let text_col = column(&headers, TEXT_COLUMNS);
    let (Some(speaker_col), Some(text_col)) = (speaker_col, text_col) else {
        let mut missing = Vec::new();
        if speaker_col.is_none() {
            missing.push("a speaker column (speaker, name or participant)");
        }
        if text_col.is_none() {
            missing.push("a text column (text, utterance, content, message or transcript)");
        }
        return Err(error(
            header_line,
            format!("the header row is missing {}", missing.join(" and ")),
        ));
    };
    let start_col = column(&headers, START_COLUMNS);
    let end_col = column(&headers, END_COLUMNS);

    let mut draft = Draft::default();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e, header_line))?;
        let line = record.position().map_or(header_line, |p| to_line(p.line()));
        let cell = |col: Option<usize>| col.and_then(|c| record.get(c)).map(str::trim);
        let Some(text) = cell(Some(text_col)).filter(|t| !t.is_empty()) else { continue };
        let speaker = cell(Some(speaker_col)).filter(|s| !s.is_empty()).map(str::to_string);
        if let (Some(name), Some(role)) =
            (&speaker, cell(role_col.filter(|&c| c != speaker_col)).and_then(role_from_label))
        {
            draft.declare_role(name, role);
        }
        let mut turn = RawTurn::new(speaker, text, line);
        turn.start_ms = cell(start_col).and_then(parse_time_text);
        turn.end_ms = cell(end_col).and_then(parse_time_text);
        draft.turns.push(turn);
    }
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::super::{RoleHints, parse as parse_transcript};
    use super::*;

    fn csv(text: &str) -> Result<super::super::ParsedTranscript, ParseError> {
        parse_transcript(text, TranscriptFormat::Csv, &RoleHints::default())
    }

    #[test]
    fn csv_quoted_commas_and_newlines_stay_in_one_field() {
        let t = csv("Start,Speaker,Text\n0:05,Tutor,\"First, the nucleus; then, the membrane.\"\n0:12,Ana,\"Wait,\nso the nucleus\nholds DNA?\"\n0:20,Tutor,\"\"\n0:25,Tutor,\"Yes, \"\"exactly\"\".\"\n")
            .expect("parses");
        let got: Vec<(&str, &str, usize, Option<u64>)> = t
            .turns
            .iter()
            .map(|x| (x.speaker.as_str(), x.text.as_str(), x.source_line, x.start_ms))
            .collect();
        assert_eq!(
            got,
            [
                ("Tutor", "First, the nucleus; then, the membrane.", 2, Some(5_000)),
                ("Ana", "Wait, so the nucleus holds DNA?", 3, Some(12_000)),
                ("Tutor", "Yes, \"exactly\".", 7, Some(25_000))
            ]
        );
    }

    #[test]
    fn csv_missing_columns_are_named_on_the_header_line() {
        let err = csv("who,when\nA,1\n").expect_err("no columns");
        assert_eq!(err.line, 1);
        assert!(err.message.contains("speaker column") && err.message.contains("text column"));
        let err = csv("speaker,notes\nA,1\n").expect_err("no text");
        assert!(!err.message.contains("speaker column") && err.message.contains("text column"));
    }

    #[test]
    fn csv_row_with_wrong_field_count_names_its_line() {
        let err = csv("speaker,text\nA,hi\nB,\"multi\nline\"\nC,one,two\n").expect_err("bad row");
        assert_eq!(err.line, 5);
        assert_eq!(
            err.to_string(),
            "CSV: line 5: expected 2 fields like the header row but found 3"
        );
    }

    #[test]
    fn csv_role_column_declares_roles() {
        let t =
            csv("name,role,text\nSam,tutor,hi\nLee,student,\"hello, there\"\n").expect("parses");
        assert_eq!(t.tutor_speaker.as_deref(), Some("Sam"));
        assert_eq!(t.student_speaker.as_deref(), Some("Lee"));
    }
}
