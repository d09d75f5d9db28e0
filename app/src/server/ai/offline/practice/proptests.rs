//! Property tests for every generator at every difficulty: answers are re-derived here by a
//! different method than the generator used (substituting roots, expanding factors, cross-
//! multiplying, summing atoms by hand), keys accept the shown answer and reject obvious mistakes,
//! options are distinct with exactly one right, and hints never show the answer.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::generators::*;
use super::periodic::element;
use super::{AnswerKey, GeneratedItem, Generator, QuestionKind, check_answer, generators};
use crate::server::grading::number::Ratio;

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

// ---------------------------------------------------------------------------------------------
// The test's own readers, kept separate from the crate's parser on purpose.

/// Exact value of "7", "-3/2", "+5", "2.5", "-0.125".
fn exact(s: &str) -> Ratio {
    let s = s.trim();
    let int =
        |t: &str| -> i128 { t.trim().parse().unwrap_or_else(|_| panic!("not an integer: {t:?}")) };
    if let Some((n, d)) = s.split_once('/') {
        return Ratio::new(int(n), int(d));
    }
    if let Some((whole, frac)) = s.split_once('.') {
        let negative = whole.trim_start().starts_with('-');
        let scale = 10i128.pow(frac.len() as u32);
        let magnitude = int(whole).abs() * scale + int(frac);
        return Ratio::new(if negative { -magnitude } else { magnitude }, scale);
    }
    Ratio::int(int(s))
}

/// Coefficients (x², x, constant) of a polynomial written like "3x² - x + 4" or "-2x + 5".
fn poly(s: &str) -> (i128, i128, i128) {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut terms: Vec<String> = Vec::new();
    for (i, c) in t.chars().enumerate() {
        if (c == '+' || c == '-') && i > 0 {
            terms.push(String::new());
        }
        match terms.last_mut() {
            Some(term) => term.push(c),
            None => terms.push(c.to_string()),
        }
    }
    let coef = |body: &str| -> i128 {
        match body {
            "" | "+" => 1,
            "-" => -1,
            other => other.trim_start_matches('+').parse().unwrap_or_else(|_| panic!("{other}")),
        }
    };
    let (mut a, mut b, mut c) = (0, 0, 0);
    for term in terms {
        if let Some(body) = term.strip_suffix("x²") {
            a += coef(body);
        } else if let Some(body) = term.strip_suffix('x') {
            b += coef(body);
        } else {
            c += coef(&term);
        }
    }
    (a, b, c)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).map_or(0, |i| i + start.len());
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}

fn eval(a: i128, b: i128, c: i128, x: Ratio) -> Ratio {
    Ratio::int(a) * x * x + Ratio::int(b) * x + Ratio::int(c)
}

/// Numbers written in a hint, split the way a reader would see them.
fn hint_numbers(hint: &str) -> Vec<f64> {
    hint.split(|c: char| c.is_whitespace() || ",;:()[]\"'".contains(c))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || "-./".contains(c)))
        .filter_map(|t| match t.split_once('/') {
            Some((n, d)) => {
                let (n, d): (f64, f64) = (n.parse().ok()?, d.parse().ok()?);
                (d != 0.0).then_some(n / d)
            }
            None => t.parse().ok(),
        })
        .collect()
}

/// Whether `needle` occurs in `hay` other than inside a longer word or number.
fn shows(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.to_lowercase(), needle.to_lowercase());
    hay.match_indices(&needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let mut rest = hay[i + m.len()..].chars();
        let (after, after2) = (rest.next(), rest.next());
        // "2" inside "7/2", "1.2", "x^2" or "-2" is a different number.
        let numeric = needle.starts_with(|c: char| c.is_ascii_digit());
        let glued_before = before
            .is_some_and(|c| c.is_alphanumeric() || "./^".contains(c) || (numeric && c == '-'));
        let glued_after = after.is_some_and(|c| {
            c.is_alphanumeric()
                || c == '^'
                || ((c == '.' || c == '/') && after2.is_some_and(|d| d.is_ascii_digit()))
        });
        !glued_before && !glued_after
    })
}

fn answer_values(item: &GeneratedItem) -> Vec<f64> {
    match &item.answer {
        AnswerKey::Numeric { value, .. } => vec![*value],
        AnswerKey::Text { accepted } if item.generator == "quadratic_formula" => {
            accepted[0].split(", ").map(|r| exact(r).to_f64()).collect()
        }
        _ => Vec::new(),
    }
}

