//! JSON transcripts: an array of turn objects, a wrapper object holding one, or an object with
//! plain-text `text` plus a `speakers` list.

use serde_json::{Map, Value};

use super::common::{Draft, RawTurn, normalise, parse_time_text, role_from_label, seconds_to_ms};
use super::types::TranscriptFormat;
use super::{ParseError, RoleHints, plain_text};

const SPEAKER_KEYS: &[&str] = &["speaker", "name", "participant"];
const TEXT_KEYS: &[&str] = &["text", "content", "utterance", "message"];
const START_KEYS: &[&str] = &["timestamp", "start", "time", "start_time"];
const END_KEYS: &[&str] = &["end", "end_time"];
const ARRAY_KEYS: &[&str] = &["turns", "transcript", "utterances", "segments"];
const TEXT_BODY_KEYS: &[&str] = &["text", "transcript"];

fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError::new(TranscriptFormat::Json, line, message)
}

pub(crate) fn parse(text: &str, hints: &RoleHints) -> Result<Draft, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        // serde_json appends " at line L column C"; the line already has its own field.
        let what = full.rfind(" at line ").map_or(full.as_str(), |i| &full[..i]);
        error(e.line(), format!("invalid JSON: {what} (column {})", e.column()))
    })?;
    match &value {
        Value::Array(items) => Ok(from_items(items, &scan(text, None).elements, Draft::default())),
        Value::Object(map) => from_object(text, map, hints),
        _ => Err(error(1, "expected an array of turns or an object")),
    }
}

fn from_object(
    text: &str,
    map: &Map<String, Value>,
    hints: &RoleHints,
) -> Result<Draft, ParseError> {
    let mut draft = Draft::default();
    let mut listed: Vec<String> = Vec::new();
    if let Some((_, Value::Array(speakers))) = find(map, &["speakers", "participants"]) {
        for entry in speakers {
            let (name, role) = match entry {
                Value::String(name) => (name.trim().to_string(), None),
                Value::Object(obj) => (
                    string_of(obj, SPEAKER_KEYS).unwrap_or_default().trim().to_string(),
                    string_of(obj, &["role"]).and_then(|r| role_from_label(&r)),
                ),
                _ => continue,
            };
            if name.is_empty() {
                continue;
            }
            if let Some(role) = role {
                draft.declare_role(&name, role);
            }
            listed.push(name);
        }
    }
    for key in ARRAY_KEYS {
        if let Some((actual, Value::Array(items))) = find(map, &[key]) {
            return Ok(from_items(items, &scan(text, Some(actual)).elements, draft));
        }
    }
    for key in TEXT_BODY_KEYS {
        if let Some((actual, Value::String(body))) = find(map, &[key]) {
            let line = scan(text, Some(actual)).value_line.unwrap_or(1);
            let allowed = (!listed.is_empty()).then_some(listed.as_slice());
            let inner = plain_text::parse_with(&normalise(body), allowed, Some(line), hints);
            draft.turns = inner.turns;
            draft.unread_line = inner.unread_line;
            return Ok(draft);
        }
    }
    Err(error(1, "expected an array of turns, or an object with a \"turns\" array or \"text\""))
}

/// Case-insensitive key lookup, trying candidate names in order.
fn find<'m>(map: &'m Map<String, Value>, keys: &[&str]) -> Option<(&'m str, &'m Value)> {
    keys.iter().find_map(|want| {
        map.iter().find(|(k, _)| k.eq_ignore_ascii_case(want)).map(|(k, v)| (k.as_str(), v))
    })
}

fn string_of(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    match find(obj, keys)?.1 {
        Value::String(s) => Some(s.clone()),
        // Diarisation tools often number speakers instead of naming them.
        Value::Number(n) => Some(format!("Speaker {n}")),
        _ => None,
    }
}

fn time_of(obj: &Map<String, Value>, keys: &[&str]) -> Option<u64> {
    match find(obj, keys)?.1 {
        Value::Number(n) => n.as_f64().and_then(seconds_to_ms),
        Value::String(s) => parse_time_text(s),
        _ => None,
    }
}

fn from_items(items: &[Value], lines: &[usize], mut draft: Draft) -> Draft {
    // Element lines come from a separate scan; if it disagrees with serde (duplicate keys and
    // the like), line 1 is safer than a wrong line.
    let line_of = |i: usize| if lines.len() == items.len() { lines[i] } else { 1 };
    for (i, item) in items.iter().enumerate() {
        let line = line_of(i);
        let Some(obj) = item.as_object() else {
            draft.note_unread(line);
            continue;
        };
        let Some(text) = find(obj, TEXT_KEYS).and_then(|(_, v)| v.as_str()) else {
            draft.note_unread(line);
            continue;
        };
        let role = string_of(obj, &["role"]);
        let speaker = string_of(obj, SPEAKER_KEYS).or_else(|| role.clone());
        if let (Some(name), Some(role)) = (&speaker, role.as_deref().and_then(role_from_label)) {
            draft.declare_role(name, role);
        }
        let mut turn = RawTurn::new(speaker, text, line);
        turn.start_ms = time_of(obj, START_KEYS);
        turn.end_ms = time_of(obj, END_KEYS);
        draft.turns.push(turn);
    }
    draft
}

