//! Parts of a broad lexicon concept the tutor announces by name ("refraction" and "converging
//! lenses" are both "Light and optics") become concepts of their own.

use super::candidates::{Candidate, Source, is_ambiguous};
use super::phrases::{Announced, mentions_of};
use super::turns::TurnData;

/// A lexicon concept broader than the lesson: when the tutor announces two or more of its
/// parts by name ("We'll do refraction first" and "Now, converging lenses" are both "Light and
/// optics"), each part becomes a concept of its own and takes the mentions said with its name;
/// the umbrella keeps the rest ("panicking about lenses").
pub(super) fn split_umbrellas(
    turns: &[TurnData<'_>],
    announced: &[Announced],
    candidates: &mut Vec<Candidate>,
) {
    let keys_of = |turn: usize, from: usize, to: usize| -> Vec<String> {
        turns[turn].tokens[from..to].iter().map(|t| t.key.clone()).collect()
    };
    let mut parts: Vec<(usize, Vec<String>, String, Vec<usize>)> = Vec::new();
    for (ci, c) in candidates.iter().enumerate() {
        if c.source == Source::Phrase {
            continue;
        }
        let name = super::super::text::phrase_keys(&c.name);
        let initials: String = name.iter().filter_map(|w| w.chars().next()).collect();
        let mut found: Vec<(Vec<String>, String, Vec<usize>)> = Vec::new();
        for a in announced.iter().filter(|a| !a.lexicon_only && !a.distributed) {
            // The part is the alias itself ("refraction") or a kind of it, one word before a
            // one-word alias ("converging lenses").
            let exact = c.mentions.iter().any(|m| {
                m.turn == a.turn
                    && m.tok_start + m.tok_len == a.to
                    && (m.tok_start == a.from
                        || (m.tok_len == 1 && a.to - a.from == 2 && m.tok_start == a.from + 1))
            });
            let keys = keys_of(a.turn, a.from, a.to);
            // "DBQ" is "Document-based question" itself, not a part of it.
            let acronym = keys.len() == 1 && keys[0].trim_end_matches('s') == initials;
            if !exact || keys == name || acronym || (keys.len() == 1 && is_ambiguous(&keys[0])) {
                continue;
            }
            let turn = &turns[a.turn];
            let surface = &turn.text[turn.tokens[a.from].start..turn.tokens[a.to - 1].end];
            match found.iter_mut().find(|(k, _, _)| *k == keys) {
                Some((_, _, at)) => at.push(a.turn),
                None => found.push((keys, surface.to_string(), vec![a.turn])),
            }
        }
        if found.len() >= 2 {
            parts.extend(found.into_iter().map(|(k, s, at)| (ci, k, s, at)));
        }
    }
    for (ci, keys, surface, at) in parts {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let moved = mentions_of(turns, &keys);
        candidates[ci].mentions.retain(|m| {
            !moved.iter().any(|o| {
                o.turn == m.turn
                    && o.tok_start <= m.tok_start
                    && m.tok_start + m.tok_len <= o.tok_start + o.tok_len
            })
        });
        candidates[ci].announced.retain(|t| !at.contains(t));
        let mut part = Candidate::phrase(&surface, &candidates[ci].subject, moved, at);
        // Still lexicon vocabulary of the lesson's area, judged like the umbrella's concepts.
        part.source = candidates[ci].source;
        part.area = candidates[ci].area.clone();
        part.difficulty = candidates[ci].difficulty;
        candidates.push(part);
    }
    candidates.retain(|c| !c.mentions.is_empty());
}
