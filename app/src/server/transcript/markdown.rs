//! Markdown transcripts: bold speaker labels, plain `Name:` lines, or `## Name` headings
//! followed by paragraphs.

use std::collections::HashSet;

use super::RoleHints;
use super::common::{
    Draft, RawTurn, SpeakerLine, is_plausible_name, name_key, role_from_label, split_speaker,
};
use super::plain_text::NameFilter;
use super::roles::hint_matches;

/// Drops blockquote and list markers that wrap a speaker line.
fn strip_block_markers(line: &str) -> &str {
    let mut s = line.trim();
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
    }
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = &s[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r.trim_start();
        }
    }
    s
}

/// `**Name:** text`, `**Name**: text`, `__Name:__ text`, `*Name:* text`, inside optional list
/// or quote markers.
pub(crate) fn bold_speaker(line: &str) -> Option<SpeakerLine<'_>> {
    let s = strip_block_markers(line);
    let marker = ["**", "__", "*", "_"].into_iter().find(|m| s.starts_with(m))?;
    let inner_and_rest = &s[marker.len()..];
    let end = inner_and_rest.find(marker)?;
    let inner = inner_and_rest[..end].trim();
    let after = &inner_and_rest[end + marker.len()..];
    let (name_part, text) = match inner.strip_suffix(':') {
        Some(name) => (name, after),
        None => (inner, after.trim_start().strip_prefix(':')?),
    };
    // Reuse the plain-text rules so `**Tutor (00:01:30):**` keeps its timestamp.
    let probe = format!("{}:", name_part.trim());
    let sp = split_speaker(&probe)?;
    if !sp.rest.is_empty() {
        return None;
    }
    Some(SpeakerLine { name: sp.name, rest: text.trim_start(), start_ms: sp.start_ms })
}

