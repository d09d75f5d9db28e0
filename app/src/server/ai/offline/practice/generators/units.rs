//! Unit conversion generator: metric prefixes, time, temperature and speed, with answers keyed to
//! the target unit so the checker accepts any spelling of it (or none) but not another unit.

use rand::Rng;
use rand::rngs::StdRng;

use super::super::{GeneratedItem, Generator, QuestionKind};
use super::{HintStep, answer_forms, exact_key, hint, level, pick, safe_hints};
use crate::server::grading::number::Ratio;

/// A unit as a multiple of its dimension's base unit (m, g, L, s, m/s).
struct UnitDef {
    symbol: &'static str,
    name: &'static str,
    to_base: (i128, i128),
}

const UNIT_DEFS: &[UnitDef] = &[
    UnitDef { symbol: "km", name: "kilometres", to_base: (1000, 1) },
    UnitDef { symbol: "m", name: "metres", to_base: (1, 1) },
    UnitDef { symbol: "cm", name: "centimetres", to_base: (1, 100) },
    UnitDef { symbol: "mm", name: "millimetres", to_base: (1, 1000) },
    UnitDef { symbol: "kg", name: "kilograms", to_base: (1000, 1) },
    UnitDef { symbol: "g", name: "grams", to_base: (1, 1) },
    UnitDef { symbol: "mg", name: "milligrams", to_base: (1, 1000) },
    UnitDef { symbol: "L", name: "litres", to_base: (1, 1) },
    UnitDef { symbol: "mL", name: "millilitres", to_base: (1, 1000) },
    UnitDef { symbol: "h", name: "hours", to_base: (3600, 1) },
    UnitDef { symbol: "min", name: "minutes", to_base: (60, 1) },
    UnitDef { symbol: "s", name: "seconds", to_base: (1, 1) },
    UnitDef { symbol: "km/h", name: "kilometres per hour", to_base: (5, 18) },
    UnitDef { symbol: "m/s", name: "metres per second", to_base: (1, 1) },
    UnitDef { symbol: "°C", name: "degrees Celsius", to_base: (1, 1) },
    UnitDef { symbol: "K", name: "kelvin", to_base: (1, 1) },
];

/// One-step conversions between neighbouring units (levels 1–6).
const ONE_STEP: &[(&str, &str)] = &[
    ("km", "m"),
    ("m", "cm"),
    ("cm", "mm"),
    ("kg", "g"),
    ("g", "mg"),
    ("L", "mL"),
    ("h", "min"),
    ("min", "s"),
];

/// Two-step conversions and the unit to pass through (levels 7–10).
const TWO_STEP: &[(&str, &str, &str)] = &[
    ("km", "cm", "m"),
    ("km", "mm", "m"),
    ("kg", "mg", "g"),
    ("h", "s", "min"),
    ("cm", "km", "m"),
    ("mg", "kg", "g"),
    ("s", "h", "min"),
];

/// Kelvin minus Celsius: 273.15.
fn kelvin_offset() -> Ratio {
    Ratio::new(27315, 100)
}

fn def(symbol: &str) -> &'static UnitDef {
    UNIT_DEFS.iter().find(|u| u.symbol == symbol).unwrap_or(&UNIT_DEFS[1])
}

/// Convert `value` of `from` into `to`: scale through the base unit, or shift for temperature.
pub(crate) fn convert(value: Ratio, from: &str, to: &str) -> Ratio {
    match (from, to) {
        ("°C", "K") => value + kelvin_offset(),
        ("K", "°C") => value - kelvin_offset(),
        _ => {
            let (f, t) = (def(from).to_base, def(to).to_base);
            value * Ratio::new(f.0, f.1) * Ratio::new(t.1, t.0)
        }
    }
}

pub(crate) struct UnitConversion;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConversionParams {
    pub from: &'static str,
    pub to: &'static str,
    pub value: Ratio,
}

