//! Subject lexicons: the TOML data shipped in `lexicons/`, parsed once, plus the precompiled
//! phrase matchers used to find concept aliases and subject cues in transcript tokens.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::text::{normalize_name, phrase_keys};

/// A concept as the public API exposes it (see [`super::lexicon_concept`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconConcept {
    pub subject: String,
    pub name: String,
    /// The broader area it belongs to ("Quadratics").
    pub area: String,
    pub difficulty: u8,
    pub description: String,
    pub aliases: Vec<String>,
    pub related: Vec<String>,
}

/// The lexicon files, compiled into the binary so the engine works with no files on disk.
const SOURCES: &[(&str, &str)] = &[
    ("mathematics.toml", include_str!("lexicons/mathematics.toml")),
    ("physics.toml", include_str!("lexicons/physics.toml")),
    ("chemistry.toml", include_str!("lexicons/chemistry.toml")),
    ("biology.toml", include_str!("lexicons/biology.toml")),
    ("english.toml", include_str!("lexicons/english.toml")),
    ("history.toml", include_str!("lexicons/history.toml")),
    ("test_prep.toml", include_str!("lexicons/test_prep.toml")),
    ("computer_science.toml", include_str!("lexicons/computer_science.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    id: String,
    label: String,
    cues: Vec<String>,
    #[serde(rename = "concept")]
    concepts: Vec<ConceptEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptEntry {
    name: String,
    /// The broader area the concept belongs to ("Quadratics"); used to build topics.
    area: String,
    difficulty: u8,
    description: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    /// Whether the name itself is matched in text. Off for names that are everyday words in
    /// other senses ("Work", "Power"), which then rely on their specific aliases.
    #[serde(default = "default_true")]
    name_is_alias: bool,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone)]
pub(crate) struct ConceptDef {
    pub name: String,
    pub area: String,
    pub difficulty: u8,
    pub description: String,
    pub aliases: Vec<String>,
    pub related: Vec<String>,
    pub name_is_alias: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub id: String,
    pub label: String,
    pub cues: Vec<String>,
    pub concepts: Vec<ConceptDef>,
}

/// Identifies one concept: indexes into `Lexicons::subjects` and that subject's `concepts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ConceptRef {
    pub subject: usize,
    pub concept: usize,
}

/// A phrase occurrence found by [`PhraseMatcher::find`], in token positions.
#[derive(Debug)]
pub(crate) struct PhraseMatch<'a, T> {
    pub start: usize,
    pub len: usize,
    pub targets: &'a [T],
}

#[derive(Debug)]
struct Phrase<T> {
    keys: Vec<String>,
    targets: Vec<T>,
}

/// Multi-word phrase matcher over plural-folded token keys. Phrases are bucketed by their first
/// key and sorted longest first, so matching is one hash lookup per token and the longest phrase
/// wins ("quadratic formula" over "quadratic").
#[derive(Debug)]
pub(crate) struct PhraseMatcher<T> {
    buckets: HashMap<String, Vec<Phrase<T>>>,
}

impl<T: Copy + PartialEq> PhraseMatcher<T> {
    fn new() -> Self {
        Self { buckets: HashMap::new() }
    }

    fn insert(&mut self, phrase: &str, target: T) {
        let keys = phrase_keys(phrase);
        let Some(first) = keys.first().cloned() else {
            return;
        };
        let bucket = self.buckets.entry(first).or_default();
        if let Some(existing) = bucket.iter_mut().find(|p| p.keys == keys) {
            if !existing.targets.contains(&target) {
                existing.targets.push(target);
            }
        } else {
            bucket.push(Phrase { keys, targets: vec![target] });
        }
    }

    fn finish(&mut self) {
        for bucket in self.buckets.values_mut() {
            bucket
                .sort_by(|a, b| b.keys.len().cmp(&a.keys.len()).then_with(|| a.keys.cmp(&b.keys)));
        }
    }

    /// Non-overlapping, left-to-right, longest-first matches of the phrases in `keys`.
    pub(crate) fn find<'a, S: AsRef<str>>(&'a self, keys: &[S]) -> Vec<PhraseMatch<'a, T>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < keys.len() {
            let hit = self.buckets.get(keys[i].as_ref()).and_then(|bucket| {
                bucket.iter().find(|p| {
                    p.keys.len() <= keys.len() - i
                        && p.keys.iter().zip(&keys[i..]).all(|(a, b)| a == b.as_ref())
                })
            });
            if let Some(p) = hit {
                out.push(PhraseMatch { start: i, len: p.keys.len(), targets: &p.targets });
                i += p.keys.len();
            } else {
                i += 1;
            }
        }
        out
    }
}

/// All subjects plus the matchers built from them.
#[derive(Debug)]
pub(crate) struct Lexicons {
    pub subjects: Vec<Subject>,
    pub concepts: PhraseMatcher<ConceptRef>,
    pub cues: PhraseMatcher<usize>,
    /// Per subject: normalised name or alias -> concept index, for `lexicon_concept`.
    lookup: Vec<HashMap<String, usize>>,
}

impl Lexicons {
    fn build(subjects: Vec<Subject>) -> Self {
        let mut concepts = PhraseMatcher::new();
        let mut cues = PhraseMatcher::new();
        let mut lookup = Vec::with_capacity(subjects.len());
        for (si, subject) in subjects.iter().enumerate() {
            for cue in &subject.cues {
                cues.insert(cue, si);
            }
            let mut names = HashMap::new();
            for (ci, concept) in subject.concepts.iter().enumerate() {
                let target = ConceptRef { subject: si, concept: ci };
                if concept.name_is_alias {
                    concepts.insert(&concept.name, target);
                }
                for alias in &concept.aliases {
                    concepts.insert(alias, target);
                }
                // Names win over aliases in lookups, so insert aliases only where free.
                names.insert(normalize_name(&concept.name), ci);
            }
            for (ci, concept) in subject.concepts.iter().enumerate() {
                for alias in &concept.aliases {
                    names.entry(normalize_name(alias)).or_insert(ci);
                }
            }
            lookup.push(names);
        }
        concepts.finish();
        cues.finish();
        Self { subjects, concepts, cues, lookup }
    }

