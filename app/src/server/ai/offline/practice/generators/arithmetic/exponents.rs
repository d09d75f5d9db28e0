//! Exponent rules (arithmetic).

use super::*;

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
