//! Action items: the work assigned for after the session (the tutor's tasks for the student,
//! and what the student commits to), never greetings, reassurance or plans for the next
//! session ("we'll practise that next time").

use std::collections::HashSet;

use super::super::text::{Token, normalize_name};
use super::candidates::Candidate;
use super::turns::{TurnData, capitalize, phrase_list, seq_at, tokens_in};
use crate::server::ai::types::Finding;
use crate::server::transcript::{LineRange, SpeakerRole};

const MAX_ITEMS: usize = 6;

/// Verbs a task starts with.
#[rustfmt::skip]
const TASK_VERBS: &[&str] = &[
    "do", "try", "finish", "complete", "read", "reread", "write", "rewrite", "review", "practice",
    "practise", "redo", "revise", "study", "memorize", "memorise", "draw", "make", "watch",
    "bring", "work", "fill", "take", "play", "draft", "fix", "label", "outline", "prepare",
    "solve", "answer", "list", "sketch", "summarize", "summarise", "annotate", "highlight",
    "circle", "compare", "plan", "email", "send", "upload", "print", "learn", "listen", "record",
    "run", "code", "build", "submit", "look", "go", "keep", "start", "pick", "choose", "find",
    "translate", "conjugate", "add", "edit", "proofread", "time", "quiz", "test", "use", "graph",
    "plot", "jot", "note", "copy", "research", "reread", "attempt", "redraw", "retake", "repeat",
];

/// Nouns of work set for later.
#[rustfmt::skip]
const WORK_NOUNS: &[&str] = &[
    "homework", "worksheet", "problems", "problem", "page", "pages", "chapter", "exercises",
    "exercise", "questions", "essay", "paragraph", "paragraphs", "draft", "lab", "flashcards",
    "log", "set", "sets", "section", "module", "assignment", "reading", "notes", "practice",
    "quiz", "test", "drill", "drills", "scale", "scales", "sketch", "outline", "chart",
    "passage", "passages", "poem", "entries", "list", "summary", "version", "sheet",
];

phrase_list!(
    DEADLINES,
    &[
        "for next time",
        "before our next session",
        "before next session",
        "before the next session",
        "before next time",
        "by next session",
        "by next week",
        "for next week",
        "this week",
        "tonight",
        "over the weekend",
        "this weekend",
        "by monday",
        "by tuesday",
        "by wednesday",
        "by thursday",
        "by friday",
        "by saturday",
        "by sunday",
        "by tomorrow",
        "before next class",
        "before monday",
        "before tuesday",
        "before wednesday",
        "before thursday",
        "before friday",
        "before saturday",
        "before sunday",
        "before tomorrow",
        "before class",
        "for monday",
        "for tuesday",
        "for wednesday",
        "for thursday",
        "for friday",
        "for saturday",
        "for sunday",
        "for tomorrow",
        "before then",
        "before we meet",
        "until next time",
        "next time",
        "next session",
        "next week",
        "once a day",
        "every day",
        "each day",
        "before the test",
        "before the quiz",
        "before the exam",
        // "For this week, bake one more loaf", "Before next Tuesday, do the ten entries".
        "for this week",
        "for the weekend",
        "before next monday",
        "by next monday",
        "before next tuesday",
        "by next tuesday",
        "before next wednesday",
        "by next wednesday",
        "before next thursday",
        "by next thursday",
        "before next friday",
        "by next friday",
        "before next saturday",
        "by next saturday",
        "before next sunday",
        "by next sunday",
    ]
);

// Leading words to strip so an item reads as an imperative.
phrase_list!(
    LEADS,
    &[
        "so",
        "okay",
        "ok",
        "alright",
        "all right",
        "and",
        "now",
        "um",
        "uh",
        "well",
        "also",
        "then",
        "great",
        "good",
        "perfect",
        "yeah",
        "oh",
        "please",
        "just",
        "first",
        "second",
        "finally",
        "last",
        "lastly",
        "i want you to",
        "id like you to",
        "i would like you to",
        "i need you to",
        "can you",
        "could you",
        "you should",
        "you need to",
        "you have to",
        "youre going to",
        "you are going to",
        "youll need to",
        "youll want to",
        "make sure you",
        "make sure to",
        "your homework is to",
        "your homework is",
        "the homework is to",
        "the homework is",
        "homework is",
        "what i want you to do is",
        "im going to have you",
        "ill have you",
        "i want you",
        "your assignment is to",
        "the assignment is to",
        "try to",
        "your job is to",
        "ill",
        "i will",
        "im going to",
        "im gonna",
        "i am going to",
        "gonna",
        "i can",
        "for homework",
        "for your homework",
        "as homework",
        "as your homework",
        "homework",
    ]
);

// Openings of social or reassuring sentences, never tasks.
phrase_list!(
    SOCIAL,
    &[
        "see you",
        "good luck",
        "luck with",
        "have a good",
        "have a great",
        "have fun",
        "enjoy",
        "take care",
        "bye",
        "goodbye",
        "thanks",
        "thank you",
        "nice work",
        "great job",
        "good job",
        "dont worry",
        "youll get",
        "its okay",
        "thats okay",
        "its ok",
        "thats ok",
        "no worries",
        "talk soon",
        "see ya",
        "well start",
        "well do",
        "well practice",
        "well review",
        "well look",
        "well work",
        "well go",
        "well pick",
        "well keep",
        "well come back",
        "we can",
        "we will",
        "lets do",
        "lets look",
        "lets start",
        "lets practice",
        "lets review",
        "lets go",
        "lets work",
        "lets try",
        "lets pick",
        "lets keep",
        "email me",
        "text me",
        "message me",
        "let me know",
        "take it easy",
        "keep in mind",
    ]
);

