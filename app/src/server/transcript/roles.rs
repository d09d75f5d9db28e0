//! Role inference: which speaker is the tutor and which the student.

use std::cmp::Reverse;
use std::collections::HashMap;

use super::RoleHints;
use super::common::{name_key, name_words, role_from_label};
use super::types::{SpeakerRole, Turn};

/// Phrases tutors use to check understanding, guide and praise.
const TUTOR_PHRASES: &[&str] = &[
    "can you",
    "could you",
    "what do you think",
    "does that make sense",
    "let's",
    "try",
    "great job",
    "good job",
    "nice work",
    "well done",
    "exactly",
    "perfect",
    "remember",
    "notice",
    "for next time",
    "homework",
    "walk me through",
    "why do you think",
    "how would you",
    "that's right",
];

/// Phrases students use when stuck, unsure or catching on.
const STUDENT_PHRASES: &[&str] = &[
    "i don't get",
    "i don't understand",
    "i'm confused",
    "i'm not sure",
    "i think",
    "is it",
    "is that right",
    "wait",
    "oh",
    "so do i",
    "how do i",
    "i forgot",
    "i guess",
    "i got",
    "um",
    "hmm",
];

struct Speaker {
    name: String,
    first: usize,
    turns: usize,
    words: usize,
    tutor_hits: usize,
    student_hits: usize,
    tutor_level: i64,
    student_level: i64,
}

impl Speaker {
    /// Higher means more tutor-like: long explanations plus guiding phrases, minus confusion.
    /// Integer arithmetic keeps the ordering deterministic across platforms.
    fn score(&self) -> i64 {
        let turns = i64::try_from(self.turns.max(1)).unwrap_or(i64::MAX);
        let words = i64::try_from(self.words).unwrap_or(i64::MAX);
        let tutor = i64::try_from(self.tutor_hits).unwrap_or(i64::MAX);
        let student = i64::try_from(self.student_hits).unwrap_or(i64::MAX);
        let length = (words.saturating_mul(10) / turns).min(600);
        length + tutor.saturating_mul(200) / turns - student.saturating_mul(200) / turns
    }
}

/// Whether an uploader-supplied name refers to a speaker: the full name, or the first name
/// (either side may be the short form), or the surname behind a title ("Ms. Rivera").
pub(crate) fn hint_matches(hint: &str, speaker: &str) -> bool {
    let (hint_titled, hint_words) = name_words(hint);
    let (speaker_titled, speaker_words) = name_words(speaker);
    if hint_words.is_empty() || speaker_words.is_empty() || hint_words[0].is_empty() {
        return false;
    }
    if name_key(hint) == name_key(speaker) || hint_words == speaker_words {
        return true;
    }
    let short = |words: &[String]| words.len() == 1;
    if (short(&hint_words) || short(&speaker_words)) && hint_words[0] == speaker_words[0] {
        return true;
    }
    // "Ms. Rivera" vs hint "Elena Rivera": a title means the remaining word is a surname.
    (speaker_titled && short(&speaker_words) && hint_words.last() == speaker_words.last())
        || (hint_titled && short(&hint_words) && speaker_words.last() == hint_words.last())
}

fn words_of(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Phrases indexed by their first word, so counting is one hash lookup per word.
struct PhraseIndex<'p> {
    by_first: HashMap<&'p str, Vec<Vec<&'p str>>>,
}

