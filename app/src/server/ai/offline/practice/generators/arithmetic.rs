//! Arithmetic generators: fraction operations, percentages (of, change, reverse) and exponent
//! rules. Answers are exact rationals; the checker accepts any equivalent form.

use rand::Rng;
use rand::rngs::StdRng;

use super::super::{GeneratedItem, Generator, QuestionKind};
use super::{HintStep, answer_forms, exact_key, hint, level, nonzero, operand, pick, safe_hints};
use crate::server::grading::number::{Ratio, gcd, lcm};

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

// ---------------------------------------------------------------------------------------------
// Percentages

pub(crate) struct Percentages;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PercentParams {
    /// `percent`% of `base`.
    Of { percent: Ratio, base: i128 },
    /// The percentage increase or decrease from `from` to `to`.
    Change { from: i128, to: i128 },
    /// The original value before a `percent`% change that produced `final_value`.
    Reverse { percent: i128, increase: bool, final_value: Ratio },
}

const CONTEXTS: [(&str, &str); 4] = [
    ("the price of a bike", "dollars"),
    ("the number of members in a club", "members"),
    ("the mass of a parcel", "grams"),
    ("a town's population", "people"),
];

impl Percentages {
    /// 1–3 percent of an amount; 4–6 mostly percentage change; 7–10 reverse percentages, harder
    /// changes, and non-whole percents.
    fn sample(rng: &mut StdRng, level: u8) -> PercentParams {
        // An original value that any `percent` change keeps whole.
        let base_for = |rng: &mut StdRng, percent: i128| {
            let step = 100 / gcd(percent, 100);
            step * rng.random_range(1..=(600 / step).max(2))
        };
        let roll: f64 = rng.random();
        match level {
            1..=3 => {
                let percent = if level <= 2 {
                    pick(rng, &[5, 10, 20, 25, 50, 75])
                } else {
                    rng.random_range(1..=99)
                };
                let base = if level <= 2 {
                    20 * rng.random_range(1..=20)
                } else {
                    rng.random_range(10..=500)
                };
                PercentParams::Of { percent: Ratio::int(percent), base }
            }
            4..=6 if roll < 0.3 => PercentParams::Of {
                percent: Ratio::int(rng.random_range(1..=150)),
                base: rng.random_range(10..=900),
            },
            4..=6 => {
                let percent = pick(rng, &[5, 10, 15, 20, 25, 30, 40, 50, 60, 75]);
                let from = base_for(rng, percent);
                let to = if rng.random_bool(0.5) {
                    from * (100 + percent) / 100
                } else {
                    from * (100 - percent) / 100
                };
                PercentParams::Change { from, to }
            }
            _ if roll < 0.2 => PercentParams::Of {
                percent: pick(rng, &[Ratio::new(25, 2), Ratio::new(35, 2), Ratio::new(5, 2)])
                    + Ratio::int(rng.random_range(0..=3) * 10),
                base: 8 * rng.random_range(2..=60),
            },
            _ if roll < 0.6 => {
                let percent = rng.random_range(1..=90);
                let from = base_for(rng, percent);
                let increase = rng.random_bool(0.5);
                let to = from * if increase { 100 + percent } else { 100 - percent } / 100;
                PercentParams::Change { from, to }
            }
            _ => {
                let percent = pick(rng, &[5, 10, 12, 15, 20, 25, 30, 35, 40, 60, 80]);
                let from = base_for(rng, percent);
                let increase = rng.random_bool(0.5);
                let factor = if increase { 100 + percent } else { 100 - percent };
                PercentParams::Reverse {
                    percent,
                    increase,
                    final_value: Ratio::new(from * factor, 100),
                }
            }
        }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (PercentParams, GeneratedItem) {
        let level = level(difficulty);
        let params = Self::sample(rng, level);
        let (context, noun) = pick(rng, &CONTEXTS);
        let (prompt, value, unit, explanation, steps): (
            String,
            Ratio,
            Option<&str>,
            String,
            Vec<HintStep>,
        ) = match params {
            PercentParams::Of { percent, base } => {
                let value = percent * Ratio::int(base) * Ratio::new(1, 100);
                let pct = percent.to_plain_string();
                (
                    format!("What is {pct}% of {base}?"),
                    value,
                    None,
                    format!(
                        "{pct}% means {pct}/100, so {pct}% of {base} = {pct} × {base} ÷ 100 = {}.",
                        value.to_plain_string()
                    ),
                    vec![
                        hint(
                            format!("Write {pct}% as {pct}/100 or as a decimal."),
                            "Write the percentage as a fraction out of 100 or as a decimal.",
                        ),
                        hint(
                            format!("Then multiply it by {base}."),
                            "Then multiply it by the amount.",
                        ),
                    ],
                )
            }
            PercentParams::Change { from, to } => {
                let direction = if to >= from { "increase" } else { "decrease" };
                let verb = if to >= from { "rises" } else { "falls" };
                let value = Ratio::new((to - from).abs() * 100, from);
                (
                    format!(
                        "{} {verb} from {from} to {to} {noun}. What is the percentage \
                             {direction}?",
                        capitalise(context)
                    ),
                    value,
                    Some("%"),
                    format!(
                        "The change is {diff} {noun}. As a percentage of the original: {diff} \
                             ÷ {from} × 100 = {pct}%, so it is a {pct}% {direction}.",
                        diff = (to - from).abs(),
                        pct = value.to_plain_string()
                    ),
                    vec![
                        hint(
                            "Find the difference between the new and the original value first.",
                            "Find the difference between the new and the original value first.",
                        ),
                        hint(
                            format!(
                                "Divide the difference by the original value, {from}, then \
                                     multiply by 100."
                            ),
                            "Divide the difference by the original value, then multiply by \
                                 one hundred.",
                        ),
                    ],
                )
            }
            PercentParams::Reverse { percent, increase, final_value } => {
                let factor = if increase { 100 + percent } else { 100 - percent };
                let direction = if increase { "increase" } else { "decrease" };
                let multiplier = Ratio::new(factor, 100);
                let value = final_value.checked_div(multiplier).unwrap_or(Ratio::int(0));
                (
                    format!(
                        "After a {percent}% {direction}, {context} is {} {noun}. What was it \
                             before the change?",
                        final_value.to_plain_string()
                    ),
                    value,
                    None,
                    format!(
                        "After a {percent}% {direction} the new value is {factor}% of the \
                             original, so original = {} ÷ {} = {}.",
                        final_value.to_plain_string(),
                        multiplier.to_plain_string(),
                        value.to_plain_string()
                    ),
                    vec![
                        hint(
                            format!(
                                "After a {percent}% {direction}, the new value is {factor}% of \
                                     the original."
                            ),
                            "Write the new value as a percentage of the original.",
                        ),
                        hint(
                            format!(
                                "So divide {} by {} to undo the change (not take {percent}% \
                                     off the new value).",
                                final_value.to_plain_string(),
                                multiplier.to_plain_string()
                            ),
                            "Divide the new value by that percentage written as a decimal.",
                        ),
                    ],
                )
            }
        };
        let display_answer = format!("{}{}", value.to_plain_string(), unit.unwrap_or_default());
        let mut forbidden = answer_forms(value);
        forbidden.push(display_answer.clone());
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt,
            options: Vec::new(),
            answer: exact_key(value, unit),
            display_answer,
            explanation,
            hints: safe_hints(steps, &forbidden),
            difficulty: level,
            generator: self.id(),
        };
        (params, item)
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl Generator for Percentages {
    fn id(&self) -> &'static str {
        "percentages"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "percentages",
            "percentage",
            "percent",
            "percents",
            "percent of a number",
            "percentage change",
            "percent change",
            "percentage increase",
            "percentage decrease",
            "reverse percentages",
            "reverse percentage",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}

// ---------------------------------------------------------------------------------------------
// Exponent rules

pub(crate) struct ExponentRules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExponentExpr {
    /// x^m · x^n = x^k: find k.
    ProductExponent { m: i32, n: i32 },
    /// x^m ÷ x^n = x^k: find k.
    QuotientExponent { m: i32, n: i32 },
    /// (x^m)^n = x^k: find k.
    PowerExponent { m: i32, n: i32 },
    /// Evaluate b^m · b^n.
    Product { base: Ratio, m: i32, n: i32 },
    /// Evaluate b^m ÷ b^n.
    Quotient { base: Ratio, m: i32, n: i32 },
    /// Evaluate (b^m)^n ÷ b^k.
    PowerQuotient { base: Ratio, m: i32, n: i32, k: i32 },
    /// Evaluate z^0 + b^(-n).
    ZeroPlusNegative { zero_base: i128, base: i128, n: i32 },
    /// Evaluate b^(-n).
    Negative { base: Ratio, n: i32 },
}

pub(crate) type ExponentParams = ExponentExpr;

fn power(base: &str, e: i32) -> String {
    if e < 0 { format!("{base}^({e})") } else { format!("{base}^{e}") }
}

fn base_text(b: Ratio) -> String {
    if b.is_integer() && b.signum() > 0 { b.to_string() } else { format!("({b})") }
}

impl ExponentRules {
    /// 1–2 add/subtract positive exponents; 3–4 any rule with negative exponents; 5–6 evaluate
    /// negative and zero exponents; 7–8 evaluate after combining; 9–10 powers of powers and
    /// fractional bases.
    fn sample(rng: &mut StdRng, level: u8) -> ExponentExpr {
        let small_exp = |rng: &mut StdRng| nonzero(rng, -6, 9) as i32;
        match level {
            1 | 2 => {
                let (m, n) = (rng.random_range(2..=9), rng.random_range(2..=9));
                if rng.random_bool(0.5) {
                    ExponentExpr::ProductExponent { m, n }
                } else {
                    ExponentExpr::QuotientExponent { m: m.max(n) + 1, n: m.min(n) }
                }
            }
            3 | 4 => {
                let (m, n) = (small_exp(rng), small_exp(rng));
                match rng.random_range(0..3) {
                    0 => ExponentExpr::ProductExponent { m, n },
                    1 => ExponentExpr::QuotientExponent { m, n },
                    _ => ExponentExpr::PowerExponent { m, n: nonzero(rng, -4, 4) as i32 },
                }
            }
            5 | 6 => {
                if rng.random_bool(0.5) {
                    ExponentExpr::Negative {
                        base: Ratio::int(rng.random_range(2..=5)),
                        n: rng.random_range(1..=3),
                    }
                } else {
                    ExponentExpr::ZeroPlusNegative {
                        zero_base: rng.random_range(2..=20),
                        base: rng.random_range(2..=5),
                        n: rng.random_range(1..=2),
                    }
                }
            }
            7 | 8 => {
                // Pick the combined exponent first so the value stays small.
                let base = Ratio::int(rng.random_range(2..=5));
                let target = rng.random_range(-3..=3);
                let m = loop {
                    let m = nonzero(rng, -6, 6) as i32;
                    if m != target && m != -target {
                        break m;
                    }
                };
                if rng.random_bool(0.5) {
                    ExponentExpr::Product { base, m, n: target - m }
                } else {
                    ExponentExpr::Quotient { base, m, n: m - target }
                }
            }
            _ => {
                if rng.random_bool(0.5) {
                    let base = Ratio::int(rng.random_range(2..=3));
                    let (m, n) = (rng.random_range(2..=3), nonzero(rng, -2, 3) as i32);
                    let k = loop {
                        let k = m * n - rng.random_range(-3..=3);
                        if k != 0 {
                            break k;
                        }
                    };
                    ExponentExpr::PowerQuotient { base, m, n, k }
                } else {
                    let (p, q) = loop {
                        let (p, q) = (rng.random_range(1..=5), rng.random_range(2..=5));
                        if p != q && gcd(p, q) == 1 {
                            break (p, q);
                        }
                    };
                    ExponentExpr::Negative { base: Ratio::new(p, q), n: rng.random_range(1..=3) }
                }
            }
        }
    }

    /// The answer by the exponent rules (tests re-evaluate by repeated multiplication instead).
    pub(crate) fn answer(expr: ExponentExpr) -> Ratio {
        let pow = |b: Ratio, e: i32| b.pow(e).unwrap_or(Ratio::int(0));
        match expr {
            ExponentExpr::ProductExponent { m, n } => Ratio::int((m + n).into()),
            ExponentExpr::QuotientExponent { m, n } => Ratio::int((m - n).into()),
            ExponentExpr::PowerExponent { m, n } => Ratio::int((m * n).into()),
            ExponentExpr::Product { base, m, n } => pow(base, m + n),
            ExponentExpr::Quotient { base, m, n } => pow(base, m - n),
            ExponentExpr::PowerQuotient { base, m, n, k } => pow(base, m * n - k),
            ExponentExpr::ZeroPlusNegative { base, n, .. } => {
                Ratio::int(1) + pow(Ratio::int(base), -n)
            }
            ExponentExpr::Negative { base, n } => pow(base, -n),
        }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (ExponentParams, GeneratedItem) {
        let level = level(difficulty);
        let expr = Self::sample(rng, level);
        let value = Self::answer(expr);
        let find_k = |shown: String| {
            format!("{shown} = x^k. What is k? (Use the exponent rules; x is not zero.)")
        };
        let evaluate = |shown: String| {
            format!("Evaluate {shown}. Give an exact answer (a fraction if needed).")
        };
        let add_rule = "When you multiply powers of the same base, add the exponents.";
        let sub_rule = "When you divide powers of the same base, subtract the exponents.";
        let mul_rule = "A power raised to a power: multiply the exponents.";
        let negative_rule = "A negative exponent means a reciprocal: b to the power -n is one \
                             over b to the power n.";
        let (prompt, explanation, steps): (String, String, Vec<HintStep>) = match expr {
            ExponentExpr::ProductExponent { m, n } => (
                find_k(format!("{} × {}", power("x", m), power("x", n))),
                format!(
                    "Add the exponents: k = {m} + {} = {value}.",
                    operand(Ratio::int(n.into()))
                ),
                vec![
                    hint(add_rule, add_rule),
                    hint(
                        format!("So work out {m} + {}.", operand(Ratio::int(n.into()))),
                        "Add the two exponents, minding any negative signs.",
                    ),
                ],
            ),
            ExponentExpr::QuotientExponent { m, n } => (
                find_k(format!("{} ÷ {}", power("x", m), power("x", n))),
                format!(
                    "Subtract the exponents: k = {m} - {} = {value}.",
                    operand(Ratio::int(n.into()))
                ),
                vec![
                    hint(sub_rule, sub_rule),
                    hint(
                        format!("So work out {m} - {}.", operand(Ratio::int(n.into()))),
                        "Subtract the second exponent from the first, minding any negative signs.",
                    ),
                ],
            ),
            ExponentExpr::PowerExponent { m, n } => (
                find_k(format!(
                    "({})^{}",
                    power("x", m),
                    if n < 0 { format!("({n})") } else { n.to_string() }
                )),
                format!(
                    "Multiply the exponents: k = {m} × {} = {value}.",
                    operand(Ratio::int(n.into()))
                ),
                vec![
                    hint(mul_rule, mul_rule),
                    hint(
                        format!("So work out {m} × {}.", operand(Ratio::int(n.into()))),
                        "Multiply the two exponents, minding any negative signs.",
                    ),
                ],
            ),
            ExponentExpr::Product { base, m, n } => {
                let b = base_text(base);
                (
                    evaluate(format!("{} × {}", power(&b, m), power(&b, n))),
                    format!("Same base, so add the exponents: {} = {value}.", power(&b, m + n)),
                    vec![
                        hint(add_rule, add_rule),
                        hint(
                            format!("That gives {}; now evaluate it.", power(&b, m + n)),
                            "Combine into a single power, then evaluate it.",
                        ),
                        hint(negative_rule, negative_rule),
                    ],
                )
            }
            ExponentExpr::Quotient { base, m, n } => {
                let b = base_text(base);
                (
                    evaluate(format!("{} ÷ {}", power(&b, m), power(&b, n))),
                    format!(
                        "Same base, so subtract the exponents: {} = {value}.",
                        power(&b, m - n)
                    ),
                    vec![
                        hint(sub_rule, sub_rule),
                        hint(
                            format!("That gives {}; now evaluate it.", power(&b, m - n)),
                            "Combine into a single power, then evaluate it.",
                        ),
                        hint(negative_rule, negative_rule),
                    ],
                )
            }
            ExponentExpr::PowerQuotient { base, m, n, k } => {
                let b = base_text(base);
                let inner = format!("({})", power(&b, m));
                let outer = if n < 0 { format!("{inner}^({n})") } else { format!("{inner}^{n}") };
                (
                    evaluate(format!("{outer} ÷ {}", power(&b, k))),
                    format!(
                        "Power of a power: {outer} = {}. Dividing subtracts exponents: {} = \
                         {value}.",
                        power(&b, m * n),
                        power(&b, m * n - k)
                    ),
                    vec![
                        hint(mul_rule, mul_rule),
                        hint(
                            format!(
                                "That gives {}; dividing by {} subtracts the exponents.",
                                power(&b, m * n),
                                power(&b, k)
                            ),
                            "Then dividing powers of the same base subtracts the exponents.",
                        ),
                        hint(negative_rule, negative_rule),
                    ],
                )
            }
            ExponentExpr::ZeroPlusNegative { zero_base, base, n } => {
                let neg = base_text(Ratio::int(base));
                (
                    evaluate(format!("{} + {}", power(&zero_base.to_string(), 0), power(&neg, -n))),
                    format!(
                        "Any nonzero number to the power 0 is 1, and {} = 1/{}. So the total is \
                         1 + 1/{} = {value}.",
                        power(&neg, -n),
                        Ratio::int(base).pow(n).unwrap_or(Ratio::int(1)),
                        Ratio::int(base).pow(n).unwrap_or(Ratio::int(1))
                    ),
                    vec![
                        hint(
                            "Any nonzero number raised to the power zero equals one.",
                            "Any nonzero number raised to the power zero equals one.",
                        ),
                        hint(negative_rule, negative_rule),
                        hint(
                            "Then add the two results as fractions.",
                            "Then add the two results as fractions.",
                        ),
                    ],
                )
            }
            ExponentExpr::Negative { base, n } => {
                let b = base_text(base);
                (
                    evaluate(power(&b, -n)),
                    format!(
                        "A negative exponent is a reciprocal: {} = 1 / {} = {value}.",
                        power(&b, -n),
                        power(&b, n)
                    ),
                    vec![
                        hint(negative_rule, negative_rule),
                        hint(
                            format!("Work out {} first, then take its reciprocal.", power(&b, n)),
                            "Work out the positive power first, then take its reciprocal.",
                        ),
                    ],
                )
            }
        };
        let finds_exponent = matches!(
            expr,
            ExponentExpr::ProductExponent { .. }
                | ExponentExpr::QuotientExponent { .. }
                | ExponentExpr::PowerExponent { .. }
        );
        let display_answer =
            if finds_exponent { format!("k = {value}") } else { value.to_string() };
        let mut forbidden = answer_forms(value);
        forbidden.push(display_answer.clone());
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt,
            options: Vec::new(),
            answer: exact_key(value, None),
            display_answer,
            explanation,
            hints: safe_hints(steps, &forbidden),
            difficulty: level,
            generator: self.id(),
        };
        (expr, item)
    }
}

impl Generator for ExponentRules {
    fn id(&self) -> &'static str {
        "exponent_rules"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "exponents",
            "exponent rules",
            "exponent laws",
            "laws of exponents",
            "rules of exponents",
            "index laws",
            "laws of indices",
            "indices",
            "powers",
            "negative exponents",
            "zero exponent",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
