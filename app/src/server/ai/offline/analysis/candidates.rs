//! Concept candidates from the shipped lexicons: every alias match, the session's subject
//! detected from them, and only the detected subject's concepts kept (a word like "cell" or
//! "translation" means something else in another subject's session).

use std::collections::BTreeMap;

use super::super::lexicon::{ConceptRef, Lexicons};
use super::phrases::Announced;
use super::turns::{TurnData, capitalize};
use crate::server::transcript::SpeakerRole;

/// Subject evidence needed before a session is labelled with a subject rather than "general".
const MIN_SUBJECT_SCORE: f64 = 4.0;
/// Distinct concepts of the subject that must be solidly present (a multi-word alias, or the
/// concept named in two turns).
const MIN_SOLID_CONCEPTS: usize = 2;

/// Everyday words that are also single-word aliases in some lexicon ("cell" in a spreadsheet,
/// "power" in a speech, "range" in a song). A concept seen only through these needs more than
/// its mentions to count as taught.
#[rustfmt::skip]
const AMBIGUOUS: &[&str] = &[
    "cell", "blood", "heart", "brain", "community", "population", "domain", "carrier", "fitness",
    "variation", "kingdom", "translation", "deletion", "insertion", "promoter", "heredity",
    "trait", "base", "yield", "mole", "boiling", "freezing", "melting", "reduced", "reduction",
    "concentration", "indicator", "dissolve", "rounding", "polar", "function", "list", "index",
    "string", "tree", "node", "stack", "pop", "scope", "self", "public", "private", "interface",
    "branch", "commit", "element", "grid", "matrix", "testing", "tail", "leaf", "leave",
    "returns", "abstract", "argument", "operator", "instance", "float", "byte", "analysis",
    "purpose", "setting", "plot", "mood", "tone", "theme", "claim", "evidence", "conclusion",
    "introduction", "intro", "hook", "summary", "conflict", "symbol", "vocabulary", "outline",
    "resolution", "transition", "audience", "editing", "revision", "reasoning", "area", "angle",
    "circle", "power", "root", "range", "rate", "ratio", "mode", "factor", "limit", "series",
    "sequence", "volume", "degree", "reflection", "expression", "variable", "average",
    "percent", "tangent", "similarity", "continuity", "substitution", "eliminate", "outcome",
    "coordinate", "current", "charge", "energy", "heat", "light", "speed", "weight", "second",
    "meter", "unit", "period", "pitch", "pressure", "spring", "rope", "sink", "wave", "drag",
    "dropped", "echo", "lens", "mirror", "generator", "tension", "equilibrium", "resistance",
    "temperature", "density", "impulse", "component", "strike", "senate", "depression", "union",
    "frontier", "confidence", "stress", "mean", "median", "key", "scale",
    "table", "plan", "credit", "interest", "diameter", "solution", "product", "reaction",
    "mixture", "compound", "order", "model", "graph", "growth", "note", "style", "voice",
    "match", "sign", "signs", "term", "terms", "class", "object", "method", "loop", "return",
    "print", "input", "output", "value", "type", "test", "score", "passage", "question",
    "reading", "writing", "map", "state", "states", "revolution", "war", "empire", "treaty",
    "cause", "effect", "source", "sources", "document", "point", "line", "lines", "shape",
    "space", "force", "motion", "mass", "acceleration", "velocity", "balance", "structure",
    "system", "cycle", "division", "matter", "paragraph", "sentence", "draft", "zero",
    "percentage", "formula", "choice", "practice", "calculator", "elimination", "verb", "noun",
    "adjective", "pronoun", "tense", "electron", "proton", "hypotenuse", "pi", "radius",
    "colon", "dash",
];

pub(super) fn is_ambiguous(key: &str) -> bool {
    AMBIGUOUS.contains(&key) || key.strip_suffix('s').is_some_and(|k| AMBIGUOUS.contains(&k))
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Mention {
    pub turn: usize,
    pub tok_start: usize,
    pub tok_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Lexicon(ConceptRef),
    /// A phrase the tutor announced or that both sides kept using; no lexicon knows it.
    Phrase,
}

#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub source: Source,
    pub name: String,
    pub subject: String,
    pub area: String,
    pub difficulty: u8,
    pub description: Option<String>,
    pub mentions: Vec<Mention>,
    /// Every mention is an everyday single word (see `AMBIGUOUS`).
    pub ambiguous_only: bool,
    /// Turn indexes where the tutor announced or defined this concept.
    pub announced: Vec<usize>,
    pub score: f64,
}

impl Candidate {
    /// A concept found as a key phrase of the transcript (no lexicon entry): named after its
    /// surface words, announced at the given turns.
    pub fn phrase(
        surface: &str,
        subject_id: &str,
        mentions: Vec<Mention>,
        announced: Vec<usize>,
    ) -> Self {
        Self {
            source: Source::Phrase,
            name: capitalize(surface),
            subject: subject_id.to_owned(),
            area: String::new(),
            difficulty: 5,
            description: None,
            mentions,
            ambiguous_only: false,
            announced,
            score: 0.0,
        }
    }