impl<'p> PhraseIndex<'p> {
    fn new(phrases: &[&'p str]) -> Self {
        let mut by_first: HashMap<&'p str, Vec<Vec<&'p str>>> = HashMap::new();
        for phrase in phrases {
            let words: Vec<&str> = phrase.split(' ').collect();
            if let Some(first) = words.first() {
                by_first.entry(*first).or_default().push(words);
            }
        }
        Self { by_first }
    }

    fn count(&self, words: &[String]) -> usize {
        (0..words.len())
            .filter_map(|i| self.by_first.get(words[i].as_str()).map(|list| (i, list)))
            .map(|(i, list)| {
                list.iter()
                    .filter(|needle| {
                        words
                            .get(i..i + needle.len())
                            .is_some_and(|w| w.iter().zip(needle.iter()).all(|(a, b)| a == b))
                    })
                    .count()
            })
            .sum()
    }
}

/// Sets `role` on every turn and returns the tutor's and student's names.
/// Evidence order: roles declared in the upload (4), then hints (3 for the full name, 2 for a
/// partial match), then name labels (1), then the score.
pub(crate) fn assign(
    turns: &mut [Turn],
    declared: &HashMap<String, SpeakerRole>,
    hints: &RoleHints,
) -> (Option<String>, Option<String>) {
    let tutor_phrases = PhraseIndex::new(TUTOR_PHRASES);
    let student_phrases = PhraseIndex::new(STUDENT_PHRASES);
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, turn) in turns.iter().enumerate() {
        let idx = match index.get(turn.speaker.as_str()) {
            Some(&idx) => idx,
            None => {
                index.insert(&turn.speaker, speakers.len());
                speakers.push(Speaker {
                    name: turn.speaker.clone(),
                    first: i,
                    turns: 0,
                    words: 0,
                    tutor_hits: 0,
                    student_hits: 0,
                    tutor_level: 0,
                    student_level: 0,
                });
                speakers.len() - 1
            }
        };
        let words = words_of(&turn.text);
        let s = &mut speakers[idx];
        s.turns += 1;
        s.words += words.len();
        s.tutor_hits += tutor_phrases.count(&words);
        s.student_hits += student_phrases.count(&words);
    }
    for s in &mut speakers {
        let mut evidence = |role: SpeakerRole, level: i64| match role {
            SpeakerRole::Tutor => s.tutor_level = s.tutor_level.max(level),
            SpeakerRole::Student => s.student_level = s.student_level.max(level),
            SpeakerRole::Other => {}
        };
        let key = name_key(&s.name);
        if let Some(&role) = declared.get(&key) {
            evidence(role, 4);
        }
        if let Some(h) = hints.tutor_name.filter(|h| hint_matches(h, &s.name)) {
            // A hint naming the full name beats a first-name clash with the other hint.
            evidence(SpeakerRole::Tutor, if name_key(h) == key { 3 } else { 2 });
        }
        if let Some(h) = hints.student_name.filter(|h| hint_matches(h, &s.name)) {
            evidence(SpeakerRole::Student, if name_key(h) == key { 3 } else { 2 });
        }
        if let Some(role) = role_from_label(&s.name) {
            evidence(role, 1);
        }
    }

    let tutor_key =
        |s: &Speaker| (s.tutor_level - s.student_level, s.score(), s.turns, Reverse(s.first));
    let student_key = |s: &Speaker| {
        (s.student_level - s.tutor_level, s.turns, Reverse(s.score()), Reverse(s.first))
    };
    let (tutor, student) = match speakers.as_slice() {
        [] => (None, None),
        [only] if only.student_level > only.tutor_level => (None, Some(0)),
        [_] => (Some(0), None),
        _ => {
            let tutor = (0..speakers.len()).max_by_key(|&i| tutor_key(&speakers[i]));
            let student = (0..speakers.len())
                .filter(|&i| Some(i) != tutor)
                .max_by_key(|&i| student_key(&speakers[i]));
            (tutor, student)
        }
    };
    let name_of = |i: Option<usize>| i.and_then(|i| speakers.get(i)).map(|s| s.name.clone());
    let (tutor, student) = (name_of(tutor), name_of(student));
    for turn in turns.iter_mut() {
        turn.role = if Some(&turn.speaker) == tutor.as_ref() {
            SpeakerRole::Tutor
        } else if Some(&turn.speaker) == student.as_ref() {
            SpeakerRole::Student
        } else {
            SpeakerRole::Other
        };
    }
    (tutor, student)
}

#[cfg(test)]
mod tests {
    use super::super::{TranscriptFormat, parse};
    use super::*;