fn other_unit(unit: &str) -> &'static str {
    ["km", "kg", "mL", "s", "K", "mol", "g/mol", "°C", "m"]
        .into_iter()
        .find(|u| *u != unit)
        .unwrap_or("km")
}

fn with_thousands(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Checks every generated item must pass, whatever produced it.
pub(super) fn assert_sound(item: &GeneratedItem, generator: &str, requested: u8) {
    let ctx = format!("{item:#?}");
    assert_eq!(item.generator, generator);
    assert_eq!(item.difficulty, requested.clamp(1, 10));
    for text in [&item.prompt, &item.explanation, &item.display_answer] {
        assert!(!text.trim().is_empty(), "{ctx}");
    }
    assert!((2..=3).contains(&item.hints.len()), "hint count: {ctx}");
    let values = answer_values(item);
    for hint in &item.hints {
        assert!(!hint.trim().is_empty(), "{ctx}");
        assert!(!shows(hint, &item.display_answer), "hint shows the answer: {hint:?}\n{ctx}");
        for n in hint_numbers(hint) {
            for v in &values {
                assert!((n - v).abs() > 1e-9 * v.abs().max(1.0), "hint shows {v}: {hint:?}\n{ctx}");
            }
        }
    }
    match (&item.kind, &item.answer) {
        (QuestionKind::MultipleChoice, key @ AnswerKey::Choice { id, text }) => {
            let n = item.options.len();
            assert!((3..=4).contains(&n), "{ctx}");
            let ids: Vec<&str> = item.options.iter().map(|o| o.id.as_str()).collect();
            assert_eq!(ids, ["a", "b", "c", "d"][..n]);
            let mut texts: Vec<String> =
                item.options.iter().map(|o| o.text.to_lowercase().replace(' ', "")).collect();
            texts.sort();
            texts.dedup();
            assert_eq!(texts.len(), n, "duplicate options: {ctx}");
            let right: Vec<_> = item.options.iter().filter(|o| &o.id == id).collect();
            assert_eq!(right.len(), 1, "{ctx}");
            assert_eq!(&right[0].text, text);
            assert_eq!(&item.display_answer, text);
            let mc = QuestionKind::MultipleChoice;
            assert!(check_answer(mc, key, id));
            assert!(check_answer(mc, key, &id.to_uppercase()));
            assert!(check_answer(mc, key, &format!(" {id}) ")));
            assert!(check_answer(mc, key, text));
            for other in item.options.iter().filter(|o| &o.id != id) {
                assert!(!check_answer(mc, key, &other.id), "{ctx}");
                assert!(!check_answer(mc, key, &other.text), "{ctx}");
            }
            assert!(!check_answer(mc, key, "z"));
            assert!(!check_answer(mc, key, ""));
        }
        (QuestionKind::Numeric, key @ AnswerKey::Numeric { value, tolerance, unit }) => {
            assert!(item.options.is_empty());
            assert!(value.is_finite() && tolerance.is_finite() && *tolerance >= 0.0, "{ctx}");
            let k = QuestionKind::Numeric;
            assert!(check_answer(k, key, &item.display_answer), "display rejected: {ctx}");
            assert!(check_answer(k, key, &value.to_string()), "{ctx}");
            let wrong = value + value.abs().max(1.0) * 0.5 + 1.0;
            assert!(!check_answer(k, key, &wrong.to_string()), "{ctx}");
            assert!(!check_answer(k, key, "not a number"));
            if value.fract() == 0.0 && value.abs() >= 1000.0 {
                assert!(check_answer(k, key, &with_thousands(*value as i128)), "{ctx}");
            }
            if let Some(u) = unit {
                assert!(check_answer(k, key, &format!("{value} {u}")), "{ctx}");
                let swapped = format!("{value} {}", other_unit(u));
                assert!(!check_answer(k, key, &swapped), "wrong unit accepted: {swapped}\n{ctx}");
            }
        }
        (QuestionKind::ShortAnswer, key @ AnswerKey::Text { accepted }) => {
            assert!(item.options.is_empty());
            assert!(!accepted.is_empty());
            let k = QuestionKind::ShortAnswer;
            assert!(check_answer(k, key, &item.display_answer), "{ctx}");
            assert!(!check_answer(k, key, "definitely not it"));
            assert!(!check_answer(k, key, "42"));
        }
        _ => panic!("kind and key disagree: {ctx}"),
    }
}

/// The public `generate` and the test hook produce the same item for a seed.
fn same_as_public(g: &dyn Generator, seed: u64, difficulty: u8, item: &GeneratedItem) {
    assert_eq!(&g.generate(&mut rng(seed), difficulty), item);
    assert_sound(item, g.id(), difficulty);
}

// ---------------------------------------------------------------------------------------------
// Hand-counted atoms, independent of the formula parser.

const ATOMS: &[(&str, &[(&str, u32)])] = &[
    ("H2O", &[("H", 2), ("O", 1)]),
    ("CO2", &[("C", 1), ("O", 2)]),
    ("NaCl", &[("Na", 1), ("Cl", 1)]),
    ("O2", &[("O", 2)]),
    ("N2", &[("N", 2)]),
    ("H2", &[("H", 2)]),
    ("Cl2", &[("Cl", 2)]),
    ("HCl", &[("H", 1), ("Cl", 1)]),
    ("CH4", &[("C", 1), ("H", 4)]),
    ("NH3", &[("N", 1), ("H", 3)]),
    ("MgO", &[("Mg", 1), ("O", 1)]),
    ("KCl", &[("K", 1), ("Cl", 1)]),
    ("C6H12O6", &[("C", 6), ("H", 12), ("O", 6)]),
    ("CaCO3", &[("Ca", 1), ("C", 1), ("O", 3)]),
    ("H2SO4", &[("H", 2), ("S", 1), ("O", 4)]),
    ("NaOH", &[("Na", 1), ("O", 1), ("H", 1)]),
    ("HNO3", &[("H", 1), ("N", 1), ("O", 3)]),
    ("C2H5OH", &[("C", 2), ("H", 6), ("O", 1)]),
    ("NaHCO3", &[("Na", 1), ("H", 1), ("C", 1), ("O", 3)]),
    ("KMnO4", &[("K", 1), ("Mn", 1), ("O", 4)]),
    ("Fe2O3", &[("Fe", 2), ("O", 3)]),
    ("C3H8", &[("C", 3), ("H", 8)]),
    ("AgNO3", &[("Ag", 1), ("N", 1), ("O", 3)]),
    ("KI", &[("K", 1), ("I", 1)]),
    ("BaCl2", &[("Ba", 1), ("Cl", 2)]),
    ("Ca(OH)2", &[("Ca", 1), ("O", 2), ("H", 2)]),
    ("Mg(OH)2", &[("Mg", 1), ("O", 2), ("H", 2)]),
    ("Ba(OH)2", &[("Ba", 1), ("O", 2), ("H", 2)]),
    ("Al(OH)3", &[("Al", 1), ("O", 3), ("H", 3)]),
    ("Cu(NO3)2", &[("Cu", 1), ("N", 2), ("O", 6)]),
    ("Pb(NO3)2", &[("Pb", 1), ("N", 2), ("O", 6)]),
    ("(NH4)2SO4", &[("N", 2), ("H", 8), ("S", 1), ("O", 4)]),
    ("Ca(NO3)2", &[("Ca", 1), ("N", 2), ("O", 6)]),
    ("Al2(SO4)3", &[("Al", 2), ("S", 3), ("O", 12)]),
    ("Ca3(PO4)2", &[("Ca", 3), ("P", 2), ("O", 8)]),
    ("Fe2(SO4)3", &[("Fe", 2), ("S", 3), ("O", 12)]),
    ("(NH4)3PO4", &[("N", 3), ("H", 12), ("P", 1), ("O", 4)]),
    ("CuSO4·5H2O", &[("Cu", 1), ("S", 1), ("O", 9), ("H", 10)]),
    ("MgSO4·7H2O", &[("Mg", 1), ("S", 1), ("O", 11), ("H", 14)]),
    ("Na2CO3·10H2O", &[("Na", 2), ("C", 1), ("O", 13), ("H", 20)]),
    ("Na", &[("Na", 1)]),
    ("Fe", &[("Fe", 1)]),
    ("Mg", &[("Mg", 1)]),
    ("Zn", &[("Zn", 1)]),
    ("Al", &[("Al", 1)]),
    ("CaO", &[("Ca", 1), ("O", 1)]),
    ("KClO3", &[("K", 1), ("Cl", 1), ("O", 3)]),
    ("ZnCl2", &[("Zn", 1), ("Cl", 2)]),
    ("AlCl3", &[("Al", 1), ("Cl", 3)]),
    ("SO2", &[("S", 1), ("O", 2)]),
    ("SO3", &[("S", 1), ("O", 3)]),
    ("NO", &[("N", 1), ("O", 1)]),
    ("C2H6", &[("C", 2), ("H", 6)]),
];

fn atoms(formula: &str) -> &'static [(&'static str, u32)] {
    ATOMS
        .iter()
        .find(|(f, _)| *f == formula)
        .map(|(_, a)| *a)
        .unwrap_or_else(|| panic!("no hand count for {formula}"))
}

