//! Answer-checking edge cases, the serialised shape of items, and the transcript-based builders.

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::proptests::assert_sound;
use super::*;

fn numeric(value: f64, tolerance: f64, unit: Option<&str>) -> AnswerKey {
    AnswerKey::Numeric { value, tolerance, unit: unit.map(str::to_string) }
}

fn text(accepted: &[&str]) -> AnswerKey {
    AnswerKey::Text { accepted: accepted.iter().map(|s| s.to_string()).collect() }
}

fn marks(key: &AnswerKey, given: &str) -> bool {
    let kind = match key {
        AnswerKey::Choice { .. } => QuestionKind::MultipleChoice,
        AnswerKey::Numeric { .. } => QuestionKind::Numeric,
        AnswerKey::Text { .. } => QuestionKind::ShortAnswer,
    };
    check_answer(kind, key, given)
}

fn accepts_all(key: &AnswerKey, answers: &[&str]) {
    for a in answers {
        assert!(marks(key, a), "{a:?} should be right for {key:?}");
    }
}

fn rejects_all(key: &AnswerKey, answers: &[&str]) {
    for a in answers {
        assert!(!marks(key, a), "{a:?} should be wrong for {key:?}");
    }
}

#[test]
fn one_half_equals_its_decimal_percentage_and_unreduced_forms() {
    let key = numeric(0.5, 1e-9, None);
    accepts_all(&key, &["1/2", "0.5", "0.50", "2/4", ".5", " 1 / 2 ", "x = 1/2", "50%", "5e-1"]);
    rejects_all(&key, &["0.6", "1/3", "2", "-1/2", "half", "0.5 m", "0.5%"]);
}

#[test]
fn a_leading_x_equals_is_ignored() {
    let key = numeric(3.0, 1e-9, None);
    accepts_all(&key, &["x = 3", "x=3", "3", "X = 3.0", "3 = x", "3.", "+3"]);
    rejects_all(&key, &["x = 4", "x = -3", "x", "3x"]);
}

#[test]
fn negative_fractions_and_mixed_numbers_parse() {
    accepts_all(
        &numeric(-1.5, 1e-9, None),
        &["-3/2", "−3/2", "-1 1/2", "-1.5", "- 1.5", "x = -3/2"],
    );
    accepts_all(&numeric(1.5, 1e-9, None), &["1 1/2", "3/2", "1.5", "6/4"]);
    rejects_all(&numeric(1.5, 1e-9, None), &["11/2", "1 1/3"]);
}

#[test]
fn recurring_answers_accept_three_decimals_but_not_two() {
    let key = numeric(7.0 / 3.0, 5e-4, None);
    accepts_all(&key, &["7/3", "2 1/3", "2.333", "2.3333"]);
    rejects_all(&key, &["2.33", "2.34", "2"]);
}

#[test]
fn scientific_notation_and_thousands_separators_parse() {
    let key = numeric(1200.0, 1e-9, None);
    accepts_all(
        &key,
        &["1.2e3", "1.2E3", "1.2 x 10^3", "1.2×10³", "1.2 * 10^3", "1,200", "1200.0"],
    );
    rejects_all(&key, &["1.2e4", "12,00", "1,2000", "120"]);
}

/// Decision: a different unit is wrong even when convertible. "2.5 km" for a key of 2500 m would
/// let a student answer a conversion question by echoing the question's own quantity.
#[test]
fn units_may_be_omitted_or_spelled_out_but_not_changed() {
    let key = numeric(2500.0, 1e-9, Some("m"));
    accepts_all(
        &key,
        &["2,500 m", "2500", "2500 meters", "2,500 metres", "2500m", "2.5 x 10^3 m", "2500 M."],
    );
    rejects_all(&key, &["2500 km", "2.5 km", "2500 g", "2500 furlongs", "25%", "2500 m m", "2.5"]);
}

