//! The generator registry, concept-name matching, and the helpers every generator shares:
//! expression formatting, multiple-choice assembly, and the guard that keeps answers out of hints.

mod algebra;
mod arithmetic;
mod chemistry;
mod units;

pub(crate) use algebra::{
    CompletingSquare, Discriminant, LinearEquations, QuadraticFactoring, QuadraticFormula,
};
pub(crate) use arithmetic::{ExponentRules, FractionArithmetic, Percentages};
pub(crate) use chemistry::{LimitingReagent, MolarMass, MoleRatios};
pub(crate) use units::UnitConversion;

#[cfg(test)]
pub(crate) use algebra::SquareVariant;
#[cfg(test)]
pub(crate) use arithmetic::{ExponentExpr, FractionOp, FractionParams, PercentParams};
#[cfg(test)]
pub(crate) use chemistry::{COMPOUNDS, REACTIONS};

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::{AnswerKey, Choice, Generator};
use crate::server::grading::number::Ratio;

static GENERATORS: [&dyn Generator; 12] = [
    &LinearEquations,
    &QuadraticFactoring,
    &QuadraticFormula,
    &Discriminant,
    &CompletingSquare,
    &FractionArithmetic,
    &Percentages,
    &ExponentRules,
    &UnitConversion,
    &MolarMass,
    &MoleRatios,
    &LimitingReagent,
];

/// Every generator, in a stable order.
pub fn generators() -> &'static [&'static dyn Generator] {
    &GENERATORS
}

/// Words that say nothing about which skill is meant ("Solving quadratics" is about quadratics).
const FILLER_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "using",
    "use",
    "solve",
    "solving",
    "calculate",
    "calculating",
    "calculation",
    "find",
    "finding",
    "how",
    "what",
    "is",
    "are",
    "intro",
    "introduction",
    "basic",
    "basics",
    "practice",
    "problem",
    "question",
    "review",
    "understanding",
    "example",
    "more",
    "advanced",
    "simple",
    "working",
    "word",
];

/// Words shared by unrelated skills ("square roots" is not completing the square): a partial match
/// needs at least one overlapping word that is not on this list.
const WEAK_WORDS: &[&str] = &[
    "square",
    "mass",
    "number",
    "root",
    "equation",
    "unit",
    "rule",
    "law",
    "change",
    "ratio",
    "solution",
    "form",
    "value",
    "expression",
    "reaction",
    "chemical",
    "formula",
    "power",
    "index",
    "real",
];

/// The generator serving a concept name. Tries, in order: the normalised name (lowercase,
/// punctuation stripped) equal to an alias; the same after dropping filler words and plurals;
/// then the alias sharing the most words, as long as one shared word is specific to the skill.
pub fn generator_for(concept_name: &str) -> Option<&'static dyn Generator> {
    let name = normalise_concept(concept_name);
    if name.is_empty() {
        return None;
    }
    let exact =
        GENERATORS.iter().find(|g| g.concepts().iter().any(|c| normalise_concept(c) == name));
    if let Some(g) = exact {
        return Some(*g);
    }
    let wanted = key_words(&name);
    if wanted.is_empty() {
        return None;
    }
    let same_words =
        GENERATORS.iter().find(|g| g.concepts().iter().any(|c| key_words(c) == wanted));
    if let Some(g) = same_words {
        return Some(*g);
    }
    let mut best: Option<(&'static dyn Generator, usize, f64)> = None;
    for g in GENERATORS {
        for alias in g.concepts() {
            let alias_words = key_words(alias);
            let shared: Vec<&String> = wanted.iter().filter(|w| alias_words.contains(w)).collect();
            if !shared.iter().any(|w| !WEAK_WORDS.contains(&w.as_str())) {
                continue;
            }
            let coverage = shared.len() as f64 / alias_words.len().max(1) as f64;
            // Every word of the alias must be in the concept's name: "Solving quadratics" is
            // "quadratics", but "Roots and zeros" is not "zero exponent".
            if coverage < 1.0 - 1e-9 {
                continue;
            }
            let better = best.is_none_or(|(_, n, c)| {
                shared.len() > n || (shared.len() == n && coverage > c + 1e-9)
            });
            if better {
                best = Some((g, shared.len(), coverage));
            }
        }
    }
    best.map(|(g, _, _)| g)
}