fn hand_mass(formula: &str) -> f64 {
    atoms(formula)
        .iter()
        .map(|(s, n)| element(s).unwrap_or_else(|| panic!("{s}")).mass * f64::from(*n))
        .sum()
}

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * b.abs().max(1e-12)
}

#[test]
fn every_reaction_in_the_table_is_balanced() {
    for r in REACTIONS {
        let mut count = BTreeMap::<&str, i64>::new();
        for (coef, f) in r.reactants {
            for (el, n) in atoms(f) {
                *count.entry(el).or_default() += i64::from(coef * n);
            }
        }
        for (coef, f) in r.products {
            for (el, n) in atoms(f) {
                *count.entry(el).or_default() -= i64::from(coef * n);
            }
        }
        assert!(count.values().all(|v| *v == 0), "unbalanced: {}", r.equation());
    }
}

#[test]
fn the_formula_parser_agrees_with_hand_counts_for_every_table_formula() {
    for (formula, counted) in ATOMS {
        let parsed = super::periodic::parse_formula(formula).expect("table formula parses");
        let expected: BTreeMap<&str, u32> = counted.iter().copied().collect();
        assert_eq!(parsed, expected, "{formula}");
    }
    for c in COMPOUNDS {
        let _ = atoms(c.formula);
    }
}

