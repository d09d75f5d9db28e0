//! Session analysis: subject detection, concept ranking with evidence, student signals
//! (strengths and improvements), action items, topics, title and an extractive summary.
//!
//! Every output is traceable to transcript turns: concepts come from lexicon alias matches (or a
//! few strongly repeated key phrases), signals from explicit markers in the student's and
//! tutor's own words, and the summary from transcript sentences.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use super::lexicon::{ConceptRef, Lexicons, lexicons};
use super::text::{Token, is_stopword, sentences, stem, tokenize};
use super::{Analysis, ConceptFinding, Finding, LineRange, ParsedTranscript, SpeakerRole};

const MAX_CONCEPTS: usize = 12;
const MIN_CONCEPTS: usize = 3;
const MAX_EVIDENCE: usize = 5;
const MAX_FINDINGS: usize = 6;
const MAX_TOPICS: usize = 6;
const MAX_PHRASES: usize = 2;
/// Subject evidence needed before a session is labelled with a subject rather than "general".
const MIN_SUBJECT_SCORE: f64 = 3.0;
/// A candidate is kept when its score is at least this share of the top score.
const KEEP_RATIO: f64 = 0.2;
/// Concepts from a subject other than the detected one count this much, since their aliases
/// often mean something else in this session ("translation" in maths vs biology).
const OTHER_SUBJECT_FACTOR: f64 = 0.5;

// ---------------------------------------------------------------------------------------------
// Per-turn preparation
// ---------------------------------------------------------------------------------------------

struct TurnData<'a> {
    number: usize,
    role: SpeakerRole,
    text: &'a str,
    tokens: Vec<Token>,
}

impl TurnData<'_> {
    fn words(&self) -> usize {
        self.tokens.len()
    }

    fn token_texts(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().map(|t| t.text.as_str())
    }
}

/// Parsers may leave roles as `Other` when a transcript names only one side; then the unnamed
/// side is taken to be the other party so signals and action items still work.
fn effective_roles(transcript: &ParsedTranscript) -> Vec<SpeakerRole> {
    let has_tutor = transcript.turns.iter().any(|t| t.role == SpeakerRole::Tutor);
    let has_student = transcript.turns.iter().any(|t| t.role == SpeakerRole::Student);
    transcript
        .turns
        .iter()
        .map(|t| match t.role {
            SpeakerRole::Other if has_tutor && !has_student => SpeakerRole::Student,
            SpeakerRole::Other if has_student && !has_tutor => SpeakerRole::Tutor,
            role => role,
        })
        .collect()
}

/// The tokens lying inside the byte range `s..e`. Tokens are sorted by position, so this is two
/// binary searches: per-sentence scans stay linear even for a huge single turn.
fn tokens_in(tokens: &[Token], s: usize, e: usize) -> &[Token] {
    let from = tokens.partition_point(|t| t.start < s);
    let to = tokens.partition_point(|t| t.end <= e);
    &tokens[from..to.max(from)]
}

/// Does `seq` occur in `words` starting at `at`?
fn seq_at<S: AsRef<str>>(words: &[S], at: usize, seq: &[&str]) -> bool {
    at + seq.len() <= words.len() && seq.iter().zip(&words[at..]).all(|(a, b)| *a == b.as_ref())
}

/// A list of marker phrases split into words once, so matching allocates nothing.
struct PhraseList(Vec<Vec<&'static str>>);

impl PhraseList {
    fn new(list: &[&'static str]) -> Self {
        Self(list.iter().map(|p| p.split(' ').collect()).collect())
    }

    /// Length of the first listed phrase that occurs in `words` at `at`.
    fn at<S: AsRef<str>>(&self, words: &[S], at: usize) -> Option<usize> {
        self.0.iter().find(|seq| seq_at(words, at, seq)).map(Vec::len)
    }

    /// First position where any phrase occurs, with the phrase length.
    fn find<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, usize)> {
        (0..words.len()).find_map(|i| self.at(words, i).map(|n| (i, n)))
    }
}

macro_rules! phrase_list {
    ($name:ident, $src:expr) => {
        static $name: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new($src));
    };
}

phrase_list!(CONFIRMATION_LIST, CONFIRMATIONS);
phrase_list!(CORRECTION_LIST, CORRECTIONS);
phrase_list!(STRONG_CUE_LIST, STRONG_ACTION_CUES);
phrase_list!(WEAK_CUE_LIST, WEAK_ACTION_CUES);
phrase_list!(DEADLINE_LIST, DEADLINE_LEADS);
phrase_list!(FILLER_LIST, LEADING_FILLER);
phrase_list!(REQUEST_LIST, &["can you", "could you", "will you", "would you"]);
phrase_list!(PAST_LIST, &["last time", "last week", "last session"]);
phrase_list!(MAKE_SURE_LIST, &["make sure"]);
phrase_list!(FUTURE_CUE_LIST, &["next time", "next session", "next week", "tonight", "this week"]);

