//! What the student did in each turn: struggled (said so, or gave up), answered (and how the
//! tutor took it), or explained in their own words. Markers are matched on a clause's words with
//! softeners removed ("I *really* don't get", "I *always* struggle with"), and negated markers
//! ("I'm not confused anymore") do not count. A hedge ("is it 12? I'm not sure") is judged by
//! the tutor's reaction, not by the hedge.

use std::sync::LazyLock;

use super::super::text::is_stopword;
use super::reactions::{Reaction, prompts, reaction};
use super::turns::{TurnData, core_words, seq_at};
use crate::server::transcript::SpeakerRole;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Confusion {
    Confused,
    Forget,
    Unsure,
    Why,
    Wrong,
    MixUp,
    Stuck,
    DontKnow,
    Frustrated,
}

impl Confusion {
    /// Doubt that a correct answer right after it overrides ("Is it 12? I'm not sure.").
    fn is_hedge(self) -> bool {
        matches!(self, Self::Unsure)
    }
}

/// Struggle markers on core words (softeners removed, apostrophes dropped), most specific
/// first within each family so the longest marker supplies the object text.
const MARKERS: &[(&str, Confusion)] = &[
    ("i dont get", Confusion::Confused),
    ("i dont understand", Confusion::Confused),
    ("dont understand", Confusion::Confused),
    ("i do not understand", Confusion::Confused),
    ("doesnt make sense", Confusion::Confused),
    ("makes no sense", Confusion::Confused),
    ("does not make sense", Confusion::Confused),
    ("dont see how", Confusion::Confused),
    ("what do you mean", Confusion::Confused),
    ("im confused", Confusion::Confused),
    ("i am confused", Confusion::Confused),
    ("confused about", Confusion::Confused),
    ("confuses me", Confusion::Confused),
    ("confusing", Confusion::Confused),
    ("confused", Confusion::Confused),
    ("im lost", Confusion::Confused),
    ("lost me", Confusion::Confused),
    ("im not getting", Confusion::Confused),
    ("not getting it", Confusion::Confused),
    ("over my head", Confusion::Confused),
    ("i forget", Confusion::Forget),
    ("i keep forgetting", Confusion::Forget),
    ("i forgot", Confusion::Forget),
    ("i never remember", Confusion::Forget),
    ("i cant remember", Confusion::Forget),
    ("can never remember", Confusion::Forget),
    ("i wont remember", Confusion::Forget),
    ("i never know", Confusion::Forget),
    ("im not sure", Confusion::Unsure),
    ("not sure", Confusion::Unsure),
    ("im unsure", Confusion::Unsure),
    ("no clue", Confusion::DontKnow),
    ("i have no idea", Confusion::DontKnow),
    ("no idea", Confusion::DontKnow),
    ("i dont know how", Confusion::Unsure),
    ("i dont know when", Confusion::Unsure),
    ("i dont know what", Confusion::Unsure),
    ("i dont know which", Confusion::Unsure),
    ("i dont know where", Confusion::Unsure),
    ("i dont know why", Confusion::Why),
    ("dont see why", Confusion::Why),
    ("i dont know", Confusion::DontKnow),
    ("dont know", Confusion::DontKnow),
    ("idk", Confusion::DontKnow),
    ("wait why", Confusion::Why),
    ("but why", Confusion::Why),
    ("how do you know", Confusion::Why),
    ("why is it", Confusion::Why),
    ("why do we", Confusion::Why),
    ("why does", Confusion::Why),
    ("i got it wrong", Confusion::Wrong),
    ("got it wrong", Confusion::Wrong),
    ("i got the wrong", Confusion::Wrong),
    ("i messed up", Confusion::Wrong),
    ("i keep messing up", Confusion::Wrong),
    ("i keep getting", Confusion::Wrong),
    ("i keep mixing up", Confusion::MixUp),
    ("i mix up", Confusion::MixUp),
    ("i mix them up", Confusion::MixUp),
    ("i mix it up", Confusion::MixUp),
    ("i mixed up", Confusion::MixUp),
    ("mix them up", Confusion::MixUp),
    ("mixed up", Confusion::MixUp),
    ("mix up", Confusion::MixUp),
    ("cant keep them straight", Confusion::MixUp),
    ("cant keep straight", Confusion::MixUp),
    ("cant tell the difference", Confusion::MixUp),
    ("im stuck", Confusion::Stuck),
    ("i get stuck", Confusion::Stuck),
    ("i got stuck", Confusion::Stuck),
    ("stuck on", Confusion::Stuck),
    ("struggling with", Confusion::Stuck),
    ("struggle with", Confusion::Stuck),
    ("i struggle", Confusion::Stuck),
    ("hard for me", Confusion::Stuck),
    ("my weak spot", Confusion::Stuck),
    ("my weakness", Confusion::Stuck),
    ("weak spot", Confusion::Stuck),
    ("i suck at", Confusion::Stuck),
    ("im bad at", Confusion::Stuck),
    ("im terrible at", Confusion::Stuck),
    ("not clicking", Confusion::Confused),
    ("isnt clicking", Confusion::Confused),
    ("doesnt click", Confusion::Confused),
    ("makes zero sense", Confusion::Confused),
    ("zero sense", Confusion::Confused),
    ("confusing myself", Confusion::Confused),
    ("dont get it", Confusion::Confused),
    ("still dont get", Confusion::Confused),
    ("gets me mixed up", Confusion::MixUp),
    ("get them mixed up", Confusion::MixUp),
    ("get mixed up", Confusion::MixUp),
    ("i flip it", Confusion::MixUp),
    ("i keep flipping", Confusion::MixUp),
    ("gets me", Confusion::Stuck),
    ("kill me", Confusion::Stuck),
    ("kills me", Confusion::Stuck),
    ("my problem", Confusion::Stuck),
    ("most worried about", Confusion::Stuck),
    ("worried about", Confusion::Stuck),
    ("i cant do", Confusion::Stuck),
    ("cant do it", Confusion::Stuck),
    ("i would never have", Confusion::Stuck),
    ("i never would have", Confusion::Stuck),
    ("id never think", Confusion::Stuck),
    ("i would never think", Confusion::Stuck),
    ("id never have", Confusion::Stuck),
    ("i couldnt explain", Confusion::Stuck),
    ("could explain that", Confusion::Stuck),
    ("i keep doing that", Confusion::Wrong),
    ("i keep messing", Confusion::Wrong),
    ("keep messing that up", Confusion::Wrong),
    ("going to keep messing", Confusion::Wrong),
    ("get them wrong", Confusion::Wrong),
    ("i mess up", Confusion::Wrong),
    ("lost count", Confusion::Confused),
    // "I always get the change of base upside down", "I'm more lost now", "I don't follow".
    ("upside down", Confusion::MixUp),
    ("backwards", Confusion::MixUp),
    ("wrong way around", Confusion::MixUp),
    ("wrong way round", Confusion::MixUp),
    ("going to flip", Confusion::MixUp),
    ("more lost", Confusion::Confused),
    ("i dont follow", Confusion::Confused),
    ("dont follow", Confusion::Confused),
    ("not seeing how", Confusion::Confused),
    ("not seeing why", Confusion::Why),
    ("doesnt make any sense", Confusion::Confused),
    ("destroyed me", Confusion::Stuck),
    ("are the worst", Confusion::Frustrated),
    ("is the worst", Confusion::Frustrated),
    ("i keep overthinking", Confusion::Stuck),
    ("i hate", Confusion::Frustrated),
    ("i give up", Confusion::Stuck),
    ("thats obvious", Confusion::Frustrated),
    ("whatever", Confusion::Frustrated),
    ("ugh", Confusion::Frustrated),
];