impl UnitConversion {
    /// 1–3 larger to smaller unit with whole numbers; 4–6 either direction with decimals; 7–8
    /// two-step conversions; 9–10 temperature and speed, or two-step.
    fn sample(rng: &mut StdRng, level: u8) -> ConversionParams {
        let (from, to) = match level {
            1..=3 => pick(rng, ONE_STEP),
            4..=6 => {
                let (a, b) = pick(rng, ONE_STEP);
                if rng.random_bool(0.5) { (b, a) } else { (a, b) }
            }
            7 | 8 => {
                let (a, b, _) = pick(rng, TWO_STEP);
                (a, b)
            }
            _ => {
                if rng.random_bool(0.6) {
                    pick(rng, &[("°C", "K"), ("K", "°C"), ("km/h", "m/s"), ("m/s", "km/h")])
                } else {
                    let (a, b, _) = pick(rng, TWO_STEP);
                    (a, b)
                }
            }
        };
        let value = match (from, to) {
            ("°C", "K") => Ratio::int(rng.random_range(-40..=120)),
            // Whole-degree Celsius answers, so the kelvin value shown ends in .15.
            ("K", "°C") => Ratio::int(rng.random_range(-40..=120)) + kelvin_offset(),
            ("km/h", "m/s") => Ratio::int(18 * rng.random_range(1..=8)),
            ("m/s", "km/h") => Ratio::int(rng.random_range(1..=40)),
            _ => {
                let factor = convert(Ratio::int(1), from, to);
                if factor > Ratio::int(1) {
                    // Larger to smaller: whole numbers at first, then one decimal place.
                    if level <= 3 {
                        Ratio::int(rng.random_range(1..=20))
                    } else {
                        Ratio::new(rng.random_range(11..=99), 10)
                    }
                } else {
                    // Smaller to larger: pick a tidy answer (tenths, or quarters for time) and
                    // work back to the value to convert.
                    let time = matches!(to, "h" | "min");
                    let den = if time { 4 } else { 10 };
                    let answer = Ratio::new(rng.random_range(1..=(den * 12)), den);
                    answer.checked_div(factor).unwrap_or(Ratio::int(1))
                }
            }
        };
        ConversionParams { from, to, value }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (ConversionParams, GeneratedItem) {
        let level = level(difficulty);
        let params = Self::sample(rng, level);
        let ConversionParams { from, to, value } = params;
        let answer = convert(value, from, to);
        let (shown_value, shown_answer) = (value.to_plain_string(), answer.to_plain_string());
        let spaced = |v: &str, unit: &str| format!("{v} {unit}");
        let prompt = format!("Convert {} to {} ({to}).", spaced(&shown_value, from), def(to).name);
        let display_answer = spaced(&shown_answer, to);

        let (explanation, steps): (String, Vec<HintStep>) = match (from, to) {
            ("°C", "K") | ("K", "°C") => {
                let op = if from == "°C" { "add" } else { "subtract" };
                (
                    format!(
                        "Kelvin = degrees Celsius + 273.15, so {op} 273.15: {} = {display_answer}.",
                        spaced(&shown_value, from)
                    ),
                    vec![
                        hint(
                            "Kelvin and Celsius degrees are the same size; only the starting point \
                             differs.",
                            "Kelvin and Celsius degrees are the same size; only the starting point \
                             differs.",
                        ),
                        hint(
                            format!("To go from {from} to {to}, {op} 273.15."),
                            format!(
                                "To go from {from} to {to}, {op} the offset between the scales."
                            ),
                        ),
                    ],
                )
            }
            ("km/h", "m/s") | ("m/s", "km/h") => {
                let op = if from == "km/h" { "divide" } else { "multiply" };
                (
                    format!(
                        "1 km/h = 1000 m ÷ 3600 s = 1/3.6 m/s, so {op} by 3.6: {} = \
                         {display_answer}.",
                        spaced(&shown_value, from)
                    ),
                    vec![
                        hint(
                            "Change kilometres to metres and hours to seconds.",
                            "Change kilometres to metres and hours to seconds.",
                        ),
                        hint(
                            format!("1 km/h is 1000 m per 3600 s, so {op} by 3.6."),
                            format!("Work out what one km/h is in m/s, then {op} accordingly."),
                        ),
                    ],
                )
            }
            _ => {
                let factor = convert(Ratio::int(1), from, to);
                let bigger_to_smaller = factor > Ratio::int(1);
                let (big, small, per) = if bigger_to_smaller {
                    (from, to, factor)
                } else {
                    (to, from, factor.recip().unwrap_or(Ratio::int(1)))
                };
                let (op, verb) =
                    if bigger_to_smaller { ("×", "multiply") } else { ("÷", "divide") };
                let mut steps = vec![hint(
                    format!("There are {per} {small} in 1 {big}."),
                    "Recall how many of the smaller unit make one of the larger unit.",
                )];
                if let Some((_, _, via)) = TWO_STEP.iter().find(|(a, b, _)| *a == from && *b == to)
                {
                    steps.push(hint(
                        format!("You can also go in two steps, through {via}."),
                        "You can also convert in two steps through an intermediate unit.",
                    ));
                }
                steps.push(hint(
                    format!(
                        "Going from {} to {} unit, {verb}.",
                        if bigger_to_smaller { "a larger" } else { "a smaller" },
                        if bigger_to_smaller { "a smaller" } else { "a larger" }
                    ),
                    format!(
                        "Going from {} to {} unit, {verb}.",
                        if bigger_to_smaller { "a larger" } else { "a smaller" },
                        if bigger_to_smaller { "a smaller" } else { "a larger" }
                    ),
                ));
                (
                    format!(
                        "1 {big} = {per} {small}, so {} {op} {per} = {display_answer}.",
                        spaced(&shown_value, from),
                    ),
                    steps,
                )
            }
        };
        let mut forbidden = answer_forms(answer);
        forbidden.push(display_answer.clone());
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt,
            options: Vec::new(),
            answer: exact_key(answer, Some(to)),
            display_answer,
            explanation,
            hints: safe_hints(steps, &forbidden),
            difficulty: level,
            generator: self.id(),
        };
        (params, item)
    }
}

impl Generator for UnitConversion {
    fn id(&self) -> &'static str {
        "unit_conversion"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "unit conversions",
            "unit conversion",
            "converting units",
            "converting between units",
            "metric units",
            "metric prefixes",
            "metric conversions",
            "si units",
            "temperature conversion",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
