//! Plain-text transcripts: `Name: text` lines with optional timestamps; other lines continue
//! the previous turn.

use std::collections::{HashMap, HashSet};

use super::RoleHints;
use super::common::{
    Draft, RawTurn, SpeakerLine, collapse_whitespace, is_plausible_name, leading_timestamp,
    looks_like_name, name_key, parse_clock, role_from_label, split_speaker,
};
use super::roles::hint_matches;

/// Decides which `Something:` prefixes are speakers. Prose lines such as "so the answer is: 4"
/// share the shape, so a one-off lower-case prefix only counts when nothing better exists.
pub(crate) struct NameFilter {
    accepted: HashSet<String>,
    accept_all: bool,
}

impl NameFilter {
    pub fn new<'n>(names: impl Iterator<Item = &'n str>, hints: &RoleHints) -> Self {
        let filter = Self::build(names, hints, true);
        // A lone lower-case speaker ("me: hi") is still better than no transcript at all.
        let accept_all = filter.accepted.is_empty();
        Self { accept_all, ..filter }
    }

    /// For shapes that are usually titles (Markdown headings): only repeated names, role
    /// labels and hinted names count, and there is no fallback.
    pub fn strict<'n>(names: impl Iterator<Item = &'n str>, hints: &RoleHints) -> Self {
        Self::build(names, hints, false)
    }

    fn build<'n>(
        names: impl Iterator<Item = &'n str>,
        hints: &RoleHints,
        title_case: bool,
    ) -> Self {
        let mut counts: HashMap<String, (usize, &'n str)> = HashMap::new();
        for name in names {
            counts.entry(name_key(name)).or_insert((0, name)).0 += 1;
        }
        let accepted = counts
            .into_iter()
            .filter(|(_, (count, name))| {
                *count >= 2
                    || (title_case && looks_like_name(name))
                    || role_from_label(name).is_some()
                    || [hints.tutor_name, hints.student_name]
                        .into_iter()
                        .flatten()
                        .any(|h| hint_matches(h, name))
            })
            .map(|(key, _)| key)
            .collect();
        Self { accepted, accept_all: false }
    }

    pub fn accepts(&self, name: &str) -> bool {
        self.accept_all || self.accepted.contains(&name_key(name))
    }
}

pub(crate) fn parse(text: &str, hints: &RoleHints) -> Draft {
    parse_with(text, None, None, hints)
}

/// `allowed` restricts speakers to a declared list (JSON `speakers`), which then needs no
/// guessing; `fixed_line` reports every turn at one upload line (text embedded in JSON).
pub(crate) fn parse_with(
    text: &str,
    allowed: Option<&[String]>,
    fixed_line: Option<usize>,
    hints: &RoleHints,
) -> Draft {
    let lines: Vec<&str> = text.split('\n').collect();
    let speakers: Vec<Option<SpeakerLine<'_>>> = lines
        .iter()
        .map(|l| match allowed {
            Some(names) => listed_speaker(l, names),
            None => split_speaker(l).or_else(|| name_then_time(l)),
        })
        .collect();
    let filter = NameFilter::new(speakers.iter().flatten().map(|s| s.name.as_str()), hints);
    let mut draft = Draft::default();
    let mut current: Option<RawTurn> = None;
    for (i, (line, speaker)) in lines.iter().zip(&speakers).enumerate() {
        let line_no = fixed_line.unwrap_or(i + 1);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        match speaker {
            Some(sp) if allowed.is_some() || filter.accepts(&sp.name) => {
                draft.turns.extend(current.take());
                let mut turn = RawTurn::new(Some(sp.name.clone()), sp.rest, line_no);
                turn.start_ms = sp.start_ms;
                current = Some(turn);
            }
            _ => match current.as_mut() {
                Some(turn) => turn.push_text(trimmed),
                None => draft.note_unread(line_no),
            },
        }
    }
    draft.turns.extend(current);
    draft
}

/// `Jane Doe  0:04` alone on a line, the way several meeting recorders export speaker changes;
/// the words follow on the next lines. Only title-case names count, so prose ending in a time
/// ("we start at 10:30") stays prose.
fn name_then_time(line: &str) -> Option<SpeakerLine<'_>> {
    let (name, time) = line.trim().rsplit_once(char::is_whitespace)?;
    let start_ms = parse_clock(time)?;
    let name = name.trim();
    (is_plausible_name(name) && looks_like_name(name)).then(|| SpeakerLine {
        name: collapse_whitespace(name),
        rest: "",
        start_ms: Some(start_ms),
    })
}

