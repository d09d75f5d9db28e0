//! Scoring an analysis against a hand-written answer key.

use std::collections::BTreeMap;

use app::server::{
    ai::Analysis,
    transcript::{LineRange, ParsedTranscript, SpeakerRole},
};
use serde::Deserialize;

/// The answer key of one case (`cases/<name>.toml`).
#[derive(Debug, Deserialize)]
pub struct Key {
    pub transcript: String,
    pub format: String,
    pub subject: String,
    pub tutor: String,
    pub student: String,
    #[serde(default)]
    pub cases: Vec<String>,
    #[serde(default, rename = "concept")]
    pub concepts: Vec<KeyConcept>,
    #[serde(default, rename = "optional")]
    pub optional: Vec<KeyName>,
    #[serde(default, rename = "action_item")]
    pub action_items: Vec<KeyAction>,
}

#[derive(Debug, Deserialize)]
pub struct KeyConcept {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub signal: i8,
    #[serde(default)]
    pub evidence: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct KeyName {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct KeyAction {
    pub text: String,
    pub quote: String,
}

/// Counts for one case; summed over the set.
#[derive(Debug, Default, Clone)]
pub struct Score {
    pub key_concepts: usize,
    pub found_concepts: usize,
    pub engine_concepts: usize,
    pub engine_optional: usize,
    pub matched_engine: usize,
    pub signal_right: usize,
    pub signal_nonzero: usize,
    pub signal_nonzero_right: usize,
    pub attributed: usize,
    pub attributable: usize,
    pub actions: usize,
    pub actions_right: usize,
    pub key_actions: usize,
    pub key_actions_found: usize,
    pub subject_right: usize,
    pub cases: usize,
    /// Per hard-case tag: (signals right, signals judged).
    pub by_tag: BTreeMap<String, (usize, usize)>,
    /// Human-readable misses, for the report.
    pub notes: Vec<String>,
}

impl Score {
    pub fn add(&mut self, other: &Score) {
        self.key_concepts += other.key_concepts;
        self.found_concepts += other.found_concepts;
        self.engine_concepts += other.engine_concepts;
        self.engine_optional += other.engine_optional;
        self.matched_engine += other.matched_engine;
        self.signal_right += other.signal_right;
        self.signal_nonzero += other.signal_nonzero;
        self.signal_nonzero_right += other.signal_nonzero_right;
        self.attributed += other.attributed;
        self.attributable += other.attributable;
        self.actions += other.actions;
        self.actions_right += other.actions_right;
        self.key_actions += other.key_actions;
        self.key_actions_found += other.key_actions_found;
        self.subject_right += other.subject_right;
        self.cases += other.cases;
        for (tag, (right, all)) in &other.by_tag {
            let entry = self.by_tag.entry(tag.clone()).or_default();
            entry.0 += right;
            entry.1 += all;
        }
    }

    pub fn recall(&self) -> f64 {
        ratio(self.found_concepts, self.key_concepts)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.matched_engine, self.engine_concepts - self.engine_optional)
    }

    pub fn signal_accuracy(&self) -> f64 {
        ratio(self.signal_right, self.found_concepts)
    }

    pub fn nonzero_signal_accuracy(&self) -> f64 {
        ratio(self.signal_nonzero_right, self.signal_nonzero)
    }

    pub fn attribution(&self) -> f64 {
        ratio(self.attributed, self.attributable)
    }

    pub fn action_precision(&self) -> f64 {
        ratio(self.actions_right, self.actions)
    }

    pub fn action_recall(&self) -> f64 {
        ratio(self.key_actions_found, self.key_actions)
    }

    pub fn subject_accuracy(&self) -> f64 {
        ratio(self.subject_right, self.cases)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn words(name: &str) -> Vec<String> {
    app::server::ai::offline::normalize_name(name)
        .split(' ')
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "a" | "an" | "of" | "and"))
        .map(|w| w.trim_end_matches('s').to_owned())
        .collect()
}

/// Does an engine concept name stand for a key name? The same words, or one name's words
/// contained in the other's when they are at least half of them ("Subjunctive" for
/// "Subjunctive mood").
fn same_concept(engine: &str, names: &[&str]) -> bool {
    let e = words(engine);
    if e.is_empty() {
        return false;
    }
    names.iter().any(|name| {
        let k = words(name);
        if k.is_empty() {
            return false;
        }
        if e == k {
            return true;
        }
        let (short, long) = if e.len() <= k.len() { (&e, &k) } else { (&k, &e) };
        short.iter().all(|w| long.contains(w)) && short.len() * 2 >= long.len()
    })
}

fn covers(ranges: &[LineRange], turn: usize) -> bool {
    ranges.iter().any(|r| r.start <= turn && turn <= r.end)
}

/// The turn numbers whose text contains `quote` (by the given role when `role` is set).
fn turns_with(parsed: &ParsedTranscript, quote: &str, role: Option<SpeakerRole>) -> Vec<usize> {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = squash(quote);
    parsed
        .turns
        .iter()
        .filter(|t| role.is_none_or(|r| t.role == r))
        .filter(|t| squash(&t.text).contains(&quote))
        .map(|t| t.number)
        .collect()
}

pub fn score(name: &str, key: &Key, parsed: &ParsedTranscript, analysis: &Analysis) -> Score {
    let mut s = Score { cases: 1, ..Score::default() };
    if analysis.subject == key.subject {
        s.subject_right = 1;
    } else {
        s.notes.push(format!("{name}: subject {} (key {})", analysis.subject, key.subject));
    }
    s.key_concepts = key.concepts.len();
    s.engine_concepts = analysis.concepts.len();
    let mut used = vec![false; analysis.concepts.len()];
    // Exact names first, so "Unit circle" is not taken by "Circles" before its own match.
    let mut owner: Vec<Option<usize>> = vec![None; key.concepts.len()];
    for exact in [true, false] {
        for (k, concept) in key.concepts.iter().enumerate() {
            if owner[k].is_some() {
                continue;
            }
            let mut names: Vec<&str> = vec![concept.name.as_str()];
            names.extend(concept.aliases.iter().map(String::as_str));
            let hit = analysis.concepts.iter().enumerate().position(|(i, c)| {
                !used[i]
                    && if exact {
                        names.iter().any(|n| words(n) == words(&c.name))
                    } else {
                        same_concept(&c.name, &names)
                    }
            });
            if let Some(i) = hit {
                used[i] = true;
                owner[k] = Some(i);
            }
        }
    }
    let mut ranks: Vec<String> =
        analysis.concepts.iter().map(|c| format!("x:{}", c.name)).collect();
    for (k, concept) in key.concepts.iter().enumerate() {
        let Some(index) = owner[k] else {
            s.notes.push(format!("{name}: missed concept {:?}", concept.name));
            continue;
        };
        ranks[index] = format!("ok:{}", concept.name);
        let found = &analysis.concepts[index];
        s.found_concepts += 1;
        s.matched_engine += 1;
        let right = found.signal == concept.signal;
        s.signal_right += usize::from(right);
        if concept.signal != 0 {
            s.signal_nonzero += 1;
            s.signal_nonzero_right += usize::from(right);
        }
        if !right {
            s.notes.push(format!(
                "{name}: {:?} signal {} (key {})",
                concept.name, found.signal, concept.signal
            ));
        }
        for tag in &key.cases {
            let entry = s.by_tag.entry(tag.clone()).or_default();
            entry.0 += usize::from(right);
            entry.1 += 1;
        }
        if concept.signal != 0 && !concept.evidence.is_empty() {
            s.attributable += 1;
            let evidence_turns: Vec<usize> = concept
                .evidence
                .iter()
                .flat_map(|q| turns_with(parsed, q, Some(SpeakerRole::Student)))
                .collect();
            if evidence_turns.iter().any(|t| covers(&found.evidence, *t)) {
                s.attributed += 1;
            } else {
                s.notes.push(format!(
                    "{name}: {:?} evidence {:?} misses the student's lines {:?}",
                    concept.name, found.evidence, evidence_turns
                ));
            }
        }
    }
    for (i, c) in analysis.concepts.iter().enumerate() {
        if used[i] {
            continue;
        }
        if key.optional.iter().any(|o| {
            let mut names: Vec<&str> = vec![o.name.as_str()];
            names.extend(o.aliases.iter().map(String::as_str));
            same_concept(&c.name, &names)
        }) {
            ranks[i] = format!("opt:{}", c.name);
        }
        let optional = key.optional.iter().any(|o| {
            let mut names: Vec<&str> = vec![o.name.as_str()];
            names.extend(o.aliases.iter().map(String::as_str));
            same_concept(&c.name, &names)
        });
        if optional {
            s.engine_optional += 1;
        } else {
            s.notes.push(format!("{name}: extra concept {:?}", c.name));
        }
    }
    s.notes.push(format!("{name}: ranking {}", ranks.join(" | ")));
    // Action items: an engine item is right when it points at a turn that assigns a key item.
    let key_turns: Vec<Vec<usize>> =
        key.action_items.iter().map(|a| turns_with(parsed, &a.quote, None)).collect();
    s.key_actions = key.action_items.len();
    s.actions = analysis.action_items.len();
    let mut found_keys = vec![false; key.action_items.len()];
    for item in &analysis.action_items {
        let hit = key_turns
            .iter()
            .position(|turns| turns.iter().any(|t| item.lines.start <= *t && *t <= item.lines.end));
        match hit {
            Some(k) => {
                s.actions_right += 1;
                found_keys[k] = true;
            }
            None => s.notes.push(format!("{name}: extra action item {:?}", item.text)),
        }
    }
    s.key_actions_found = found_keys.iter().filter(|f| **f).count();
    for (k, found) in found_keys.iter().enumerate() {
        if !found {
            s.notes.push(format!("{name}: missed action item {:?}", key.action_items[k].text));
        }
    }
    s
}
