//! Chemistry generators: molar mass from the periodic table, mole ratios (stoichiometry) from a
//! table of balanced reactions, and limiting reagent / theoretical yield.

use rand::Rng;
use rand::rngs::StdRng;

use super::super::periodic::{
    composition_mass, element, molar_mass, parse_formula, pretty_formula,
};
use super::super::{AnswerKey, GeneratedItem, Generator, QuestionKind};
use super::{HintStep, answer_forms, exact_key, hint, level, multiple_choice, pick, safe_hints};
use crate::server::grading::number::{Ratio, fmt_decimal, fmt_sig};

/// A compound for molar-mass questions; `tier` 1 (simple) to 4 (brackets and hydrates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Compound {
    pub formula: &'static str,
    pub name: &'static str,
    pub tier: u8,
}

const fn compound(formula: &'static str, name: &'static str, tier: u8) -> Compound {
    Compound { formula, name, tier }
}

pub(crate) const COMPOUNDS: &[Compound] = &[
    compound("H2O", "water", 1),
    compound("CO2", "carbon dioxide", 1),
    compound("NaCl", "sodium chloride", 1),
    compound("O2", "oxygen gas", 1),
    compound("N2", "nitrogen gas", 1),
    compound("HCl", "hydrogen chloride", 1),
    compound("CH4", "methane", 1),
    compound("NH3", "ammonia", 1),
    compound("MgO", "magnesium oxide", 1),
    compound("KCl", "potassium chloride", 1),
    compound("C6H12O6", "glucose", 2),
    compound("CaCO3", "calcium carbonate", 2),
    compound("H2SO4", "sulfuric acid", 2),
    compound("NaOH", "sodium hydroxide", 2),
    compound("HNO3", "nitric acid", 2),
    compound("C2H5OH", "ethanol", 2),
    compound("NaHCO3", "sodium hydrogen carbonate", 2),
    compound("KMnO4", "potassium permanganate", 2),
    compound("Fe2O3", "iron(III) oxide", 2),
    compound("C3H8", "propane", 2),
    compound("AgNO3", "silver nitrate", 2),
    compound("KI", "potassium iodide", 2),
    compound("BaCl2", "barium chloride", 2),
    compound("Ca(OH)2", "calcium hydroxide", 3),
    compound("Mg(OH)2", "magnesium hydroxide", 3),
    compound("Ba(OH)2", "barium hydroxide", 3),
    compound("Al(OH)3", "aluminium hydroxide", 3),
    compound("Cu(NO3)2", "copper(II) nitrate", 3),
    compound("Pb(NO3)2", "lead(II) nitrate", 3),
    compound("(NH4)2SO4", "ammonium sulfate", 3),
    compound("Ca(NO3)2", "calcium nitrate", 3),
    compound("Al2(SO4)3", "aluminium sulfate", 4),
    compound("Ca3(PO4)2", "calcium phosphate", 4),
    compound("Fe2(SO4)3", "iron(III) sulfate", 4),
    compound("(NH4)3PO4", "ammonium phosphate", 4),
    compound("CuSO4·5H2O", "copper(II) sulfate pentahydrate", 4),
    compound("MgSO4·7H2O", "magnesium sulfate heptahydrate", 4),
    compound("Na2CO3·10H2O", "sodium carbonate decahydrate", 4),
];

/// A balanced reaction: (coefficient, formula) on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reaction {
    pub reactants: &'static [(u32, &'static str)],
    pub products: &'static [(u32, &'static str)],
}

