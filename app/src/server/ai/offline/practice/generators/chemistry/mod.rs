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

mod limiting_reagent;
mod molar_mass;
mod mole_ratios;

pub(crate) use limiting_reagent::*;
pub(crate) use molar_mass::*;
pub(crate) use mole_ratios::*;
