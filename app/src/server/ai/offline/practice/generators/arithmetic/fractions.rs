//! Fractions (arithmetic).

use super::*;

// ---------------------------------------------------------------------------------------------
// Fractions

pub(crate) struct FractionArithmetic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FractionOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl FractionOp {
    fn symbol(self) -> &'static str {
        match self {
            FractionOp::Add => "+",
            FractionOp::Sub => "-",
            FractionOp::Mul => "×",
            FractionOp::Div => "÷",
        }
    }
}

/// `n1/d1 op n2/d2` as shown (not necessarily reduced; mixed numbers are stored improper).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FractionParams {
    pub n1: i128,
    pub d1: i128,
    pub n2: i128,
    pub d2: i128,
    pub op: FractionOp,
    /// Operands shown as mixed numbers ("1 2/3").
    pub mixed: bool,
}

impl FractionParams {
    pub(crate) fn result(self) -> Ratio {
        let (l, r) = (Ratio::new(self.n1, self.d1), Ratio::new(self.n2, self.d2));
        match self.op {
            FractionOp::Add => l + r,
            FractionOp::Sub => l - r,
            FractionOp::Mul => l * r,
            // Sampling never produces a zero divisor; zero is the harmless fallback.
            FractionOp::Div => l.checked_div(r).unwrap_or(Ratio::int(0)),
        }
    }
}

/// "3/4", "1 2/3", "-1 2/3".
fn show_fraction(n: i128, d: i128, mixed: bool) -> String {
    let (whole, rem) = (n.abs() / d, n.abs() % d);
    let sign = if n < 0 { "-" } else { "" };
    if mixed && whole > 0 && rem > 0 {
        format!("{sign}{whole} {rem}/{d}")
    } else {
        format!("{n}/{d}")
    }
}

/// ", which in lowest terms is 4/3" when `n/d` as written still needs simplifying.
fn lowest_terms(n: i128, d: i128, result: Ratio) -> String {
    if result.to_string() == format!("{n}/{d}") {
        String::new()
    } else {
        format!(", which in lowest terms is {result}")
    }
}