// ---------------------------------------------------------------------------------------------
// Sweeps over all generators

#[test]
fn every_generator_produces_sound_items_across_seeds_and_difficulties() {
    for g in generators() {
        for difficulty in 1..=10 {
            for seed in 0..120 {
                let item = g.generate(&mut rng(seed), difficulty);
                assert_sound(&item, g.id(), difficulty);
            }
        }
    }
}

#[test]
fn generation_is_reproducible_from_the_seed() {
    for g in generators() {
        for seed in [0, 1, 42, u64::MAX] {
            assert_eq!(g.generate(&mut rng(seed), 6), g.generate(&mut rng(seed), 6));
        }
    }
}

#[test]
fn out_of_range_difficulties_are_clamped() {
    for g in generators() {
        assert_eq!(g.generate(&mut rng(3), 0).difficulty, 1);
        assert_eq!(g.generate(&mut rng(3), 11).difficulty, 10);
        assert_eq!(g.generate(&mut rng(3), u8::MAX).difficulty, 10);
    }
}

#[test]
fn multiple_choice_generators_vary_the_position_of_the_right_answer() {
    for g in generators() {
        let mut positions = std::collections::BTreeSet::new();
        for seed in 0..200 {
            if let AnswerKey::Choice { id, .. } = g.generate(&mut rng(seed), 5).answer {
                positions.insert(id);
            }
        }
        assert!(positions.is_empty() || positions.len() >= 3, "{}: {positions:?}", g.id());
    }
}

// ---------------------------------------------------------------------------------------------
// Per-generator re-computation

fn linear_equation_answers_satisfy_the_equation_in_the_prompt_case(seed: u64, difficulty: u8) {
    let (p, item) = LinearEquations.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&LinearEquations, seed, difficulty, &item);
    let (lhs, rhs) =
        item.prompt.trim_start_matches("Solve for x: ").split_once(" = ").expect("equation");
    let ((_, a, b), (_, c, d)) = (poly(lhs), poly(rhs));
    assert_eq!((a, b, c, d), (p.a, p.b, p.c, p.d));
    let x = exact(item.display_answer.trim_start_matches("x = "));
    assert_eq!(Ratio::int(a) * x + Ratio::int(b), Ratio::int(c) * x + Ratio::int(d));
    if difficulty >= 7 {
        assert!(c != 0, "both sides at high difficulty");
    }
    if (5..=6).contains(&difficulty) || difficulty >= 9 {
        assert!(!x.is_integer());
    }
}