#[test]
fn unit_synonyms_are_normalised() {
    accepts_all(
        &numeric(18.015, 0.05, Some("g/mol")),
        &["18.02 g/mol", "18 g mol⁻¹", "18.0 grams per mole"],
    );
    accepts_all(&numeric(1.5, 1e-9, Some("h")), &["1.5 h", "1.5 hr", "1.5 hours", "1 1/2 hours"]);
    accepts_all(&numeric(298.15, 1e-9, Some("K")), &["298.15 K", "298.15 kelvin"]);
    accepts_all(&numeric(25.0, 1e-9, Some("°C")), &["25 °C", "25°C", "25 C", "25 degrees Celsius"]);
    accepts_all(&numeric(250.0, 1e-9, Some("mL")), &["250 mL", "250 ml", "250 millilitres"]);
    rejects_all(&numeric(25.0, 1e-9, Some("°C")), &["25 K", "25 mol"]);
}

#[test]
fn percentage_answers_accept_the_percent_sign_or_not() {
    let key = numeric(12.0, 1e-9, Some("%"));
    accepts_all(&key, &["12%", "12", "12 %", "12 percent", "12.0%"]);
    rejects_all(&key, &["0.12", "12 m", "120%"]);
    accepts_all(&numeric(0.12, 1e-9, None), &["12%", "0.12"]);
}

#[test]
fn root_sets_match_in_any_order_and_form() {
    let key = text(&["1, -3/2"]);
    accepts_all(
        &key,
        &["x = 1, x = -1.5", "1 and -3/2", "-3/2, 1", "x = -1.5 or x = 1", "1; -1.5", "-1.50,1"],
    );
    rejects_all(&key, &["1", "1, 3/2", "1, -3/2, 2", "x = 1.5, x = -1", "x = 1 and y", ""]);
}

#[test]
fn a_repeated_root_may_be_given_once_or_twice() {
    let key = text(&["3"]);
    accepts_all(&key, &["3", "x = 3", "x = 3, x = 3"]);
    rejects_all(&key, &["3, -3", "-3"]);
}

#[test]
fn plus_or_minus_covers_both_roots() {
    accepts_all(&text(&["-2, 2"]), &["x = ±2", "+/- 2", "2, -2"]);
}

#[test]
fn short_answers_ignore_case_articles_and_punctuation() {
    let key = text(&["mitochondria"]);
    accepts_all(
        &key,
        &[
            "The mitochondria.",
            "mitochondria",
            "MITOCHONDRIA",
            "  mitochondria  ",
            "a mitochondria!",
        ],
    );
    rejects_all(&key, &["mitochondrion", "chloroplast", "the", "mito chondria"]);
}

#[test]
fn short_answers_accept_alternative_phrasings_and_plurals() {
    let key = text(&["carbon fixation", "calvin cycle"]);
    accepts_all(&key, &["The Calvin cycle", "carbon-fixation", "Carbon fixation."]);
    accepts_all(&text(&["enzyme"]), &["enzymes", "an enzyme"]);
    accepts_all(&text(&["newton's second law"]), &["Newtons second law", "Newton’s Second Law"]);
}

#[test]
fn multiple_choice_accepts_the_id_or_the_exact_option_text() {
    let key = AnswerKey::Choice { id: "b".into(), text: "(x + 3)(x - 5)".into() };
    accepts_all(
        &key,
        &["b", "B", " b ", "(b)", "b)", "b.", "option b", "(x+3)(x-5)", "(x + 3)(x − 5)"],
    );
    rejects_all(&key, &["a", "c", "(x-3)(x+5)", "(x + 3)(x + 5)", "ab", "", "x+3 x-5"]);
    let wordy = AnswerKey::Choice { id: "c".into(), text: "Two distinct real roots".into() };
    accepts_all(&wordy, &["c", "two distinct real roots.", "Two distinct real roots"]);
    let formula = AnswerKey::Choice { id: "a".into(), text: "H₂".into() };
    accepts_all(&formula, &["H2", "h₂", "a"]);
    rejects_all(&formula, &["H2O", "O2"]);
}