fn line_range(turns: &[TurnData<'_>], ti: usize) -> LineRange {
    LineRange { start: turns[ti].number, end: turns[ti].number }
}

/// The position after leading fillers, lead-ins and deadlines, and the first deadline seen.
fn skip_leads(words: &[&str]) -> (usize, Option<(usize, usize)>) {
    let mut k = 0;
    let mut deadline = None;
    loop {
        if let Some(len) = DEADLINES.at(words, k) {
            deadline.get_or_insert((k, len));
            k += len;
        } else if let Some(len) = LEADS.at(words, k) {
            k += len;
        } else {
            return (k, deadline);
        }
        if k >= words.len() {
            return (k, deadline);
        }
    }
}

/// Rewrites one sentence as a task: leading filler and "I want you to" removed, a leading
/// deadline moved to the end, tag questions dropped, capitalised and full-stopped.
fn imperative(
    text: &str,
    e: usize,
    toks: &[Token],
    start: usize,
    deadline: Option<String>,
) -> Option<String> {
    let from = toks.get(start)?.start;
    let mut body = text[from..e].trim().to_string();
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

/// Is this sentence work for after the session? Returns where the task starts and the deadline.
fn task(
    words: &[&str],
    role: SpeakerRole,
    late: bool,
    question: bool,
) -> Option<(usize, Option<(usize, usize)>)> {
    if SOCIAL.at(words, 0).is_some() || words.is_empty() {
        return None;
    }
    let (start, lead_deadline) = skip_leads(words);
    if start >= words.len() || SOCIAL.at(words, start).is_some() {
        return None;
    }
    let deadline = lead_deadline.or_else(|| DEADLINES.find(words));
    // Looking back ("last time", "you did") is not a task.
    if words.windows(2).any(|w| w == ["last", "time"] || w == ["last", "week"])
        && !words.contains(&"homework")
    {
        return None;
    }
    let verb = words[start];
    let is_task_verb = TASK_VERBS.contains(&verb);
    let work_noun = words[start..].iter().any(|w| WORK_NOUNS.contains(w));
    let object_words = words.len() - start;
    match role {
        SpeakerRole::Student => {
            // A commitment: "I'll redo the percent yield questions tonight."
            let committed = ["ill", "i will", "im going to", "im gonna", "gonna"].iter().any(|p| {
                seq_at(words, 0, &p.split(' ').collect::<Vec<_>>())
                    || words.windows(2).any(|w| w.join(" ") == *p)
            });
            let vague = words
                .get(start + 1)
                .is_some_and(|w| matches!(*w, "that" | "it" | "this" | "them" | "those" | "these"));
            (committed
                && is_task_verb
                && !vague
                && object_words >= 3
                && (work_noun || deadline.is_some()))
            .then_some((start, deadline))
        }
        _ => {
            // "We'll build it together next week", "Keep the picture in mind", "Sketch that
            // in your notebook": a plan for a session, advice, or an in-session step.
            // ("..., so we can look at those together" is the purpose of real homework.)
            let together = words.contains(&"together")
                && !words.windows(3).any(|w| w[0] == "so" && w[1] == "we");
            let in_mind = words.windows(2).any(|w| w == ["in", "mind"]);
            let vague = words
                .get(start + 1)
                .is_some_and(|w| matches!(*w, "that" | "it" | "this" | "them" | "those" | "these"));
            if together || in_mind || (vague && deadline.is_none() && !words.contains(&"homework"))
            {
                return None;
            }
            if question
                && !words.starts_with(&["can", "you"])
                && !words.starts_with(&["could", "you"])
            {
                return None;
            }
            let homework = words.contains(&"homework") || words.contains(&"assignment");
            let assigned = is_task_verb
                && object_words >= 3
                && (deadline.is_some()
                    || homework
                    || (late && work_noun)
                    || (late && object_words >= 5));
            (assigned || (homework && object_words >= 3 && is_task_verb))
                .then_some((start, deadline))
        }
    }
}

pub(super) fn action_items(
    turns: &[TurnData<'_>],
    candidates: &[Candidate],
    kept: &[usize],
) -> Vec<Finding> {
    let n = turns.len();
    let mut out: Vec<Finding> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (ti, turn) in turns.iter().enumerate() {
        // The wrap-up at the end of a session is where work is assigned.
        let late = ti * 4 >= n * 3;
        for &(s, e) in &turn.sentences {
            let toks = tokens_in(&turn.tokens, s, e);
            let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
            let question = turn.text[s..e].trim_end().ends_with('?');
            // "We'll draw that out next session": the tutor's plan for the next meeting ("We'll"
            // and "Well" are one token once the apostrophe is gone, so the surface decides).
            let plan = turn.role != SpeakerRole::Student
                && toks.first().is_some_and(|t| {
                    let first = turn.text[t.start..t.end].to_lowercase().replace('\u{2019}', "'");
                    first == "we'll" || (first == "we" && words.get(1) == Some(&"will"))
                })
                && words.windows(2).any(|w| {
                    matches!(w, ["next", "session" | "time" | "week" | "class" | "lesson"])
                });
            if plan {
                continue;
            }
            let Some((start, deadline)) = task(&words, turn.role, late, question) else {
                continue;
            };
            let deadline_text = deadline
                .filter(|&(at, _)| at < start)
                .map(|(at, len)| turn.text[toks[at].start..toks[at + len - 1].end].to_string());
            let Some(text) = imperative(turn.text, e, toks, start, deadline_text) else { continue };
            if !seen.insert(normalize_name(&text)) {
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
            out.push(Finding { text, concept, lines: line_range(turns, ti) });
        }
    }
    // The wrap-up at the end is where work is assigned, so keep the last items.
    if out.len() > MAX_ITEMS {
        out.drain(..out.len() - MAX_ITEMS);
    }
    out
}
