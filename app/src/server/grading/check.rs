//! Fair answer checking: equivalent numbers, unit spellings, root sets in any order, option ids or
//! option text, and case/article/punctuation-insensitive short answers. Never panics.

use super::number::{MAX_INPUT, Quantity, normalise_symbols, parse_number_set, parse_quantity};
use super::unit_table::canonical_unit;
use super::{AnswerKey, QuestionKind};

/// Slack when comparing members of a number set (a Text key has no tolerance field). Root sets
/// come from small denominators, so two decimals ("0.33" for 1/3) is safely unambiguous.
const SET_TOLERANCE: f64 = 0.005;

/// Whether `given` is a correct answer for `key`.
///
/// The key decides how to compare; `item_kind` only guards against a mismatched pair (a choice
/// key on a non-choice item, or the reverse), which is marked wrong rather than guessed at.
///
/// Units: an answer must use the key's unit (any spelling) or leave the unit off. A different
/// unit is wrong even when convertible ("2.5 km" for a key of 2500 m), because for conversion
/// questions the target unit is the point and echoing the question's own quantity must not pass.
pub fn check_answer(item_kind: QuestionKind, key: &AnswerKey, given: &str) -> bool {
    if given.len() > MAX_INPUT || given.trim().is_empty() {
        return false;
    }
    match key {
        AnswerKey::Choice { id, text } => {
            item_kind == QuestionKind::MultipleChoice && check_choice(id, text, given)
        }
        _ if item_kind == QuestionKind::MultipleChoice => false,
        AnswerKey::Numeric { value, tolerance, unit } => {
            check_numeric(*value, *tolerance, unit.as_deref(), given)
        }
        AnswerKey::Text { accepted } => check_text(accepted, given),
    }
}

fn check_choice(id: &str, text: &str, given: &str) -> bool {
    let lowered = given.trim().to_lowercase();
    let bare = lowered
        .strip_prefix("option")
        .or_else(|| lowered.strip_prefix("answer"))
        .unwrap_or(&lowered)
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(['.', ')', ':'])
        .trim();
    if !id.is_empty() && bare == id.trim().to_lowercase() {
        return true;
    }
    if text.trim().is_empty() {
        return false;
    }
    if compact(given) == compact(text) {
        return true;
    }
    // Loose text matching only for wordy options: for maths options punctuation carries meaning
    // ("(x+3)(x-5)" and "(x-3)(x+5)" differ only in signs).
    is_wordy(text) && !normalise_text(given).is_empty() && same_text(given, text)
}

fn check_numeric(value: f64, tolerance: f64, unit: Option<&str>, given: &str) -> bool {
    if !value.is_finite() {
        return false;
    }
    let Some(Quantity { value: mut v, percent, rest }) = parse_quantity(given) else {
        return false;
    };
    let key_unit = unit.map(|u| canonical_unit(u).map_or_else(|| unit_key(u), str::to_string));
    let given_unit = match (rest.is_empty(), percent) {
        (true, false) => None,
        (true, true) => Some("%".to_string()),
        (false, true) => return false,
        (false, false) => {
            Some(canonical_unit(&rest).map_or_else(|| unit_key(&rest), str::to_string))
        }
    };
    match (key_unit.as_deref(), given_unit.as_deref()) {
        (_, None) => {}
        // A percentage given for a plain number means a fraction of one: "50%" for 0.5.
        (None, Some("%")) => v /= 100.0,
        (None, Some(_)) => return false,
        (Some(k), Some(g)) if k == g => {}
        (Some(_), Some(_)) => return false,
    }
    let diff = (v - value).abs();
    let tolerance = if tolerance.is_finite() { tolerance.abs() } else { 0.0 };
    diff <= tolerance || diff <= 1e-9 * value.abs() || diff <= 1e-12
}

/// Fallback identity for a unit the table does not know, so an unusual key unit still matches
/// itself.
fn unit_key(u: &str) -> String {
    u.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn check_text(accepted: &[String], given: &str) -> bool {
    let given_set = parse_number_set(given);
    accepted.iter().any(|a| match parse_number_set(a) {
        Some(expected) => given_set.as_ref().is_some_and(|g| same_number_set(&expected, g)),
        None => same_text(a, given),
    })
}

/// Set equality within [`SET_TOLERANCE`]; repeats collapse, so "3, 3" matches a double root "3".
fn same_number_set(expected: &[f64], given: &[f64]) -> bool {
    let close = |a: f64, b: f64| (a - b).abs() <= SET_TOLERANCE + 1e-9 * b.abs();
    given.iter().all(|g| expected.iter().any(|e| close(*g, *e)))
        && expected.iter().all(|e| given.iter().any(|g| close(*g, *e)))
}

/// Text equal after normalisation, allowing a singular/plural difference per word.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (normalise_text(a), normalise_text(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    wa.len() == wb.len() && wa.iter().zip(&wb).all(|(x, y)| singular(x) == singular(y))
}

fn singular(word: &str) -> &str {
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Lowercase words without punctuation or a leading article: "The mitochondria." → "mitochondria".
pub(crate) fn normalise_text(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| *c != '\'' && *c != '’')
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() > 1 && matches!(words[0], "a" | "an" | "the") {
        words.remove(0);
    }
    words.join(" ")
}

/// Whitespace-free lowercase form with look-alike symbols unified, for comparing typed maths and
/// formulas with option text ("(x+3)(x-5)" vs "(x + 3)(x − 5)", "H2O" vs "H₂O", "x^2" vs "x²").
pub(crate) fn compact(s: &str) -> String {
    let subscripts_ascii: String = s
        .chars()
        .map(|c| match c {
            '₀'..='₉' => char::from_digit(c as u32 - '₀' as u32, 10).unwrap_or(c),
            '×' | '·' | '⋅' => '*',
            _ => c,
        })
        .collect();
    normalise_symbols(&subscripts_ascii)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_end_matches('.')
        .to_string()
}

/// Options made of words rather than maths: no digits and no operator symbols.
fn is_wordy(text: &str) -> bool {
    !text.chars().any(|c| c.is_ascii_digit() || "+*/^=²³√±<>₀₁₂₃₄₅₆₇₈₉".contains(c))
        && !text.contains(" -")
        && !text.contains("- ")
}
