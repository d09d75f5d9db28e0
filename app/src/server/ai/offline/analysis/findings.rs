//! Strengths and areas to improve, written from the acts that decided each concept's signal:
//! a concept the student ended up struggling with is never listed as a strength, and "(later
//! answered correctly)" is only said when they did.

use std::collections::BTreeMap;

use super::acts::{Act, ActKind, Confusion};
use super::candidates::Candidate;
use super::prose::clean_sentence;
use super::turns::{TurnData, capitalize};
use crate::server::ai::types::Finding;
use crate::server::transcript::LineRange;

const MAX_FINDINGS: usize = 6;

fn starts_with_any(s: &str, words: &[&str]) -> bool {
    let first = s.split_whitespace().next().unwrap_or("").to_lowercase();
    words.contains(&first.as_str())
}

const WH: &[&str] = &["why", "how", "when", "what", "where", "which", "whether", "if", "who"];

/// Replaces the concept's own name in a phrase with "it" ("when to use the quadratic formula
/// instead" -> "when to use it instead"), since the finding already starts with the name.
fn replace_name(phrase: &str, name: &str) -> String {
    use super::super::text::{is_stopword, phrase_keys};
    let target = phrase_keys(name);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let keys: Vec<String> = words.iter().map(|w| phrase_keys(w).join(" ")).collect();
    let target: Vec<&str> = target.iter().map(String::as_str).collect();
    let Some(at) = (0..words.len()).find(|&i| super::turns::seq_at(&keys, i, &target)) else {
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
        (Confusion::DontKnow, _) => "did not know the answer".to_string(),
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
            format!("finds {o} hard")
        }
        (Confusion::Stuck, true) => "finds it hard".to_string(),
        (Confusion::Frustrated, _) => "frustrated".to_string(),
    };
    match concept {
        Some(c) => Some(format!("{c}: {phrase}")),
        // Without a concept, only a specific phrase is worth reporting.
        None if !obj.is_empty() && kind != Confusion::Frustrated => Some(capitalize(&phrase)),
        None => None,
    }
}

/// A short quote of the student's answer, only when the whole first sentence is short.
fn snippet(turn: &TurnData<'_>) -> Option<String> {
    let &(s, e) = turn.sentences.first()?;
    let sentence = clean_sentence(&turn.text[s..e]);
    let words = sentence.split_whitespace().count();
    (2..=10).contains(&words).then(|| sentence.trim_end_matches(['.', '!', '?']).to_string())
}

fn range(turns: &[TurnData<'_>], a: usize, b: usize) -> LineRange {
    let b = b.min(turns.len() - 1);
    LineRange { start: turns[a].number, end: turns[b].number }
}

/// Per kept concept: its name, final signal and attributed acts (in order); plus acts no
/// kept concept took.
pub(super) struct Judged<'a> {
    pub candidate: usize,
    pub name: &'a str,
    pub signal: i8,
    pub acts: Vec<&'a Act>,
}