static CONFUSION_LIST: LazyLock<Vec<(Vec<&'static str>, Confusion)>> =
    LazyLock::new(|| CONFUSION_MARKERS.iter().map(|(m, k)| (m.split(' ').collect(), *k)).collect());

// ---------------------------------------------------------------------------------------------
// Concept candidates
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Mention {
    turn: usize,
    tok_start: usize,
    tok_len: usize,
}

#[derive(Debug)]
enum Source {
    Lexicon(ConceptRef),
    /// A repeated key phrase that no lexicon knows.
    Phrase,
}

#[derive(Debug)]
struct Candidate {
    source: Source,
    name: String,
    subject: String,
    area: String,
    difficulty: u8,
    description: Option<String>,
    mentions: Vec<Mention>,
    factor: f64,
    score: f64,
}

impl Candidate {
    fn turns(&self) -> Vec<usize> {
        let mut t: Vec<usize> = self.mentions.iter().map(|m| m.turn).collect();
        t.dedup();
        t
    }
}

/// Subject detection result plus the per-turn lexicon matches it was computed from.
struct Detection {
    subject: Option<usize>,
    /// Candidates in first-mention order.
    candidates: Vec<Candidate>,
}

fn detect_and_collect(lex: &Lexicons, turns: &[TurnData<'_>]) -> Detection {
    let n_subjects = lex.subjects.len();
    let mut score = vec![0.0f64; n_subjects];
    let mut concept_hits = vec![0usize; n_subjects];
    // (turn, start, len, targets)
    let mut raw: Vec<(usize, usize, usize, &[ConceptRef])> = Vec::new();

    for (ti, turn) in turns.iter().enumerate() {
        let keys: Vec<&str> = turn.tokens.iter().map(|t| t.key.as_str()).collect();
        for m in lex.cues.find(&keys) {
            let mut seen = Vec::new();
            for &s in m.targets {
                if !seen.contains(&s) {
                    seen.push(s);
                    score[s] += 1.0;
                }
            }
        }
        for m in lex.concepts.find(&keys) {
            let mut seen = Vec::new();
            for r in m.targets {
                if !seen.contains(&r.subject) {
                    seen.push(r.subject);
                    // Multi-word aliases are far less ambiguous than single words.
                    score[r.subject] += if m.len > 1 { 2.0 } else { 1.5 };
                    concept_hits[r.subject] += 1;
                }
            }
            raw.push((ti, m.start, m.len, m.targets));
        }
    }

    // Highest score; ties go to the subject with more concept hits, then to the earlier lexicon.
    let best = (0..n_subjects).max_by(|&a, &b| {
        score[a].total_cmp(&score[b]).then(concept_hits[a].cmp(&concept_hits[b])).then(b.cmp(&a))
    });
    // One stray word ("that sounds fun") is not a subject: ask for at least two hits' worth.
    let subject = best.filter(|&s| score[s] >= MIN_SUBJECT_SCORE);

    // Resolve each match to one concept: the detected subject first, then the strongest subject.
    let rank = |s: usize| -> (bool, f64, std::cmp::Reverse<usize>) {
        (Some(s) == subject, score[s], std::cmp::Reverse(s))
    };
    let mut by_ref: BTreeMap<ConceptRef, usize> = BTreeMap::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut multiword: Vec<bool> = Vec::new();
    for (turn, start, len, targets) in raw {
        let Some(&target) = targets.iter().max_by(|a, b| {
            let (ra, rb) = (rank(a.subject), rank(b.subject));
            ra.0.cmp(&rb.0).then(ra.1.total_cmp(&rb.1)).then(ra.2.cmp(&rb.2))
        }) else {
            continue;
        };
        let idx = *by_ref.entry(target).or_insert_with(|| {
            let def = lex.concept(target);
            candidates.push(Candidate {
                source: Source::Lexicon(target),
                name: def.name.clone(),
                subject: lex.subjects[target.subject].id.clone(),
                area: def.area.clone(),
                difficulty: def.difficulty.clamp(1, 10),
                description: Some(def.description.clone()),
                mentions: Vec::new(),
                factor: if Some(target.subject) == subject { 1.0 } else { OTHER_SUBJECT_FACTOR },
                score: 0.0,
            });
            multiword.push(false);
            candidates.len() - 1
        });
        candidates[idx].mentions.push(Mention { turn, tok_start: start, tok_len: len });
        multiword[idx] |= len > 1;
    }

    // Off-subject concepts need repeated, unambiguous (multi-word) evidence to be considered.
    let candidates = candidates
        .into_iter()
        .zip(multiword)
        .filter(|(c, mw)| c.factor >= 1.0 || (*mw && c.mentions.len() >= 2))
        .map(|(c, _)| c)
        .collect();
    Detection { subject, candidates }
}

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
    "saturday", "sunday", "yeah", "mean", "means", "okay", "cause", "point", "idea", "bunch",
    "back", "show", "showing", "shows", "saying", "gave", "give", "gives", "went", "put", "puts",
    "hey", "hello", "name", "love", "like", "likes", "things", "lots", "well", "job", "wrong",
    "right", "true", "false", "means", "usually", "many", "few", "less", "least", "whole", "today",
    "class", "teacher", "test", "quiz", "practice", "review", "read", "reading", "end",
    // Spoken mathematics: "x squared plus five" is an expression being read out, not a term.
    "plus", "minus", "times", "over", "equals", "equal", "squared", "cubed", "root", "roots",
    "negative", "positive", "half", "halves", "third", "thirds", "quarter", "quarters",
    "divided", "multiplied", "power", "point", "zero", "one", "hundred", "thousand",
];

/// RAKE-style key phrases: runs of 2–3 content words (no stopwords, generic words, numbers or
/// punctuation breaks) repeated in at least three turns, used by both tutor and student, and not
/// overlapping any lexicon match. Strict on purpose: junk is worse than nothing.
fn key_phrases(turns: &[TurnData<'_>], candidates: &[Candidate]) -> Vec<(String, Vec<Mention>)> {
    let generic: HashSet<&str> = GENERIC_WORDS.iter().copied().collect();
    let has_student = turns.iter().any(|t| t.role == SpeakerRole::Student);
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for c in candidates {
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
    // key -> (mentions, surface forms with counts, said by tutor, said by student)
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
    found
        .into_values()
        .filter(|(mentions, _, by_tutor, by_student)| {
            let mut turns: Vec<usize> = mentions.iter().map(|m| m.turn).collect();
            turns.dedup();
            // Both sides using the phrase is what separates a term of the lesson from one
            // speaker's habit or a word-problem prop ("phone plan").
            *by_tutor && (*by_student || !has_student) && mentions.len() >= 3 && turns.len() >= 3
        })
        .filter_map(|(mentions, surfaces, _, _)| {
            let surface = surfaces
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s)?;
            Some((capitalize(&surface), mentions))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Student signals
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confusion {
    Confused,
    Forget,
    Unsure,
    Why,
    Wrong,
    MixUp,
    Stuck,
}

/// Confusion markers as normalised word sequences (apostrophes dropped), longest first within
/// each family so the most specific one supplies the object text.
const CONFUSION_MARKERS: &[(&str, Confusion)] = &[
    ("i dont really get", Confusion::Confused),
    ("i dont get", Confusion::Confused),
    ("i dont really understand", Confusion::Confused),
    ("i dont understand", Confusion::Confused),
    ("dont understand", Confusion::Confused),
    ("i still dont get", Confusion::Confused),
    ("that doesnt make sense", Confusion::Confused),
    ("doesnt make sense", Confusion::Confused),
    ("dont see how", Confusion::Confused),
    ("what do you mean", Confusion::Confused),
    ("im confused", Confusion::Confused),
    ("im so confused", Confusion::Confused),
    ("im a little confused", Confusion::Confused),
    ("confused about", Confusion::Confused),
    ("confused", Confusion::Confused),
    ("confusing", Confusion::Confused),
    ("im lost", Confusion::Confused),
    ("lost me", Confusion::Confused),
    ("i always forget", Confusion::Forget),
    ("i keep forgetting", Confusion::Forget),
    ("i forgot", Confusion::Forget),
    ("i forget", Confusion::Forget),
    ("i never remember", Confusion::Forget),
    ("i cant remember", Confusion::Forget),
    ("im not sure", Confusion::Unsure),
    ("im not really sure", Confusion::Unsure),
    ("not really sure", Confusion::Unsure),
    ("not sure", Confusion::Unsure),
    ("i have no idea", Confusion::Unsure),
    ("no idea", Confusion::Unsure),
    ("i dont know how", Confusion::Unsure),
    ("i dont know when", Confusion::Unsure),
    ("i dont know what", Confusion::Unsure),
    ("i dont know which", Confusion::Unsure),
    ("i dont know where", Confusion::Unsure),
    ("wait why", Confusion::Why),
    ("but why", Confusion::Why),
    ("i dont know why", Confusion::Why),
    ("dont see why", Confusion::Why),
    ("how do you know", Confusion::Why),
    ("i got it wrong", Confusion::Wrong),
    ("got it wrong", Confusion::Wrong),
    ("i got the wrong", Confusion::Wrong),
    ("i messed up", Confusion::Wrong),
    ("i keep messing up", Confusion::Wrong),
    ("i keep mixing up", Confusion::MixUp),
    ("i always mix up", Confusion::MixUp),
    ("i mix up", Confusion::MixUp),
    ("i mixed up", Confusion::MixUp),
    ("mixed up", Confusion::MixUp),
    ("im stuck", Confusion::Stuck),
    ("i get stuck", Confusion::Stuck),
    ("i got stuck", Confusion::Stuck),
    ("stuck on", Confusion::Stuck),
    ("struggling with", Confusion::Stuck),
    ("i struggle with", Confusion::Stuck),
    ("hard for me", Confusion::Stuck),
];

/// Confirmations a tutor opens with after a correct answer.
#[rustfmt::skip]
const CONFIRMATIONS: &[&str] = &[
    "yes", "yep", "yup", "exactly", "correct", "thats correct", "thats right", "thats it",
    "you got it", "youre right", "great job", "good job", "nice job", "nice work", "great work",
    "well done", "perfect", "nice", "excellent", "awesome", "spot on", "good", "great", "bingo",
    "beautiful", "right on", "absolutely",
];

/// Openings that mean the answer was not (fully) right.
#[rustfmt::skip]
const CORRECTIONS: &[&str] = &[
    "not quite", "not exactly", "not really", "almost", "close but", "so close", "careful", "nope",
    "no", "hmm", "incorrect", "thats not", "not right", "wrong", "mistake",
];

const EXPLANATION_CUES: &[&str] = &["because", "means", "since", "so", "therefore", "which"];

const QUESTION_OPENERS: &[&str] = &[
    "how", "why", "what", "can", "could", "should", "do", "does", "would", "where", "when",
    "which", "who", "wait",
];

#[derive(Debug, Clone)]
enum EventKind {
    Confusion { kind: Confusion, object: String, follow_up: Option<String> },
    Correction,
    Strength { confirmed: bool, explained: bool },
}

#[derive(Debug, Clone)]
struct Event {
    /// The student turn the event is about.
    turn: usize,
    /// Inclusive turn-index span shown as the finding's lines.
    span: (usize, usize),
    kind: EventKind,
    concept: Option<usize>,
}

impl Event {
    fn polarity(&self) -> f64 {
        match self.kind {
            EventKind::Confusion { .. } => -1.0,
            // A corrected answer is weaker evidence than the student saying they are lost.
            EventKind::Correction => -0.6,
            EventKind::Strength { .. } => 1.0,
        }
    }
}

/// Which candidates each turn mentions, with token positions, for nearby-concept lookups.
fn mentions_by_turn(candidates: &[Candidate], n_turns: usize) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); n_turns];
    for (ci, c) in candidates.iter().enumerate() {
        for m in &c.mentions {
            out[m.turn].push((ci, m.tok_start));
        }
    }
    out
}

/// Picks the concept an event at `turn` is about: the first offset in `offsets` whose turn
/// mentions an allowed candidate wins. In the student's own turn the mention right after the
/// marker wins (else the first concept they name, the usual subject of their sentence); in a
/// neighbouring turn the concept that turn mentions most, then the one the session mentions
/// most, then the one closest in the text (the end of an earlier turn, where a tutor's question
/// sits, or the start of a later one).
fn associate(
    turn: usize,
    anchor: Option<usize>,
    offsets: &[isize],
    by_turn: &[Vec<(usize, usize)>],
    global: &[usize],
    allowed: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    for &off in offsets {
        let Some(t) = turn.checked_add_signed(off).filter(|&t| t < by_turn.len()) else {
            continue;
        };
        let here: Vec<(usize, usize)> =
            by_turn[t].iter().copied().filter(|&(ci, _)| allowed(ci)).collect();
        let pick = match off.cmp(&0) {
            std::cmp::Ordering::Equal => {
                let a = anchor.unwrap_or(0);
                let after = here.iter().filter(|(_, pos)| *pos >= a).min_by_key(|(_, pos)| *pos);
                let before = here.iter().filter(|(_, pos)| *pos < a).max_by_key(|(_, pos)| *pos);
                after.or(before)
            }
            ordering => here.iter().max_by_key(|&&(ci, pos)| {
                let in_turn = here.iter().filter(|(c, _)| *c == ci).count();
                let closeness = if ordering.is_lt() { pos } else { usize::MAX - pos };
                (in_turn, global.get(ci).copied().unwrap_or(0), closeness)
            }),
        };
        if let Some(&(ci, _)) = pick {
            return Some((ci, t));
        }
    }
    None
}

const CONFUSION_OFFSETS: &[isize] = &[0, -1, 1, -2, 2];
const STRENGTH_OFFSETS: &[isize] = &[0, -1, 1, -2];
const CORRECTION_OFFSETS: &[isize] = &[0, 1, -1];

/// Words after a marker up to the end of its clause, cleaned into a short phrase about the
/// student ("the signs when they factor"). Empty when nothing specific was said.
fn object_after(text: &str, from: usize) -> String {
    let rest = text.get(from..).unwrap_or("");
    let cut = rest.find(['.', '?', '!', ';', ',', ':', '\n', '(', ')']).unwrap_or(rest.len());
    let mut clause = &rest[..cut];
    if let Some(i) = clause.find(" but ") {
        clause = &clause[..i];
    }
    const LEAD: &[&str] = &["like", "um", "uh", "really", "even", "totally", "quite", "all"];
    const TRAIL: &[&str] = &[
        "and", "the", "a", "an", "to", "of", "like", "um", "uh", "so", "or", "with", "for", "if",
        "though", "when", "because", "then", "anyway",
    ];
    let mut words: Vec<String> = clause
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c == '"' || c == '\'' || c == '\u{201C}' || c == '\u{201D}')
        })
        .filter(|w| !w.is_empty())
        .map(|w| {
            match super::text::normalize_name(w).as_str() {
                "i" => "they",
                "im" => "they're",
                "ive" => "they've",
                "my" => "their",
                "me" => "them",
                "myself" => "themselves",
                "am" => "are",
                _ => w,
            }
            .to_string()
        })
        .collect();
    while words.first().is_some_and(|w| LEAD.contains(&w.to_lowercase().as_str())) {
        words.remove(0);
    }
    if words.len() > 12 {
        words.truncate(12);
        // Cut back to a clause boundary rather than stopping mid-clause.
        const JOINS: &[&str] =
            &["if", "when", "because", "since", "that", "which", "so", "but", "and", "or", "while"];
        if let Some(j) = (6..words.len()).rev().find(|&j| JOINS.contains(&words[j].as_str())) {
            words.truncate(j);
        }
    }
    while words.last().is_some_and(|w| TRAIL.contains(&w.to_lowercase().as_str())) {
        words.pop();
    }
    words.join(" ")
}