fn factoring_options_expand_back_to_the_prompt_only_for_the_right_one_case(
    seed: u64,
    difficulty: u8,
) {
    let (f, item) = QuadraticFactoring.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&QuadraticFactoring, seed, difficulty, &item);
    let target = poly(item.prompt.trim_start_matches("Factor completely: "));
    assert_eq!(target, f.expand());
    let expand = |text: &str| {
        let inner = text.trim_start_matches('(').trim_end_matches(')');
        let (l, r) = inner.split_once(")(").expect("two factors");
        let ((_, p, q), (_, r2, s)) = (poly(l), poly(r));
        (p * r2, p * s + q * r2, q * s)
    };
    let matching: Vec<_> = item.options.iter().filter(|o| expand(&o.text) == target).collect();
    assert_eq!(matching.len(), 1);
    assert_eq!(&matching[0].text, &item.display_answer);
    if difficulty <= 6 {
        assert_eq!(target.0, 1);
    } else {
        assert!(target.0 > 1);
    }
    assert_eq!(item.options.len(), 4);
}

fn quadratic_formula_roots_substitute_back_to_zero_case(seed: u64, difficulty: u8) {
    let (p, item) = QuadraticFormula.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&QuadraticFormula, seed, difficulty, &item);
    let (a, b, c) = poly(between(&item.prompt, "Solve ", " = 0"));
    assert_eq!((a, b, c), (p.a, p.b, p.c));
    let AnswerKey::Text { accepted } = &item.answer else { panic!("text key") };
    let roots: Vec<Ratio> = accepted[0].split(", ").map(exact).collect();
    for r in &roots {
        assert!(eval(a, b, c, *r).is_zero(), "{} is not a root of {}", r, item.prompt);
    }
    let disc = b * b - 4 * a * c;
    assert_eq!(roots.len(), if disc == 0 { 1 } else { 2 });
    // Any order, any equivalent form.
    let k = QuestionKind::ShortAnswer;
    let decimals: Vec<String> = roots.iter().rev().map(|r| format!("x = {}", r.to_f64())).collect();
    assert!(check_answer(k, &item.answer, &decimals.join(", ")));
    let words: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
    assert!(check_answer(k, &item.answer, &words.join(" and ")));
    if roots.len() == 2 {
        assert!(!check_answer(k, &item.answer, &roots[0].to_string()));
        let shifted = format!("{}, {}", roots[0], roots[1] + Ratio::int(1));
        assert!(!check_answer(k, &item.answer, &shifted));
    }
    if difficulty >= 7 {
        assert!(a > 1 || roots.iter().any(|r| !r.is_integer()) || roots.len() == 1);
    }
}

fn discriminants_agree_with_the_vertex_height_case(seed: u64, difficulty: u8) {
    let (p, item) = Discriminant.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&Discriminant, seed, difficulty, &item);
    let shown = if p.ask_root_count {
        between(&item.prompt, "does ", " = 0")
    } else {
        between(&item.prompt, "of ", " = 0")
    };
    let (a, b, c) = poly(shown);
    assert_eq!((a, b, c), (p.a, p.b, p.c));
    // b² - 4ac = -4a · f(-b / 2a): the height of the vertex, scaled.
    let vertex_x = Ratio::new(-b, 2 * a);
    let disc = Ratio::int(-4 * a) * eval(a, b, c, vertex_x);
    match &item.answer {
        AnswerKey::Numeric { value, .. } => assert_eq!(*value, disc.to_f64()),
        AnswerKey::Choice { text, .. } => {
            let expected = match disc.signum() {
                1 => "Two distinct",
                0 => "One repeated",
                _ => "No real",
            };
            assert!(text.starts_with(expected), "{} for discriminant {}", text, disc);
        }
        AnswerKey::Text { .. } => panic!("unexpected key"),
    }
}