impl FractionArithmetic {
    /// 1–2 add/subtract with a shared denominator; 3–4 unlike denominators; 5–6 multiply/divide;
    /// 7–8 any operation with negatives and improper fractions; 9–10 mixed numbers.
    fn sample(rng: &mut StdRng, level: u8) -> FractionParams {
        let proper = |rng: &mut StdRng, d_hi: i128| loop {
            let d = rng.random_range(2..=d_hi);
            let n = rng.random_range(1..d);
            if gcd(n, d) == 1 {
                break (n, d);
            }
        };
        let any_op = |rng: &mut StdRng| {
            pick(rng, &[FractionOp::Add, FractionOp::Sub, FractionOp::Mul, FractionOp::Div])
        };
        let (mut n1, mut d1, mut n2, mut d2, op, mixed);
        match level {
            1 | 2 => {
                let d = rng.random_range(3..=12);
                (n1, n2) = (rng.random_range(1..d), rng.random_range(1..d));
                (d1, d2) = (d, d);
                op = if rng.random_bool(0.5) { FractionOp::Add } else { FractionOp::Sub };
                mixed = false;
            }
            3 | 4 => {
                (n1, d1) = proper(rng, 10);
                (n2, d2) = loop {
                    let f = proper(rng, 10);
                    if f.1 != d1 {
                        break f;
                    }
                };
                op = if rng.random_bool(0.5) { FractionOp::Add } else { FractionOp::Sub };
                mixed = false;
            }
            5 | 6 => {
                ((n1, d1), (n2, d2)) = (proper(rng, 10), proper(rng, 10));
                op = if rng.random_bool(0.5) { FractionOp::Mul } else { FractionOp::Div };
                mixed = false;
            }
            7 | 8 => {
                let signed = |rng: &mut StdRng| loop {
                    let (n, d) = (nonzero(rng, -11, 11), rng.random_range(2..=10));
                    if gcd(n, d) == 1 {
                        break (n, d);
                    }
                };
                ((n1, d1), (n2, d2)) = (signed(rng), signed(rng));
                op = any_op(rng);
                mixed = false;
            }
            _ => {
                let mixed_number = |rng: &mut StdRng| {
                    let (n, d) = proper(rng, 12);
                    (rng.random_range(1..=3) * d + n, d)
                };
                ((n1, d1), (n2, d2)) = (mixed_number(rng), mixed_number(rng));
                if rng.random_bool(0.3) {
                    n2 = -n2;
                }
                op = any_op(rng);
                mixed = true;
            }
        }
        // Subtraction at the lowest levels stays non-negative.
        if level <= 4 && op == FractionOp::Sub && Ratio::new(n1, d1) < Ratio::new(n2, d2) {
            (n1, d1, n2, d2) = (n2, d2, n1, d1);
        }
        FractionParams { n1, d1, n2, d2, op, mixed }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (FractionParams, GeneratedItem) {
        let level = level(difficulty);
        let p = Self::sample(rng, level);
        let FractionParams { n1, d1, n2, d2, op, mixed } = p;
        let result = p.result();
        let left = show_fraction(n1, d1, mixed);
        let right_plain = show_fraction(n2, d2, mixed);
        let right = if n2 < 0 { format!("({right_plain})") } else { right_plain.clone() };
        let prompt = format!(
            "Calculate {left} {} {right}. Give your answer as a fraction in lowest terms.",
            op.symbol()
        );

        let mut explanation = String::new();
        let mut steps: Vec<HintStep> = Vec::new();
        if mixed {
            let right_improper = if n2 < 0 { format!("({n2}/{d2})") } else { format!("{n2}/{d2}") };
            explanation.push_str(&format!(
                "As improper fractions the question is {n1}/{d1} {} {right_improper}. ",
                op.symbol()
            ));
            steps.push(hint(
                "Turn each mixed number into an improper fraction first.",
                "Turn each mixed number into an improper fraction first.",
            ));
        }
        match op {
            FractionOp::Add | FractionOp::Sub => {
                let common = lcm(d1, d2);
                let (a, b) = (n1 * (common / d1), n2 * (common / d2));
                let combined = if op == FractionOp::Add { a + b } else { a - b };
                explanation.push_str(&format!(
                    "Over the common denominator {common}: {a}/{common} {} {}/{common} = \
                     {combined}/{common}{}.",
                    op.symbol(),
                    operand(Ratio::int(b)),
                    lowest_terms(combined, common, result)
                ));
                let verb = if op == FractionOp::Add { "add" } else { "subtract" };
                steps.push(hint(
                    format!("Rewrite both fractions over a common denominator, such as {common}."),
                    "Rewrite both fractions over a common denominator.",
                ));
                steps.push(hint(
                    format!("Then {verb} the numerators, keep the denominator, and simplify."),
                    format!("Then {verb} the numerators, keep the denominator, and simplify."),
                ));
            }
            FractionOp::Mul => {
                explanation.push_str(&format!(
                    "Multiply the numerators and the denominators: ({n1} × {}) / ({d1} × {d2}) = \
                     {}/{}{}.",
                    operand(Ratio::int(n2)),
                    n1 * n2,
                    d1 * d2,
                    lowest_terms(n1 * n2, d1 * d2, result)
                ));
                steps.push(hint(
                    "Multiply the numerators together and the denominators together.",
                    "Multiply the numerators together and the denominators together.",
                ));
                steps.push(hint(
                    "Cancel common factors (before or after multiplying) so the result is in \
                     lowest terms.",
                    "Cancel common factors (before or after multiplying) so the result is in \
                     lowest terms.",
                ));
            }
            FractionOp::Div => {
                let (rn, rd) = if n2 < 0 { (-d2, -n2) } else { (d2, n2) };
                explanation.push_str(&format!(
                    "Dividing by {n2}/{d2} means multiplying by its reciprocal {rn}/{rd}: \
                     ({n1} × {}) / ({d1} × {rd}) = {}/{}{}.",
                    operand(Ratio::int(rn)),
                    n1 * rn,
                    d1 * rd,
                    lowest_terms(n1 * rn, d1 * rd, result)
                ));
                steps.push(hint(
                    format!(
                        "Dividing by {n2}/{d2} is the same as multiplying by its reciprocal, \
                         {rn}/{rd}."
                    ),
                    "Dividing by a fraction is the same as multiplying by its reciprocal.",
                ));
                steps.push(hint(
                    "Then multiply the numerators and the denominators, and simplify.",
                    "Then multiply the numerators and the denominators, and simplify.",
                ));
            }
        }
        let display_answer = result.to_string();
        let mut forbidden = answer_forms(result);
        forbidden.push(display_answer.clone());
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt,
            options: Vec::new(),
            answer: exact_key(result, None),
            display_answer,
            explanation,
            hints: safe_hints(steps, &forbidden),
            difficulty: level,
            generator: self.id(),
        };
        (p, item)
    }
}

impl Generator for FractionArithmetic {
    fn id(&self) -> &'static str {
        "fraction_arithmetic"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "fractions",
            "fraction arithmetic",
            "fraction operations",
            "operations with fractions",
            "adding fractions",
            "subtracting fractions",
            "multiplying fractions",
            "dividing fractions",
            "mixed numbers",
            "improper fractions",
            "simplifying fractions",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
