//! The prose of an analysis: topics (concept areas, each at its most sustained discussion), the
//! title, and an extractive summary made only of transcript sentences.

use std::collections::{HashMap, HashSet};

use super::super::text::{is_stopword, stem};
use super::candidates::{Candidate, Source};
use super::turns::{TurnData, capitalize, tokens_in};
use crate::server::ai::types::Finding;
use crate::server::transcript::{LineRange, SpeakerRole};

const MAX_TOPICS: usize = 6;

fn line_range(turns: &[TurnData<'_>], a: usize, b: usize) -> LineRange {
    LineRange { start: turns[a].number, end: turns[b].number }
}

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

pub(super) fn topics(
    candidates: &[Candidate],
    kept: &[usize],
    relevance: &[f64],
    turns: &[TurnData<'_>],
) -> Vec<Finding> {
    // area -> (total relevance, members in relevance order)
    let mut groups: Vec<(String, f64, Vec<usize>)> = Vec::new();
    for (k, &ci) in kept.iter().enumerate() {
        let c = &candidates[ci];
        if c.source == Source::Phrase {
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
        let key = super::super::text::normalize_name(&c.name);
        if out.iter().any(|f| super::super::text::normalize_name(&f.text) == key) {
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

pub(super) fn title(names: &[&str], subject_label: Option<&str>) -> String {
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

const SENTENCE_FILLERS: &[&str] = &[
    "um", "uh", "umm", "so", "okay", "ok", "alright", "well", "like", "yeah", "yes", "right",
    "and", "but", "oh", "now", "hmm", "cool", "great", "good", "perfect", "nice",
];

/// Removes leading discourse fillers and inline "um"/"uh", then capitalises. The words that
/// remain are exactly the transcript's, in order.
pub(super) fn clean_sentence(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut start = 0;
    while start < words.len() {
        let w = super::super::text::normalize_name(words[start]);
        if SENTENCE_FILLERS.contains(&w.as_str()) && start + 1 < words.len() {
            start += 1;
        } else {
            break;
        }
    }
    let kept: Vec<&str> = words[start..]
        .iter()
        .copied()
        .filter(|w| !matches!(super::super::text::normalize_name(w).as_str(), "um" | "uh" | "umm"))
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
pub(super) fn summary(
    turns: &[TurnData<'_>],
    concept_terms: &HashSet<String>,
    total_words: usize,
) -> String {
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
        for &(s, e) in &turn.sentences {
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