fn completed_squares_expand_back_to_the_prompt_case(seed: u64, difficulty: u8) {
    let (p, item) = CompletingSquare.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&CompletingSquare, seed, difficulty, &item);
    let shown = match p.variant {
        SquareVariant::Form => between(&item.prompt, "write ", " in the form"),
        SquareVariant::Vertex => between(&item.prompt, "y = ", "."),
    };
    let (a, b, c) = poly(shown);
    assert_eq!((a, b, c), (p.a, p.b, p.c));
    let is_right = |text: &str| match p.variant {
        SquareVariant::Form => {
            let (lead, rest) = text.split_once('(').expect("bracket");
            let lead = if lead.is_empty() { 1 } else { lead.parse::<i128>().expect("lead") };
            let (inner, tail) = rest.split_once(")²").expect("square");
            let h = match inner.trim_start_matches('x').replace(' ', "") {
                s if s.is_empty() => Ratio::int(0),
                s => exact(&s),
            };
            let k = match tail.replace(' ', "") {
                s if s.is_empty() => Ratio::int(0),
                s => exact(&s),
            };
            // a(x + h)² + k = a·x² + 2ah·x + (ah² + k)
            lead == a
                && Ratio::int(2 * lead) * h == Ratio::int(b)
                && Ratio::int(lead) * h * h + k == Ratio::int(c)
        }
        SquareVariant::Vertex => {
            let (x, y) = text.trim_matches(['(', ')']).split_once(", ").expect("point");
            let (x, y) = (exact(x), exact(y));
            // The vertex is where the gradient 2ax + b is zero, at height f(x).
            (Ratio::int(2 * a) * x + Ratio::int(b)).is_zero() && eval(a, b, c, x) == y
        }
    };
    let right: Vec<_> = item.options.iter().filter(|o| is_right(&o.text)).collect();
    assert_eq!(right.len(), 1, "{:#?}", item);
    assert_eq!(&right[0].text, &item.display_answer);
}

fn fraction_answers_cross_multiply_back_case(seed: u64, difficulty: u8) {
    let (p, item) = FractionArithmetic.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&FractionArithmetic, seed, difficulty, &item);
    let FractionParams { n1, d1, n2, d2, op, .. } = p;
    let (rn, rd) = match item.display_answer.split_once('/') {
        Some((n, d)) => {
            (n.parse::<i128>().expect("numerator"), d.parse::<i128>().expect("denominator"))
        }
        None => (item.display_answer.parse::<i128>().expect("integer"), 1),
    };
    assert!(
        rd > 0 && crate::server::grading::number::gcd(rn, rd) == 1,
        "not in lowest terms: {}",
        item.display_answer
    );
    // rn/rd = result  ⇔  rn · (denominator of the exact result) = rd · (its numerator).
    let holds = match op {
        FractionOp::Add => rn * d1 * d2 == rd * (n1 * d2 + n2 * d1),
        FractionOp::Sub => rn * d1 * d2 == rd * (n1 * d2 - n2 * d1),
        FractionOp::Mul => rn * d1 * d2 == rd * n1 * n2,
        FractionOp::Div => rn * d1 * n2 == rd * n1 * d2,
    };
    assert!(holds, "{} gave {}", item.prompt, item.display_answer);
    let unreduced = format!("{}/{}", rn * 2, rd * 2);
    assert!(check_answer(QuestionKind::Numeric, &item.answer, &unreduced));
    let operands = between(&item.prompt, "Calculate ", ". Give");
    assert!(operands.contains(&d1.to_string()) && operands.contains(&d2.to_string()));
}

fn percentage_answers_check_out_by_rearranging_case(seed: u64, difficulty: u8) {
    let (p, item) = Percentages.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&Percentages, seed, difficulty, &item);
    let answer = exact(item.display_answer.trim_end_matches('%'));
    let hundred = Ratio::int(100);
    match p {
        PercentParams::Of { percent, base } => {
            assert_eq!(answer * hundred, percent * Ratio::int(base));
            assert!(item.prompt.contains(&base.to_string()));
        }
        PercentParams::Change { from, to } => {
            let signed = if to >= from { answer } else { -answer };
            assert_eq!(Ratio::int(from) * (hundred + signed), Ratio::int(to) * hundred);
            let with_sign = format!("{}%", answer.to_f64());
            assert!(check_answer(QuestionKind::Numeric, &item.answer, &with_sign));
            assert!(check_answer(
                QuestionKind::Numeric,
                &item.answer,
                &answer.to_f64().to_string()
            ));
        }
        PercentParams::Reverse { percent, increase, final_value } => {
            let factor = if increase { 100 + percent } else { 100 - percent };
            assert_eq!(answer * Ratio::int(factor), final_value * hundred);
        }
    }
}