pub(crate) const REACTIONS: &[Reaction] = &[
    Reaction { reactants: &[(2, "H2"), (1, "O2")], products: &[(2, "H2O")] },
    Reaction { reactants: &[(1, "N2"), (3, "H2")], products: &[(2, "NH3")] },
    Reaction { reactants: &[(1, "CH4"), (2, "O2")], products: &[(1, "CO2"), (2, "H2O")] },
    Reaction { reactants: &[(2, "Na"), (1, "Cl2")], products: &[(2, "NaCl")] },
    Reaction { reactants: &[(1, "C3H8"), (5, "O2")], products: &[(3, "CO2"), (4, "H2O")] },
    Reaction { reactants: &[(4, "Fe"), (3, "O2")], products: &[(2, "Fe2O3")] },
    Reaction { reactants: &[(2, "Mg"), (1, "O2")], products: &[(2, "MgO")] },
    Reaction { reactants: &[(1, "CaCO3")], products: &[(1, "CaO"), (1, "CO2")] },
    Reaction { reactants: &[(2, "KClO3")], products: &[(2, "KCl"), (3, "O2")] },
    Reaction { reactants: &[(1, "C6H12O6"), (6, "O2")], products: &[(6, "CO2"), (6, "H2O")] },
    Reaction { reactants: &[(1, "Zn"), (2, "HCl")], products: &[(1, "ZnCl2"), (1, "H2")] },
    Reaction { reactants: &[(2, "Al"), (3, "Cl2")], products: &[(2, "AlCl3")] },
    Reaction { reactants: &[(2, "SO2"), (1, "O2")], products: &[(2, "SO3")] },
    Reaction { reactants: &[(1, "NaOH"), (1, "HCl")], products: &[(1, "NaCl"), (1, "H2O")] },
    Reaction { reactants: &[(4, "NH3"), (5, "O2")], products: &[(4, "NO"), (6, "H2O")] },
    Reaction { reactants: &[(2, "C2H6"), (7, "O2")], products: &[(4, "CO2"), (6, "H2O")] },
];

/// One substance in a reaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Species {
    pub coefficient: u32,
    pub formula: &'static str,
    pub is_reactant: bool,
}

impl Reaction {
    /// Reactants then products.
    pub(crate) fn species(&self) -> Vec<Species> {
        let side = |list: &'static [(u32, &'static str)], is_reactant: bool| {
            list.iter().map(move |&(coefficient, formula)| Species {
                coefficient,
                formula,
                is_reactant,
            })
        };
        side(self.reactants, true).chain(side(self.products, false)).collect()
    }

    /// "2H₂ + O₂ → 2H₂O".
    pub(crate) fn equation(&self) -> String {
        let side = |list: &[(u32, &str)]| {
            list.iter()
                .map(|&(c, f)| {
                    let coef = if c == 1 { String::new() } else { c.to_string() };
                    format!("{coef}{}", pretty_formula(f))
                })
                .collect::<Vec<_>>()
                .join(" + ")
        };
        format!("{} → {}", side(self.reactants), side(self.products))
    }
}

fn mass_of(formula: &str) -> f64 {
    // Every table formula parses (tested); zero is the harmless fallback.
    molar_mass(formula).unwrap_or(0.0)
}

/// A mass to one decimal place, as a question would state it.
fn grams_to_one_place(moles: Ratio, formula: &str) -> Ratio {
    Ratio::new((moles.to_f64() * mass_of(formula) * 10.0).round() as i128, 10)
}

/// Key for an answer computed from rounded masses: 1% relative, so students using rounded
/// atomic masses (H = 1, O = 16) are still marked right.
fn approximate_key(value: f64, unit: &str) -> AnswerKey {
    AnswerKey::Numeric { value, tolerance: value.abs() * 0.01, unit: Some(unit.to_string()) }
}

/// Order of first appearance of each element, for listing atom counts the way the formula reads.
fn element_order(formula: &str) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    let chars: Vec<char> = formula.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let mut symbol = c.to_string();
            symbol.extend(chars[i + 1..].iter().take_while(|l| l.is_ascii_lowercase()));
            if !order.contains(&symbol) {
                order.push(symbol);
            }
        }
    }
    order
}

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

// ---------------------------------------------------------------------------------------------
// Limiting reagent

pub(crate) struct LimitingReagent;

pub(crate) const NEITHER: &str = "Neither: both are used up exactly";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LimitingParams {
    /// A reaction with exactly two reactants.
    pub reaction: Reaction,
    /// Starting amounts of the two reactants: moles, or grams to one decimal when `in_grams`.
    pub amounts: [Ratio; 2],
    pub in_grams: bool,
    /// Ask for the theoretical yield of this product instead of which reactant is limiting.
    pub yield_of: Option<Species>,
    pub yield_in_grams: bool,
}

