//! Completing the square (algebra).

use super::*;

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