    const UNLABELLED: &str = "\
Alex: So today let's work through factoring trinomials. Can you tell me what two numbers multiply to 12 and add to 7?
Sam: Um, is it 3 and 4?
Alex: Exactly, great job. Now try x^2 + 5x + 6 on your own and walk me through it.
Sam: Wait, I don't get which sign goes where.
Alex: Remember that both numbers are positive when the middle term and the constant are positive.
Sam: Oh, okay. So (x + 2)(x + 3)?
Sam: I think that's it.
Riley: Sorry I'm late, can I join?";

    fn roles_of(t: &super::super::ParsedTranscript) -> Vec<(String, SpeakerRole)> {
        let mut seen: Vec<(String, SpeakerRole)> = Vec::new();
        for turn in &t.turns {
            if !seen.iter().any(|(n, _)| n == &turn.speaker) {
                seen.push((turn.speaker.clone(), turn.role));
            }
        }
        seen
    }

    #[test]
    fn role_heuristics_pick_the_explaining_speaker_as_tutor_without_hints() {
        let t = parse(UNLABELLED, TranscriptFormat::PlainText, &RoleHints::default())
            .expect("sample parses");
        assert_eq!(t.tutor_speaker.as_deref(), Some("Alex"));
        assert_eq!(t.student_speaker.as_deref(), Some("Sam"));
        assert_eq!(
            roles_of(&t),
            [
                ("Alex".to_string(), SpeakerRole::Tutor),
                ("Sam".to_string(), SpeakerRole::Student),
                ("Riley".to_string(), SpeakerRole::Other)
            ]
        );
    }

    #[test]
    fn role_hints_beat_the_heuristics() {
        let hints = RoleHints { tutor_name: Some("sam smith"), student_name: Some("ALEX") };
        let t = parse(UNLABELLED, TranscriptFormat::PlainText, &hints).expect("sample parses");
        assert_eq!(t.tutor_speaker.as_deref(), Some("Sam"));
        assert_eq!(t.student_speaker.as_deref(), Some("Alex"));
    }

    #[test]
    fn labels_and_titles_decide_roles_before_heuristics() {
        let text = "Student: Let me explain what I did at length, because I solved it by \
                    completing the square and then checking both roots carefully.\n\
                    Dr. Okafor: Ok.\nStudent: Right.";
        let t = parse(text, TranscriptFormat::PlainText, &RoleHints::default()).expect("parses");
        assert_eq!(t.tutor_speaker.as_deref(), Some("Dr. Okafor"));
        assert_eq!(t.student_speaker.as_deref(), Some("Student"));
    }

    #[test]
    fn a_single_speaker_is_the_tutor_unless_labelled_student() {
        let t = parse("Jordan: hello", TranscriptFormat::PlainText, &RoleHints::default())
            .expect("parses");
        assert_eq!(
            (t.tutor_speaker.as_deref(), t.student_speaker.as_deref()),
            (Some("Jordan"), None)
        );
        let t = parse("Student: hello", TranscriptFormat::PlainText, &RoleHints::default())
            .expect("parses");
        assert_eq!((t.tutor_speaker, t.student_speaker.as_deref()), (None, Some("Student")));
        assert_eq!(t.turns[0].role, SpeakerRole::Student);
    }

    #[test]
    fn two_students_still_yield_exactly_one_tutor_and_one_student() {
        let text = "Student 1: I think it's 4.\nStudent 2: Can you explain why? Let's check.";
        let t = parse(text, TranscriptFormat::PlainText, &RoleHints::default()).expect("parses");
        assert!(t.tutor_speaker.is_some() && t.student_speaker.is_some());
        assert_ne!(t.tutor_speaker, t.student_speaker);
    }

    #[test]
    fn hints_match_first_names_and_titled_surnames() {
        assert!(hint_matches("Jordan", "Jordan Lee"));
        assert!(hint_matches("Jordan Lee", "jordan"));
        assert!(hint_matches("Elena Rivera", "Ms. Rivera"));
        assert!(hint_matches("Ms. Rivera", "Elena Rivera"));
        assert!(!hint_matches("Jordan Lee", "Jordan Park"));
        assert!(!hint_matches("", "Jordan"));
    }
}
