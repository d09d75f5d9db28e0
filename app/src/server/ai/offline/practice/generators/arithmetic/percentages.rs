//! Percentages (arithmetic).

use super::*;

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