/// Replaces the concept's own name in a phrase with "it" ("when to use the quadratic formula
/// instead" -> "when to use it instead"), since the finding already starts with the name.
fn replace_name(phrase: &str, name: &str) -> String {
    let target = super::text::phrase_keys(name);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let keys: Vec<String> = words.iter().map(|w| super::text::phrase_keys(w).join(" ")).collect();
    let target: Vec<&str> = target.iter().map(String::as_str).collect();
    let Some(at) = (0..words.len()).find(|&i| seq_at(&keys, i, &target)) else {
        return phrase.to_string();
    };
    // Only a standalone use reads well as "it": not "the friction force" -> "the it force".
    let next = keys.get(at + target.len()).map(String::as_str);
    if next.is_some_and(|w| !is_stopword(w) && !matches!(w, "instead" | "again" | "correctly")) {
        return phrase.to_string();
    }
    let start =
        if at > 0 && matches!(keys[at - 1].as_str(), "the" | "a" | "an") { at - 1 } else { at };
    let mut out: Vec<&str> = words[..start].to_vec();
    out.push("it");
    out.extend_from_slice(&words[at + target.len()..]);
    out.join(" ")
}

/// Does the student turn look like an answer (not filler, not a how/why question)?
fn is_answer(turn: &TurnData<'_>) -> bool {
    let has_content = turn.tokens.iter().any(|t| !is_stopword(&t.text));
    let is_question = turn.text.trim_end().ends_with('?')
        && turn.tokens.first().is_some_and(|t| QUESTION_OPENERS.contains(&t.text.as_str()));
    has_content && !is_question
}

fn first_sentence_words<'t>(turn: &'t TurnData<'_>) -> Vec<&'t str> {
    let end = sentences(turn.text).first().map_or(turn.text.len(), |&(_, e)| e);
    turn.tokens.iter().take_while(|t| t.start < end).map(|t| t.text.as_str()).collect()
}

