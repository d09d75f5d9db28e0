//! Helpers shared by the format parsers: clock times, speaker prefixes, caption blocks, tags.

use std::collections::HashMap;

use super::types::SpeakerRole;

/// A turn as a format parser found it, before cleaning, numbering and role inference.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawTurn {
    pub speaker: Option<String>,
    pub text: String,
    pub source_line: usize,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

impl RawTurn {
    pub fn new(speaker: Option<String>, text: impl Into<String>, source_line: usize) -> Self {
        Self { speaker, text: text.into(), source_line, start_ms: None, end_ms: None }
    }

    /// Continuation text is joined with a space; whitespace is collapsed later anyway.
    pub fn push_text(&mut self, more: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(more);
    }
}

/// What a format parser hands back: turns, roles the upload itself declared, and the first
/// line it could not make sense of (used for the "zero turns" error).
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub turns: Vec<RawTurn>,
    /// Keyed by [`name_key`]; the first declaration of a name wins.
    pub declared_roles: HashMap<String, SpeakerRole>,
    pub unread_line: Option<usize>,
}

impl Draft {
    pub fn note_unread(&mut self, line: usize) {
        self.unread_line.get_or_insert(line);
    }

    pub fn declare_role(&mut self, name: &str, role: SpeakerRole) {
        self.declared_roles.entry(name_key(name)).or_insert(role);
    }
}

/// Strips a BOM and turns every line ending into `\n`, so line numbers match what editors show.
pub(crate) fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n").replace('\r', "\n")
}

pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based number of the first line holding anything but whitespace.
pub(crate) fn first_nonblank_line(text: &str) -> usize {
    text.split('\n').position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1)
}

/// The line at a 1-based number, shortened so error messages stay readable.
pub(crate) fn line_snippet(text: &str, line: usize) -> String {
    let raw = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("").trim();
    let mut out: String = raw.chars().take(60).collect();
    if raw.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Parses `h:mm:ss.fff`, `mm:ss`, `m:ss,fff` and friends into milliseconds. Hours are
/// optional because WebVTT and casual transcripts drop them under an hour.
pub(crate) fn parse_clock(s: &str) -> Option<u64> {
    let s = s.trim();
    let (main, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = main.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut nums = Vec::with_capacity(3);
    for p in &parts {
        if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        nums.push(p.parse::<u64>().ok()?);
    }
    let (h, m, sec) = match nums[..] {
        [m, s] => (0, m, s),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    if sec >= 60 || (parts.len() == 3 && m >= 60) {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) => parse_fraction_ms(f)?,
    };
    h.checked_mul(3_600_000)?.checked_add(m.checked_mul(60_000)?)?.checked_add(sec * 1000 + ms)
}

fn parse_fraction_ms(f: &str) -> Option<u64> {
    if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = f.chars().chain("000".chars()).take(3).collect();
    digits.parse().ok()
}

/// Seconds as a decimal number ("83.5") into milliseconds; absurd values are ignored rather
/// than rejected because a timestamp is optional everywhere.
pub(crate) fn seconds_to_ms(secs: f64) -> Option<u64> {
    if secs.is_finite() && (0.0..1.0e10).contains(&secs) {
        // The range check above keeps the cast in range of u64.
        Some((secs * 1000.0).round() as u64)
    } else {
        None
    }
}

/// A clock string or a plain number of seconds.
pub(crate) fn parse_time_text(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.contains(':') {
        return parse_clock(s);
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    s.parse::<f64>().ok().and_then(seconds_to_ms)
}

/// A timestamp at the start of a line: `[00:01:23]`, `(1:23)`, or `00:01:23 -`.
/// Returns the time and the rest of the line after any separator.
pub(crate) fn leading_timestamp(s: &str) -> Option<(u64, &str)> {
    let s = s.trim_start();
    let first = s.chars().next()?;
    if first == '[' || first == '(' {
        let close = if first == '[' { ']' } else { ')' };
        let end = s.find(close)?;
        let ms = parse_clock(&s[1..end])?;
        return Some((ms, strip_separator(&s[end + 1..])));
    }
    let end =
        s.find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ','))).unwrap_or(s.len());
    let token = s[..end].trim_end_matches([',', '.']);
    let ms = parse_clock(token)?;
    let rest = s[token.len()..].trim_start_matches([',', '.']);
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((ms, strip_separator(rest)))
}

