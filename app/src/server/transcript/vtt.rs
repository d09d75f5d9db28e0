//! WebVTT captions: one turn per cue, or per `<v>` voice when a cue holds several.

use super::ParseError;
use super::common::{
    Draft, RawTurn, blocks, collapse_whitespace, decode_entities, dialogue_speaker, parse_timing,
};
use super::types::TranscriptFormat;

const TIMING_HINT: &str = "expected a cue timing like 00:00:01.000 --> 00:00:04.000";

fn error(line: usize, message: &str) -> ParseError {
    ParseError::new(TranscriptFormat::Vtt, line, message)
}

fn starts_keyword(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword).is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace))
}

pub(crate) fn parse(text: &str) -> Result<Draft, ParseError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let header = lines.first().copied().unwrap_or("");
    if !starts_keyword(header.trim_end(), "WEBVTT") {
        return Err(error(1, "missing the WEBVTT header on the first line"));
    }
    // Header metadata ("Kind: captions") runs until the first blank line; some exporters forget
    // that blank line, so a timing line also ends it.
    let first_block = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim().is_empty() || l.contains("-->"))
        .map_or(lines.len(), |(i, _)| i);

    let mut draft = Draft::default();
    for block in blocks(&lines, first_block) {
        let (first_no, first) = block[0];
        let first = first.trim();
        if ["NOTE", "STYLE", "REGION"].iter().any(|k| starts_keyword(first, k)) {
            continue;
        }
        let timing_at = if first.contains("-->") {
            0
        } else if block.get(1).is_some_and(|(_, l)| l.contains("-->")) {
            1
        } else {
            return Err(error(block.get(1).map_or(first_no, |(n, _)| *n), TIMING_HINT));
        };
        let (timing_no, timing) = block[timing_at];
        let (start, end) = parse_timing(timing).ok_or_else(|| error(timing_no, TIMING_HINT))?;
        for mut turn in cue_turns(&block[timing_at + 1..]) {
            turn.start_ms = Some(start);
            turn.end_ms = Some(end);
            draft.turns.push(turn);
        }
    }
    Ok(draft)
}

enum Piece<'a> {
    Voice(String),
    Text(&'a str),
}

/// Splits a payload line into text and voice spans; every other tag is dropped.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let Some(len) = rest[open..].find('>') else {
            out.push(Piece::Text(&rest[open..]));
            return out;
        };
        if let Some(name) = voice_name(&rest[open + 1..open + len]) {
            out.push(Piece::Voice(name));
        }
        rest = &rest[open + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// `v Name` or `v.class.other Name` → `Name`.
fn voice_name(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('v')?;
    let rest = if rest.starts_with('.') {
        &rest[rest.find(char::is_whitespace)?..]
    } else if rest.starts_with(char::is_whitespace) {
        rest
    } else {
        return None;
    };
    let name = collapse_whitespace(&decode_entities(rest));
    (!name.is_empty()).then_some(name)
}

/// Turns for one cue's payload: a new turn at each voice tag or `Name:` / `- Name:` line start.
fn cue_turns(payload: &[(usize, &str)]) -> Vec<RawTurn> {
    let mut turns: Vec<RawTurn> = Vec::new();
    for (index, &(line_no, line)) in payload.iter().enumerate() {
        // Text between voice tags is one run, however many other tags split it up.
        let mut runs: Vec<(Option<String>, String)> = vec![(None, String::new())];
        for piece in pieces(line) {
            match piece {
                Piece::Voice(name) => runs.push((Some(name), String::new())),
                Piece::Text(text) => {
                    if let Some(run) = runs.last_mut() {
                        run.1.push_str(text);
                    }
                }
            }
        }
        for (i, (voice, raw)) in runs.into_iter().enumerate() {
            let text = decode_entities(&raw);
            if voice.is_some() {
                turns.push(RawTurn::new(voice, text, line_no));
                continue;
            }
            if text.trim().is_empty() {
                continue;
            }
            let prefixed = if i == 0 { dialogue_speaker(&text, index == 0) } else { None };
            match (prefixed, turns.last_mut()) {
                (Some((name, rest)), _) => turns.push(RawTurn::new(Some(name), rest, line_no)),
                (None, Some(turn)) => turn.push_text(&text),
                (None, None) => turns.push(RawTurn::new(None, text, line_no)),
            }
        }
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::super::{RoleHints, parse as parse_transcript};
    use super::*;

    fn vtt(text: &str) -> Result<super::super::ParsedTranscript, ParseError> {
        parse_transcript(text, TranscriptFormat::Vtt, &RoleHints::default())
    }

    #[test]
    fn vtt_voice_tags_become_speakers() {
        let t = vtt("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500 align:start\n<v Ms. Lee>What is a <i>mole</i>?</v>\n\n00:05.000 --> 00:07.000\n<v.loud Sam>Six point &amp; two</v>\n<v Ms. Lee>Close.")
            .expect("parses");
        let got: Vec<(&str, &str, usize)> =
            t.turns.iter().map(|x| (x.speaker.as_str(), x.text.as_str(), x.source_line)).collect();
        assert_eq!(
            got,
            [
                ("Ms. Lee", "What is a mole?", 5),
                ("Sam", "Six point & two", 8),
                ("Ms. Lee", "Close.", 9)
            ]
        );
        assert_eq!((t.turns[0].start_ms, t.turns[0].end_ms), (Some(1_000), Some(4_500)));
        assert_eq!((t.turns[2].start_ms, t.turns[2].end_ms), (Some(5_000), Some(7_000)));
    }

    #[test]
    fn vtt_notes_styles_and_prefix_speakers_are_handled() {
        let t = vtt("WEBVTT - lesson\nKind: captions\n\nNOTE exported by a tool\nspanning lines\n\nSTYLE\n::cue { color: red }\n\nintro\n00:00:01.000 --> 00:00:02.000\nTutor: <c.yellow>Hello</c> <00:00:01.500>there\n\n00:00:02.000 --> 00:00:03.000\nand welcome\n\n00:00:03.000 --> 00:00:04.000\n- Student: Hi\nmethane: wrapped line\nJo: a name")
            .expect("parses");
        let got: Vec<(&str, &str)> =
            t.turns.iter().map(|x| (x.speaker.as_str(), x.text.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Tutor", "Hello there"),
                ("Tutor", "and welcome"),
                ("Student", "Hi methane: wrapped line"),
                ("Jo", "a name")
            ]
        );
    }

    #[test]
    fn vtt_without_header_fails_on_line_one() {
        let err = vtt("00:00:01.000 --> 00:00:02.000\nhi").expect_err("no header");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn vtt_block_without_timing_names_the_line() {
        let err = vtt("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nTutor: hi\n\n2\nStudent: hello")
            .expect_err("missing timing");
        assert_eq!(
            err.to_string(),
            "WebVTT: line 8: expected a cue timing like 00:00:01.000 --> 00:00:04.000"
        );
    }
}