/// The tutor's reaction in the first words of a turn: Some(true) confirmed, Some(false)
/// corrected, None neither (or both, which is ambiguous).
fn tutor_reaction(turn: &TurnData<'_>) -> Option<bool> {
    let first = first_sentence_words(turn);
    let head = &first[..first.len().min(4)];
    // "Right" and "yeah" open many tutor turns as filler; only count them when they are the
    // whole first sentence ("Right!", "Yeah, exactly.").
    let short_ok = first.len() <= 2 && first.iter().any(|w| matches!(*w, "right" | "yeah"));
    let confirmed = short_ok || (0..head.len()).any(|i| CONFIRMATION_LIST.at(head, i).is_some());
    let benign_no = seq_at(&first, 0, &["no", "problem"]) || seq_at(&first, 0, &["no", "worries"]);
    let corrected =
        !benign_no && (0..head.len().min(3)).any(|i| CORRECTION_LIST.at(&first, i).is_some());
    match (confirmed, corrected) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

fn detect_events(
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
) -> Vec<Event> {
    let global: Vec<usize> = candidates.iter().map(|c| c.mentions.len()).collect();
    let mut events = Vec::new();
    for (i, turn) in turns.iter().enumerate() {
        if turn.role != SpeakerRole::Student {
            continue;
        }
        let words: Vec<&str> = turn.token_texts().collect();
        if let Some((pos, kind, marker_len)) = find_confusion(&words) {
            let end_byte = turn.tokens[pos + marker_len - 1].end;
            let assoc = associate(i, Some(pos), CONFUSION_OFFSETS, by_turn, &global, |_| true);
            let mut object = object_after(turn.text, end_byte);
            if let Some((c, _)) = assoc {
                object = replace_name(&object, &candidates[c].name);
            }
            if object_is_empty(&object) {
                object.clear();
            }
            let follow_up = object.is_empty().then(|| follow_up_question(turn.text, end_byte));
            let span = match assoc {
                Some((_, t)) if t < i => (t, i),
                Some((_, t)) => (i, t),
                None => (i, i),
            };
            events.push(Event {
                turn: i,
                span,
                kind: EventKind::Confusion { kind, object, follow_up: follow_up.flatten() },
                concept: assoc.map(|(c, _)| c),
            });
            continue;
        }
        let next_tutor = turns.get(i + 1).filter(|t| t.role == SpeakerRole::Tutor);
        let reaction = next_tutor.filter(|_| is_answer(turn)).and_then(tutor_reaction);
        let explained = turn.words() >= 15
            && !by_turn[i].is_empty()
            && !turn.text.trim_end().ends_with('?')
            && words.iter().any(|w| EXPLANATION_CUES.contains(w));
        match reaction {
            Some(false) => {
                let assoc = associate(i, None, CORRECTION_OFFSETS, by_turn, &global, |_| true);
                events.push(Event {
                    turn: i,
                    span: (i, i + 1),
                    kind: EventKind::Correction,
                    concept: assoc.map(|(c, _)| c),
                });
            }
            Some(true) | None if reaction.is_some() || explained => {
                let confirmed = reaction.is_some();
                // The tutor's question (one turn back) says more about what was answered than
                // the confirming turn, which often moves on to the next point.
                let assoc = associate(i, None, STRENGTH_OFFSETS, by_turn, &global, |_| true);
                let span = if confirmed { (i, i + 1) } else { (i, i) };
                events.push(Event {
                    turn: i,
                    span,
                    kind: EventKind::Strength { confirmed, explained },
                    concept: assoc.map(|(c, _)| c),
                });
            }
            _ => {}
        }
    }
    events
}

/// Events whose nearest concept did not make the final list are re-pointed at the nearest
/// reported concept in the same window, so the finding can name something the user will see.
fn reassociate(
    events: &mut [Event],
    kept: &[usize],
    candidates: &[Candidate],
    by_turn: &[Vec<(usize, usize)>],
) {
    let global: Vec<usize> = candidates.iter().map(|c| c.mentions.len()).collect();
    for e in events.iter_mut() {
        if e.concept.is_none_or(|c| kept.contains(&c)) {
            continue;
        }
        let (offsets, anchor): (&[isize], Option<usize>) = match e.kind {
            EventKind::Confusion { .. } => (CONFUSION_OFFSETS, None),
            EventKind::Correction => (CORRECTION_OFFSETS, None),
            EventKind::Strength { .. } => (STRENGTH_OFFSETS, None),
        };
        e.concept = associate(e.turn, anchor, offsets, by_turn, &global, |c| kept.contains(&c))
            .map(|(c, _)| c);
    }
}

fn object_is_empty(object: &str) -> bool {
    const EMPTY: &[&str] = &[
        "it", "this", "that", "any", "of", "the", "part", "one", "stuff", "thing", "anything",
        "yet", "at", "all", "now", "here", "there", "either", "though", "anymore", "honestly",
        "still", "what", "you", "mean", "im", "i", "am", "about", "sure", "really", "doing",
        "they", "theyre", "them", "are",
    ];
    object.split_whitespace().all(|w| EMPTY.contains(&super::text::normalize_name(w).as_str()))
}

/// The student's next sentence after a bare "I'm confused", when it is a short question that
/// says what the confusion is ("Is it just the one with fewer grams?").
fn follow_up_question(text: &str, from: usize) -> Option<String> {
    let (s, e) = sentences(text).into_iter().find(|&(s, _)| s >= from)?;
    let sentence = text[s..e].trim();
    let words = sentence.split_whitespace().count();
    (sentence.ends_with('?') && (3..=12).contains(&words)).then(|| sentence.to_string())
}

fn find_confusion(words: &[&str]) -> Option<(usize, Confusion, usize)> {
    for i in 0..words.len() {
        for (seq, kind) in CONFUSION_LIST.iter() {
            if !seq_at(words, i, seq) {
                continue;
            }
            // "I'm not confused anymore" / "no longer lost" are the opposite of a struggle.
            let negated = words[i.saturating_sub(2)..i]
                .iter()
                .any(|w| matches!(*w, "not" | "no" | "longer" | "never" | "less"));
            if negated && seq.len() == 1 {
                continue;
            }
            return Some((i, *kind, seq.len()));
        }
    }
    None
}

/// A short quote of the student's answer, only when the whole first sentence is short.
fn snippet(text: &str) -> Option<String> {
    let (s, e) = sentences(text).into_iter().next()?;
    let sentence = clean_sentence(&text[s..e]);
    let words = sentence.split_whitespace().count();
    (2..=10).contains(&words).then(|| sentence.trim_end_matches(['.', '!', '?']).to_string())
}

// ---------------------------------------------------------------------------------------------
// Ranking and evidence
// ---------------------------------------------------------------------------------------------

fn score_candidates(candidates: &mut [Candidate], turns: &[TurnData<'_>], events: &[Event]) {
    let n = turns.len().max(1) as f64;
    let mut has_event = vec![false; candidates.len()];
    for e in events {
        if let Some(c) = e.concept {
            has_event[c] = true;
        }
    }
    for (ci, c) in candidates.iter_mut().enumerate() {
        let mut weighted = 0.0f64;
        let mut by_tutor = false;
        let mut by_student = false;
        let mut in_explanation = false;
        let mut longest = 1;
        for m in &c.mentions {
            let turn = &turns[m.turn];
            let role_w = match turn.role {
                SpeakerRole::Tutor => 1.0,
                // The student using a term themselves is a stronger sign it was engaged with.
                SpeakerRole::Student => 1.3,
                SpeakerRole::Other => 0.8,
            };
            let pos = m.turn as f64 / n;
            // Openings (agenda) and closings (recap) name the session's main concepts.
            let pos_w = if !(0.15..=0.85).contains(&pos) { 1.15 } else { 1.0 };
            weighted += role_w * pos_w;
            by_tutor |= turn.role == SpeakerRole::Tutor;
            by_student |= turn.role == SpeakerRole::Student;
            in_explanation |= turn.role == SpeakerRole::Tutor && turn.words() >= 20;
            longest = longest.max(m.tok_len);
        }
        let turns_hit = c.turns();
        let spread = match (turns_hit.first(), turns_hit.last()) {
            (Some(a), Some(b)) => (b - a + 1) as f64 / n,
            _ => 0.0,
        };
        let mut score = (1.0 + weighted).ln() * (1.0 + spread);
        if by_tutor && by_student {
            score *= 1.2;
        }
        if in_explanation {
            score *= 1.1;
        }
        if has_event[ci] {
            score *= 1.15;
        }
        score *= 1.0 + 0.1 * (longest.min(4) - 1) as f64;
        c.score = score * c.factor;
    }
}

/// Indices of the candidates to report, best first.
fn select(candidates: &[Candidate], events: &[Event]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| {
        candidates[b]
            .score
            .total_cmp(&candidates[a].score)
            .then(candidates[a].mentions[0].turn.cmp(&candidates[b].mentions[0].turn))
            .then(candidates[a].name.cmp(&candidates[b].name))
    });
    let Some(&top) = order.first() else {
        return Vec::new();
    };
    let top_score = candidates[top].score;
    let mut phrases = 0;
    let mut kept: Vec<usize> = order
        .iter()
        .copied()
        .enumerate()
        .filter(|&(rank, ci)| rank < MIN_CONCEPTS || candidates[ci].score >= KEEP_RATIO * top_score)
        .map(|(_, ci)| ci)
        .filter(|&ci| {
            // Unvetted key phrases may add to the lexicon concepts, never crowd them out.
            let phrase = matches!(candidates[ci].source, Source::Phrase);
            phrases += usize::from(phrase);
            !phrase || phrases <= MAX_PHRASES
        })
        .take(MAX_CONCEPTS)
        .collect();
    // A concept the student struggled with matters even if it was mentioned only briefly.
    for e in events {
        if let (EventKind::Confusion { .. }, Some(c)) = (&e.kind, e.concept)
            && !kept.contains(&c)
            && kept.len() < MAX_CONCEPTS
        {
            kept.push(c);
        }
    }
    kept
}

fn line_range(turns: &[TurnData<'_>], a: usize, b: usize) -> LineRange {
    LineRange { start: turns[a].number, end: turns[b].number }
}

/// Runs of consecutive mention turns, ranked by mentions plus any student signal inside.
fn evidence(c: &Candidate, ci: usize, turns: &[TurnData<'_>], events: &[Event]) -> Vec<LineRange> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for m in &c.mentions {
        *counts.entry(m.turn).or_default() += 1;
    }
    let mut runs: Vec<(usize, usize, f64)> = Vec::new();
    for (&t, &k) in &counts {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == t => {
                run.1 = t;
                run.2 += k as f64;
            }
            _ => runs.push((t, t, k as f64)),
        }
    }
    // Turns covered by this concept's signal events, as prefix sums for O(1) range checks.
    let mut marked = vec![0usize; turns.len() + 1];
    for e in events.iter().filter(|e| e.concept == Some(ci)) {
        for t in e.span.0..=e.span.1.min(turns.len() - 1) {
            marked[t + 1] = 1;
        }
    }
    for t in 0..turns.len() {
        marked[t + 1] += marked[t];
    }
    for run in &mut runs {
        // A signal in the run or in a turn right next to it.
        let (a, b) = (run.0.saturating_sub(1), (run.1 + 1).min(turns.len() - 1));
        if marked[b + 1] > marked[a] {
            run.2 += 2.0;
        }
        run.2 += 0.5 * (run.1 - run.0) as f64;
    }
    runs.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    runs.into_iter().take(MAX_EVIDENCE).map(|(a, b, _)| line_range(turns, a, b)).collect()
}

/// Net signal: later evidence weighs up to four times more, since a student who was confused
/// early and then answered correctly has learned the concept in the session.
fn signal(ci: usize, events: &[Event], n_turns: usize) -> i8 {
    let n = n_turns.max(1) as f64;
    let total: f64 = events
        .iter()
        .filter(|e| e.concept == Some(ci))
        .map(|e| e.polarity() * (1.0 + 3.0 * e.turn as f64 / n))
        .sum();
    if total > 0.3 {
        1
    } else if total < -0.3 {
        -1
    } else {
        0
    }
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

fn starts_with_any(s: &str, words: &[&str]) -> bool {
    let first = s.split_whitespace().next().unwrap_or("").to_lowercase();
    words.contains(&first.as_str())
}

const WH: &[&str] = &["why", "how", "when", "what", "where", "which", "whether", "if", "who"];

/// Short improvement text from the marker family and what the student said after it.
fn improvement_text(concept: Option<&str>, kind: Confusion, object: &str) -> Option<String> {
    let obj = object.trim();
    let aux_stripped = {
        let mut w: Vec<&str> = obj.split_whitespace().collect();
        if w.first().is_some_and(|f| matches!(f.to_lowercase().as_str(), "do" | "does" | "did")) {
            w.remove(0);
        }
        w.join(" ")
    };
    let phrase = match (kind, obj.is_empty()) {
        (Confusion::Confused, false) if starts_with_any(obj, WH) => format!("unclear {obj}"),
        (Confusion::Confused, false) => {
            format!("confused about {}", obj.trim_start_matches("about ").trim())
        }
        (Confusion::Confused, true) => "expressed confusion".to_string(),
        (Confusion::Forget, false) => format!("forgets {obj}"),
        (Confusion::Forget, true) => "hard to remember".to_string(),
        (Confusion::Unsure, false) if starts_with_any(obj, WH) || obj.starts_with("about ") => {
            format!("unsure {obj}")
        }
        (Confusion::Unsure, false) => format!("unsure about {obj}"),
        (Confusion::Unsure, true) => "unsure".to_string(),
        (Confusion::Why, false) if !aux_stripped.is_empty() => {
            format!("unclear why {aux_stripped}")
        }
        (Confusion::Why, _) => "asked why it works".to_string(),
        (Confusion::Wrong, false) => format!("got it wrong {obj}"),
        (Confusion::Wrong, true) => "got an answer wrong".to_string(),
        (Confusion::MixUp, false) => format!("mixes up {obj}"),
        (Confusion::MixUp, true) => "mixes it up".to_string(),
        (Confusion::Stuck, false) => {
            let o = obj.trim_start_matches("on ").trim_start_matches("with ");
            format!("gets stuck on {o}")
        }
        (Confusion::Stuck, true) => "got stuck".to_string(),
    };
    match concept {
        Some(c) => Some(format!("{c}: {phrase}")),
        // Without a concept, only a specific phrase is worth reporting.
        None if !obj.is_empty() => Some(capitalize(&phrase)),
        None => None,
    }
}

fn build_signal_findings(
    candidates: &[Candidate],
    kept: &[usize],
    events: &[Event],
    turns: &[TurnData<'_>],
) -> (Vec<Finding>, Vec<Finding>) {
    let is_kept = |c: Option<usize>| c.is_some_and(|c| kept.contains(&c));
    let mut strengths: Vec<(usize, Finding)> = Vec::new();
    let mut improvements: Vec<(usize, Finding)> = Vec::new();

    let last_confirmed: HashMap<usize, usize> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Strength { confirmed: true, .. }))
        .filter_map(|e| e.concept.map(|c| (c, e.turn)))
        .fold(HashMap::new(), |mut m, (c, t)| {
            let slot = m.entry(c).or_insert(t);
            *slot = (*slot).max(t);
            m
        });
    let mut unnamed = 0;

    // Improvements: per concept at most two, confusions that say something specific first, then
    // bare confusions, then corrected answers.
    let mut per_concept: HashMap<usize, usize> = HashMap::new();
    let mut ordered: Vec<&Event> = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Strength { .. }))
        .filter(|e| e.concept.is_none() || is_kept(e.concept))
        .collect();
    ordered.sort_by_key(|e| {
        let rank = match &e.kind {
            EventKind::Confusion { object, .. } if !object.is_empty() => 0,
            EventKind::Confusion { .. } => 1,
            _ => 2,
        };
        (rank, e.turn)
    });
    for e in ordered {
        if improvements.len() >= 4 * MAX_FINDINGS {
            break;
        }
        match e.concept {
            Some(c) => {
                let n = per_concept.entry(c).or_default();
                *n += 1;
                if *n > 2 {
                    continue;
                }
            }
            // Findings without a concept are weaker; a couple is enough.
            None => {
                unnamed += 1;
                if unnamed > 2 {
                    continue;
                }
            }
        }
        let name = e.concept.map(|c| candidates[c].name.as_str());
        let text = match &e.kind {
            EventKind::Confusion { kind, object, follow_up } => {
                improvement_text(name, *kind, object).map(|t| match follow_up {
                    Some(q) => format!("{t} (\"{q}\")"),
                    None => t,
                })
            }
            EventKind::Correction => name.map(|n| format!("{n}: an answer needed correction")),
            EventKind::Strength { .. } => None,
        };
        let Some(mut text) = text else { continue };
        if improvements.iter().any(|(_, f)| f.text.starts_with(&text)) {
            continue;
        }
        let later_strength =
            e.concept.and_then(|c| last_confirmed.get(&c)).is_some_and(|&t| t > e.turn);
        if later_strength {
            text.push_str(" (later answered correctly)");
        }
        improvements.push((
            e.span.0,
            Finding {
                text,
                concept: name.map(str::to_string),
                lines: line_range(turns, e.span.0, e.span.1),
            },
        ));
    }

    // Strengths: per concept the most convincing event (confirmed explanation > confirmed
    // answer > unconfirmed explanation), latest first among equals.
    let mut best: BTreeMap<usize, &Event> = BTreeMap::new();
    let strength_rank = |e: &Event| match e.kind {
        EventKind::Strength { confirmed: true, explained: true, .. } => 3,
        EventKind::Strength { confirmed: true, .. } => 2,
        EventKind::Strength { .. } => 1,
        _ => 0,
    };
    for e in events.iter().filter(|e| strength_rank(e) > 0 && is_kept(e.concept)) {
        let Some(c) = e.concept else { continue };
        let replace =
            best.get(&c).is_none_or(|b| (strength_rank(e), e.turn) > (strength_rank(b), b.turn));
        if replace {
            best.insert(c, e);
        }
    }
    for (c, e) in best {
        let EventKind::Strength { confirmed, explained } = e.kind else { continue };
        let name = &candidates[c].name;
        let text = match (confirmed, explained, snippet(turns[e.turn].text)) {
            (true, true, _) => format!("{name}: explained it correctly in their own words"),
            (true, false, Some(s)) => format!("{name}: answered correctly (\"{s}\")"),
            (true, false, None) => format!("{name}: answered correctly"),
            (false, _, _) => format!("{name}: explained it in their own words"),
        };
        strengths.push((
            e.span.0,
            Finding {
                text,
                concept: Some(name.clone()),
                lines: line_range(turns, e.span.0, e.span.1),
            },
        ));
    }

    let finish = |mut v: Vec<(usize, Finding)>| {
        v.sort_by_key(|(t, _)| *t);
        v.into_iter().map(|(_, f)| f).take(MAX_FINDINGS).collect::<Vec<_>>()
    };
    (finish(strengths), finish(improvements))
}

