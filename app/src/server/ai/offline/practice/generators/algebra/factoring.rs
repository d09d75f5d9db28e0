//! Factoring quadratics (algebra).

use super::*;

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
