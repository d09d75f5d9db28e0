//! Items built from the tutor's own words: fill-in-the-blank (multiple choice or typed) from a
//! transcript sentence, and "which best describes" from session definitions.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::generators::{hint, multiple_choice, safe_hints};
use super::{AnswerKey, GeneratedItem, QuestionKind};
use crate::server::grading::normalise_text;

const BLANK: &str = "_____";

/// Byte ranges of each whole-word, case-insensitive occurrence of `phrase` in `text`. Runs of
/// whitespace match each other, and a plural "s"/"es" directly after the phrase is included in
/// the blank so "enzymes" does not leave a stray "s" behind.
fn find_phrase(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    let wanted: Vec<char> =
        phrase.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let is_word = |c: char| c.is_alphanumeric();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !is_word(chars[i - 1].1);
        let matched_to = at_boundary
            .then(|| {
                let (mut t, mut w) = (i, 0);
                while w < wanted.len() {
                    if wanted[w] == ' ' {
                        let start = t;
                        while t < chars.len() && chars[t].1.is_whitespace() {
                            t += 1;
                        }
                        if t == start {
                            return None;
                        }
                    } else if t < chars.len() && same(chars[t].1, wanted[w]) {
                        t += 1;
                    } else {
                        return None;
                    }
                    w += 1;
                }
                Some(t)
            })
            .flatten();
        let Some(mut end) = matched_to else {
            i += 1;
            continue;
        };
        for suffix in ["es", "s"] {
            let len = suffix.chars().count();
            let fits = chars
                .get(end..end + len)
                .is_some_and(|s| s.iter().map(|(_, c)| c.to_ascii_lowercase()).eq(suffix.chars()));
            if fits && chars.get(end + len).is_none_or(|(_, c)| !is_word(*c)) {
                end += len;
                break;
            }
        }
        if chars.get(end).is_some_and(|(_, c)| is_word(*c)) {
            i += 1;
            continue;
        }
        let start_byte = chars[i].0;
        let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
        found.push((start_byte, end_byte));
        i = end.max(i + 1);
    }
    found
}

/// The sentence with every occurrence of the concept blanked out, or `None` if it never occurs.
fn blank_out(sentence: &str, concept: &str) -> Option<String> {
    let ranges = find_phrase(sentence, concept);
    if ranges.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(sentence.len());
    let mut last = 0;
    for (start, end) in ranges {
        out.push_str(&sentence[last..start]);
        out.push_str(BLANK);
        last = end;
    }
    out.push_str(&sentence[last..]);
    Some(out.trim().to_string())
}

/// Hints for a blanked term: a nudge to use the context, then its length and first letter.
fn term_hints(concept: &str) -> Vec<String> {
    let words = concept.split_whitespace().count();
    let letters = concept.chars().filter(|c| c.is_alphabetic()).count();
    let first = concept.chars().find(|c| c.is_alphanumeric()).map(|c| c.to_uppercase().to_string());
    let shape = match (words, first) {
        (1, Some(f)) => {
            let unit = if letters == 1 { "letter" } else { "letters" };
            format!("The missing term is one word of {letters} {unit}, starting with \"{f}\".")
        }
        (n, Some(f)) => format!("The missing term is {n} words long and starts with \"{f}\"."),
        (_, None) => "The missing term is a name used in your session.".to_string(),
    };
    safe_hints(
        vec![
            hint(
                "Read the words around the blank: what idea is the tutor describing?",
                "Read the words around the blank: what idea is the tutor describing?",
            ),
            hint(shape, "Think back to the key terms your tutor named in this session."),
        ],
        &[concept.to_string()],
    )
}

/// Multiple choice: the concept blanked out of the tutor's sentence, with the concept and up to
/// three other concept names as options. `None` if the phrase is not in the sentence or fewer
/// than two usable distractors remain.
pub fn cloze_item(
    concept: &str,
    sentence: &str,
    distractors: &[String],
    rng: &mut StdRng,
) -> Option<GeneratedItem> {
    let concept = concept.trim();
    let blanked = blank_out(sentence, concept)?;
    let own = normalise_text(concept);
    let mut seen = vec![own];
    let mut usable: Vec<String> = Vec::new();
    for d in distractors {
        let key = normalise_text(d);
        if !key.is_empty() && !seen.contains(&key) {
            seen.push(key);
            usable.push(d.trim().to_string());
        }
    }
    if usable.len() < 2 {
        return None;
    }
    usable.shuffle(rng);
    usable.truncate(3);
    let option_count = usable.len() + 1;
    let (options, answer) = multiple_choice(rng, concept, usable);
    Some(GeneratedItem {
        kind: QuestionKind::MultipleChoice,
        prompt: format!("Fill in the blank from your session: \"{blanked}\""),
        options,
        answer,
        display_answer: concept.to_string(),
        explanation: format!("Your tutor said: \"{}\"", sentence.trim()),
        hints: term_hints(concept),
        difficulty: if option_count >= 4 { 3 } else { 2 },
        generator: "transcript_cloze",
    })
}