    pub fn turns(&self) -> Vec<usize> {
        let mut t: Vec<usize> = self.mentions.iter().map(|m| m.turn).collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    pub fn mentioned_by(&self, turns: &[TurnData<'_>], role: SpeakerRole) -> usize {
        let mut t: Vec<usize> =
            self.mentions.iter().filter(|m| turns[m.turn].role == role).map(|m| m.turn).collect();
        t.dedup();
        t.len()
    }
}

/// The detected subject (index into the lexicons) and the candidates of that subject, in
/// first-mention order.
pub(super) struct Detection {
    pub subject: Option<usize>,
    pub candidates: Vec<Candidate>,
}

/// Languages whose sessions the English lexicon must not read: their grammar words ("verb",
/// "pronoun", "tense") are about another language.
const LANGUAGES: &[&str] = &[
    "spanish",
    "french",
    "german",
    "italian",
    "portuguese",
    "mandarin",
    "chinese",
    "japanese",
    "korean",
    "latin",
    "arabic",
    "russian",
    "hindi",
    "espanol",
    "francais",
];

/// A foreign-language lesson: a language named, or many words with accented letters.
fn foreign_language(turns: &[TurnData<'_>]) -> bool {
    let mut words = 0usize;
    let mut accented = 0usize;
    for t in turns {
        for tok in &t.tokens {
            words += 1;
            accented += usize::from(!tok.text.is_ascii());
            if LANGUAGES.contains(&tok.text.as_str()) {
                return true;
            }
        }
    }
    accented * 40 >= words.max(1)
}

/// Is the word at `at` read out as part of spoken arithmetic: next to a number or an
/// operator word?
fn in_expression(keys: &[&str], at: usize) -> bool {
    const OPERATORS: &[&str] =
        &["plus", "minus", "times", "over", "equal", "divided", "squared", "cubed"];
    let number_or_operator =
        |w: &str| w.chars().all(|c| c.is_ascii_digit()) || OPERATORS.contains(&w);
    let before = at.checked_sub(1).map(|i| keys[i]);
    let after = keys.get(at + 1).copied();
    before.is_some_and(number_or_operator)
        || after.is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
        || (after == Some("of")
            && keys.get(at + 2).is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())))
}

pub(super) fn detect(lex: &Lexicons, turns: &[TurnData<'_>], announced: &[Announced]) -> Detection {
    let n_subjects = lex.subjects.len();
    let mut score = vec![0.0f64; n_subjects];
    let excluded: Vec<usize> = if foreign_language(turns) {
        lex.subject_index("english").into_iter().collect()
    } else {
        Vec::new()
    };
    // Per subject and concept: (turns with a clear match, any multi-word match, all turns).
    type Seen = (Vec<usize>, bool, Vec<usize>);
    let mut seen: Vec<BTreeMap<usize, Seen>> = vec![BTreeMap::new(); n_subjects];
    let mut raw: Vec<(usize, usize, usize, Vec<ConceptRef>)> = Vec::new();
    for (ti, turn) in turns.iter().enumerate() {
        let keys: Vec<&str> = turn.tokens.iter().map(|t| t.key.as_str()).collect();
        for m in lex.cues.find(&keys) {
            let mut subjects: Vec<usize> = m.targets.to_vec();
            subjects.dedup();
            for s in subjects {
                score[s] += 0.5;
            }
        }
        for m in lex.concepts.find(&keys) {
            let ambiguous = m.len == 1 && is_ambiguous(keys[m.start]);
            // "plus or minus root 12", "2 root 3": an everyday word read out inside an
            // expression is part of the arithmetic, not a concept being named.
            // "It goes to zero" is a number, not the zeros of a function.
            if ambiguous && (in_expression(&keys, m.start) || turn.tokens[m.start].text == "zero") {
                continue;
            }
            // A concept the tutor announced by name says most about the subject.
            let in_announcement = announced.iter().any(|a| {
                !a.lexicon_only && a.turn == ti && m.start >= a.from && m.start + m.len <= a.to
            });
            let mut counted: Vec<usize> = Vec::new();
            for r in m.targets {
                let entry = seen[r.subject].entry(r.concept).or_default();
                if !ambiguous && entry.0.last() != Some(&ti) {
                    entry.0.push(ti);
                }
                if entry.2.last() != Some(&ti) {
                    entry.2.push(ti);
                }
                entry.1 |= m.len > 1 || (in_announcement && !ambiguous);
                if !counted.contains(&r.subject) {
                    counted.push(r.subject);
                    // Multi-word aliases are far less ambiguous than single words.
                    let base = match (m.len > 1, ambiguous) {
                        (true, _) => 2.0,
                        (false, false) => 1.5,
                        (false, true) => 0.5,
                    };
                    score[r.subject] +=
                        if in_announcement && !ambiguous { base * 3.0 } else { base };
                }
            }
            raw.push((ti, m.start, m.len, m.targets.to_vec()));
        }
    }
    // Concepts clearly present: a multi-word alias or an announcement, a clear (not everyday)
    // word in two turns, or any match in four.
    let solid = |s: usize| {
        seen[s]
            .values()
            .filter(|(clear, multi, all)| *multi || clear.len() >= 2 || all.len() >= 4)
            .count()
    };
    let best = (0..n_subjects)
        .filter(|s| !excluded.contains(s))
        .filter(|&s| {
            // One concept discussed at length is enough too ("the quadratic formula" all hour).
            score[s] >= MIN_SUBJECT_SCORE
                && (solid(s) >= MIN_SOLID_CONCEPTS
                    || (solid(s) == 1
                        && (turns.len() <= 12 || score[s] >= 4.0 * MIN_SUBJECT_SCORE)))
        })
        .max_by(|&a, &b| {
            score[a].total_cmp(&score[b]).then(solid(a).cmp(&solid(b))).then(b.cmp(&a))
        });
    let Some(subject) = best else {
        return Detection { subject: None, candidates: Vec::new() };
    };

    let mut by_ref: BTreeMap<ConceptRef, usize> = BTreeMap::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (turn, start, len, targets) in raw {
        let Some(&target) = targets.iter().find(|r| r.subject == subject) else { continue };
        let ambiguous = len == 1 && is_ambiguous(&turns[turn].tokens[start].key);
        let idx = *by_ref.entry(target).or_insert_with(|| {
            let def = lex.concept(target);
            candidates.push(Candidate {
                source: Source::Lexicon(target),
                name: def.name.clone(),
                subject: lex.subjects[subject].id.clone(),
                area: def.area.clone(),
                difficulty: def.difficulty.clamp(1, 10),
                description: Some(def.description.clone()),
                mentions: Vec::new(),
                ambiguous_only: true,
                announced: Vec::new(),
                score: 0.0,
            });
            candidates.len() - 1
        });
        let c = &mut candidates[idx];
        c.mentions.push(Mention { turn, tok_start: start, tok_len: len });
        c.ambiguous_only &= ambiguous;
    }
    Detection { subject: Some(subject), candidates }
}

/// Head nouns a later "the formula" / "that law" refers back with.
const HEADS: &[&str] = &[
    "formula",
    "theorem",
    "law",
    "rule",
    "equation",
    "method",
    "property",
    "notation",
    "form",
    "cycle",
    "diagram",
    "principle",
    "identity",
    "test",
    "model",
    "effect",
    "reaction",
    "structure",
    "circle",
    "square",
    "sequence",
    "series",
    "statement",
    "question",
    "theory",
];

/// "The formula" after "the quadratic formula" is the quadratic formula: adds a mention for a
/// determiner + head noun to the concept whose name ends with that head and was named last.
pub(super) fn resolve_heads(turns: &[TurnData<'_>], candidates: &mut [Candidate]) {
    let heads: Vec<Option<String>> = candidates
        .iter()
        .map(|c| {
            let keys = super::super::text::phrase_keys(&c.name);
            keys.last().filter(|h| keys.len() >= 2 && HEADS.contains(&h.as_str())).cloned()
        })
        .collect();
    if heads.iter().all(Option::is_none) {
        return;
    }
    let mut added: Vec<(usize, Mention)> = Vec::new();
    for (ti, turn) in turns.iter().enumerate() {
        for k in 1..turn.tokens.len() {
            if !matches!(turn.tokens[k - 1].text.as_str(), "the" | "that" | "this") {
                continue;
            }
            let key = turn.tokens[k].key.as_str();
            // The most recently named concept with this head, named before this turn.
            let owner = candidates
                .iter()
                .enumerate()
                .filter(|(ci, _)| heads[*ci].as_deref() == Some(key))
                .filter_map(|(ci, c)| {
                    let last = c.mentions.iter().map(|m| m.turn).filter(|&t| t <= ti).max()?;
                    Some((last, ci))
                })
                .max();
            let covered = candidates.iter().any(|c| {
                c.mentions
                    .iter()
                    .any(|m| m.turn == ti && m.tok_start <= k && k < m.tok_start + m.tok_len)
            });
            if let Some((_, ci)) = owner
                && !covered
            {
                added.push((ci, Mention { turn: ti, tok_start: k, tok_len: 1 }));
            }
        }
    }
    for (ci, m) in added {
        candidates[ci].mentions.push(m);
    }
    for c in candidates.iter_mut() {
        c.mentions.sort_by_key(|m| (m.turn, m.tok_start));
    }
}
