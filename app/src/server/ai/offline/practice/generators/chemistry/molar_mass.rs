//! Molar mass (chemistry).

use super::*;

// ---------------------------------------------------------------------------------------------
// Molar mass

pub(crate) struct MolarMass;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MolarMassParams {
    pub compound: Compound,
}

impl MolarMass {
    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (MolarMassParams, GeneratedItem) {
        let level = level(difficulty);
        let tier = match level {
            1..=3 => 1,
            4..=6 => 2,
            7 | 8 => 3,
            _ => pick(rng, &[3, 4, 4]),
        };
        let pool: Vec<Compound> = COMPOUNDS.iter().copied().filter(|c| c.tier == tier).collect();
        let compound = if pool.is_empty() { COMPOUNDS[0] } else { pick(rng, &pool) };
        let composition = parse_formula(compound.formula).unwrap_or_default();
        let mass = composition_mass(&composition).unwrap_or(0.0);
        let pretty = pretty_formula(compound.formula);
        let order = element_order(compound.formula);
        let counted: Vec<(&str, u32, f64)> = order
            .iter()
            .filter_map(|s| {
                let e = element(s)?;
                Some((e.symbol, *composition.get(e.symbol)?, e.mass))
            })
            .collect();
        let counts =
            counted.iter().map(|(s, n, _)| format!("{s} × {n}")).collect::<Vec<_>>().join(", ");
        let masses =
            counted.iter().map(|(s, _, m)| format!("{s} = {m}")).collect::<Vec<_>>().join(", ");
        let sum =
            counted.iter().map(|(_, n, m)| format!("{n} × {m}")).collect::<Vec<_>>().join(" + ");
        let rounded = fmt_decimal(mass, 2);
        let display_answer = format!("{rounded} g/mol");
        let prompt = if level <= 6 {
            format!(
                "Calculate the molar mass of {} ({pretty}) in g/mol. Use the atomic {} {masses}.",
                compound.name,
                if counted.len() == 1 { "mass" } else { "masses" }
            )
        } else {
            format!(
                "Calculate the molar mass of {} ({pretty}) in g/mol, using atomic masses from the \
                 periodic table.",
                compound.name
            )
        };
        let explanation = format!(
            "{pretty} contains {counts}. Molar mass = {sum} = {} g/mol, which is {display_answer} \
             to two decimal places.",
            fmt_decimal(mass, 3)
        );
        let bracket_note = match (compound.formula.contains('('), compound.formula.contains('·')) {
            (true, _) => " (a number after a bracket multiplies everything inside it)",
            (false, true) => " (the water molecules after the dot count too)",
            (false, false) => "",
        };
        let multiply = if level <= 6 {
            hint(
                "Multiply each count by that element's atomic mass, then add the results.",
                "Multiply each count by that element's atomic mass, then add the results.",
            )
        } else {
            hint(
                format!("Multiply each count by its atomic mass ({masses}) and add the results."),
                "Multiply each count by that element's atomic mass, then add the results.",
            )
        };
        let steps = vec![
            hint(
                "Molar mass is the sum of the atomic masses of every atom in the formula.",
                "Molar mass is the sum of the atomic masses of every atom in the formula.",
            ),
            hint(
                format!("Count the atoms of each element{bracket_note}: {counts}."),
                format!("Count the atoms of each element{bracket_note}."),
            ),
            multiply,
        ];
        let forbidden = vec![
            display_answer.clone(),
            rounded.clone(),
            fmt_decimal(mass, 1),
            fmt_decimal(mass, 3),
        ];
        let item = GeneratedItem {
            kind: QuestionKind::Numeric,
            prompt,
            options: Vec::new(),
            answer: AnswerKey::Numeric {
                value: mass,
                tolerance: (mass * 0.001).max(0.05),
                unit: Some("g/mol".to_string()),
            },
            display_answer,
            explanation,
            hints: safe_hints(steps, &forbidden),
            difficulty: level,
            generator: self.id(),
        };
        (MolarMassParams { compound }, item)
    }
}

impl Generator for MolarMass {
    fn id(&self) -> &'static str {
        "molar_mass"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "molar mass",
            "molar masses",
            "molecular mass",
            "molecular weight",
            "formula mass",
            "relative formula mass",
            "relative molecular mass",
            "gram formula mass",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