/// `## Name` → (level, name text).
fn heading(line: &str) -> Option<(usize, String)> {
    let s = line.trim();
    let level = s.bytes().take_while(|&b| b == b'#').count();
    let rest = &s[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let text = strip_emphasis(rest.trim().trim_end_matches('#'));
    Some((level, text.trim().trim_end_matches(':').trim().to_string()))
}

fn is_rule(line: &str) -> bool {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    s.len() >= 3 && ["-", "*", "_"].iter().any(|m| s.chars().all(|c| c.to_string() == *m))
}

/// `[text](url)` → `text`, so links read as their words.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after_open = &rest[open + 1..];
        let Some(mid) = after_open.find("](") else { break };
        let Some(close) = after_open[mid + 2..].find(')') else { break };
        // An image `![alt](src)` reads as its alt text.
        out.push_str(rest[..open].strip_suffix('!').unwrap_or(&rest[..open]));
        out.push_str(&after_open[..mid]);
        rest = &after_open[mid + 2 + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Removes emphasis and code markers. A lone `*` or `_` is kept when it sits between two
/// word characters or two spaces, because then it is maths (`3 * 4`) or a name (`x_1`).
pub(crate) fn strip_emphasis(s: &str) -> String {
    let s = strip_links(&s.replace("**", "").replace("__", "").replace("~~", "").replace('`', ""));
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '*' || c == '_' {
            let before =
                i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
            let after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
            if before != after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

enum Line<'a> {
    Skip,
    Heading(usize, String),
    Bold(SpeakerLine<'a>),
    Plain(SpeakerLine<'a>),
    Text,
}

fn classify<'a>(lines: &[&'a str]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    // YAML front matter carries metadata, not speech.
    let mut in_front_matter = lines.first().is_some_and(|l| l.trim() == "---")
        && lines.iter().skip(1).any(|l| l.trim() == "---");
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if in_front_matter {
            out.push(Line::Skip);
            if i > 0 && t == "---" {
                in_front_matter = false;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            out.push(Line::Skip);
            continue;
        }
        let kind = if t.is_empty() {
            Line::Skip
        } else if in_fence {
            Line::Text
        } else if is_rule(t) {
            Line::Skip
        } else if let Some((level, text)) = heading(t) {
            Line::Heading(level, text)
        } else if let Some(sp) = bold_speaker(t) {
            Line::Bold(sp)
        } else if let Some(sp) = split_speaker(strip_block_markers(t)) {
            Line::Plain(sp)
        } else {
            Line::Text
        };
        out.push(kind);
    }
    out
}

pub(crate) fn parse(text: &str, hints: &RoleHints) -> Draft {
    let lines: Vec<&str> = text.split('\n').collect();
    let kinds = classify(&lines);
    let plain_filter = NameFilter::new(
        kinds.iter().filter_map(|k| match k {
            Line::Plain(sp) => Some(sp.name.as_str()),
            _ => None,
        }),
        hints,
    );
    let inline: HashSet<String> = kinds
        .iter()
        .filter_map(|k| match k {
            Line::Bold(sp) => Some(name_key(&sp.name)),
            Line::Plain(sp) if plain_filter.accepts(&sp.name) => Some(name_key(&sp.name)),
            _ => None,
        })
        .collect();
    let heading_names = kinds.iter().filter_map(|k| match k {
        Line::Heading(2..=4, name) if is_plausible_name(name) => Some(name.as_str()),
        _ => None,
    });
    let heading_filter = NameFilter::strict(heading_names, hints);
    // With inline speakers present, a heading is a section title unless it names one of them.
    let heading_is_speaker = |name: &str| {
        is_plausible_name(name)
            && if inline.is_empty() {
                heading_filter.accepts(name)
            } else {
                inline.contains(&name_key(name))
                    || role_from_label(name).is_some()
                    || [hints.tutor_name, hints.student_name]
                        .into_iter()
                        .flatten()
                        .any(|h| hint_matches(h, name))
            }
    };

    let mut draft = Draft::default();
    let mut current: Option<RawTurn> = None;
    for (i, kind) in kinds.iter().enumerate() {
        let line_no = i + 1;
        let speaker = match kind {
            Line::Skip => continue,
            Line::Heading(level, name) => {
                draft.turns.extend(current.take());
                if (2..=4).contains(level) && heading_is_speaker(name) {
                    current = Some(RawTurn::new(Some(name.clone()), "", line_no));
                }
                continue;
            }
            Line::Bold(sp) => Some(sp),
            Line::Plain(sp) if plain_filter.accepts(&sp.name) => Some(sp),
            Line::Plain(_) | Line::Text => None,
        };
        if let Some(sp) = speaker {
            draft.turns.extend(current.take());
            let mut turn = RawTurn::new(Some(sp.name.clone()), strip_emphasis(sp.rest), line_no);
            turn.start_ms = sp.start_ms;
            current = Some(turn);
        } else if let Some(turn) = current.as_mut() {
            turn.push_text(&strip_emphasis(strip_block_markers(lines[i])));
        } else {
            draft.note_unread(line_no);
        }
    }
    draft.turns.extend(current);
    draft
}

#[cfg(test)]
mod tests {
    use super::super::{ParseError, TranscriptFormat, parse as parse_transcript};
    use super::*;

    fn md(text: &str) -> Result<super::super::ParsedTranscript, ParseError> {
        parse_transcript(text, TranscriptFormat::Markdown, &RoleHints::default())
    }

    #[test]
    fn markdown_speaker_label_styles_are_all_recognised() {
        let t = md("# Physics session\n\n## Warm-up\n\n**Tutor:** What is *net* force?\n**Ali**: The sum of forces.\n__Tutor:__ And `F = ma`?\n- **Ali:** Mass times acceleration.\n> **Tutor:** Yes, 3 * 4 = 12 and x_1 stays.\nAli: Got it, see [notes](http://x.y).\n")
            .expect("parses");
        let got: Vec<(&str, &str, usize)> =
            t.turns.iter().map(|x| (x.speaker.as_str(), x.text.as_str(), x.source_line)).collect();
        assert_eq!(
            got,
            [
                ("Tutor", "What is net force?", 5),
                ("Ali", "The sum of forces.", 6),
                ("Tutor", "And F = ma?", 7),
                ("Ali", "Mass times acceleration.", 8),
                ("Tutor", "Yes, 3 * 4 = 12 and x_1 stays.", 9),
                ("Ali", "Got it, see notes.", 10)
            ]
        );
    }

    #[test]
    fn markdown_headings_followed_by_paragraphs_form_turns() {
        let t = md("---\ntitle: x\n---\n# Session\n\n## Coach Kim\n\nLet's draw the free-body diagram.\n\nStart with gravity.\n\n### Ben\nI *think* normal force points up.\n\n## Ben\nOkay.\n")
            .expect("parses");
        let got: Vec<(&str, &str, usize)> =
            t.turns.iter().map(|x| (x.speaker.as_str(), x.text.as_str(), x.source_line)).collect();
        assert_eq!(
            got,
            [
                ("Coach Kim", "Let's draw the free-body diagram. Start with gravity.", 6),
                ("Ben", "I think normal force points up.", 12),
                ("Ben", "Okay.", 15)
            ]
        );
        assert_eq!(t.tutor_speaker.as_deref(), Some("Coach Kim"));
    }

    #[test]
    fn markdown_with_nothing_parseable_names_its_first_line() {
        let err = md("\n# Notes\n\nJust a paragraph about forces.\n").expect_err("no turns");
        assert_eq!(err.line, 4);
    }
}