#[derive(Debug, Default, PartialEq)]
struct Scan {
    /// Line where the value of the requested top-level key (or the root) starts.
    value_line: Option<usize>,
    /// Lines where each element of that value starts, when it is an array.
    elements: Vec<usize>,
}

/// Finds line numbers serde_json's `Value` does not keep. Runs only on text serde already
/// accepted, so it can be a simple character walk.
fn scan(text: &str, key: Option<&str>) -> Scan {
    let mut out = Scan::default();
    let mut line = 1;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string = String::new();
    let mut last_string: Option<String> = None;
    let mut awaiting_value = key.is_none();
    let mut target_depth: Option<usize> = None;
    let mut expecting_element = false;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
                string.push(c);
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                last_string = Some(std::mem::take(&mut string));
            } else {
                string.push(c);
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if awaiting_value {
            awaiting_value = false;
            out.value_line = Some(line);
            if c != '[' {
                return out;
            }
            target_depth = Some(depth + 1);
        } else if expecting_element && Some(depth) == target_depth {
            expecting_element = false;
            if c != ']' {
                out.elements.push(line);
            }
        }
        match c {
            '"' => {
                in_string = true;
                string.clear();
            }
            ':' if depth == 1 && target_depth.is_none() => {
                awaiting_value = key.is_some() && last_string.as_deref() == key;
            }
            '[' | '{' => {
                depth += 1;
                if Some(depth) == target_depth && c == '[' && out.elements.is_empty() {
                    expecting_element = true;
                }
            }
            ']' | '}' => {
                if Some(depth) == target_depth {
                    return out;
                }
                depth = depth.saturating_sub(1);
            }
            ',' if Some(depth) == target_depth => expecting_element = true,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_transcript;
    use super::*;

    fn json(text: &str, hints: &RoleHints) -> Result<super::super::ParsedTranscript, ParseError> {
        parse_transcript(text, TranscriptFormat::Json, hints)
    }

    #[test]
    fn json_arrays_accept_alternate_keys_and_time_forms() {
        let text = r#"[
  {"speaker": "Tutor", "text": "Find the main idea.", "timestamp": 12.5},
  {
    "name": "Priya",
    "content": "Is it about   bees?",
    "start": "01:02"
  },
  {"participant": "Tutor", "utterance": "Yes.", "time": "00:01:05.250", "end": 66},
  {"participant": "Tutor", "message": "  "},
  {"speaker": 2, "text": "Hi", "start_time": "bogus"}
]"#;
        let t = json(text, &RoleHints::default()).expect("parses");
        let got: Vec<(&str, &str, usize, Option<u64>)> = t
            .turns
            .iter()
            .map(|x| (x.speaker.as_str(), x.text.as_str(), x.source_line, x.start_ms))
            .collect();
        assert_eq!(
            got,
            [
                ("Tutor", "Find the main idea.", 2, Some(12_500)),
                ("Priya", "Is it about bees?", 3, Some(62_000)),
                ("Tutor", "Yes.", 8, Some(65_250)),
                ("Speaker 2", "Hi", 10, None)
            ]
        );
        assert_eq!(t.turns[2].end_ms, Some(66_000));
    }

    #[test]
    fn json_wrapper_objects_hold_the_turn_array() {
        let text = "{\"title\": \"x [y]\", \"utterances\": [\n{\"speaker\": \"A\", \"text\": \"one\"},\n{\"speaker\": \"B\", \"role\": \"tutor\", \"text\": \"two\"}]}";
        let t = json(text, &RoleHints::default()).expect("parses");
        assert_eq!(t.turns.iter().map(|x| x.source_line).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(t.tutor_speaker.as_deref(), Some("B"));
    }

    #[test]
    fn json_text_with_speakers_list_uses_only_listed_names_and_roles() {
        let text = "{\n  \"speakers\": [{\"name\": \"Kim\", \"role\": \"student\"}, \"Dr. Vo\"],\n  \"text\": \"Dr. Vo: Define osmosis.\\nKim: Water moves. Note: across a membrane.\\nKim: Right?\"\n}";
        let hints = RoleHints { tutor_name: Some("Kim"), student_name: None };
        let t = json(text, &hints).expect("parses");
        assert_eq!(t.turns.len(), 3);
        assert_eq!(t.turns[1].text, "Water moves. Note: across a membrane.");
        assert!(t.turns.iter().all(|x| x.source_line == 3));
        // The listed role beats the hint.
        assert_eq!(t.student_speaker.as_deref(), Some("Kim"));
        assert_eq!(t.tutor_speaker.as_deref(), Some("Dr. Vo"));
    }

    #[test]
    fn invalid_json_reports_serde_line() {
        let err = json("[\n {\"speaker\": \"A\", \"text\": \"x\"},\n]", &RoleHints::default())
            .expect_err("trailing comma");
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("invalid JSON: trailing comma"), "{err}");
    }

    #[test]
    fn json_without_usable_turns_names_the_first_unreadable_element() {
        let err = json("[\n  1,\n  {\"speaker\": \"A\"}\n]", &RoleHints::default())
            .expect_err("nothing usable");
        assert_eq!(err.line, 2);
        let err = json("{\"foo\": 1}", &RoleHints::default()).expect_err("wrong shape");
        assert_eq!(err.line, 1);
    }
}