fn strip_separator(s: &str) -> &str {
    let t = s.trim_start();
    match t.strip_prefix(['-', '–', '—', '|']) {
        Some(r) if r.is_empty() || r.starts_with(char::is_whitespace) => r.trim_start(),
        _ => t,
    }
}

/// A `Name: text` line split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpeakerLine<'a> {
    pub name: String,
    pub rest: &'a str,
    pub start_ms: Option<u64>,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '\t' | '.' | '\'' | '’' | '-')
}

/// Whether a string can be a speaker name: 1–4 words, at most 40 characters, starting with a
/// letter or digit and holding at least one letter. Longer "names" are almost always a sentence
/// that happens to contain a colon.
pub(crate) fn is_plausible_name(name: &str) -> bool {
    let name = name.trim();
    let words = name.split_whitespace().count();
    (1..=4).contains(&words)
        && name.chars().count() <= 40
        && name.chars().next().is_some_and(char::is_alphanumeric)
        && name.chars().any(char::is_alphabetic)
        && name.chars().all(is_name_char)
}

/// Splits `[ts] Name [ts]: [ts] text` into name, text and optional start time.
pub(crate) fn split_speaker(line: &str) -> Option<SpeakerLine<'_>> {
    let mut rest = line.trim();
    let mut start_ms = None;
    if let Some((ms, after)) = leading_timestamp(rest) {
        start_ms = Some(ms);
        rest = after;
    }
    let name_end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
    let name = rest[..name_end].trim();
    let mut tail = &rest[name_end..];
    if tail.starts_with(['[', '('])
        && let Some((ms, after)) = leading_timestamp(tail)
    {
        start_ms = start_ms.or(Some(ms));
        tail = after;
    }
    let text = tail.strip_prefix(':')?;
    if !is_plausible_name(name) || text.starts_with("//") {
        return None;
    }
    // "at 10:30 we start" would otherwise yield a speaker called "at 10".
    if name.ends_with(|c: char| c.is_ascii_digit())
        && text.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut text = text.trim_start();
    if let Some((ms, after)) = leading_timestamp(text) {
        start_ms = start_ms.or(Some(ms));
        text = after;
    }
    Some(SpeakerLine { name: collapse_whitespace(name), rest: text, start_ms })
}

/// Removes `<...>` markup (WebVTT classes, italics, inline timestamps) and, when asked, the
/// `{\an8}` positioning codes some SRT files carry.
pub(crate) fn strip_tags(s: &str, braces_too: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let next = rest.find(|c| c == '<' || (braces_too && c == '{'));
        let Some(i) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..i]);
        let close = if rest[i..].starts_with('<') { '>' } else { '}' };
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                out.push_str(&rest[i..]);
                break;
            }
        }
    }
    out
}

/// The handful of entities caption files actually use.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Lower-cased, whitespace-collapsed form used to compare speaker names.
pub(crate) fn name_key(name: &str) -> String {
    collapse_whitespace(name).to_lowercase()
}

const TUTOR_LABELS: &[&str] = &["tutor", "teacher", "instructor", "coach", "mentor"];
const TITLES: &[&str] =
    &["mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "prof", "prof.", "professor", "miss"];
const STUDENT_LABELS: &[&str] = &["student", "learner", "pupil"];

/// The role a name announces by itself ("Tutor", "Ms. Rivera", "Student 1"), if any.
pub(crate) fn role_from_label(name: &str) -> Option<SpeakerRole> {
    let key = name_key(name);
    let words: Vec<&str> = key.split(' ').collect();
    if words.iter().any(|w| TUTOR_LABELS.contains(w)) {
        return Some(SpeakerRole::Tutor);
    }
    if words.iter().any(|w| STUDENT_LABELS.contains(w)) {
        return Some(SpeakerRole::Student);
    }
    if words.len() >= 2 && words.first().is_some_and(|w| TITLES.contains(w)) {
        return Some(SpeakerRole::Tutor);
    }
    None
}

/// Name words without courtesy titles, used to match hints on first name or surname.
pub(crate) fn name_words(name: &str) -> (bool, Vec<String>) {
    let key = name_key(name);
    let mut words: Vec<String> = key.split(' ').map(str::to_string).collect();
    let titled = words.len() >= 2 && TITLES.contains(&words[0].as_str());
    if titled {
        words.remove(0);
    }
    (titled, words)
}

/// Title-case names ("Jordan", "Ms. Rivera", "Student 2") look like speakers even when they
/// occur once; lower-case phrases before a colon usually are prose.
pub(crate) fn looks_like_name(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || TITLES.contains(&w.to_lowercase().as_str())
    })
}