#[test]
fn choice_keys_stored_without_text_still_check_by_id() {
    let key: AnswerKey =
        serde_json::from_str(r#"{"type":"choice","id":"d"}"#).expect("old key shape loads");
    assert_eq!(key, AnswerKey::Choice { id: "d".into(), text: String::new() });
    assert!(marks(&key, "D"));
    assert!(!marks(&key, "a"));
}

#[test]
fn mismatched_kinds_and_keys_are_marked_wrong() {
    let choice = AnswerKey::Choice { id: "b".into(), text: "3".into() };
    assert!(!check_answer(QuestionKind::Numeric, &choice, "b"));
    assert!(!check_answer(QuestionKind::MultipleChoice, &numeric(3.0, 0.0, None), "3"));
    assert!(!check_answer(QuestionKind::MultipleChoice, &text(&["cell"]), "cell"));
    // Numeric and text keys are checked on their own terms whichever answer kind is named.
    assert!(check_answer(QuestionKind::ShortAnswer, &numeric(3.0, 0.0, None), "3"));
}

#[test]
fn garbage_input_is_marked_wrong_and_never_panics() {
    let long = "9".repeat(10_000);
    let nested = "(".repeat(1000);
    let garbage: Vec<&str> = vec![
        "", " ", "NaN", "nan", "inf", "-inf", "1e999", "-", "+", "/", "1/0", "0/0", "x =", "=",
        "==", "∞", "🙂🙂", "1,2,3,4", &long, &nested, "%%%", "1e", "10^", "3 x 10^", "1.2.3",
        "\u{0}", "١٢", "e3", "x = = 3", "3/", "/3", "1 1/0", "±", "+/-", ",,,", " and ", "x^2",
        "\n\t", "1e-99999", "0x1F", "½",
    ];
    let keys = [
        numeric(3.0, 0.0, None),
        numeric(2500.0, 0.0, Some("m")),
        numeric(12.0, 0.0, Some("%")),
        numeric(f64::NAN, f64::INFINITY, Some("weird unit")),
        numeric(f64::INFINITY, 1.0, None),
        text(&["1, -3/2"]),
        text(&["mitochondria"]),
        text(&[]),
        text(&[""]),
        AnswerKey::Choice { id: "a".into(), text: "(x + 1)²".into() },
        AnswerKey::Choice { id: String::new(), text: String::new() },
    ];
    for key in &keys {
        for g in &garbage {
            assert!(!marks(key, g), "{g:?} marked right for {key:?}");
        }
    }
}

#[test]
fn answer_keys_and_items_serialise_with_snake_case_tags() {
    let key = numeric(2500.0, 0.0, Some("m"));
    let json = serde_json::to_value(&key).expect("serialises");
    assert_eq!(json["type"], "numeric");
    assert_eq!(json["unit"], "m");
    assert_eq!(serde_json::to_value(QuestionKind::MultipleChoice).expect("ok"), "multiple_choice");
    let item =
        generator_for("fractions").expect("registered").generate(&mut StdRng::seed_from_u64(1), 3);
    let stored = crate::server::grading::StoredAnswer {
        key: item.answer.clone(),
        display: item.display_answer.clone(),
    };
    let text = serde_json::to_string(&stored).expect("serialises");
    let back: crate::server::grading::StoredAnswer =
        serde_json::from_str(&text).expect("round-trips");
    assert_eq!(back, stored);
}

// ---------------------------------------------------------------------------------------------
// Transcript-based items

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const SENTENCE: &str = "The Mitochondria is where cellular respiration releases energy.";

#[test]
fn cloze_items_blank_the_concept_and_offer_it_among_distractors() {
    let distractors =
        names(&["Ribosome", "Nucleus", "Chloroplast", "Golgi apparatus", "mitochondria"]);
    for seed in 0..50 {
        let item =
            cloze_item("mitochondria", SENTENCE, &distractors, &mut StdRng::seed_from_u64(seed))
                .expect("phrase present");
        assert_sound(&item, "transcript_cloze", item.difficulty);
        assert!(item.prompt.contains("The _____ is where"), "{}", item.prompt);
        assert!(!item.prompt.to_lowercase().contains("mitochondria"));
        assert_eq!(item.options.len(), 4);
        assert!(check_answer(QuestionKind::MultipleChoice, &item.answer, "Mitochondria"));
    }
}

#[test]
fn cloze_items_need_the_phrase_and_two_distinct_distractors() {
    let mut rng = StdRng::seed_from_u64(7);
    let two = names(&["Ribosome", "Nucleus"]);
    assert!(cloze_item("chloroplast", SENTENCE, &two, &mut rng).is_none());
    assert!(cloze_item("mitochondria", SENTENCE, &names(&["Ribosome"]), &mut rng).is_none());
    let dupes = names(&["Ribosome", "ribosome.", "The Mitochondria", ""]);
    assert!(cloze_item("mitochondria", SENTENCE, &dupes, &mut rng).is_none());
    let item = cloze_item("mitochondria", SENTENCE, &two, &mut rng).expect("two is enough");
    assert_eq!(item.options.len(), 3);
    assert!(cloze_item("", SENTENCE, &two, &mut rng).is_none());
    assert!(cloze_item("mitochondria", "", &two, &mut rng).is_none());
}

#[test]
fn definition_items_offer_the_right_definition_among_others() {
    let others = vec![
        ("Ribosome".to_string(), "Ribosomes build proteins from amino acids.".to_string()),
        ("Nucleus".to_string(), "The nucleus stores the cell's DNA.".to_string()),
        ("Chloroplast".to_string(), "Where photosynthesis happens in plant cells.".to_string()),
        ("Vacuole".to_string(), "A storage sac for water and nutrients.".to_string()),
    ];
    let definition = "Mitochondria release energy from glucose by respiration.";
    for seed in 0..30 {
        let item =
            definition_item("Mitochondria", definition, &others, &mut StdRng::seed_from_u64(seed))
                .expect("enough distractors");
        assert_sound(&item, "transcript_definition", 4);
        assert_eq!(item.prompt, "Which best describes Mitochondria?");
        assert_eq!(item.options.len(), 4);
        // Each option hides its own concept's name so it cannot give itself away.
        assert!(item.options.iter().all(|o| !o.text.to_lowercase().contains("ribosome")));
        assert!(item.options.iter().all(|o| !o.text.contains("Mitochondria")));
        assert!(item.explanation.contains(definition));
    }
}

#[test]
fn definition_items_need_two_usable_distractors() {
    let mut rng = StdRng::seed_from_u64(1);
    let one = vec![("Ribosome".to_string(), "Builds proteins.".to_string())];
    assert!(definition_item("Mitochondria", "Releases energy.", &one, &mut rng).is_none());
    let same = vec![
        ("Ribosome".to_string(), "Releases energy.".to_string()),
        ("mitochondria".to_string(), "Something else.".to_string()),
        ("Nucleus".to_string(), "Builds proteins.".to_string()),
    ];
    assert!(definition_item("Mitochondria", "Releases energy.", &same, &mut rng).is_none());
    assert!(definition_item("Mitochondria", "  ", &one, &mut rng).is_none());
}

#[test]
fn short_answer_items_accept_the_concept_loosely() {
    let item = short_answer_item("Cellular respiration", SENTENCE).expect("phrase present");
    assert_sound(&item, "transcript_short_answer", 5);
    assert_eq!(
        item.prompt,
        "Fill in the blank: \"The Mitochondria is where _____ releases energy.\""
    );
    for given in ["cellular respiration", "Cellular Respiration.", "the cellular respiration"] {
        assert!(check_answer(QuestionKind::ShortAnswer, &item.answer, given), "{given}");
    }
    assert!(!check_answer(QuestionKind::ShortAnswer, &item.answer, "respiration"));
    assert!(short_answer_item("photosynthesis", SENTENCE).is_none());
}

#[test]
fn transcript_item_hints_never_name_the_concept() {
    for concept in ["ATP", "A", "mitochondria", "cellular respiration"] {
        let sentence = format!("We said {concept} matters a lot.");
        let item = short_answer_item(concept, &sentence).expect("present");
        for hint in &item.hints {
            let lowered = hint.to_lowercase();
            let needle = concept.to_lowercase();
            let standalone = lowered
                .split(|c: char| !c.is_alphanumeric())
                .collect::<Vec<_>>()
                .windows(needle.split(' ').count())
                .any(|w| w.join(" ") == needle);
            assert!(!standalone, "{hint:?} names {concept:?}");
        }
        assert!(item.hints.len() >= 2, "{:?}", item.hints);
    }
}