// ---------------------------------------------------------------------------------------------
// Action items
// ---------------------------------------------------------------------------------------------

/// Cues that on their own mark a homework or next-session task.
#[rustfmt::skip]
const STRONG_ACTION_CUES: &[&str] = &[
    "homework", "for next time", "next time", "before our next session", "before next session",
    "before the next session", "next session", "next week", "tonight", "this week",
    "over the weekend", "by monday", "by tuesday", "by wednesday", "by thursday", "by friday",
    "by saturday", "by sunday", "by tomorrow", "assignment", "worksheet", "read chapter", "due",
    "before our next", "before next class", "before class", "before monday", "before tuesday",
    "before wednesday", "before thursday", "before friday", "before saturday", "before sunday",
    "before tomorrow",
];

/// Cues that mark a task only when addressed to the student near the end of the session.
#[rustfmt::skip]
const WEAK_ACTION_CUES: &[&str] = &[
    "practice", "review", "try problems", "try the problems", "work on", "go over", "look over",
    "redo", "do problems", "do the problems", "read", "study", "memorize", "bring",
];

/// Leading words to strip so the item reads as an imperative. Deadline phrases are moved to
/// the end instead of dropped.
#[rustfmt::skip]
const LEADING_FILLER: &[&str] = &[
    "so", "okay", "ok", "alright", "all right", "and", "now", "um", "uh", "well", "also", "then",
    "great", "good", "perfect", "yeah", "oh", "for homework", "for your homework", "as homework",
    "as your homework", "i want you to", "id like you to", "i would like you to", "i need you to",
    "please", "can you", "could you", "you should", "you need to", "you have to", "youre going to",
    "you are going to", "make sure you", "make sure to", "your homework is to", "your homework is",
    "the homework is to", "the homework is", "homework is", "what i want you to do is",
    "im going to have you", "ill have you", "i want you", "lets have you", "your assignment is to",
    "the assignment is to", "try to", "just", "homework",
];