fn normalise_concept(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| *c != '\'' && *c != '’')
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Content words in singular form, in order.
fn key_words(s: &str) -> Vec<String> {
    normalise_concept(s)
        .split(' ')
        .map(singular)
        .filter(|w| !w.is_empty() && !FILLER_WORDS.contains(&w.as_str()))
        .collect()
}

fn singular(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() > 2) {
        format!("{stem}y")
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

pub(crate) fn level(difficulty: u8) -> u8 {
    difficulty.clamp(1, 10)
}

/// A uniformly chosen element of a non-empty constant table.
pub(crate) fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A non-zero integer in `lo..=hi` (the range must contain a non-zero value).
pub(crate) fn nonzero(rng: &mut StdRng, lo: i128, hi: i128) -> i128 {
    loop {
        let v = rng.random_range(lo..=hi);
        if v != 0 {
            return v;
        }
    }
}

/// "3x² - x + 4": terms with zero coefficients dropped, unit coefficients left implicit.
pub(crate) fn fmt_terms(terms: &[(i128, &str)]) -> String {
    let mut out = String::new();
    for &(coef, var) in terms.iter().filter(|(c, _)| *c != 0) {
        let magnitude = coef.unsigned_abs();
        let body = if magnitude == 1 && !var.is_empty() {
            var.to_string()
        } else {
            format!("{magnitude}{var}")
        };
        match (out.is_empty(), coef < 0) {
            (true, true) => out.push_str(&format!("-{body}")),
            (true, false) => out.push_str(&body),
            (false, true) => out.push_str(&format!(" - {body}")),
            (false, false) => out.push_str(&format!(" + {body}")),
        }
    }
    if out.is_empty() { "0".to_string() } else { out }
}

/// " + 3" or " - 3/2": a signed term to append to an expression.
pub(crate) fn signed_term(r: Ratio) -> String {
    if r.signum() < 0 { format!(" - {}", r.abs()) } else { format!(" + {r}") }
}

/// A value as an operand: negatives in brackets so "5 × (-2)" reads unambiguously.
pub(crate) fn operand(r: Ratio) -> String {
    if r.signum() < 0 { format!("({r})") } else { r.to_string() }
}

/// The exact numeric key for a rational answer.
pub(crate) fn exact_key(value: Ratio, unit: Option<&str>) -> AnswerKey {
    AnswerKey::Numeric {
        value: value.to_f64(),
        tolerance: crate::server::grading::number::tolerance_for(value),
        unit: unit.map(str::to_string),
    }
}

/// The ways a rational answer could be written, for keeping it out of hints.
pub(crate) fn answer_forms(value: Ratio) -> Vec<String> {
    let mut forms = vec![value.to_string()];
    if let Some(decimal) = value.to_decimal_string() {
        forms.push(decimal);
    } else {
        forms.push(crate::server::grading::number::fmt_decimal(value.to_f64(), 2));
        forms.push(crate::server::grading::number::fmt_decimal(value.to_f64(), 3));
    }
    forms
}

/// Shuffles the correct option among up to three distinct distractors and labels them a–d.
/// Distractors equal to the correct text (or to each other) are dropped so exactly one option is
/// right; callers pass at least as many candidates as they need.
pub(crate) fn multiple_choice(
    rng: &mut StdRng,
    correct: &str,
    distractors: impl IntoIterator<Item = String>,
) -> (Vec<Choice>, AnswerKey) {
    let mut seen = vec![crate::server::grading::compact(correct)];
    let mut texts = vec![correct.to_string()];
    for d in distractors {
        let key = crate::server::grading::compact(&d);
        if texts.len() == 4 {
            break;
        }
        if !d.trim().is_empty() && !seen.contains(&key) {
            seen.push(key);
            texts.push(d);
        }
    }
    texts.shuffle(rng);
    let mut key = AnswerKey::Choice { id: String::new(), text: correct.to_string() };
    let options = texts
        .into_iter()
        .zip(["a", "b", "c", "d"])
        .map(|(text, id)| {
            if text == correct {
                key = AnswerKey::Choice { id: id.to_string(), text: text.clone() };
            }
            Choice { id: id.to_string(), text }
        })
        .collect();
    (options, key)
}

/// A hint and its number-free fallback.
pub(crate) type HintStep = (String, String);

pub(crate) fn hint(text: impl Into<String>, fallback: impl Into<String>) -> HintStep {
    (text.into(), fallback.into())
}

/// Keeps each hint unless it would show an answer form, in which case its generic fallback is
/// used (or the hint is dropped if even that would). Concrete numbers make hints useful but can
/// coincide with the answer ("divide both sides by 4" when x = 4), so this is checked, not hoped.
pub(crate) fn safe_hints(steps: Vec<HintStep>, forbidden: &[String]) -> Vec<String> {
    let shows_answer = |text: &str| forbidden.iter().any(|f| reveals(text, f));
    steps
        .into_iter()
        .filter_map(|(text, fallback)| {
            if !shows_answer(&text) {
                Some(text)
            } else if !shows_answer(&fallback) {
                Some(fallback)
            } else {
                None
            }
        })
        .collect()
}

/// Whether `answer` appears in `text` as a standalone token: not inside a longer number ("12" in
/// "3/12" or "1.2"), an exponent ("2" in "x^2"), a negative ("4" in "-4") or a word.
pub(crate) fn reveals(text: &str, answer: &str) -> bool {
    let answer = answer.trim().to_lowercase();
    if answer.is_empty() {
        return false;
    }
    let text = text.to_lowercase();
    let starts_numeric = answer.starts_with(|c: char| c.is_ascii_digit());
    let mut from = 0;
    while let Some(pos) = text[from..].find(&answer) {
        let start = from + pos;
        let end = start + answer.len();
        let before = text[..start].chars().next_back();
        let mut after = text[end..].chars();
        let (next, next2) = (after.next(), after.next());
        let joined_before = before.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(c, '.' | '/' | '^' | '_')
                || (starts_numeric && c == '-')
        });
        let joined_after = next.is_some_and(|c| {
            c.is_alphanumeric()
                || c == '^'
                || (matches!(c, '.' | '/' | ',') && next2.is_some_and(|d| d.is_ascii_digit()))
        });
        if !joined_before && !joined_after {
            return true;
        }
        from = start + answer.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concept_names_find_their_generators() {
        let id = |name: &str| generator_for(name).map(|g| g.id());
        assert_eq!(id("Solving quadratics"), Some("quadratic_formula"));
        assert_eq!(id("The Quadratic Formula!"), Some("quadratic_formula"));
        assert_eq!(id("factorising quadratics"), Some("quadratic_factoring"));
        assert_eq!(id("Molar mass of compounds"), Some("molar_mass"));
        assert_eq!(id("Limiting reactants"), Some("limiting_reagent"));
        assert_eq!(id("Adding fractions"), Some("fraction_arithmetic"));
        assert_eq!(id("Percentage increase and decrease"), Some("percentages"));
        assert_eq!(id("Laws of exponents"), Some("exponent_rules"));
        assert_eq!(id("Converting units"), Some("unit_conversion"));
        assert_eq!(id("Stoichiometry"), Some("mole_ratios"));
        assert_eq!(id("solving equations"), Some("linear_equations"));
        assert_eq!(id("Discriminant"), Some("discriminant"));
        assert_eq!(id("vertex form"), Some("completing_the_square"));
    }

    #[test]
    fn unrelated_concepts_find_no_generator() {
        for name in ["photosynthesis", "square roots", "", "!!!", "the", "French Revolution"] {
            assert!(generator_for(name).is_none(), "{name}");
        }
    }

    #[test]
    fn every_alias_is_lowercase_and_ids_are_unique() {
        let mut ids: Vec<&str> = generators().iter().map(|g| g.id()).collect();
        for g in generators() {
            assert!(!g.concepts().is_empty());
            for c in g.concepts() {
                assert_eq!(*c, c.to_lowercase());
                assert_eq!(generator_for(c).map(|found| found.id()), Some(g.id()), "{c}");
            }
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), generators().len());
    }

    #[test]
    fn terms_format_like_handwritten_algebra() {
        assert_eq!(fmt_terms(&[(1, "x²"), (-1, "x"), (-6, "")]), "x² - x - 6");
        assert_eq!(fmt_terms(&[(-2, "x"), (0, ""), (5, "")]), "-2x + 5");
        assert_eq!(fmt_terms(&[(0, "x")]), "0");
    }

    #[test]
    fn reveals_only_flags_standalone_answers() {
        assert!(reveals("so x = 4.", "x = 4"));
        assert!(!reveals("so 3x = 12", "x = 12"));
        assert!(reveals("divide by 4", "4"));
        assert!(!reveals("x^4 and 14 and 4.5 and -4 and 4/9", "4"));
        assert!(reveals("it is 2,500", "2,500"));
        assert!(!reveals("H₂O", "H₂"));
    }
}
