//! Content sniffing for `TranscriptFormat` (its names and file extensions live with the type).

use super::common::{is_plausible_name, normalise};
use super::csv_format::{SPEAKER_COLUMNS, TEXT_COLUMNS};
use super::markdown::bold_speaker;
use super::types::TranscriptFormat;

/// How many lines sniffing looks at: enough to get past a title block, cheap on huge uploads.
const SNIFF_LINES: usize = 200;

impl TranscriptFormat {
    /// A best guess from content, for uploads whose name says nothing (pasted text).
    pub fn sniff(text: &str) -> Self {
        let text = normalise(text);
        let body = text.trim_start();
        if body.starts_with("WEBVTT") {
            return Self::Vtt;
        }
        if body.starts_with('{') || (body.starts_with('[') && looks_like_json_array(body)) {
            return Self::Json;
        }
        let lines: Vec<&str> =
            body.lines().map(str::trim).filter(|l| !l.is_empty()).take(SNIFF_LINES).collect();
        if looks_like_srt(&lines) {
            return Self::Srt;
        }
        if lines.first().is_some_and(|l| looks_like_csv_header(l)) {
            return Self::Csv;
        }
        if lines.iter().any(|l| bold_speaker(l).is_some() || is_speaker_heading(l)) {
            return Self::Markdown;
        }
        Self::PlainText
    }
}

/// `[00:01:23] Tutor: …` is plain text that happens to start with a bracket.
fn looks_like_json_array(body: &str) -> bool {
    let inner = body[1..].trim_start();
    inner.starts_with(['{', '"', ']', '['])
        || serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok()
}

fn looks_like_srt(lines: &[&str]) -> bool {
    match lines {
        [first, second, ..] if first.bytes().all(|b| b.is_ascii_digit()) => second.contains("-->"),
        [first, ..] => first.contains("-->") && first.contains(','),
        [] => false,
    }
}

fn looks_like_csv_header(line: &str) -> bool {
    if !line.contains(',') {
        return false;
    }
    let cols: Vec<String> =
        line.split(',').map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase()).collect();
    let has = |names: &[&str]| cols.iter().any(|c| names.contains(&c.as_str()));
    has(SPEAKER_COLUMNS) && has(TEXT_COLUMNS)
}

fn is_speaker_heading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("##") else { return false };
    let rest = rest.trim_start_matches('#');
    rest.starts_with(' ') && is_plausible_name(rest.trim().trim_end_matches(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_as_str_and_parse() {
        for f in TranscriptFormat::ALL.iter().copied() {
            assert_eq!(TranscriptFormat::from_wire(f.as_str()), Some(f));
            assert_eq!(
                TranscriptFormat::from_wire(&format!("  {} ", f.as_str().to_uppercase())),
                Some(f)
            );
        }
        assert_eq!(TranscriptFormat::from_wire("docx"), None);
        assert_eq!(TranscriptFormat::Vtt.label(), "WebVTT");
    }

    #[test]
    fn file_extensions_map_to_formats() {
        let cases = [
            ("notes.TXT", Some(TranscriptFormat::PlainText)),
            ("a/b/session.vtt", Some(TranscriptFormat::Vtt)),
            ("C:\\x\\y.srt", Some(TranscriptFormat::Srt)),
            ("t.json", Some(TranscriptFormat::Json)),
            ("t.csv", Some(TranscriptFormat::Csv)),
            ("t.md", Some(TranscriptFormat::Markdown)),
            ("t.markdown", Some(TranscriptFormat::Markdown)),
            ("t.docx", None),
            ("README", None),
            ("dir.vtt/file", None),
        ];
        for (name, want) in cases {
            assert_eq!(TranscriptFormat::from_file_name(name), want, "{name}");
        }
    }

    #[test]
    fn sniffing_recognises_each_format_by_content() {
        let cases = [
            ("\u{feff}WEBVTT\n\n00:01.000 --> 00:02.000\nhi", TranscriptFormat::Vtt),
            ("1\n00:00:01,000 --> 00:00:02,000\nhi", TranscriptFormat::Srt),
            ("  [{\"speaker\": \"A\", \"text\": \"hi\"}]", TranscriptFormat::Json),
            ("{\"text\": \"A: hi\"}", TranscriptFormat::Json),
            ("Speaker,Text\nA,hi", TranscriptFormat::Csv),
            ("\"name\",\"utterance\",\"start\"\nA,hi,0", TranscriptFormat::Csv),
            ("# Session\n\n**Tutor:** hi", TranscriptFormat::Markdown),
            ("## Tutor\nhello there", TranscriptFormat::Markdown),
            ("[00:00:01] Tutor: hi\nStudent: hello", TranscriptFormat::PlainText),
            ("Tutor: hi", TranscriptFormat::PlainText),
            ("", TranscriptFormat::PlainText),
        ];
        for (text, want) in cases {
            assert_eq!(TranscriptFormat::sniff(text), want, "{text:?}");
        }
    }
}