impl LimitingReagent {
    /// 1–3 moles, which is limiting (sometimes an exact ratio); 4–6 grams, which is limiting;
    /// 7 yield in moles; 8–10 yield in grams from grams.
    fn sample(rng: &mut StdRng, level: u8) -> LimitingParams {
        let two: Vec<Reaction> =
            REACTIONS.iter().copied().filter(|r| r.reactants.len() == 2).collect();
        let reaction = pick(rng, &two);
        // "Reaction extents" (moles ÷ coefficient) at least 20% apart, so rounding the masses
        // cannot change which reactant runs out.
        let extents = [
            Ratio::int(1),
            Ratio::new(3, 2),
            Ratio::int(2),
            Ratio::new(5, 2),
            Ratio::int(3),
            Ratio::int(4),
            Ratio::int(5),
            Ratio::int(6),
        ];
        let ta = pick(rng, &extents);
        let tb = if level <= 3 && rng.random_bool(0.2) {
            ta
        } else {
            loop {
                let tb = pick(rng, &extents);
                let (hi, lo) = if tb > ta { (tb, ta) } else { (ta, tb) };
                if hi.to_f64() >= 1.2 * lo.to_f64() {
                    break tb;
                }
            }
        };
        let in_grams = level >= 4 && level != 7;
        let amounts = [(0, ta), (1, tb)].map(|(i, t)| {
            let (c, formula) = reaction.reactants[i];
            let moles = Ratio::int(c.into()) * t;
            if in_grams { grams_to_one_place(moles, formula) } else { moles }
        });
        let yield_of = (level >= 7).then(|| {
            let products: Vec<Species> =
                reaction.species().into_iter().filter(|s| !s.is_reactant).collect();
            pick(rng, &products)
        });
        LimitingParams { reaction, amounts, in_grams, yield_of, yield_in_grams: level >= 8 }
    }