/// Blank-line separated blocks, each line paired with its 1-based number.
pub(crate) fn blocks<'a>(lines: &[&'a str], from: usize) -> Vec<Vec<(usize, &'a str)>> {
    let mut out = Vec::new();
    let mut block = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(from) {
        if line.trim().is_empty() {
            if !block.is_empty() {
                out.push(std::mem::take(&mut block));
            }
        } else {
            block.push((i + 1, *line));
        }
    }
    if !block.is_empty() {
        out.push(block);
    }
    out
}

/// `start --> end [settings]`, accepting `,` as well as `.` before milliseconds.
pub(crate) fn parse_timing(line: &str) -> Option<(u64, u64)> {
    let (left, right) = line.split_once("-->")?;
    let start = parse_clock(left.trim())?;
    let end = parse_clock(right.split_whitespace().next()?)?;
    Some((start, end))
}

/// `Name: text` or `- Name: text` at the start of a caption line. Caption tools wrap long
/// lines anywhere, so past a cue's first line an undashed prefix must look like a name
/// ("Priya:"), not a word that happened to end up first ("methane:").
pub(crate) fn dialogue_speaker(text: &str, first_line: bool) -> Option<(String, String)> {
    let t = text.trim_start();
    let dashed = t.strip_prefix(['-', '–']).map(str::trim_start);
    let sp = split_speaker(dashed.unwrap_or(t))?;
    if dashed.is_none() && !first_line && !looks_like_name(&sp.name) {
        return None;
    }
    Some((sp.name, sp.rest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_accept_hours_minutes_and_fractions() {
        assert_eq!(parse_clock("00:01:23"), Some(83_000));
        assert_eq!(parse_clock("1:23"), Some(83_000));
        assert_eq!(parse_clock("01:02:03.5"), Some(3_723_500));
        assert_eq!(parse_clock("00:00:04,250"), Some(4_250));
        assert_eq!(parse_clock("1:75"), None);
        assert_eq!(parse_clock("12"), None);
        assert_eq!(parse_clock("999999:59:59.999"), Some(3_599_999_999_999));
    }

    #[test]
    fn speaker_prefixes_carry_timestamps_before_or_after_the_name() {
        let a = split_speaker("[00:01:23] Ms. Rivera: Let's start.").expect("bracketed ts");
        assert_eq!(
            (a.name.as_str(), a.rest, a.start_ms),
            ("Ms. Rivera", "Let's start.", Some(83_000))
        );
        let b = split_speaker("Student 1 (1:05): okay").expect("ts after name");
        assert_eq!((b.name.as_str(), b.start_ms), ("Student 1", Some(65_000)));
        let c = split_speaker("00:02:00 - Tutor: hi").expect("dash ts");
        assert_eq!((c.name.as_str(), c.start_ms), ("Tutor", Some(120_000)));
        let d = split_speaker("Tutor: [00:00:10] hi").expect("ts after colon");
        assert_eq!((d.rest, d.start_ms), ("hi", Some(10_000)));
    }

    #[test]
    fn sentences_with_colons_are_not_speakers() {
        assert!(split_speaker("we start at 10:30 sharp").is_none());
        assert!(split_speaker("at 10:30 we start").is_none());
        assert!(split_speaker("see https://example.com").is_none());
        assert!(split_speaker("so the thing I wanted to say is: nothing").is_none());
    }

    #[test]
    fn labels_and_titles_announce_roles() {
        assert_eq!(role_from_label("Tutor"), Some(SpeakerRole::Tutor));
        assert_eq!(role_from_label("Ms. Rivera"), Some(SpeakerRole::Tutor));
        assert_eq!(role_from_label("Student 1"), Some(SpeakerRole::Student));
        assert_eq!(role_from_label("Jordan"), None);
    }

    #[test]
    fn tags_and_entities_are_stripped() {
        assert_eq!(strip_tags("<i>so</i> <c.yellow>x</c><00:00:01.000>y", false), "so xy");
        assert_eq!(strip_tags("{\\an8}top", true), "top");
        assert_eq!(decode_entities("a &amp; b &lt;c&gt;"), "a & b <c>");
    }
}