static MARKER_LIST: LazyLock<Vec<(Vec<&'static str>, Confusion)>> =
    LazyLock::new(|| MARKERS.iter().map(|(m, k)| (m.split(' ').collect(), *k)).collect());

/// Words that explain ("so", "because", "means") in a student's own account of an idea.
const EXPLANATION_CUES: &[&str] =
    &["because", "means", "since", "so", "therefore", "which", "basically", "cause", "thats why"];

/// What a turn opens with when it is a question back to the tutor, not an answer.
const QUESTION_OPENERS: &[&str] = &[
    "how", "why", "what", "can", "could", "should", "do", "does", "would", "where", "when",
    "which", "who", "wait",
];

#[derive(Debug, Clone, PartialEq)]
pub(super) enum ActKind {
    Struggle {
        kind: Confusion,
        object: String,
        follow_up: Option<String>,
    },
    Wrong,
    Right {
        confirmed: bool,
    },
    Explained {
        confirmed: bool,
    },
    /// "Ohm's law is fine", "I get the slope part": understanding claimed for a named concept.
    Claimed,
}

/// One thing the student did, with where in their turn it is.
#[derive(Debug, Clone)]
pub(super) struct Act {
    pub turn: usize,
    /// Token range of the clause the act sits in.
    pub clause: (usize, usize),
    /// Token index of the marker, when there is one.
    pub anchor: Option<usize>,
    pub kind: ActKind,
}

impl Act {
    /// Signed strength: below zero a struggle, above zero understanding.
    pub fn value(&self) -> f64 {
        match &self.kind {
            ActKind::Struggle { kind: Confusion::Frustrated, .. } => -0.5,
            ActKind::Struggle { .. } => -1.0,
            ActKind::Wrong => -0.8,
            ActKind::Right { confirmed: true } | ActKind::Explained { .. } => 1.0,
            ActKind::Right { confirmed: false } => 0.6,
            ActKind::Claimed => 0.5,
        }
    }

    pub fn is_negative(&self) -> bool {
        self.value() < 0.0
    }
}

/// Claims of understanding, matched on core words of a clause that names a concept.
const CLAIMS: &[&str] = &[
    "is fine",
    "are fine",
    "is easy",
    "are easy",
    "i get",
    "i understand",
    "makes sense",
    "im good with",
    "im fine with",
    "im okay with",
    "is solid",
    "i got",
    "i know",
    "is the easy",
    "i like",
    "clicked",
    "makes sense now",
    "i get it now",
    "i see it now",
];

static CLAIM_LIST: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| CLAIMS.iter().map(|m| m.split(' ').collect()).collect());