/// "Which best describes <concept>?" with the session's definition and up to three definitions
/// of other concepts. Each concept's own name is blanked inside its definition so the options do
/// not give themselves away. `None` with fewer than two usable distractors.
pub fn definition_item(
    concept: &str,
    definition: &str,
    distractor_definitions: &[(String, String)],
    rng: &mut StdRng,
) -> Option<GeneratedItem> {
    let (concept, definition) = (concept.trim(), definition.trim());
    if concept.is_empty() || definition.is_empty() {
        return None;
    }
    let mask = |text: &str, names: &[&str]| {
        names.iter().fold(text.to_string(), |t, name| blank_out(&t, name).unwrap_or(t))
    };
    let correct = mask(definition, &[concept]);
    let mut seen = vec![normalise_text(&correct)];
    let mut usable: Vec<(String, String)> = Vec::new();
    for (other, text) in distractor_definitions {
        if normalise_text(other) == normalise_text(concept) || other.trim().is_empty() {
            continue;
        }
        let masked = mask(text.trim(), &[other.trim(), concept]);
        let key = normalise_text(&masked);
        if !key.is_empty() && !seen.contains(&key) {
            seen.push(key);
            usable.push((other.trim().to_string(), masked));
        }
    }
    if usable.len() < 2 {
        return None;
    }
    usable.shuffle(rng);
    usable.truncate(3);
    let ruled_out = usable[0].0.clone();
    let (options, answer) =
        multiple_choice(rng, &correct, usable.iter().map(|(_, text)| text.clone()));
    let hints = safe_hints(
        vec![
            hint(
                format!("One of the options describes {ruled_out}; rule it out first."),
                "Rule out the options that describe a different idea from your session.",
            ),
            hint(
                format!(
                    "Pick the option that says what {concept} is or does, the way your tutor \
                     explained it."
                ),
                "Pick the option that matches how your tutor explained it.",
            ),
        ],
        &[correct.clone(), definition.to_string()],
    );
    Some(GeneratedItem {
        kind: QuestionKind::MultipleChoice,
        prompt: format!("Which best describes {concept}?"),
        options,
        answer,
        display_answer: correct,
        explanation: format!("{concept}: {definition}"),
        hints,
        difficulty: 4,
        generator: "transcript_definition",
    })
}

/// Short answer: "Fill in the blank" from the tutor's sentence, accepting the concept name in any
/// case, with or without an article or punctuation. `None` if the phrase is absent.
pub fn short_answer_item(concept: &str, sentence: &str) -> Option<GeneratedItem> {
    let concept = concept.trim();
    let blanked = blank_out(sentence, concept)?;
    Some(GeneratedItem {
        kind: QuestionKind::ShortAnswer,
        prompt: format!("Fill in the blank: \"{blanked}\""),
        options: Vec::new(),
        answer: AnswerKey::Text { accepted: vec![normalise_text(concept)] },
        display_answer: concept.to_string(),
        explanation: format!("Your tutor said: \"{}\"", sentence.trim()),
        hints: term_hints(concept),
        difficulty: 5,
        generator: "transcript_short_answer",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_case_insensitively() {
        let s = "Mitochondria make ATP; the mitochondria are everywhere.";
        assert_eq!(find_phrase(s, "mitochondria").len(), 2);
        assert!(find_phrase("a reaction happens", "ion").is_empty());
        assert_eq!(
            blank_out("Enzymes speed up reactions.", "enzyme").as_deref(),
            Some("_____ speed up reactions.")
        );
        assert_eq!(
            blank_out("The  quadratic\nformula solves it", "Quadratic Formula").as_deref(),
            Some("The  _____ solves it")
        );
        assert_eq!(
            blank_out("Ünïcode ÉCLAIR here", "éclair").as_deref(),
            Some("Ünïcode _____ here")
        );
    }
}
