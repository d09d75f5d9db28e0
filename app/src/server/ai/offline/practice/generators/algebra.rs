//! Algebra generators: linear equations, factoring quadratics, the quadratic formula, the
//! discriminant and completing the square. Each picks its answer first and builds the question
//! around it, so answers are exact and clean by construction.

use rand::Rng;
use rand::rngs::StdRng;

use super::super::{AnswerKey, GeneratedItem, Generator, QuestionKind};
use super::{
    HintStep, answer_forms, exact_key, fmt_terms, hint, level, multiple_choice, nonzero, operand,
    pick, safe_hints, signed_term,
};
use crate::server::grading::number::{Ratio, gcd};

/// "subtract 3x from both sides" / "add 3x to both sides": the move that cancels `coef·var`.
fn cancel_phrase(coef: i128, var: &str) -> String {
    let term = fmt_terms(&[(coef.abs(), var)]);
    if coef > 0 {
        format!("subtract {term} from both sides")
    } else {
        format!("add {term} to both sides")
    }
}

fn quadratic(a: i128, b: i128, c: i128) -> String {
    fmt_terms(&[(a, "x²"), (b, "x"), (c, "")])
}

/// Exact integer square root of a perfect square (generators only build perfect squares).
fn isqrt(n: i128) -> i128 {
    if n <= 0 {
        return 0;
    }
    let mut r = (n as f64).sqrt() as i128;
    while r * r > n {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= n {
        r += 1;
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Linear equations

pub(crate) struct LinearEquations;

/// `a·x + b = c·x + d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinearParams {
    pub a: i128,
    pub b: i128,
    pub c: i128,
    pub d: i128,
}

impl LinearEquations {
    /// 1–2 positive one-sided; 3–4 negatives; 5–6 fractional solutions; 7–8 x on both sides;
    /// 9–10 both sides with fractional solutions.
    fn sample(rng: &mut StdRng, level: u8) -> LinearParams {
        match level {
            1 | 2 => {
                let (a, x, b) =
                    (rng.random_range(2..=5), rng.random_range(1..=10), rng.random_range(1..=12));
                LinearParams { a, b, c: 0, d: a * x + b }
            }
            3 | 4 => {
                let a = pick(rng, &[-7, -6, -5, -4, -3, -2, -1, 2, 3, 4, 5, 6, 7, 8, 9]);
                let (x, b) = (rng.random_range(-10..=10), nonzero(rng, -15, 15));
                LinearParams { a, b, c: 0, d: a * x + b }
            }
            5 | 6 => {
                let a: i128 = pick(rng, &[2, 3, 4, 5, 6, 7, 8, 9, -2, -3, -4, -5]);
                let (b, k) = (nonzero(rng, -15, 15), rng.random_range(-5..=5));
                let r = rng.random_range(1..a.abs());
                LinearParams { a, b, c: 0, d: b + a * k + r }
            }
            7 | 8 => {
                let a = nonzero(rng, -9, 9);
                let c = loop {
                    let c = nonzero(rng, -9, 9);
                    if c != a {
                        break c;
                    }
                };
                let (x, b) = (rng.random_range(-12..=12), nonzero(rng, -20, 20));
                LinearParams { a, b, c, d: (a - c) * x + b }
            }
            _ => {
                let a = nonzero(rng, -12, 12);
                let c = loop {
                    let c = nonzero(rng, -12, 12);
                    if (a - c).abs() >= 2 {
                        break c;
                    }
                };
                let (b, k) = (nonzero(rng, -25, 25), rng.random_range(-6..=6));
                let r = rng.random_range(1..(a - c).abs());
                LinearParams { a, b, c, d: b + (a - c) * k + r }
            }
        }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (LinearParams, GeneratedItem) {
        let level = level(difficulty);
        let p = Self::sample(rng, level);
        let LinearParams { a, b, c, d } = p;
        let (coef, constant) = (a - c, d - b);
        let x = Ratio::new(constant, coef);
        let lhs = fmt_terms(&[(a, "x"), (b, "")]);
        let rhs = fmt_terms(&[(c, "x"), (d, "")]);
        let mut steps = Vec::new();
        if c != 0 {
            steps.push(format!(
                "{}: {} = {d}.",
                capitalise(&cancel_phrase(c, "x")),
                fmt_terms(&[(coef, "x"), (b, "")])
            ));
        }
        steps.push(format!(
            "{}: {} = {constant}.",
            capitalise(&cancel_phrase(b, "")),
            fmt_terms(&[(coef, "x")])
        ));
        steps.push(format!("Divide both sides by {coef}: x = {x}."));
        let check_value = Ratio::int(a) * x + Ratio::int(b);
        steps.push(format!("Check: with x = {x} both sides equal {check_value}."));

        let display_answer = format!("x = {x}");
        let mut forbidden = answer_forms(x);
        forbidden.push(display_answer.clone());
        let first_move: HintStep = if c != 0 {
            hint(
                format!("Start by getting x on one side only: {}.", cancel_phrase(c, "x")),
                "Start by moving the x-term on the right to the left: do the opposite operation \
                 to both sides.",
            )
        } else {
            hint(
                format!("Start by undoing the constant: {}.", cancel_phrase(b, "")),
                "Start by undoing the constant on the left: do the opposite operation to both \
                 sides.",
            )
        };
        let hints = safe_hints(
            vec![
                hint(
                    "Get the x-terms on one side of the equals sign and the plain numbers on the \
                     other.",
                    "Get the x-terms on one side of the equals sign and the plain numbers on the \
                     other.",
                ),
                first_move,
                hint(
                    format!(
                        "Once you have {} = {constant}, divide both sides by {coef}.",
                        fmt_terms(&[(coef, "x")])
                    ),
                    "Finish by dividing both sides by the number multiplying x.",
                ),
            ],
            &forbidden,
        );
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt: format!("Solve for x: {lhs} = {rhs}"),
            options: Vec::new(),
            answer: exact_key(x, None),
            display_answer,
            explanation: steps.join(" "),
            hints,
            difficulty: level,
            generator: self.id(),
        };
        (p, item)
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl Generator for LinearEquations {
    fn id(&self) -> &'static str {
        "linear_equations"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "linear equations",
            "linear equation",
            "solving linear equations",
            "equations",
            "one step equations",
            "two step equations",
            "multi step equations",
            "equations with variables on both sides",
            "solving for x",
            "linear algebra equations",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}

// ---------------------------------------------------------------------------------------------
// Factoring quadratics

pub(crate) struct QuadraticFactoring;

/// The factored form `(p·x + q)(r·x + s)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FactoringParams {
    pub p: i128,
    pub q: i128,
    pub r: i128,
    pub s: i128,
}

impl FactoringParams {
    /// Coefficients (a, b, c) of the expanded quadratic.
    pub(crate) fn expand(self) -> (i128, i128, i128) {
        let FactoringParams { p, q, r, s } = self;
        (p * r, p * s + q * r, q * s)
    }

    fn text(self) -> String {
        let FactoringParams { p, q, r, s } = self;
        format!("({})({})", fmt_terms(&[(p, "x"), (q, "")]), fmt_terms(&[(r, "x"), (s, "")]))
    }
}

impl QuadraticFactoring {
    /// Leading coefficient 1 up to level 6 (positive constants at 1–2, signs from 3); greater
    /// than 1 from 7, with both leading coefficients above 1 possible at 9–10.
    fn sample(rng: &mut StdRng, level: u8) -> FactoringParams {
        let coprime_to = |rng: &mut StdRng, m: i128, bound: i128| loop {
            let v = nonzero(rng, -bound, bound);
            if gcd(v, m) == 1 {
                break v;
            }
        };
        match level {
            1 | 2 => FactoringParams {
                p: 1,
                q: rng.random_range(1..=6),
                r: 1,
                s: rng.random_range(1..=6),
            },
            3 | 4 => {
                let (q, s) = (nonzero(rng, -9, 9), nonzero(rng, -9, 9));
                let q = if q > 0 && s > 0 { -q } else { q };
                FactoringParams { p: 1, q, r: 1, s }
            }
            5 | 6 => {
                FactoringParams { p: 1, q: nonzero(rng, -12, 12), r: 1, s: nonzero(rng, -12, 12) }
            }
            7 | 8 => {
                let p = rng.random_range(2..=3);
                FactoringParams { p, q: coprime_to(rng, p, 7), r: 1, s: nonzero(rng, -7, 7) }
            }
            _ => {
                let (p, r) = (rng.random_range(2..=5), rng.random_range(1..=3));
                FactoringParams { p, q: coprime_to(rng, p, 9), r, s: coprime_to(rng, r, 9) }
            }
        }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (FactoringParams, GeneratedItem) {
        let level = level(difficulty);
        let f = Self::sample(rng, level);
        let FactoringParams { p, q, r, s } = f;
        let (a, b, c) = f.expand();
        let poly = quadratic(a, b, c);
        let correct = f.text();

        // Typical slips: sign errors, constants swapped between brackets, leading coefficients
        // swapped, using the sum and product themselves, and near-miss factor pairs. Anything
        // that expands to the same quadratic would be a second right answer, so it is dropped.
        let candidates = [
            (p, -q, r, -s),
            (p, -q, r, s),
            (p, q, r, -s),
            (p, s, r, q),
            (p, -s, r, -q),
            (r, q, p, s),
            (1, b, 1, c),
            (p, q + 1, r, s - 1),
            (p, q - 1, r, s + 1),
            (p, q + 2, r, s),
            (p, q, r, s - 2),
            (p, -q - 1, r, -s),
        ];
        let mut seen = vec![(a, b, c)];
        let mut distractors = Vec::new();
        for (p2, q2, r2, s2) in candidates {
            let alt = FactoringParams { p: p2, q: q2, r: r2, s: s2 };
            if q2 == 0 || s2 == 0 || seen.contains(&alt.expand()) {
                continue;
            }
            seen.push(alt.expand());
            distractors.push(alt.text());
        }
        let (options, answer) = multiple_choice(rng, &correct, distractors);

        let (ps, qr) = (p * s, q * r);
        let explanation = if a == 1 {
            format!(
                "We need two numbers that multiply to {c} and add to {b}: {q} and {s}. So {poly} \
                 = {correct}. Expanding {correct} gives back {poly}."
            )
        } else {
            format!(
                "Multiply a × c = {a} × {} = {}. Two numbers with product {} and sum {b} are {ps} \
                 and {qr}. Split the middle term: {}. Factor by grouping to get {correct}; \
                 expanding it gives back {poly}.",
                operand(Ratio::int(c)),
                a * c,
                a * c,
                fmt_terms(&[(a, "x²"), (ps, "x"), (qr, "x"), (c, "")])
            )
        };
        let steps = if a == 1 {
            vec![
                hint(
                    format!("Look for two numbers that multiply to {c} and add to {b}."),
                    "Look for two numbers whose product is the constant term and whose sum is the \
                     coefficient of x.",
                ),
                hint(
                    "Put those two numbers into brackets of the form (x + m)(x + n), keeping \
                     their signs.",
                    "Put those two numbers into brackets of the form (x + m)(x + n), keeping \
                     their signs.",
                ),
                hint(
                    "Check an option by expanding it: you should get the original expression.",
                    "Check an option by expanding it: you should get the original expression.",
                ),
            ]
        } else {
            vec![
                hint(
                    format!(
                        "Multiply a × c = {}, then find two numbers with product {} and sum {b}.",
                        a * c,
                        a * c
                    ),
                    "Multiply a by c, then find two numbers with that product whose sum is the \
                     coefficient of x.",
                ),
                hint(
                    "Split the middle term into two x-terms using those numbers, then factor by \
                     grouping.",
                    "Split the middle term into two x-terms using those numbers, then factor by \
                     grouping.",
                ),
                hint(
                    "Check an option by expanding it: you should get the original expression.",
                    "Check an option by expanding it: you should get the original expression.",
                ),
            ]
        };
        let hints = safe_hints(steps, std::slice::from_ref(&correct));
        let item = GeneratedItem {
            kind: QuestionKind::MultipleChoice,
            prompt: format!("Factor completely: {poly}"),
            options,
            answer,
            display_answer: correct,
            explanation,
            hints,
            difficulty: level,
            generator: self.id(),
        };
        (f, item)
    }
}

impl Generator for QuadraticFactoring {
    fn id(&self) -> &'static str {
        "quadratic_factoring"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "factoring quadratics",
            "factorising quadratics",
            "factorizing quadratics",
            "factoring",
            "factorising",
            "factorizing",
            "factorisation",
            "factorization",
            "factoring trinomials",
            "quadratic factoring",
            "factoring quadratic expressions",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}

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

// ---------------------------------------------------------------------------------------------
// Completing the square

pub(crate) struct CompletingSquare;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SquareVariant {
    /// Choose `a(x + h)² + k`.
    Form,
    /// Choose the vertex `(-h, k)`.
    Vertex,
}

/// `a·x² + b·x + c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CompletingSquareParams {
    pub a: i128,
    pub b: i128,
    pub c: i128,
    pub variant: SquareVariant,
}

impl CompletingSquareParams {
    /// (h, k) with `a·x² + b·x + c = a(x + h)² + k`.
    fn shift(self) -> (Ratio, Ratio) {
        let h = Ratio::new(self.b, 2 * self.a);
        (h, Ratio::int(self.c) - Ratio::int(self.a) * h * h)
    }
}

fn square_form(a: i128, h: Ratio, k: Ratio) -> String {
    let lead = if a == 1 { String::new() } else { a.to_string() };
    let inner = if h.is_zero() { "x".to_string() } else { format!("x{}", signed_term(h)) };
    let tail = if k.is_zero() { String::new() } else { signed_term(k) };
    format!("{lead}({inner})²{tail}")
}

fn point(x: Ratio, y: Ratio) -> String {
    format!("({x}, {y})")
}

impl CompletingSquare {
    /// 1–3 even b (whole-number h); 4–7 any b (fractional h); 8–10 leading coefficient 2 or 3.
    /// The vertex variant appears from level 3.
    fn sample(rng: &mut StdRng, level: u8) -> CompletingSquareParams {
        let a = if level >= 8 { rng.random_range(2..=3) } else { 1 };
        let b = match level {
            1..=3 => 2 * nonzero(rng, -5, 5),
            4..=7 => nonzero(rng, -11, 11),
            _ => nonzero(rng, -12, 12),
        };
        let c = rng.random_range(-10..=10);
        let variant = if level >= 3 && rng.random_bool(0.5) {
            SquareVariant::Vertex
        } else {
            SquareVariant::Form
        };
        CompletingSquareParams { a, b, c, variant }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (CompletingSquareParams, GeneratedItem) {
        let level = level(difficulty);
        let params = Self::sample(rng, level);
        let CompletingSquareParams { a, b, c, variant } = params;
        let (h, k) = params.shift();
        let (ra, rc) = (Ratio::int(a), Ratio::int(c));
        let poly = quadratic(a, b, c);
        let form = square_form(a, h, k);
        // Slips: the bracket's sign, the sign of k, adding h² instead of subtracting it, and
        // forgetting to halve b.
        let full_b = Ratio::new(b, a);
        let slips = [
            (-h, k),
            (h, -k),
            (h, rc + ra * h * h),
            (full_b, rc - ra * full_b * full_b),
            (-h, -k),
            (h, k + ra),
            (-h, rc),
        ];
        let (prompt, correct, distractors): (String, String, Vec<String>) = match variant {
            SquareVariant::Form => {
                let shape = if a == 1 { "(x + h)² + k" } else { "a(x + h)² + k" };
                (
                    format!("Complete the square: write {poly} in the form {shape}."),
                    form.clone(),
                    slips.iter().map(|(h2, k2)| square_form(a, *h2, *k2)).collect(),
                )
            }
            SquareVariant::Vertex => {
                let vertex_slips = [(h, k), (-h, -k), (h, -k), (k, -h), (-h, rc), (-h - h, k)];
                (
                    format!(
                        "By completing the square, find the vertex (turning point) of y = {poly}."
                    ),
                    point(-h, k),
                    vertex_slips.iter().map(|(x, y)| point(*x, *y)).collect(),
                )
            }
        };
        let (options, answer) = multiple_choice(rng, &correct, distractors);

        let half = Ratio::new(b, 2 * a);
        let square_of_half = half * half;
        let mut explanation = if a == 1 {
            format!(
                "Half of {b} is {half}, so {} = (x{})² - {square_of_half}. Then {poly} = (x{})² - \
                 {square_of_half}{} = {form}.",
                fmt_terms(&[(1, "x²"), (b, "x")]),
                signed_term(half),
                signed_term(half),
                signed_term(rc),
            )
        } else {
            let inside = if full_b.is_integer() {
                fmt_terms(&[(1, "x²"), (full_b.numer(), "x")])
            } else {
                let sign = if full_b.signum() < 0 { "-" } else { "+" };
                format!("x² {sign} ({})x", full_b.abs())
            };
            format!(
                "Take out {a}: {a}({inside}){}. Half of {full_b} is {half}, so this is \
                 {a}(x{})² - {a} × {square_of_half}{} = {form}.",
                signed_term(rc),
                signed_term(half),
                signed_term(rc),
            )
        };
        if variant == SquareVariant::Vertex {
            explanation.push_str(&format!(
                " The vertex of a(x + h)² + k is (-h, k), so it is at {correct}."
            ));
        }
        let mut steps: Vec<HintStep> = Vec::new();
        if a != 1 {
            steps.push(hint(
                format!("First take {a} out as a factor of the x² and x terms."),
                "First take a out as a factor of the x² and x terms.",
            ));
        }
        let halve = if a == 1 {
            "Halve the coefficient of x: that number goes inside the squared bracket."
        } else {
            "Then halve the new coefficient of x: that number goes inside the squared bracket."
        };
        steps.push(hint(halve, halve));
        steps.push(hint(
            "Subtract the square of that number (times a) from the constant so the expression \
             keeps its value.",
            "Subtract the square of that number (times a) from the constant so the expression \
             keeps its value.",
        ));
        if variant == SquareVariant::Vertex && a == 1 {
            steps.push(hint(
                "In a(x + h)² + k the vertex is at (-h, k): watch the sign of the x-coordinate.",
                "In a(x + h)² + k the vertex is at (-h, k): watch the sign of the x-coordinate.",
            ));
        }
        let hints = safe_hints(steps, std::slice::from_ref(&correct));
        let item = GeneratedItem {
            kind: QuestionKind::MultipleChoice,
            prompt,
            options,
            answer,
            display_answer: correct,
            explanation,
            hints,
            difficulty: level,
            generator: self.id(),
        };
        (params, item)
    }
}

impl Generator for CompletingSquare {
    fn id(&self) -> &'static str {
        "completing_the_square"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "completing the square",
            "complete the square",
            "vertex form",
            "vertex of a parabola",
            "turning point",
            "turning point of a quadratic",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