/// A claim of understanding in a clause: the token index where it starts.
fn find_claim(turn: &TurnData<'_>, from: usize, to: usize) -> Option<usize> {
    let (words, at) = core_words(&turn.tokens, from, to);
    (0..words.len()).find_map(|i| {
        CLAIM_LIST
            .iter()
            .any(|seq| seq_at(&words, i, seq))
            .then(|| at[i])
            .filter(|_| !words[..i].iter().any(|w| matches!(*w, "not" | "dont" | "never" | "isnt")))
    })
}

/// The first marker in a clause, as (token index, kind, marker length in tokens).
fn find_marker(turn: &TurnData<'_>, from: usize, to: usize) -> Option<(usize, Confusion, usize)> {
    let (words, at) = core_words(&turn.tokens, from, to);
    for i in 0..words.len() {
        for (seq, kind) in MARKER_LIST.iter() {
            if !seq_at(&words, i, seq) {
                continue;
            }
            // "I'm not confused anymore" / "no longer lost" / "not that hard for me".
            let before = &words[i.saturating_sub(2)..i];
            let negated = before.iter().any(|w| {
                matches!(*w, "not" | "no" | "longer" | "never" | "less" | "isnt" | "wasnt")
            }) && !matches!(seq[0], "not" | "no" | "i" | "im" | "dont");
            let resolved = words[i + seq.len()..].iter().take(3).any(|w| *w == "anymore");
            // "I always get it upside down" is a mix-up; "an image upside down" describes one.
            let described = matches!(seq[0], "upside" | "backwards" | "wrong")
                && !words[..i].iter().any(|w| {
                    matches!(*w, "get" | "got" | "put" | "have" | "had" | "write" | "wrote" | "do")
                });
            if negated || resolved || described {
                continue;
            }
            let last = at[i + seq.len() - 1];
            return Some((at[i], *kind, last + 1 - at[i]));
        }
    }
    None
}