    pub(crate) fn generate_with_params(
        &self,
        rng: &mut StdRng,
        difficulty: u8,
    ) -> (LimitingParams, GeneratedItem) {
        let level = level(difficulty);
        let p = Self::sample(rng, level);
        let reactants = p.reaction.species();
        let (a, b) = (reactants[0], reactants[1]);
        let (pa, pb) = (pretty_formula(a.formula), pretty_formula(b.formula));
        let unit = if p.in_grams { "g" } else { "mol" };
        let moles = |i: usize, s: Species| {
            if p.in_grams {
                p.amounts[i].to_f64() / mass_of(s.formula)
            } else {
                p.amounts[i].to_f64()
            }
        };
        let (na, nb) = (moles(0, a), moles(1, b));
        let (ea, eb) = (na / f64::from(a.coefficient), nb / f64::from(b.coefficient));
        let tie = (ea - eb).abs() <= 1e-9 * ea.max(eb);
        let limiting = if ea <= eb { a } else { b };
        let extent = ea.min(eb);
        let stem = format!(
            "For the reaction {}, you start with {} {unit} of {pa} and {} {unit} of {pb}.",
            p.reaction.equation(),
            p.amounts[0].to_plain_string(),
            p.amounts[1].to_plain_string()
        );
        let mut explanation = String::new();
        for (s, n, e, amount) in [(a, na, ea, p.amounts[0]), (b, nb, eb, p.amounts[1])] {
            let ps = pretty_formula(s.formula);
            if p.in_grams {
                explanation.push_str(&format!(
                    "{ps}: {} g ÷ {} g/mol = {} mol; ÷ {} = {}. ",
                    amount.to_plain_string(),
                    fmt_decimal(mass_of(s.formula), 3),
                    fmt_sig(n, 4),
                    s.coefficient,
                    fmt_sig(e, 4)
                ));
            } else {
                explanation.push_str(&format!(
                    "{ps}: {} mol ÷ {} = {}. ",
                    amount.to_plain_string(),
                    s.coefficient,
                    fmt_decimal(e, 3)
                ));
            }
        }
        let verdict = if tie {
            "The two results are equal, so the reactants are in the exact ratio and neither is \
             limiting."
                .to_string()
        } else {
            format!(
                "{} gives the smaller result, so it runs out first: it is the limiting reagent.",
                pretty_formula(limiting.formula)
            )
        };
        explanation.push_str(&verdict);

        let mut steps: Vec<HintStep> = Vec::new();
        if p.in_grams {
            steps.push(hint(
                "Convert each mass to moles using the molar masses.",
                "Convert each mass to moles using the molar masses.",
            ));
        }
        steps.push(hint(
            "Divide each reactant's moles by its coefficient in the balanced equation.",
            "Divide each reactant's moles by its coefficient in the balanced equation.",
        ));

        let item = match p.yield_of {
            None => {
                steps.push(hint(
                    "The reactant with the smaller result runs out first; if the results are \
                     equal, there is no excess.",
                    "The reactant with the smaller result runs out first; if the results are \
                     equal, there is no excess.",
                ));
                let product = pretty_formula(p.reaction.products[0].1);
                let correct =
                    if tie { NEITHER.to_string() } else { pretty_formula(limiting.formula) };
                let distractors = [pa.clone(), pb.clone(), NEITHER.to_string(), product];
                let (options, answer) = multiple_choice(rng, &correct, distractors);
                GeneratedItem {
                    kind: QuestionKind::MultipleChoice,
                    prompt: format!("{stem} Which reactant is limiting?"),
                    options,
                    answer,
                    hints: safe_hints(steps, std::slice::from_ref(&correct)),
                    display_answer: correct,
                    explanation,
                    difficulty: level,
                    generator: self.id(),
                }
            }
            Some(product) => {
                let pp = pretty_formula(product.formula);
                let product_moles = extent * f64::from(product.coefficient);
                let (answer, display_answer, mut forbidden) = if p.yield_in_grams {
                    let grams = product_moles * mass_of(product.formula);
                    let shown = fmt_sig(grams, 3);
                    explanation.push_str(&format!(
                        " It makes {} × {} = {} mol of {pp}, which is {} mol × {} g/mol = \
                         {shown} g.",
                        fmt_sig(extent, 4),
                        product.coefficient,
                        fmt_sig(product_moles, 4),
                        fmt_sig(product_moles, 4),
                        fmt_decimal(mass_of(product.formula), 3)
                    ));
                    let forbidden =
                        vec![shown.clone(), fmt_decimal(grams, 2), fmt_decimal(grams, 1)];
                    (approximate_key(grams, "g"), format!("{shown} g"), forbidden)
                } else {
                    // Moles in, moles out: the extent is a half-integer, so the yield is too.
                    let exact = Ratio::new((product_moles * 2.0).round() as i128, 2);
                    explanation.push_str(&format!(
                        " It makes {} × {} = {} mol of {pp}.",
                        fmt_decimal(extent, 3),
                        product.coefficient,
                        exact.to_plain_string()
                    ));
                    (
                        exact_key(exact, Some("mol")),
                        format!("{} mol", exact.to_plain_string()),
                        answer_forms(exact),
                    )
                };
                forbidden.push(display_answer.clone());
                steps.push(hint(
                    format!(
                        "The smaller result belongs to the limiting reactant; multiply it by the \
                         coefficient of {pp}{}.",
                        if p.yield_in_grams { ", then by its molar mass" } else { "" }
                    ),
                    "Use the limiting reactant and the mole ratio to find the amount of product.",
                ));
                let quantity = if p.yield_in_grams { "grams" } else { "moles" };
                GeneratedItem {
                    kind: QuestionKind::Numeric,
                    prompt: format!("{stem} What is the theoretical yield of {pp}, in {quantity}?"),
                    options: Vec::new(),
                    answer,
                    display_answer,
                    explanation,
                    hints: safe_hints(steps, &forbidden),
                    difficulty: level,
                    generator: self.id(),
                }
            }
        };
        (p, item)
    }
}

impl Generator for LimitingReagent {
    fn id(&self) -> &'static str {
        "limiting_reagent"
    }
    fn concepts(&self) -> &'static [&'static str] {
        &[
            "limiting reagent",
            "limiting reagents",
            "limiting reactant",
            "limiting reactants",
            "excess reagent",
            "excess reactant",
            "theoretical yield",
        ]
    }
    fn generate(&self, rng: &mut StdRng, difficulty: u8) -> GeneratedItem {
        self.generate_with_params(rng, difficulty).1
    }
}