fn exponent_answers_match_repeated_multiplication_case(seed: u64, difficulty: u8) {
    let (expr, item) = ExponentRules.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&ExponentRules, seed, difficulty, &item);
    // b^e by multiplying e copies of b (and inverting for negative e), no exponent rules.
    let power = |b: Ratio, e: i32| {
        let mut out = Ratio::int(1);
        for _ in 0..e.unsigned_abs() {
            out = out * b;
        }
        if e < 0 { Ratio::int(1).checked_div(out).expect("nonzero") } else { out }
    };
    let value = match &item.answer {
        AnswerKey::Numeric { value, .. } => *value,
        _ => panic!("numeric"),
    };
    let two = Ratio::int(2);
    let expected = match expr {
        ExponentExpr::ProductExponent { m, n } => {
            let k = value as i32;
            assert_eq!(power(two, m) * power(two, n), power(two, k));
            return;
        }
        ExponentExpr::QuotientExponent { m, n } => {
            let k = value as i32;
            assert_eq!(power(two, m).checked_div(power(two, n)), Some(power(two, k)));
            return;
        }
        ExponentExpr::PowerExponent { m, n } => {
            let k = value as i32;
            assert_eq!(power(power(two, m), n), power(two, k));
            return;
        }
        ExponentExpr::Product { base, m, n } => power(base, m) * power(base, n),
        ExponentExpr::Quotient { base, m, n } => {
            power(base, m).checked_div(power(base, n)).expect("nonzero")
        }
        ExponentExpr::PowerQuotient { base, m, n, k } => {
            power(power(base, m), n).checked_div(power(base, k)).expect("nonzero")
        }
        ExponentExpr::ZeroPlusNegative { zero_base, base, n } => {
            power(Ratio::int(zero_base), 0) + power(Ratio::int(base), -n)
        }
        ExponentExpr::Negative { base, n } => power(base, -n),
    };
    assert_eq!(exact(&item.display_answer), expected);
}

fn unit_conversions_agree_with_an_independent_factor_table_case(seed: u64, difficulty: u8) {
    let (p, item) = UnitConversion.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&UnitConversion, seed, difficulty, &item);
    let si = |u: &str| match u {
        "km" => 1e3,
        "m" => 1.0,
        "cm" => 1e-2,
        "mm" => 1e-3,
        "kg" => 1e3,
        "g" => 1.0,
        "mg" => 1e-3,
        "L" => 1.0,
        "mL" => 1e-3,
        "h" => 3600.0,
        "min" => 60.0,
        "s" => 1.0,
        "km/h" => 1000.0 / 3600.0,
        "m/s" => 1.0,
        other => panic!("unit {other}"),
    };
    let v = p.value.to_f64();
    let expected = match (p.from, p.to) {
        ("°C", "K") => v + 273.15,
        ("K", "°C") => v - 273.15,
        (f, t) => v * si(f) / si(t),
    };
    let AnswerKey::Numeric { value, unit, .. } = &item.answer else { panic!("numeric") };
    assert!(close(*value, expected, 1e-9), "{} → {} (expected {})", item.prompt, value, expected);
    assert_eq!(unit.as_deref(), Some(p.to));
    let question_quantity = format!("{} {}", p.value.to_plain_string(), p.from);
    assert!(item.prompt.contains(&question_quantity));
    // The quantity echoed back in the question's own unit is not an answer.
    if p.from != p.to && !close(v, *value, 1e-9) {
        assert!(!check_answer(QuestionKind::Numeric, &item.answer, &question_quantity));
    }
}

fn molar_masses_equal_hand_counted_atom_sums_case(seed: u64, difficulty: u8) {
    let (p, item) = MolarMass.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&MolarMass, seed, difficulty, &item);
    let AnswerKey::Numeric { value, tolerance, unit } = &item.answer else { panic!("numeric") };
    assert!(close(*value, hand_mass(p.compound.formula), 1e-12));
    assert!(*tolerance <= 0.001 * value + 0.05);
    assert_eq!(unit.as_deref(), Some("g/mol"));
    let (spelled, wrong_unit) = (format!("{value:.2} grams per mole"), format!("{value:.2} g"));
    assert!(check_answer(QuestionKind::Numeric, &item.answer, &spelled));
    assert!(!check_answer(QuestionKind::Numeric, &item.answer, &wrong_unit));
}