/// Does the student turn carry an answer (content, not only a question back)?
fn is_answer(turn: &TurnData<'_>) -> bool {
    let content = turn.tokens.iter().any(|t| {
        !is_stopword(&t.text)
            && !matches!(t.text.as_str(), "okay" | "ok" | "sure" | "thanks" | "k" | "mm" | "hmm")
    });
    let asks = turn.is_question()
        && turn.tokens.first().is_some_and(|t| QUESTION_OPENERS.contains(&t.text.as_str()))
        && !turn.tokens.iter().any(|t| t.text.chars().any(|c| c.is_ascii_digit()));
    content && !asks
}

/// A reply that takes on a task ("Yeah, I'll watch it tonight.", "Okay, I will.", "Will do."):
/// agreement to homework, not an answer to judge.
fn is_commitment(turn: &TurnData<'_>) -> bool {
    let words = turn.token_texts();
    let mut k = 0;
    while k < words.len()
        && matches!(
            words[k],
            "yeah"
                | "yes"
                | "okay"
                | "ok"
                | "sure"
                | "alright"
                | "yep"
                | "um"
                | "uh"
                | "definitely"
                | "totally"
        )
    {
        k += 1;
    }
    [
        "ill",
        "i will",
        "will do",
        "im going to",
        "im gonna",
        "i can do that",
        "i can do it",
        "i promise",
    ]
    .iter()
    .any(|p| seq_at(&words, k, &p.split(' ').collect::<Vec<_>>()))
}

/// An account in the student's own words: long enough, with an explaining word, not a question.
fn is_explanation(turn: &TurnData<'_>) -> bool {
    let words = turn.token_texts();
    let cue = words.iter().any(|w| EXPLANATION_CUES.contains(w))
        || seq_at(&words, 0, &["oh", "so"])
        || words.windows(2).any(|w| w == ["so", "its"] || w == ["so", "it"]);
    turn.words() >= 9 && cue && !turn.is_question()
}

