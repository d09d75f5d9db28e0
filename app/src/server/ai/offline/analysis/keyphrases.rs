//! Strict RAKE-style key phrases: terms no lexicon knows that both sides keep using, added as
//! phrase concepts beside the lexicon's and the tutor's announced ones.

use std::collections::{BTreeMap, HashSet};

use super::super::text::{Token, is_stopword};
use super::candidates::{Candidate, Mention, Source};
use super::turns::TurnData;
use crate::server::transcript::SpeakerRole;

/// Most phrase concepts a session reports beside its lexicon concepts.
const MAX_PHRASES: usize = 4;

/// Words that make a key phrase vague or conversational rather than a subject term.
#[rustfmt::skip]
const GENERIC_WORDS: &[&str] = &[
    "problem", "problems", "question", "questions", "answer", "answers", "example", "examples",
    "step", "steps", "time", "times", "part", "parts", "page", "pages", "number", "numbers", "side",
    "sides", "today", "session", "homework", "work", "good", "great", "nice", "cool", "awesome",
    "first", "second", "third", "next", "last", "little", "big", "new", "different", "whole",
    "another", "try", "trying", "see", "look", "looks", "looking", "know", "think", "thinking",
    "want", "need", "make", "makes", "made", "take", "get", "gets", "getting", "go", "going",
    "goes", "say", "says", "said", "tell", "mean", "means", "use", "using", "used", "put", "come",
    "give", "start", "keep", "call", "called", "write", "remember", "doing", "done", "feel",
    "sorry", "thanks", "thank", "please", "wait", "hold", "check", "plug", "find", "figure",
    "probably", "exactly", "correct", "perfect", "easy", "hard", "tricky", "quick", "still",
    "always", "never", "again", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "talk", "talking", "working", "worked", "minute", "minutes", "seconds", "hour", "week",
    "day", "tomorrow", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "yeah", "okay", "cause", "point", "idea", "bunch", "back", "show",
    "showing", "shows", "saying", "gave", "gives", "went", "puts", "hey", "hello", "name", "love",
    "like", "likes", "lots", "well", "job", "wrong", "true", "false", "usually", "many", "less",
    "least", "class", "teacher", "test", "quiz", "practice", "review", "read", "reading", "end",
    // Spoken mathematics: "x squared plus five" is an expression being read out, not a term.
    "plus", "minus", "over", "equals", "equal", "squared", "cubed", "root", "roots", "negative",
    "positive", "half", "halves", "thirds", "quarter", "quarters", "divided", "multiplied",
    "power", "zero", "hundred", "thousand",
];

/// Words before a verb: a phrase said after them is an action, not a term.
const VERB_MARKERS: &[&str] = &[
    "can", "cant", "cannot", "could", "couldnt", "would", "wouldnt", "will", "wont", "should",
    "must", "might", "to", "dont", "doesnt", "didnt",
];

/// RAKE-style key phrases: runs of 2–3 content words repeated in at least three turns, used by
/// both tutor and student, and not overlapping any other candidate. Strict on purpose: junk is
/// worse than nothing.
pub(super) fn add_key_phrases(
    subject_id: &str,
    turns: &[TurnData<'_>],
    candidates: &mut Vec<Candidate>,
) {
    let generic: HashSet<&str> = GENERIC_WORDS.iter().copied().collect();
    let has_student = turns.iter().any(|t| t.role == SpeakerRole::Student);
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for c in candidates.iter() {
        for m in &c.mentions {
            for k in m.tok_start..m.tok_start + m.tok_len {
                covered.insert((m.turn, k));
            }
        }
    }
    let ok = |ti: usize, k: usize, t: &Token| {
        t.text.len() >= 3
            && t.text.chars().all(char::is_alphabetic)
            && !is_stopword(&t.text)
            && !generic.contains(t.text.as_str())
            && !covered.contains(&(ti, k))
    };
    type Found = (Vec<Mention>, BTreeMap<String, usize>, bool, bool);
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for (ti, turn) in turns.iter().enumerate() {
        let toks = &turn.tokens;
        let mut k = 0;
        while k < toks.len() {
            if !ok(ti, k, &toks[k]) {
                k += 1;
                continue;
            }
            let mut end = k + 1;
            while end < toks.len()
                && ok(ti, end, &toks[end])
                && turn.text[toks[end - 1].end..toks[end].start].trim().is_empty()
            {
                end += 1;
            }
            let len = end - k;
            if (2..=3).contains(&len) {
                let key = toks[k..end].iter().map(|t| t.key.as_str()).collect::<Vec<_>>().join(" ");
                let surface = toks[k..end].iter().map(|t| t.text.as_str()).collect::<Vec<_>>();
                let entry = found.entry(key).or_default();
                entry.0.push(Mention { turn: ti, tok_start: k, tok_len: len });
                *entry.1.entry(surface.join(" ")).or_default() += 1;
                entry.2 |= turn.role == SpeakerRole::Tutor;
                entry.3 |= turn.role == SpeakerRole::Student;
            }
            k = end;
        }
    }
    let phrases_so_far = candidates.iter().filter(|c| c.source == Source::Phrase).count();
    let mut new: Vec<Candidate> = found
        .into_values()
        .filter(|(mentions, _, by_tutor, by_student)| {
            let mut turns_hit: Vec<usize> = mentions.iter().map(|m| m.turn).collect();
            turns_hit.dedup();
            // Both sides using the phrase is what separates a term of the lesson from one
            // speaker's habit or a word-problem prop ("phone plan").
            *by_tutor && (*by_student || !has_student) && turns_hit.len() >= 3
        })
        // "could stand alone", "can't stand alone": mostly said after a modal or "to", the
        // phrase is a verb, not a term.
        .filter(|(mentions, _, _, _)| {
            let after_verb_marker = mentions
                .iter()
                .filter(|m| {
                    m.tok_start > 0
                        && VERB_MARKERS
                            .contains(&turns[m.turn].tokens[m.tok_start - 1].text.as_str())
                })
                .count();
            after_verb_marker * 2 <= mentions.len()
        })
        .filter_map(|(mentions, surfaces, _, _)| {
            let surface = surfaces
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s)?;
            Some(Candidate::phrase(&surface, subject_id, mentions, Vec::new()))
        })
        .collect();
    new.sort_by_key(|c| std::cmp::Reverse(c.mentions.len()));
    new.truncate(MAX_PHRASES.saturating_sub(phrases_so_far));
    candidates.extend(new);
}
