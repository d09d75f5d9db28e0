//! Mole ratios (chemistry).

use super::*;

// ---------------------------------------------------------------------------------------------
// Mole ratios

pub(crate) struct MoleRatios;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MoleRatioParams {
    pub reaction: Reaction,
    pub given: Species,
    pub target: Species,
    /// Moles of `given`, or grams (to one decimal place) when `given_in_grams`.
    pub amount: Ratio,
    pub given_in_grams: bool,
    pub answer_in_grams: bool,
}

impl MoleRatios {
    /// 1–3 whole moles; 4–5 half moles; 6–7 grams to moles; 8–10 grams to grams.
    fn sample(rng: &mut StdRng, level: u8) -> MoleRatioParams {
        let reaction = pick(rng, REACTIONS);
        let species = reaction.species();
        let given = pick(rng, &species);
        let others: Vec<Species> = species.iter().copied().filter(|s| *s != given).collect();
        let target = pick(rng, &others);
        let c_given = i128::from(given.coefficient);
        let moles = match level {
            1..=3 => Ratio::int(c_given * rng.random_range(1..=5)),
            _ => Ratio::new(c_given * rng.random_range(1..=10), 2),
        };
        let given_in_grams = level >= 6;
        let amount = if given_in_grams { grams_to_one_place(moles, given.formula) } else { moles };
        MoleRatioParams {
            reaction,
            given,
            target,
            amount,
            given_in_grams,
            answer_in_grams: level >= 8,
        }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (MoleRatioParams, GeneratedItem) {
        let level = level(difficulty);
        let p = Self::sample(rng, level);
        let (y, x) = (p.given, p.target);
        let (py, px) = (pretty_formula(y.formula), pretty_formula(x.formula));
        let (my, mx) = (mass_of(y.formula), mass_of(x.formula));
        let ratio = Ratio::new(x.coefficient.into(), y.coefficient.into());
        let amount_text = format!(
            "{} {}",
            p.amount.to_plain_string(),
            if p.given_in_grams { "g" } else { "mol" }
        );
        let quantity = if p.answer_in_grams { "grams" } else { "moles" };
        let question = match (y.is_reactant, x.is_reactant) {
            (true, false) => {
                format!("How many {quantity} of {px} are produced from {amount_text} of {py}?")
            }
            (true, true) => format!(
                "How many {quantity} of {px} are needed to react completely with {amount_text} of \
                 {py}?"
            ),
            (false, true) => {
                format!("How many {quantity} of {px} are needed to produce {amount_text} of {py}?")
            }
            (false, false) => format!(
                "When {amount_text} of {py} is produced, how many {quantity} of {px} are produced \
                 as well?"
            ),
        };
        let prompt = format!(
            "For the reaction {}: {question} Assume everything else is in excess.",
            p.reaction.equation()
        );

        let moles_y = if p.given_in_grams { p.amount.to_f64() / my } else { p.amount.to_f64() };
        let moles_x = moles_y * ratio.to_f64();
        let unit = if p.answer_in_grams { "g" } else { "mol" };
        let (answer, display_answer, mut forbidden) = if p.given_in_grams {
            let value = if p.answer_in_grams { moles_x * mx } else { moles_x };
            let shown = fmt_sig(value, 3);
            let forbidden = vec![shown.clone(), fmt_decimal(value, 2), fmt_decimal(value, 1)];
            (approximate_key(value, unit), format!("{shown} {unit}"), forbidden)
        } else {
            let exact = p.amount * ratio;
            (
                exact_key(exact, Some("mol")),
                format!("{} mol", exact.to_plain_string()),
                answer_forms(exact),
            )
        };
        forbidden.push(display_answer.clone());

        let mut explanation = String::new();
        if p.given_in_grams {
            explanation.push_str(&format!(
                "Moles of {py} = {amount_text} ÷ {} g/mol = {} mol. ",
                fmt_decimal(my, 3),
                fmt_sig(moles_y, 4)
            ));
        }
        explanation.push_str(&format!(
            "The equation gives {} mol {py} : {} mol {px}, so moles of {px} = {} × {}/{} = {} mol.",
            y.coefficient,
            x.coefficient,
            if p.given_in_grams { fmt_sig(moles_y, 4) } else { p.amount.to_plain_string() },
            x.coefficient,
            y.coefficient,
            if p.given_in_grams {
                fmt_sig(moles_x, 4)
            } else {
                (p.amount * ratio).to_plain_string()
            }
        ));
        if p.answer_in_grams {
            explanation.push_str(&format!(
                " Mass of {px} = {} mol × {} g/mol = {display_answer}.",
                fmt_sig(moles_x, 4),
                fmt_decimal(mx, 3)
            ));
        }

        let mut steps: Vec<HintStep> = Vec::new();
        if p.given_in_grams {
            steps.push(hint(
                format!(
                    "Convert the mass of {py} to moles using its molar mass, {} g/mol.",
                    fmt_decimal(my, 2)
                ),
                "Convert the mass given to moles using its molar mass.",
            ));
        }
        steps.push(hint(
            format!(
                "The balanced equation gives the mole ratio {} {py} : {} {px}.",
                y.coefficient, x.coefficient
            ),
            "Read the mole ratio between the two substances from the coefficients in the \
             balanced equation.",
        ));
        steps.push(hint(
            format!(
                "Multiply the moles of {py} by {} and divide by {}{}.",
                x.coefficient,
                y.coefficient,
                if p.answer_in_grams {
                    ", then multiply by the molar mass of the answer substance"
                } else {
                    ""
                }
            ),
            format!(
                "Scale the moles by the ratio of the coefficients{}.",
                if p.answer_in_grams { ", then convert moles to grams" } else { "" }
            ),
        ));
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt,
            options: Vec::new(),
            answer,
            display_answer,
            explanation,
            hints: safe_hints(steps, &forbidden),
            difficulty: level,
            generator: self.id(),
        };
        (p, item)
    }
}

impl Generator for MoleRatios {
    fn id(&self) -> &'static str {
        "mole_ratios"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "mole ratios",
            "mole ratio",
            "stoichiometry",
            "reaction stoichiometry",
            "moles",
            "the mole",
            "mole calculations",
            "mole concept",
            "balanced equations",
            "chemical equations",
            "mass to mass calculations",
            "grams to moles",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