/// Words after a marker up to the end of its clause, cleaned into a short phrase about the
/// student ("the signs when they factor"). Empty when nothing specific was said.
pub(super) fn object_after(text: &str, from: usize) -> String {
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
            match super::super::text::normalize_name(w).as_str() {
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

pub(super) fn object_is_empty(object: &str) -> bool {
    const EMPTY: &[&str] = &[
        "it", "this", "that", "any", "of", "the", "part", "one", "stuff", "thing", "anything",
        "yet", "at", "all", "now", "here", "there", "either", "though", "anymore", "honestly",
        "still", "what", "you", "mean", "im", "i", "am", "about", "sure", "really", "doing",
        "they", "theyre", "them", "are",
    ];
    object
        .split_whitespace()
        .all(|w| EMPTY.contains(&super::super::text::normalize_name(w).as_str()))
}

/// The student's next sentence after a bare "I'm confused", when it is a short question that
/// says what the confusion is ("Is it just the one with fewer grams?").
fn follow_up_question(turn: &TurnData<'_>, from: usize) -> Option<String> {
    let next = turn.sentences.partition_point(|&(s, _)| s < from);
    let &(s, e) = turn.sentences.get(next)?;
    let sentence = turn.text[s..e].trim();
    let words = sentence.split_whitespace().count();
    (sentence.ends_with('?') && (3..=12).contains(&words)).then(|| sentence.to_string())
}

/// Every act of every student turn, in transcript order.
pub(super) fn detect(turns: &[TurnData<'_>]) -> Vec<Act> {
    let mut acts = Vec::new();
    for (i, turn) in turns.iter().enumerate() {
        if turn.role != SpeakerRole::Student || turn.tokens.is_empty() {
            continue;
        }
        let prompted = i
            .checked_sub(1)
            .map(|p| &turns[p])
            .is_some_and(|p| p.role != SpeakerRole::Student && prompts(p));
        let react = turns
            .get(i + 1)
            .filter(|t| t.role != SpeakerRole::Student)
            .map_or(Reaction::Neither, reaction);
        let whole = (0, turn.tokens.len());
        let mut struggles: Vec<Act> = Vec::new();
        let mut claims: Vec<Act> = Vec::new();
        for (from, to) in turn.clauses() {
            let Some((pos, kind, len)) = find_marker(turn, from, to) else {
                if let Some(at) = find_claim(turn, from, to) {
                    claims.push(Act {
                        turn: i,
                        clause: (from, to),
                        anchor: Some(at),
                        kind: ActKind::Claimed,
                    });
                }
                continue;
            };
            let end_byte = turn.tokens[pos + len - 1].end;
            let mut object = object_after(turn.text, end_byte);
            if object_is_empty(&object) {
                object.clear();
            }
            let follow_up = Some(follow_up_question(turn, end_byte));
            struggles.push(Act {
                turn: i,
                clause: (from, to),
                anchor: Some(pos),
                kind: ActKind::Struggle { kind, object, follow_up: follow_up.flatten() },
            });
        }
        let only_hedges = struggles
            .iter()
            .all(|a| matches!(a.kind, ActKind::Struggle { kind, .. } if kind.is_hedge()));
        let answered = prompted && is_answer(turn) && !is_commitment(turn);
        // A tentative answer ("Pp?", "So 0.5 ohms?") that the tutor neither confirms nor
        // probes was not right: tutors confirm a right guess.
        let tentative = turn.is_question()
            && struggles
                .iter()
                .all(|a| matches!(a.kind, ActKind::Struggle { kind, .. } if kind.is_hedge()));
        if answered
            && tentative
            && matches!(react, Reaction::MovedOn | Reaction::Neither)
            && turns.get(i + 1).is_some_and(|t| t.role != SpeakerRole::Student)
        {
            acts.push(Act { turn: i, clause: whole, anchor: None, kind: ActKind::Wrong });
            continue;
        }
        match react {
            // A hedged answer the tutor confirms is a right answer, whatever the hedge said.
            Reaction::Confirmed if answered && only_hedges => {
                let kind = if is_explanation(turn) {
                    ActKind::Explained { confirmed: true }
                } else {
                    ActKind::Right { confirmed: true }
                };
                acts.push(Act { turn: i, clause: whole, anchor: None, kind });
                continue;
            }
            Reaction::Corrected if answered && struggles.is_empty() => {
                acts.push(Act { turn: i, clause: whole, anchor: None, kind: ActKind::Wrong });
                continue;
            }
            _ => {}
        }
        // A hedged answer the tutor only asks to justify ("Why aren't you sure?") was right.
        if answered && !struggles.is_empty() && only_hedges && react == Reaction::Probed {
            acts.push(Act {
                turn: i,
                clause: whole,
                anchor: None,
                kind: ActKind::Right { confirmed: false },
            });
            continue;
        }
        if !struggles.is_empty() {
            acts.extend(struggles);
            acts.extend(claims);
            continue;
        }
        acts.extend(claims);
        if !answered {
            if is_commitment(turn) {
                continue;
            }
            // An unprompted account in the student's own words ("Oh, so oxygen is the limiting
            // reagent because it runs out first").
            if is_explanation(turn) {
                let confirmed = react == Reaction::Confirmed;
                acts.push(Act {
                    turn: i,
                    clause: whole,
                    anchor: None,
                    kind: ActKind::Explained { confirmed },
                });
            }
            continue;
        }
        let kind = match react {
            Reaction::Confirmed => Some(ActKind::Right { confirmed: true }),
            _ if is_explanation(turn) => Some(ActKind::Explained { confirmed: false }),
            Reaction::MovedOn if substantive(turn) => Some(ActKind::Right { confirmed: false }),
            _ => None,
        };
        if let Some(kind) = kind {
            acts.push(Act { turn: i, clause: whole, anchor: None, kind });
        }
    }
    acts
}

/// An answer with something in it: a number, or a couple of content words.
fn substantive(turn: &TurnData<'_>) -> bool {
    let numbers = turn.tokens.iter().any(|t| t.text.chars().any(|c| c.is_ascii_digit()));
    let content = turn
        .tokens
        .iter()
        .filter(|t| !is_stopword(&t.text) && t.text.chars().all(char::is_alphabetic))
        .count();
    numbers || content >= 2
}
