//! SubRip (SRT) subtitles: numbered blocks with a timing line and text lines.

use super::ParseError;
use super::common::{
    Draft, RawTurn, blocks, decode_entities, dialogue_speaker, is_plausible_name, parse_timing,
    strip_tags,
};
use super::types::TranscriptFormat;

const TIMING_EXAMPLE: &str = "00:00:01,000 --> 00:00:04,000";

/// Bracketed captions that describe sounds rather than name a speaker.
const SOUND_WORDS: &[&str] = &[
    "laughs",
    "laughter",
    "laughing",
    "music",
    "inaudible",
    "crosstalk",
    "silence",
    "applause",
    "pause",
    "noise",
    "coughs",
    "sighs",
    "typing",
];

fn error(line: usize, message: String) -> ParseError {
    ParseError::new(TranscriptFormat::Srt, line, message)
}

pub(crate) fn parse(text: &str) -> Result<Draft, ParseError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut draft = Draft::default();
    for block in blocks(&lines, 0) {
        let (first_no, first) = block[0];
        let first = first.trim();
        let timing_at = if first.contains("-->") {
            0
        } else if first.bytes().all(|b| b.is_ascii_digit()) {
            match block.get(1) {
                Some((_, l)) if l.contains("-->") => 1,
                other => {
                    let line = other.map_or(first_no, |(n, _)| *n);
                    return Err(error(
                        line,
                        format!("expected a timing like {TIMING_EXAMPLE} after subtitle {first}"),
                    ));
                }
            }
        } else {
            return Err(error(
                first_no,
                format!("expected a subtitle number or a timing like {TIMING_EXAMPLE}"),
            ));
        };
        let (timing_no, timing) = block[timing_at];
        let (start, end) = parse_timing(timing)
            .ok_or_else(|| error(timing_no, format!("expected a timing like {TIMING_EXAMPLE}")))?;
        let mut turns: Vec<RawTurn> = Vec::new();
        for (index, &(line_no, raw)) in block[timing_at + 1..].iter().enumerate() {
            let line = decode_entities(&strip_tags(raw, true));
            if let Some((name, rest)) =
                bracket_speaker(&line).or_else(|| dialogue_speaker(&line, index == 0))
            {
                turns.push(RawTurn::new(Some(name), rest, line_no));
                continue;
            }
            let line = line.trim_start();
            let line = line.strip_prefix(['-', '–']).unwrap_or(line);
            match turns.last_mut() {
                Some(turn) => turn.push_text(line),
                None => turns.push(RawTurn::new(None, line, line_no)),
            }
        }
        for mut turn in turns {
            turn.start_ms = Some(start);
            turn.end_ms = Some(end);
            draft.turns.push(turn);
        }
    }
    Ok(draft)
}

/// `[Name] text` or `[Name]: text`; `[laughs]`-style sound cues are not names.
fn bracket_speaker(line: &str) -> Option<(String, String)> {
    let t = line.trim_start();
    let t = t.strip_prefix(['-', '–']).map_or(t, str::trim_start);
    let inner_and_rest = t.strip_prefix('[')?;
    let (inner, rest) = inner_and_rest.split_once(']')?;
    let name = inner.trim();
    let is_sound = SOUND_WORDS.contains(&name.to_lowercase().as_str());
    if is_sound || !is_plausible_name(name) || !name.starts_with(char::is_uppercase) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    Some((name.to_string(), rest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::{RoleHints, parse as parse_transcript};
    use super::*;

    fn srt(text: &str) -> Result<super::super::ParsedTranscript, ParseError> {
        parse_transcript(text, TranscriptFormat::Srt, &RoleHints::default())
    }

    #[test]
    fn srt_prefixes_brackets_and_dashes_name_speakers() {
        let t = srt("1\n00:00:01,000 --> 00:00:03,200\nTutor: What is a thesis?\n\n2\n00:00:03,500 --> 00:00:06,000\n[Maya] It's the <i>main</i> claim.\n[laughs] I think.\n\n3\n00:01:00,000 --> 00:01:02,000 X1:10 X2:20\n- Tutor: Right.\n- Maya: Cool.\n")
            .expect("parses");
        let got: Vec<(&str, &str, usize)> =
            t.turns.iter().map(|x| (x.speaker.as_str(), x.text.as_str(), x.source_line)).collect();
        assert_eq!(
            got,
            [
                ("Tutor", "What is a thesis?", 3),
                ("Maya", "It's the main claim. [laughs] I think.", 7),
                ("Tutor", "Right.", 12),
                ("Maya", "Cool.", 13)
            ]
        );
        assert_eq!((t.turns[1].start_ms, t.turns[1].end_ms), (Some(3_500), Some(6_000)));
    }

    #[test]
    fn srt_block_without_timing_names_the_line() {
        let err = srt("1\n00:00:01,000 --> 00:00:02,000\nTutor: hi\n\n2\nStudent: hello\n")
            .expect_err("missing timing");
        assert_eq!(err.line, 6);
        assert!(err.message.contains("after subtitle 2"), "{err}");
    }
}
