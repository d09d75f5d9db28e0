//! Linear equations (algebra).

use super::*;

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