pub(super) fn build(
    judged: &[Judged<'_>],
    loose: &[&Act],
    candidates: &[Candidate],
    turns: &[TurnData<'_>],
) -> (Vec<Finding>, Vec<Finding>) {
    let mut strengths: Vec<(usize, Finding)> = Vec::new();
    let mut improvements: Vec<(usize, Finding)> = Vec::new();
    for j in judged {
        // Areas to improve: specific struggles first, then bare ones, then corrected answers.
        let mut negative: Vec<&&Act> = j.acts.iter().filter(|a| a.is_negative()).collect();
        negative.sort_by_key(|a| {
            let rank = match &a.kind {
                ActKind::Struggle { kind: Confusion::Frustrated, .. } => 3,
                ActKind::Struggle { object, .. } if !object.is_empty() => 0,
                ActKind::Struggle { .. } => 1,
                _ => 2,
            };
            (rank, a.turn)
        });
        let last_positive = j.acts.iter().filter(|a| !a.is_negative()).map(|a| a.turn).max();
        let mut written = 0;
        let mut turns_done: Vec<usize> = Vec::new();
        for act in negative {
            if written == 2 {
                break;
            }
            // One finding per turn: its most specific struggle.
            if turns_done.contains(&act.turn) {
                continue;
            }
            turns_done.push(act.turn);
            let text = match &act.kind {
                ActKind::Struggle { kind, object, follow_up } => {
                    let mut object = replace_name(object, j.name);
                    if super::acts::object_is_empty(&object) {
                        object.clear();
                    }
                    // A bare struggle says what it is about in the question after it.
                    let follow_up = follow_up.as_ref().filter(|_| object.is_empty());
                    improvement_text(Some(j.name), *kind, &object).map(|t| match follow_up {
                        Some(q) => format!("{t} (\"{q}\")"),
                        None => t,
                    })
                }
                ActKind::Wrong => Some(format!("{}: an answer needed correction", j.name)),
                _ => None,
            };
            let Some(mut text) = text else { continue };
            if improvements.iter().any(|(_, f)| f.text.starts_with(&text)) {
                continue;
            }
            if j.signal > 0 && last_positive.is_some_and(|t| t > act.turn) {
                text.push_str(" (later answered correctly)");
            }
            let end = if matches!(act.kind, ActKind::Wrong) { act.turn + 1 } else { act.turn };
            // The tutor's question the struggle answers belongs with it, when the student's own
            // words do not name the concept.
            let named_here = candidates[j.candidate].mentions.iter().any(|m| m.turn == act.turn);
            let start = act
                .turn
                .checked_sub(1)
                .filter(|_| !named_here)
                .filter(|&p| {
                    turns[p].role != crate::server::transcript::SpeakerRole::Student
                        && turns[p].is_question()
                        && candidates[j.candidate].mentions.iter().any(|m| m.turn == p)
                })
                .unwrap_or(act.turn);
            improvements.push((
                start,
                Finding { text, concept: Some(j.name.to_owned()), lines: range(turns, start, end) },
            ));
            written += 1;
        }
        // Strengths: only a concept the student ended up showing, from its most convincing act.
        if j.signal <= 0 {
            continue;
        }
        let rank = |a: &Act| match a.kind {
            ActKind::Explained { confirmed: true } => 4,
            ActKind::Right { confirmed: true } => 3,
            ActKind::Explained { confirmed: false } => 2,
            ActKind::Right { confirmed: false } => 1,
            _ => 0,
        };
        let _ = ActKind::Claimed;
        let Some(best) = j.acts.iter().filter(|a| rank(a) > 0).max_by_key(|a| (rank(a), a.turn))
        else {
            continue;
        };
        let name = j.name;
        let (text, end) = match (&best.kind, snippet(&turns[best.turn])) {
            (ActKind::Explained { confirmed: true }, _) => {
                (format!("{name}: explained it correctly in their own words"), best.turn + 1)
            }
            (ActKind::Explained { .. }, _) => {
                (format!("{name}: explained it in their own words"), best.turn)
            }
            (ActKind::Right { confirmed: true }, Some(s)) => {
                (format!("{name}: answered correctly (\"{s}\")"), best.turn + 1)
            }
            (ActKind::Right { confirmed: true }, None) => {
                (format!("{name}: answered correctly"), best.turn + 1)
            }
            (_, Some(s)) => (format!("{name}: worked it out (\"{s}\")"), best.turn),
            (_, None) => (format!("{name}: worked it out"), best.turn),
        };
        strengths.push((
            best.turn,
            Finding { text, concept: Some(name.to_owned()), lines: range(turns, best.turn, end) },
        ));
    }
    // Struggles no reported concept took: only the specific ones, and a couple at most.
    let mut unnamed = 0;
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    for act in loose {
        let ActKind::Struggle { kind, object, .. } = &act.kind else { continue };
        let Some(text) = improvement_text(None, *kind, object) else { continue };
        if unnamed == 2 || seen.insert(text.clone(), ()).is_some() {
            continue;
        }
        unnamed += 1;
        improvements.push((
            act.turn,
            Finding { text, concept: None, lines: range(turns, act.turn, act.turn) },
        ));
    }
    let finish = |mut v: Vec<(usize, Finding)>| {
        v.sort_by_key(|(t, _)| *t);
        v.into_iter().map(|(_, f)| f).take(MAX_FINDINGS).collect::<Vec<_>>()
    };
    (finish(strengths), finish(improvements))
}