    pub(crate) fn concept(&self, r: ConceptRef) -> &ConceptDef {
        &self.subjects[r.subject].concepts[r.concept]
    }

    pub(crate) fn subject_index(&self, id: &str) -> Option<usize> {
        let key = normalize_name(id).replace(' ', "_");
        self.subjects.iter().position(|s| s.id == key || normalize_name(&s.label) == key)
    }

    pub(crate) fn find_concept(&self, subject: usize, name: &str) -> Option<usize> {
        let names = self.lookup.get(subject)?;
        let key = normalize_name(name);
        names.get(&key).copied().or_else(|| {
            // Fall back to plural folding so "Quadratic formulas" finds "Quadratic formula".
            let folded = phrase_keys(name).join(" ");
            names.iter().find(|(k, _)| phrase_keys(k).join(" ") == folded).map(|(_, &ci)| ci)
        })
    }

    pub(crate) fn public_concept(&self, r: ConceptRef) -> LexiconConcept {
        let c = self.concept(r);
        LexiconConcept {
            subject: self.subjects[r.subject].id.clone(),
            name: c.name.clone(),
            area: c.area.clone(),
            difficulty: c.difficulty,
            description: c.description.clone(),
            aliases: c.aliases.clone(),
            related: c.related.clone(),
        }
    }
}

fn parse_one(file: &str, source: &str) -> Result<Subject, String> {
    let parsed: LexiconFile = toml::from_str(source).map_err(|e| format!("{file}: {e}"))?;
    Ok(Subject {
        id: parsed.id,
        label: parsed.label,
        cues: parsed.cues,
        concepts: parsed
            .concepts
            .into_iter()
            .map(|c| ConceptDef {
                name: c.name,
                area: c.area,
                difficulty: c.difficulty,
                description: c.description,
                aliases: c.aliases,
                related: c.related,
                name_is_alias: c.name_is_alias,
            })
            .collect(),
    })
}

/// Parses every shipped lexicon, returning the good ones and one message per broken file. A
/// broken file is skipped rather than panicking the server; the test suite requires zero errors.
pub(crate) fn parse_all() -> (Vec<Subject>, Vec<String>) {
    let mut subjects = Vec::new();
    let mut errors = Vec::new();
    for (file, source) in SOURCES {
        match parse_one(file, source) {
            Ok(s) => subjects.push(s),
            Err(e) => errors.push(e),
        }
    }
    (subjects, errors)
}

static LEXICONS: LazyLock<Lexicons> = LazyLock::new(|| Lexicons::build(parse_all().0));

pub(crate) fn lexicons() -> &'static Lexicons {
    &LEXICONS
}

#[cfg(test)]
/// Checks the authoring rules of the lexicon files and returns every violation found.
pub(crate) fn validate(subjects: &[Subject]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for s in subjects {
        if !ids.insert(s.id.clone()) {
            problems.push(format!("duplicate subject id {}", s.id));
        }
        if s.cues.is_empty() {
            problems.push(format!("{}: no cues", s.id));
        }
        if !(35..=90).contains(&s.concepts.len()) {
            problems.push(format!("{}: {} concepts, want 35..=90", s.id, s.concepts.len()));
        }
        let mut names: HashMap<String, &str> = HashMap::new();
        for c in &s.concepts {
            if names.insert(normalize_name(&c.name), &c.name).is_some() {
                problems.push(format!("{}: duplicate concept name {}", s.id, c.name));
            }
        }
        // Every surface form (alias or matched name) must belong to exactly one concept.
        let mut forms: HashMap<String, &str> = HashMap::new();
        for c in &s.concepts {
            let mut own: Vec<String> = c.aliases.iter().map(|a| phrase_keys(a).join(" ")).collect();
            if c.name_is_alias {
                own.push(phrase_keys(&c.name).join(" "));
            }
            own.sort();
            own.dedup();
            for form in own {
                if form.is_empty() {
                    problems.push(format!("{}: {} has an empty alias", s.id, c.name));
                } else if !form.contains(' ') && super::text::is_stopword(&form) {
                    problems.push(format!("{}: {} alias {form:?} is a stopword", s.id, c.name));
                } else if let Some(other) = forms.insert(form.clone(), &c.name) {
                    problems.push(format!("{}: alias {form:?} in {other} and {}", s.id, c.name));
                }
            }
        }
        for c in &s.concepts {
            if !(1..=10).contains(&c.difficulty) {
                problems.push(format!("{}: {} difficulty {}", s.id, c.name, c.difficulty));
            }
            if c.description.trim().is_empty() || c.area.trim().is_empty() {
                problems.push(format!("{}: {} lacks a description or area", s.id, c.name));
            }
            if c.aliases.iter().any(|a| a.to_lowercase() != *a) {
                problems.push(format!("{}: {} has a non-lowercase alias", s.id, c.name));
            }
            if !c.name_is_alias && c.aliases.is_empty() {
                problems.push(format!("{}: {} can never be matched", s.id, c.name));
            }
            for r in &c.related {
                let key = normalize_name(r);
                if !names.contains_key(&key) {
                    problems.push(format!("{}: {} relates to unknown {r}", s.id, c.name));
                } else if key == normalize_name(&c.name) {
                    problems.push(format!("{}: {} relates to itself", s.id, c.name));
                }
            }
        }
    }
    problems
}