/// A line that starts with one of the declared names followed by a colon. Matching the list
/// directly (rather than the generic name shape) lets declared names be long or unusual.
fn listed_speaker<'a>(line: &'a str, names: &[String]) -> Option<SpeakerLine<'a>> {
    let mut rest = line.trim();
    let mut start_ms = None;
    if let Some((ms, after)) = leading_timestamp(rest) {
        start_ms = Some(ms);
        rest = after;
    }
    let mut by_length: Vec<&String> = names.iter().collect();
    // Longest first so "Jordan Lee" wins over "Jordan".
    by_length.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in by_length {
        let Some(head) = rest.get(..name.len()) else { continue };
        if name.is_empty() || !head.eq_ignore_ascii_case(name) {
            continue;
        }
        let mut after = rest[name.len()..].trim_start();
        if after.starts_with(['[', '('])
            && let Some((ms, tail)) = leading_timestamp(after)
        {
            start_ms = start_ms.or(Some(ms));
            after = tail;
        }
        let Some(text) = after.strip_prefix(':') else { continue };
        let mut text = text.trim_start();
        if let Some((ms, tail)) = leading_timestamp(text) {
            start_ms = start_ms.or(Some(ms));
            text = tail;
        }
        return Some(SpeakerLine { name: name.clone(), rest: text, start_ms });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{TranscriptFormat, parse as parse_transcript};
    use super::*;

    fn parse_plain(text: &str) -> super::super::ParsedTranscript {
        parse_transcript(text, TranscriptFormat::PlainText, &RoleHints::default())
            .expect("sample should parse")
    }

    #[test]
    fn plain_text_lines_without_a_prefix_continue_the_previous_turn() {
        let t = parse_plain(
            "Session 4 notes\n\nTutor: Let's look at x^2 - 9.\nIt is a difference of squares.\n\nStudent: Oh, so (x-3)(x+3)?\n",
        );
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Let's look at x^2 - 9. It is a difference of squares.");
        assert_eq!(t.turns[0].source_line, 3);
        assert_eq!(t.turns[1].source_line, 6);
        assert_eq!(t.word_count, 15);
    }

    #[test]
    fn plain_text_timestamps_before_and_after_names_become_start_times() {
        let t = parse_plain(
            "[00:00:05] Tutor: Hi.\nStudent (0:09): Hello.\n00:01:02 - Tutor: Ready?\nStudent: [1:10:00.5] Yes.",
        );
        let starts: Vec<Option<u64>> = t.turns.iter().map(|x| x.start_ms).collect();
        assert_eq!(starts, [Some(5_000), Some(9_000), Some(62_000), Some(4_200_500)]);
    }

    #[test]
    fn prose_with_a_colon_does_not_start_a_new_speaker() {
        let t = parse_plain(
            "Tutor: Here is the rule.\nthe key idea is: flip the sign\nStudent: Okay.\nTutor: Good.\nStudent: Sure.",
        );
        assert_eq!(t.turns.len(), 4);
        assert_eq!(t.turns[0].text, "Here is the rule. the key idea is: flip the sign");
    }

    #[test]
    fn recorder_exports_with_name_and_time_lines_become_turns() {
        let t = parse_plain(
            "Jane Doe  0:04\nLet's review slope.\n\nSam Lee  0:09\nOkay.\nwe start at 10:30\n",
        );
        let got: Vec<(&str, &str, Option<u64>)> =
            t.turns.iter().map(|x| (x.speaker.as_str(), x.text.as_str(), x.start_ms)).collect();
        assert_eq!(
            got,
            [
                ("Jane Doe", "Let's review slope.", Some(4_000)),
                ("Sam Lee", "Okay. we start at 10:30", Some(9_000))
            ]
        );
    }

    #[test]
    fn declared_names_are_the_only_speakers_when_listed() {
        let names = vec!["Coach Dee".to_string(), "Sam".to_string()];
        let draft = parse_with(
            "Coach Dee: Note: read it twice.\nSam: ok\nRemember: nothing",
            Some(&names),
            Some(7),
            &RoleHints::default(),
        );
        assert_eq!(draft.turns.len(), 2);
        assert_eq!(draft.turns[0].text, "Note: read it twice.");
        assert_eq!(draft.turns[1].text, "ok Remember: nothing");
        assert!(draft.turns.iter().all(|t| t.source_line == 7));
    }

    #[test]
    fn plain_text_without_any_speaker_line_is_an_error_on_its_first_line() {
        let err = parse_transcript(
            "\n\njust some notes\nno speakers here",
            TranscriptFormat::PlainText,
            &RoleHints::default(),
        )
        .expect_err("no speakers");
        assert_eq!(err.line, 3);
        assert!(err.to_string().starts_with("Plain text: line 3: no speaker turns found"));
    }
}