#[rustfmt::skip]
const DEADLINE_LEADS: &[&str] = &[
    "for next time", "before our next session", "before next session", "before the next session",
    "before next time", "by next session", "by next week", "for next week", "this week", "tonight",
    "over the weekend", "by monday", "by tuesday", "by wednesday", "by thursday", "by friday",
    "by saturday", "by sunday", "by tomorrow", "before next class", "before monday",
    "before tuesday", "before wednesday", "before thursday", "before friday", "before saturday",
    "before sunday", "before tomorrow", "before class",
];

fn action_items(turns: &[TurnData<'_>], candidates: &[Candidate], kept: &[usize]) -> Vec<Finding> {
    let n = turns.len();
    let has_tutor = turns.iter().any(|t| t.role == SpeakerRole::Tutor);
    let mut out: Vec<Finding> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (ti, turn) in turns.iter().enumerate() {
        let speaks_for_tutor = if has_tutor {
            turn.role == SpeakerRole::Tutor
        } else {
            turn.role != SpeakerRole::Student
        };
        if !speaks_for_tutor {
            continue;
        }
        // Weak cues ("practice", "review") are in-session instructions most of the time; only
        // the wrap-up at the very end of a session assigns work with them.
        let late = ti * 10 >= n * 9;
        for (s, e) in sentences(turn.text) {
            let toks = tokens_in(&turn.tokens, s, e);
            let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
            let strong = STRONG_CUE_LIST.find(&words).is_some();
            let retrospective = PAST_LIST.find(&words).is_some() && !words.contains(&"homework");
            let addressed = words.iter().any(|w| matches!(*w, "you" | "your"))
                || MAKE_SURE_LIST.find(&words).is_some()
                || WEAK_CUE_LIST.at(&words, 0).is_some();
            let weak = late
                && addressed
                && words.first().is_none_or(|w| *w != "lets")
                && WEAK_CUE_LIST.find(&words).is_some();
            let question = turn.text[s..e].trim_end().ends_with('?')
                && REQUEST_LIST.find(&words).is_none_or(|(p, _)| p > 2);
            // "Let's look at the homework" is in-session work unless it points ahead.
            let lets_now = words.first().is_some_and(|w| *w == "lets")
                && FUTURE_CUE_LIST.find(&words).is_none();
            if retrospective || question || lets_now || !(strong || weak) {
                continue;
            }
            let Some(text) = imperative(turn.text, s, e, toks) else { continue };
            if !seen.insert(super::text::normalize_name(&text)) {
                continue;
            }
            let concept = kept
                .iter()
                .find(|&&ci| {
                    candidates[ci].mentions.iter().any(|m| {
                        m.turn == ti
                            && turn.tokens[m.tok_start].start >= s
                            && turn.tokens[m.tok_start].end <= e
                    })
                })
                .map(|&ci| candidates[ci].name.clone());
            out.push(Finding { text, concept, lines: line_range(turns, ti, ti) });
        }
    }
    // The wrap-up at the end is where work is assigned, so keep the last items.
    if out.len() > MAX_FINDINGS {
        out.drain(..out.len() - MAX_FINDINGS);
    }
    out
}

/// Rewrites one tutor sentence as a task: leading filler and "I want you to" removed, a leading
/// deadline moved to the end, tag questions dropped, capitalised and full-stopped.
fn imperative(text: &str, s: usize, e: usize, toks: &[Token]) -> Option<String> {
    let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    let mut k = 0;
    let mut start = s;
    let mut deadline: Option<String> = None;
    loop {
        let (len, is_deadline) = match DEADLINE_LIST.at(&words, k) {
            Some(len) => (len, true),
            None => match FILLER_LIST.at(&words, k) {
                Some(len) => (len, false),
                None => break,
            },
        };
        if k + len >= words.len() {
            break;
        }
        if is_deadline && deadline.is_none() {
            deadline = Some(text[toks[k].start..toks[k + len - 1].end].to_string());
        }
        k += len;
        start = toks[k].start;
    }
    let mut body = text[start..e].trim().to_string();
    for tag in [", okay?", ", ok?", ", alright?", ", right?", " okay?", ", yeah?", ", got it?"] {
        let cut = body.len().saturating_sub(tag.len());
        if body.is_char_boundary(cut) && body[cut..].eq_ignore_ascii_case(tag) {
            body.truncate(cut);
        }
    }
    let body = body.trim_end_matches(['.', '!', '?', ',', ';', ':', ' ']).to_string();
    let mut words_out: Vec<&str> = body.split_whitespace().collect();
    if words_out.len() < 2 {
        return None;
    }
    let truncated = words_out.len() > 30;
    words_out.truncate(30);
    let mut out = capitalize(&words_out.join(" "));
    if truncated {
        out.push('…');
    }
    if let Some(d) = deadline {
        // "Before Friday" -> "... before Friday": only the sentence-initial capital goes.
        let mut chars = d.chars();
        let d: String =
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
        if !out.to_lowercase().contains(&d.to_lowercase()) {
            out.push(' ');
            out.push_str(&d);
        }
    }
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Topics, title, summary
// ---------------------------------------------------------------------------------------------

/// Densest stretch of the given mention turns (gaps of at most three turns).
fn densest_segment(mut turn_list: Vec<usize>) -> Option<(usize, usize)> {
    turn_list.sort_unstable();
    let mut best: Option<(usize, usize, usize)> = None;
    let mut i = 0;
    while i < turn_list.len() {
        let mut j = i;
        while j + 1 < turn_list.len() && turn_list[j + 1] - turn_list[j] <= 3 {
            j += 1;
        }
        let count = j - i + 1;
        if best.is_none_or(|b| count > b.2) {
            best = Some((turn_list[i], turn_list[j], count));
        }
        i = j + 1;
    }
    best.map(|(a, b, _)| (a, b))
}

fn topics(
    candidates: &[Candidate],
    kept: &[usize],
    relevance: &[f64],
    turns: &[TurnData<'_>],
) -> Vec<Finding> {
    // area -> (total relevance, members in relevance order)
    let mut groups: Vec<(String, f64, Vec<usize>)> = Vec::new();
    for (k, &ci) in kept.iter().enumerate() {
        let c = &candidates[ci];
        if matches!(c.source, Source::Phrase) {
            continue;
        }
        match groups.iter_mut().find(|g| g.0 == c.area) {
            Some(g) => {
                g.1 += relevance[k];
                g.2.push(ci);
            }
            None => groups.push((c.area.clone(), relevance[k], vec![ci])),
        }
    }
    groups.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out: Vec<Finding> = Vec::new();
    for (area, _, members) in groups.into_iter().take(MAX_TOPICS) {
        let turn_list: Vec<usize> =
            members.iter().flat_map(|&ci| candidates[ci].mentions.iter().map(|m| m.turn)).collect();
        if let Some((a, b)) = densest_segment(turn_list) {
            out.push(Finding {
                text: area,
                concept: members.first().map(|&ci| candidates[ci].name.clone()),
                lines: line_range(turns, a, b),
            });
        }
    }
    // One broad area is not much of a topic list: add the leading concepts themselves.
    for &ci in kept {
        if out.len() >= 2 {
            break;
        }
        let c = &candidates[ci];
        let key = super::text::normalize_name(&c.name);
        if out.iter().any(|f| super::text::normalize_name(&f.text) == key) {
            continue;
        }
        if let Some((a, b)) = densest_segment(c.mentions.iter().map(|m| m.turn).collect()) {
            out.push(Finding {
                text: c.name.clone(),
                concept: Some(c.name.clone()),
                lines: line_range(turns, a, b),
            });
        }
    }
    out
}

/// Proper nouns that keep their capital letter inside a title.
#[rustfmt::skip]
const PROPER_WORDS: &[&str] = &[
    "newton's", "newtons", "avogadro's", "boyle's", "charles's", "le", "hooke's", "coulomb's",
    "ohm's", "punnett", "mendelian", "calvin", "krebs", "golgi", "atp", "dna", "rna", "ph", "world",
    "industrial", "french", "american", "russian", "cold", "civil", "great", "new", "treaty",
    "magna", "columbian", "black", "renaissance", "reformation", "enlightenment", "holocaust",
    "cuban", "vietnam", "progressive", "age", "ancient", "declaration", "bill", "constitution",
    "act", "sat", "desmos", "big-o", "2d", "reconstruction", "scientific", "document-based",
    "student-produced",
];

/// Lowercases the first letter of a concept name for use mid-title, unless it is a proper noun
/// or acronym ("Newton's second law", "DNA replication").
fn title_case_inner(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or("");
    let keep = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        || PROPER_WORDS.contains(&first.to_lowercase().as_str());
    if keep {
        return name.to_string();
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn title(names: &[&str], subject_label: Option<&str>) -> String {
    let mut picked: Vec<String> = Vec::new();
    for (i, name) in names.iter().take(3).enumerate() {
        let shown = if i == 0 { name.to_string() } else { title_case_inner(name) };
        let len: usize = picked.iter().map(|p| p.len() + 2).sum::<usize>() + shown.len();
        if i >= 2 && len > 60 {
            break;
        }
        picked.push(shown);
    }
    match picked.len() {
        0 => {
            subject_label.map_or_else(|| "Tutoring session".to_string(), |l| format!("{l} session"))
        }
        1 => picked.remove(0),
        _ => {
            let last = picked.pop().unwrap_or_default();
            format!("{} and {last}", picked.join(", "))
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const SENTENCE_FILLERS: &[&str] = &[
    "um", "uh", "umm", "so", "okay", "ok", "alright", "well", "like", "yeah", "yes", "right",
    "and", "but", "oh", "now", "hmm", "cool", "great", "good", "perfect", "nice",
];

/// Removes leading discourse fillers and inline "um"/"uh", then capitalises. The words that
/// remain are exactly the transcript's, in order.
fn clean_sentence(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut start = 0;
    while start < words.len() {
        let w = super::text::normalize_name(words[start]);
        if SENTENCE_FILLERS.contains(&w.as_str()) && start + 1 < words.len() {
            start += 1;
        } else {
            break;
        }
    }
    let kept: Vec<&str> = words[start..]
        .iter()
        .copied()
        .filter(|w| !matches!(super::text::normalize_name(w).as_str(), "um" | "uh" | "umm"))
        .collect();
    let joined = kept.join(" ");
    let joined = joined.trim_start_matches([',', ' ', '-']);
    let mut out = capitalize(joined);
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out = out.trim_end_matches([',', ';', ':', ' ']).to_string();
        out.push('.');
    }
    out
}

/// SumBasic-style extractive summary: sentences are scored by the average corpus probability of
/// their content terms (terms of reported concepts count double), the best is taken, its terms'
/// probabilities are squared to discourage repetition, and so on. Output is in transcript order.
fn summary(turns: &[TurnData<'_>], concept_terms: &HashSet<String>, total_words: usize) -> String {
    struct Sent {
        turn: usize,
        start: usize,
        end: usize,
        terms: Vec<usize>,
        factor: f64,
    }
    // Stems are computed once per distinct word: transcripts repeat their vocabulary heavily.
    let mut word_ids: HashMap<&str, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut counts: Vec<f64> = Vec::new();
    let mut sents: Vec<Sent> = Vec::new();
    for (ti, turn) in turns.iter().enumerate() {
        for (s, e) in sentences(turn.text) {
            let toks = tokens_in(&turn.tokens, s, e);
            // Whole statements only: count words, not the pieces of numbers ("18.02" is two
            // tokens), so "So 18.02 grams per mole." does not pass for a sentence.
            let words = toks.iter().filter(|t| t.text.chars().any(char::is_alphabetic)).count();
            if !(6..=40).contains(&words) {
                continue;
            }
            let mut term_ids: Vec<usize> = Vec::new();
            for t in toks {
                if is_stopword(&t.text) || t.text.chars().count() < 3 {
                    continue;
                }
                let id = match word_ids.get(t.text.as_str()) {
                    Some(&id) => id,
                    None => {
                        let next = ids.len();
                        let id = *ids.entry(stem(&t.text)).or_insert(next);
                        if id == counts.len() {
                            counts.push(0.0);
                        }
                        word_ids.insert(&t.text, id);
                        id
                    }
                };
                counts[id] += 1.0;
                term_ids.push(id);
            }
            term_ids.sort_unstable();
            term_ids.dedup();
            if term_ids.len() < 3 {
                continue;
            }
            let mut factor = match turn.role {
                SpeakerRole::Tutor => 1.1,
                SpeakerRole::Student => 0.9,
                SpeakerRole::Other => 1.0,
            };
            if turn.text[s..e].ends_with('?') {
                factor *= 0.6;
            }
            // Openings (agenda) and closings (recap) tend to state what the session covered.
            let pos = ti as f64 / turns.len() as f64;
            if !(0.15..=0.85).contains(&pos) {
                factor *= 1.2;
            }
            sents.push(Sent { turn: ti, start: s, end: e, terms: term_ids, factor });
        }
    }
    if sents.is_empty() {
        return String::new();
    }
    for (term, &id) in &ids {
        if concept_terms.contains(term) {
            counts[id] *= 2.0;
        }
    }
    let total: f64 = counts.iter().sum();
    let mut p: Vec<f64> = counts.iter().map(|c| c / total.max(1.0)).collect();
    let want = if total_words < 300 {
        2
    } else if total_words < 1500 {
        3
    } else {
        4
    };
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < want.min(sents.len()) {
        let best = sents
            .iter()
            .enumerate()
            .filter(|(i, _)| !picked.contains(i))
            .map(|(i, s)| {
                let sum: f64 = s.terms.iter().map(|&t| p[t]).sum();
                (i, s.factor * sum / (s.terms.len() as f64).sqrt())
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((i, _)) = best else { break };
        for &t in &sents[i].terms {
            p[t] *= p[t];
        }
        picked.push(i);
    }
    picked.sort_by_key(|&i| (sents[i].turn, sents[i].start));
    picked
        .iter()
        .map(|&i| clean_sentence(&turns[sents[i].turn].text[sents[i].start..sents[i].end]))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/// Analyses a parsed transcript. Deterministic: the same input always gives the same output.
pub fn analyze(transcript: &ParsedTranscript) -> Analysis {
    let lex = lexicons();
    let roles = effective_roles(transcript);
    let turns: Vec<TurnData<'_>> = transcript
        .turns
        .iter()
        .zip(roles)
        .map(|(t, role)| TurnData {
            number: t.number,
            role,
            text: &t.text,
            tokens: tokenize(&t.text),
        })
        .collect();

    let Detection { subject, mut candidates } = detect_and_collect(lex, &turns);
    let (subject_id, subject_label) = match subject {
        Some(s) => (lex.subjects[s].id.clone(), lex.subjects[s].label.clone()),
        None => ("general".to_string(), "General".to_string()),
    };
    for (name, mentions) in key_phrases(&turns, &candidates) {
        candidates.push(Candidate {
            source: Source::Phrase,
            name,
            subject: subject_id.clone(),
            area: String::new(),
            difficulty: 5,
            description: None,
            mentions,
            // Unvetted phrases rank below lexicon concepts with the same evidence.
            factor: 0.6,
            score: 0.0,
        });
    }

    let by_turn = mentions_by_turn(&candidates, turns.len());
    let mut events = detect_events(&turns, &candidates, &by_turn);
    score_candidates(&mut candidates, &turns, &events);
    let kept = select(&candidates, &events);
    reassociate(&mut events, &kept, &candidates, &by_turn);
    let top = kept.first().map_or(1.0, |&ci| candidates[ci].score.max(f64::MIN_POSITIVE));
    let relevance: Vec<f64> = kept
        .iter()
        .map(|&ci| ((candidates[ci].score / top).clamp(0.0, 1.0) * 1000.0).round() / 1000.0)
        .collect();

    let concepts: Vec<ConceptFinding> = kept
        .iter()
        .zip(&relevance)
        .map(|(&ci, &rel)| {
            let c = &candidates[ci];
            ConceptFinding {
                name: c.name.clone(),
                subject: c.subject.clone(),
                difficulty: c.difficulty,
                relevance: rel,
                evidence: evidence(c, ci, &turns, &events),
                signal: signal(ci, &events, turns.len()),
                description: c.description.clone(),
            }
        })
        .collect();

    let (strengths, improvements) = build_signal_findings(&candidates, &kept, &events, &turns);
    let action_items = action_items(&turns, &candidates, &kept);
    let topics = topics(&candidates, &kept, &relevance, &turns);
    let names: Vec<&str> = kept.iter().map(|&ci| candidates[ci].name.as_str()).collect();
    let title = title(&names, subject.map(|_| subject_label.as_str()));

    let mut concept_terms: HashSet<String> = HashSet::new();
    for &ci in &kept {
        let c = &candidates[ci];
        concept_terms.extend(super::text::terms(&c.name));
        if let Source::Lexicon(r) = c.source {
            for alias in &lex.concept(r).aliases {
                concept_terms.extend(super::text::terms(alias));
            }
        }
    }
    let total_words = turns.iter().map(TurnData::words).sum();
    let summary = summary(&turns, &concept_terms, total_words);

    Analysis {
        subject: subject_id,
        subject_label,
        title,
        summary,
        topics,
        concepts,
        strengths,
        improvements,
        action_items,
    }
}
