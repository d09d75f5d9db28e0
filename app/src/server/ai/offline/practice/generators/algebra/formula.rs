//! Quadratic formula, Discriminant (algebra).

use super::*;

// ---------------------------------------------------------------------------------------------
// Quadratic formula

pub(crate) struct QuadraticFormula;

/// `a·x² + b·x + c = 0`, built from the chosen `roots`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuadraticParams {
    pub a: i128,
    pub b: i128,
    pub c: i128,
    pub roots: Vec<Ratio>,
}

impl QuadraticFormula {
    /// 1–3 integer roots with a = 1; 4–6 one integer and one half-integer root; 7–10 two
    /// rational roots with denominators up to 5.
    fn sample(rng: &mut StdRng, level: u8) -> QuadraticParams {
        let fraction = |rng: &mut StdRng, den_lo: i128, den_hi: i128| loop {
            let q = rng.random_range(den_lo..=den_hi);
            let p = rng.random_range(-9..=9);
            if gcd(p, q) == 1 {
                break (p, q);
            }
        };
        let ((p1, q1), (p2, q2)) = match level {
            1..=3 => ((rng.random_range(-6..=6), 1), (rng.random_range(-6..=6), 1)),
            4..=6 => ((rng.random_range(-9..=9), 1), fraction(rng, 2, 2)),
            _ => (fraction(rng, 1, 3), fraction(rng, 2, 5)),
        };
        // (q1·x - p1)(q2·x - p2) = 0, scaled down to the smallest integer coefficients.
        let (a, b, c) = (q1 * q2, -(q1 * p2 + q2 * p1), p1 * p2);
        let g = gcd(gcd(a, b), c).max(1);
        let mut roots = vec![Ratio::new(p1, q1), Ratio::new(p2, q2)];
        roots.sort();
        roots.dedup();
        QuadraticParams { a: a / g, b: b / g, c: c / g, roots }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (QuadraticParams, GeneratedItem) {
        let level = level(difficulty);
        let params = Self::sample(rng, level);
        let QuadraticParams { a, b, c, ref roots } = params;
        let disc = b * b - 4 * a * c;
        let root_disc = isqrt(disc);
        // The formula's two cases, which the construction guarantees are the chosen roots.
        let mut solved = vec![Ratio::new(-b - root_disc, 2 * a), Ratio::new(-b + root_disc, 2 * a)];
        solved.sort();
        solved.dedup();
        debug_assert_eq!(&solved, roots);

        let equation = format!("{} = 0", quadratic(a, b, c));
        let display_answer =
            solved.iter().map(|r| format!("x = {r}")).collect::<Vec<_>>().join(" or ");
        let accepted = vec![solved.iter().map(Ratio::to_string).collect::<Vec<_>>().join(", ")];
        let mut explanation = format!(
            "Here a = {a}, b = {b}, c = {c}. The discriminant is b² - 4ac = {}² - 4({a})({c}) = \
             {disc}, and √{disc} = {root_disc}. So x = ({} ± {root_disc}) / {}",
            operand(Ratio::int(b)),
            -b,
            2 * a
        );
        if solved.len() == 1 {
            explanation.push_str(&format!(
                ". The discriminant is 0, so there is one repeated root: {display_answer}."
            ));
        } else {
            explanation.push_str(&format!(", giving {display_answer}."));
        }

        let mut forbidden = vec![display_answer.clone()];
        for r in &solved {
            forbidden.extend(answer_forms(*r));
            forbidden.push(format!("x = {r}"));
        }
        let hints = safe_hints(
            vec![
                hint(
                    format!("Read off a = {a}, b = {b} and c = {c} from the equation."),
                    "Read off the coefficients a, b and c from the equation.",
                ),
                hint(
                    format!(
                        "Work out the discriminant b² - 4ac = {disc} and take its square root."
                    ),
                    "Work out the discriminant b² - 4ac first and take its square root.",
                ),
                hint(
                    "Then use x = (-b ± √(b² - 4ac)) / (2a): take the + and the - case in turn \
                     and simplify each fraction.",
                    "Then use x = (-b ± √(b² - 4ac)) / (2a): take the + and the - case in turn \
                     and simplify each fraction.",
                ),
            ],
            &forbidden,
        );
        let item = GeneratedItem {
            kind: QuestionKind::ShortAnswer,
            prompt: format!(
                "Solve {equation} using the quadratic formula. Give all real solutions (fractions \
                 or decimals, in any order)."
            ),
            options: Vec::new(),
            answer: AnswerKey::Text { accepted },
            display_answer,
            explanation,
            hints,
            difficulty: level,
            generator: self.id(),
        };
        (params, item)
    }
}

impl Generator for QuadraticFormula {
    fn id(&self) -> &'static str {
        "quadratic_formula"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "quadratic formula",
            "the quadratic formula",
            "quadratic equations",
            "quadratic equation",
            "quadratics",
            "solving quadratics",
            "solving quadratic equations",
            "roots of a quadratic",
            "roots of quadratic equations",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}

// ---------------------------------------------------------------------------------------------
// Discriminant

pub(crate) struct Discriminant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DiscriminantParams {
    pub a: i128,
    pub b: i128,
    pub c: i128,
    /// Multiple choice "how many real roots" rather than the numeric value.
    pub ask_root_count: bool,
}

const ROOT_COUNTS: [&str; 3] =
    ["Two distinct real roots", "One repeated real root", "No real roots"];

impl Discriminant {
    /// 1–3 compute it with small coefficients; 4–6 root count, with the three outcomes equally
    /// likely; 7–10 either, with larger and negative leading coefficients.
    fn sample(rng: &mut StdRng, level: u8) -> DiscriminantParams {
        let big = level >= 7;
        let ask_root_count = match level {
            1..=3 => false,
            4..=6 => true,
            _ => rng.random_bool(0.5),
        };
        if !ask_root_count {
            let (a, b, c) = if big {
                (nonzero(rng, -9, 9), rng.random_range(-15..=15), rng.random_range(-12..=12))
            } else {
                (rng.random_range(1..=3), rng.random_range(-6..=6), rng.random_range(-6..=6))
            };
            return DiscriminantParams { a, b, c, ask_root_count };
        }
        let (a_max, b_max, c_max) = if big { (6, 12, 10) } else { (4, 8, 8) };
        let random = |rng: &mut StdRng| {
            let a = if big { nonzero(rng, -a_max, a_max) } else { rng.random_range(1..=a_max) };
            (a, rng.random_range(-b_max..=b_max), rng.random_range(-c_max..=c_max))
        };
        let (a, b, c) = match rng.random_range(0..3) {
            0 => {
                // k(px + q)² has a zero discriminant.
                let k = if big { pick(rng, &[-2, -1, 1, 2]) } else { rng.random_range(1..=2) };
                let (p, q) = (rng.random_range(1..=3), nonzero(rng, -4, 4));
                (k * p * p, 2 * k * p * q, k * q * q)
            }
            1 => (0..100)
                .map(|_| random(rng))
                .find(|(a, b, c)| b * b - 4 * a * c > 0)
                .unwrap_or((1, 3, -4)),
            _ => (0..100)
                .map(|_| random(rng))
                .find(|(a, b, c)| b * b - 4 * a * c < 0)
                .unwrap_or((1, 2, 5)),
        };
        DiscriminantParams { a, b, c, ask_root_count }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (DiscriminantParams, GeneratedItem) {
        let level = level(difficulty);
        let params = Self::sample(rng, level);
        let DiscriminantParams { a, b, c, ask_root_count } = params;
        let disc = b * b - 4 * a * c;
        let poly = quadratic(a, b, c);
        let count_text = match disc.signum() {
            1 => ROOT_COUNTS[0],
            0 => ROOT_COUNTS[1],
            _ => ROOT_COUNTS[2],
        };
        let sign_word = match disc.signum() {
            1 => "positive",
            0 => "zero",
            _ => "negative",
        };
        let working = format!(
            "b² - 4ac = {}² - 4({a})({c}) = {} - {} = {disc}",
            operand(Ratio::int(b)),
            b * b,
            operand(Ratio::int(4 * a * c))
        );
        let explanation = format!(
            "With a = {a}, b = {b}, c = {c}: {working}. It is {sign_word}, so the equation has \
             {}.",
            count_text.to_lowercase()
        );
        let identify = hint(
            format!("Identify a = {a}, b = {b} and c = {c}, then work out b² - 4ac."),
            "Identify a, b and c from the quadratic, then work out b² - 4ac.",
        );
        let item = if ask_root_count {
            let distractors =
                ROOT_COUNTS.iter().filter(|t| **t != count_text).map(|t| t.to_string());
            let (options, answer) = multiple_choice(rng, count_text, distractors);
            let hints = safe_hints(
                vec![
                    identify,
                    hint(
                        "Compare the discriminant with zero: positive, zero and negative each give \
                         a different number of real roots.",
                        "Compare the discriminant with zero: positive, zero and negative each give \
                         a different number of real roots.",
                    ),
                ],
                &[count_text.to_string()],
            );
            GeneratedItem {
                kind: QuestionKind::MultipleChoice,
                prompt: format!("How many real roots does {poly} = 0 have?"),
                options,
                answer,
                display_answer: count_text.to_string(),
                explanation,
                hints,
                difficulty: level,
                generator: self.id(),
            }
        } else {
            let value = Ratio::int(disc);
            let display_answer = format!("b² - 4ac = {disc}");
            let mut forbidden = answer_forms(value);
            forbidden.push(display_answer.clone());
            let hints = safe_hints(
                vec![
                    identify,
                    hint(
                        format!(
                            "Square b to get {}, then subtract 4ac = 4 × {} × {} = {}.",
                            b * b,
                            operand(Ratio::int(a)),
                            operand(Ratio::int(c)),
                            4 * a * c
                        ),
                        "Square b first, then subtract four times a times c.",
                    ),
                ],
                &forbidden,
            );
            GeneratedItem {
                kind: QuestionKind::Numeric,
                prompt: format!("Find the discriminant of {poly} = 0."),
                options: Vec::new(),
                answer: exact_key(value, None),
                display_answer,
                explanation,
                hints,
                difficulty: level,
                generator: self.id(),
            }
        };
        (params, item)
    }
}

impl Generator for Discriminant {
    fn id(&self) -> &'static str {
        "discriminant"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "discriminant",
            "the discriminant",
            "nature of roots",
            "number of real roots",
            "number of solutions of a quadratic",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