fn mole_ratio_answers_share_one_reaction_extent_case(seed: u64, difficulty: u8) {
    let (p, item) = MoleRatios.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&MoleRatios, seed, difficulty, &item);
    let AnswerKey::Numeric { value, unit, .. } = &item.answer else { panic!("numeric") };
    let given_moles = if p.given_in_grams {
        p.amount.to_f64() / hand_mass(p.given.formula)
    } else {
        p.amount.to_f64()
    };
    // Both substances take part in the same number of "reaction units": moles ÷ coefficient.
    let extent = given_moles / f64::from(p.given.coefficient);
    let target_moles = extent * f64::from(p.target.coefficient);
    let expected =
        if p.answer_in_grams { target_moles * hand_mass(p.target.formula) } else { target_moles };
    assert!(close(*value, expected, 1e-9), "{}: {} vs {}", item.prompt, value, expected);
    assert_eq!(unit.as_deref(), Some(if p.answer_in_grams { "g" } else { "mol" }));
    assert!(item.prompt.contains(&p.amount.to_plain_string()));
}

fn limiting_reagents_run_out_before_the_other_reactant_case(seed: u64, difficulty: u8) {
    let (p, item) = LimitingReagent.generate_with_params(&mut rng(seed), difficulty);
    same_as_public(&LimitingReagent, seed, difficulty, &item);
    let [(ca, fa), (cb, fb)] = [p.reaction.reactants[0], p.reaction.reactants[1]];
    let moles = |amount: Ratio, f: &str| {
        if p.in_grams { amount.to_f64() / hand_mass(f) } else { amount.to_f64() }
    };
    let (na, nb) = (moles(p.amounts[0], fa), moles(p.amounts[1], fb));
    // How much B it would take to use up all of A.
    let b_needed = na * f64::from(cb) / f64::from(ca);
    let (limiting_moles, limiting_coef, limiting) = if close(nb, b_needed, 1e-9) {
        (na, ca, None)
    } else if nb < b_needed {
        (nb, cb, Some(fb))
    } else {
        (na, ca, Some(fa))
    };
    match (&item.answer, p.yield_of) {
        (AnswerKey::Choice { text, .. }, None) => match limiting {
            Some(f) => assert_eq!(text, &super::periodic::pretty_formula(f)),
            None => assert!(text.starts_with("Neither")),
        },
        (AnswerKey::Numeric { value, .. }, Some(product)) => {
            let product_moles =
                limiting_moles * f64::from(product.coefficient) / f64::from(limiting_coef);
            let expected = if p.yield_in_grams {
                product_moles * hand_mass(product.formula)
            } else {
                product_moles
            };
            assert!(close(*value, expected, 1e-9), "{}: {} vs {}", item.prompt, value, expected);
        }
        _ => panic!("unexpected key for {:?}", p),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn linear_equation_answers_satisfy_the_equation_in_the_prompt(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        linear_equation_answers_satisfy_the_equation_in_the_prompt_case(seed, difficulty);
    }

    #[test]
    fn factoring_options_expand_back_to_the_prompt_only_for_the_right_one(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        factoring_options_expand_back_to_the_prompt_only_for_the_right_one_case(seed, difficulty);
    }

    #[test]
    fn quadratic_formula_roots_substitute_back_to_zero(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        quadratic_formula_roots_substitute_back_to_zero_case(seed, difficulty);
    }

    #[test]
    fn discriminants_agree_with_the_vertex_height(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        discriminants_agree_with_the_vertex_height_case(seed, difficulty);
    }

    #[test]
    fn completed_squares_expand_back_to_the_prompt(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        completed_squares_expand_back_to_the_prompt_case(seed, difficulty);
    }

    #[test]
    fn fraction_answers_cross_multiply_back(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        fraction_answers_cross_multiply_back_case(seed, difficulty);
    }

    #[test]
    fn percentage_answers_check_out_by_rearranging(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        percentage_answers_check_out_by_rearranging_case(seed, difficulty);
    }

    #[test]
    fn exponent_answers_match_repeated_multiplication(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        exponent_answers_match_repeated_multiplication_case(seed, difficulty);
    }

    #[test]
    fn unit_conversions_agree_with_an_independent_factor_table(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        unit_conversions_agree_with_an_independent_factor_table_case(seed, difficulty);
    }

    #[test]
    fn molar_masses_equal_hand_counted_atom_sums(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        molar_masses_equal_hand_counted_atom_sums_case(seed, difficulty);
    }

    #[test]
    fn mole_ratio_answers_share_one_reaction_extent(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        mole_ratio_answers_share_one_reaction_extent_case(seed, difficulty);
    }

    #[test]
    fn limiting_reagents_run_out_before_the_other_reactant(
        seed in any::<u64>(),
        difficulty in 1u8..=10,
    ) {
        limiting_reagents_run_out_before_the_other_reactant_case(seed, difficulty);
    }
}
