//! The subject progression map, kept as a data file (`progression.toml`, compiled in): which
//! subject a goal is about, which lexicon areas its concepts come from, and what to study once
//! it is done. Goals use it to propose concepts; subject suggestions use it as the default (and
//! the fallback when a model is asked to rank them).

use std::sync::LazyLock;

use serde::Deserialize;

use crate::server::ai::offline;

const SOURCE: &str = include_str!("progression.toml");

/// A subject that can follow another, with the one line the student reads.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextSubject {
    pub subject: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectEntry {
    pub name: String,
    pub aliases: Vec<String>,
    /// The offline lexicon its concepts come from; empty for none.
    pub lexicon: String,
    /// Lexicon areas that make up the subject; empty means the whole lexicon.
    pub areas: Vec<String>,
    pub next: Vec<NextSubject>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    next: Vec<NextSubject>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    defaults: Defaults,
    subject: Vec<SubjectEntry>,
}

/// The parsed map.
#[derive(Debug)]
pub struct ProgressionMap {
    subjects: Vec<SubjectEntry>,
    defaults: Vec<NextSubject>,
}

/// Where a goal's concepts come from: a lexicon and (optionally) some of its areas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub lexicon: String,
    pub areas: Vec<String>,
}

impl Scope {
    /// Whether a lexicon concept of `lexicon` in `area` belongs to this scope.
    pub fn covers(&self, lexicon: &str, area: Option<&str>) -> bool {
        lexicon == self.lexicon
            && (self.areas.is_empty() || area.is_some_and(|a| self.areas.iter().any(|x| x == a)))
    }
}

fn words(text: &str) -> Vec<String> {
    offline::normalize_name(text).split_whitespace().map(str::to_owned).collect()
}

/// Whether `needle` occurs in `haystack` as a run of whole words.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|window| window == needle)
}

fn parse(source: &str) -> Result<ProgressionMap, String> {
    let file: MapFile = toml::from_str(source).map_err(|e| e.to_string())?;
    Ok(ProgressionMap { subjects: file.subject, defaults: file.defaults.next })
}

static MAP: LazyLock<ProgressionMap> = LazyLock::new(|| {
    parse(SOURCE).unwrap_or_else(|err| {
        // A test parses the file, so this only happens to a hand-edited build.
        tracing::error!(%err, "progression.toml does not parse; suggestions use no map");
        ProgressionMap { subjects: Vec::new(), defaults: Vec::new() }
    })
});

pub fn map() -> &'static ProgressionMap {
    &MAP
}

impl ProgressionMap {
    /// The entry a subject as typed belongs to: the longest alias (or name) found in it as
    /// whole words.
    pub fn find(&self, subject: &str) -> Option<&SubjectEntry> {
        let typed = words(subject);
        self.subjects
            .iter()
            .flat_map(|entry| {
                std::iter::once(&entry.name)
                    .chain(entry.aliases.iter())
                    .map(move |alias| (entry, words(alias)))
            })
            .filter(|(_, alias)| contains_words(&typed, alias))
            .max_by_key(|(_, alias)| (alias.len(), alias.iter().map(String::len).sum::<usize>()))
            .map(|(entry, _)| entry)
    }

    /// The general subjects that pad a short list.
    pub fn defaults(&self) -> &[NextSubject] {
        &self.defaults
    }

    /// Where the concepts of a subject as typed come from: its map entry, or a lexicon whose
    /// name or label it contains ("Chemistry honors" → chemistry).
    pub fn scope(&self, subject: &str) -> Option<Scope> {
        if let Some(entry) = self.find(subject).filter(|e| !e.lexicon.is_empty()) {
            return Some(Scope { lexicon: entry.lexicon.clone(), areas: entry.areas.clone() });
        }
        lexicon_of_label(subject).map(|lexicon| Scope { lexicon, areas: Vec::new() })
    }

    #[cfg(test)]
    fn entries(&self) -> &[SubjectEntry] {
        &self.subjects
    }
}

/// The lexicon id a subject label names ("Mathematics", "Test prep (SAT/ACT)"), if any: the
/// labels sessions are stored with.
pub fn lexicon_of_label(label: &str) -> Option<String> {
    let typed = words(label);
    offline::subjects()
        .into_iter()
        .find(|(id, name)| {
            contains_words(&typed, &words(&id.replace('_', " "))) || typed == words(name)
        })
        .map(|(id, _)| id.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn the_map_parses_and_every_entry_is_usable() {
        let map = parse(SOURCE).expect("progression.toml parses");
        assert!(map.defaults().len() >= 3);
        let lexicons: Vec<&str> = offline::subjects().into_iter().map(|(id, _)| id).collect();
        let mut owners: HashMap<Vec<String>, &str> = HashMap::new();
        for entry in map.entries() {
            assert!((3..=5).contains(&entry.next.len()), "{}: 3-5 next subjects", entry.name);
            for next in &entry.next {
                assert!(!next.reason.contains('\n') && next.reason.len() <= 200, "{}", next.reason);
                assert!(
                    words(&next.subject) != words(&entry.name),
                    "{} follows itself",
                    entry.name
                );
            }
            if !entry.lexicon.is_empty() {
                assert!(lexicons.contains(&entry.lexicon.as_str()), "{}", entry.lexicon);
                let areas: Vec<String> =
                    offline::subject_concepts(&entry.lexicon).into_iter().map(|c| c.area).collect();
                for area in &entry.areas {
                    assert!(areas.contains(area), "{}: no area {area}", entry.name);
                }
            }
            for alias in std::iter::once(&entry.name).chain(&entry.aliases) {
                if let Some(other) = owners.insert(words(alias), &entry.name) {
                    assert_eq!(other, entry.name, "alias {alias:?} in {other} and {}", entry.name);
                }
            }
        }
    }

    #[test]
    fn typed_subjects_find_their_entry_by_the_longest_alias() {
        let map = parse(SOURCE).expect("parses");
        let name = |typed: &str| map.find(typed).map(|e| e.name.clone());
        assert_eq!(name("SAT Math"), Some("SAT".into()));
        assert_eq!(name("AP Chemistry"), Some("Chemistry".into()));
        assert_eq!(name("algebra 2 before finals"), Some("Algebra".into()));
        assert_eq!(name("Piano"), None);
        let next: Vec<String> =
            map.find("SAT").expect("SAT").next.iter().map(|n| n.subject.clone()).collect();
        assert_eq!(next, ["College essays", "Study skills", "AP prep"]);
        let next: Vec<String> =
            map.find("chemistry").expect("chem").next.iter().map(|n| n.subject.clone()).collect();
        assert!(next.starts_with(&["Physics".to_owned(), "Biology".to_owned()]));
    }

    #[test]
    fn scopes_come_from_the_map_or_a_lexicon_label() {
        let map = parse(SOURCE).expect("parses");
        let algebra = map.scope("Algebra 1").expect("a scope");
        assert_eq!(algebra.lexicon, "mathematics");
        assert!(algebra.covers("mathematics", Some("Quadratics")));
        assert!(!algebra.covers("mathematics", Some("Geometry")));
        assert_eq!(map.scope("Biology honors").map(|s| s.lexicon), Some("biology".into()));
        assert_eq!(lexicon_of_label("Test prep (SAT/ACT)"), Some("test_prep".into()));
        assert_eq!(lexicon_of_label("Mathematics"), Some("mathematics".into()));
        assert_eq!(map.scope("Piano"), None);
    }
}
