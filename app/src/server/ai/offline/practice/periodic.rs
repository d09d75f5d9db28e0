//! The periodic table (embedded `periodic_table.csv`, parsed once) and the chemical formula parser
//! that turns "Ca(OH)2" or "CuSO4·5H2O" into atom counts and molar masses.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Standard atomic weights (IUPAC abridged values, g/mol), one element per line.
const CSV: &str = include_str!("periodic_table.csv");

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub symbol: &'static str,
    pub name: &'static str,
    pub mass: f64,
}

/// Atom counts keyed by element symbol.
pub(crate) type Composition = BTreeMap<&'static str, u32>;

/// Nesting deeper than any real formula; the bound keeps hostile input from recursing deeply.
const MAX_DEPTH: usize = 8;
const MAX_FORMULA_LEN: usize = 100;

pub(crate) fn elements() -> &'static [Element] {
    static TABLE: OnceLock<Vec<Element>> = OnceLock::new();
    TABLE.get_or_init(|| parse_csv(CSV))
}

/// Rows that do not parse are skipped rather than failing at run time; a test asserts that every
/// row of the shipped file parses.
pub(crate) fn parse_csv(text: &'static str) -> Vec<Element> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',').map(str::trim);
            let (symbol, name, mass) = (fields.next()?, fields.next()?, fields.next()?);
            let mass: f64 = mass.parse().ok()?;
            let valid = fields.next().is_none()
                && mass > 0.0
                && symbol.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && symbol.chars().skip(1).all(|c| c.is_ascii_lowercase());
            valid.then_some(Element { symbol, name, mass })
        })
        .collect()
}

pub(crate) fn element(symbol: &str) -> Option<&'static Element> {
    elements().iter().find(|e| e.symbol == symbol)
}

/// Molar mass in g/mol, or `None` for an unparseable formula or unknown element.
pub(crate) fn molar_mass(formula: &str) -> Option<f64> {
    composition_mass(&parse_formula(formula)?)
}

pub(crate) fn composition_mass(composition: &Composition) -> Option<f64> {
    composition
        .iter()
        .map(|(symbol, count)| element(symbol).map(|e| e.mass * f64::from(*count)))
        .sum()
}

/// Parses element symbols with counts, nested "(...)" / "[...]" groups with multipliers, and
/// hydrates joined by "·", "." or "*" with an optional leading coefficient ("CuSO4·5H2O").
/// Subscript digits ("H₂O") read like plain ones.
pub(crate) fn parse_formula(formula: &str) -> Option<Composition> {
    if formula.len() > MAX_FORMULA_LEN {
        return None;
    }
    let chars: Vec<char> =
        formula.chars().filter(|c| !c.is_whitespace()).map(subscript_to_ascii).collect();
    let mut total = Composition::new();
    for (index, part) in chars.split(|c| matches!(c, '·' | '.' | '*' | '⋅')).enumerate() {
        let mut parser = Parser { cs: part, i: 0 };
        // Only hydrate parts may start with a coefficient; "2H2O" alone is not a formula.
        let coefficient = if index > 0 { parser.count()? } else { 1 };
        let group = parser.group(0)?;
        if parser.i != part.len() || group.is_empty() {
            return None;
        }
        merge(&mut total, &group, coefficient)?;
    }
    (!total.is_empty()).then_some(total)
}

fn subscript_to_ascii(c: char) -> char {
    match c {
        '₀'..='₉' => char::from_digit(c as u32 - '₀' as u32, 10).unwrap_or(c),
        _ => c,
    }
}

fn merge(into: &mut Composition, group: &Composition, times: u32) -> Option<()> {
    for (symbol, count) in group {
        let add = count.checked_mul(times)?;
        let slot = into.entry(symbol).or_insert(0);
        *slot = slot.checked_add(add)?;
    }
    Some(())
}

struct Parser<'a> {
    cs: &'a [char],
    i: usize,
}

impl Parser<'_> {
    /// A run of elements and bracketed groups, stopping at a closing bracket or the end.
    fn group(&mut self, depth: usize) -> Option<Composition> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut out = Composition::new();
        while let Some(&c) = self.cs.get(self.i) {
            match c {
                '(' | '[' => {
                    let close = if c == '(' { ')' } else { ']' };
                    self.i += 1;
                    let inner = self.group(depth + 1)?;
                    if self.cs.get(self.i) != Some(&close) || inner.is_empty() {
                        return None;
                    }
                    self.i += 1;
                    let n = self.count()?;
                    merge(&mut out, &inner, n)?;
                }
                ')' | ']' => break,
                _ if c.is_ascii_uppercase() => {
                    let mut symbol = c.to_string();
                    self.i += 1;
                    while let Some(&l) = self.cs.get(self.i).filter(|l| l.is_ascii_lowercase()) {
                        symbol.push(l);
                        self.i += 1;
                    }
                    let element = element(&symbol)?;
                    let n = self.count()?;
                    merge(&mut out, &Composition::from([(element.symbol, 1)]), n)?;
                }
                _ => return None,
            }
        }
        Some(out)
    }

    /// An optional positive count (default 1).
    fn count(&mut self) -> Option<u32> {
        let start = self.i;
        while self.cs.get(self.i).is_some_and(char::is_ascii_digit) {
            self.i += 1;
        }
        if self.i == start {
            return Some(1);
        }
        if self.i - start > 4 {
            return None;
        }
        let n: u32 = self.cs[start..self.i].iter().collect::<String>().parse().ok()?;
        (n > 0).then_some(n)
    }
}

/// "Ca(OH)2" → "Ca(OH)₂", "CuSO4.5H2O" → "CuSO₄·5H₂O": counts become subscripts, a hydrate's
/// leading coefficient stays full size.
pub(crate) fn pretty_formula(formula: &str) -> String {
    let mut out = String::with_capacity(formula.len() + 8);
    let mut prev: Option<char> = None;
    for c in formula.chars() {
        let c = if matches!(c, '.' | '*') { '·' } else { c };
        let after_atom_or_group = prev.is_some_and(|p| {
            p.is_ascii_alphabetic() || p == ')' || p == ']' || ('₀'..='₉').contains(&p)
        });
        let shown = match c.to_digit(10) {
            Some(d) if after_atom_or_group => char::from_u32('₀' as u32 + d).unwrap_or(c),
            _ => c,
        };
        out.push(shown);
        prev = Some(shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 0.01)
    }

    #[test]
    fn every_row_of_the_shipped_table_parses() {
        let rows = CSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(elements().len(), rows);
        for z in ["H", "Ba", "Ag", "I", "Au", "Hg", "Pb", "U"] {
            assert!(element(z).is_some(), "{z} missing");
        }
        assert!(elements().len() >= 63);
    }

    #[test]
    fn molar_masses_of_known_compounds_match_reference_values() {
        assert!(close(molar_mass("H2O"), 18.015));
        assert!(close(molar_mass("CO2"), 44.009));
        assert!(close(molar_mass("NaCl"), 58.44));
        assert!(close(molar_mass("C6H12O6"), 180.156));
        assert!(close(molar_mass("Ca(OH)2"), 74.09));
        assert!(close(molar_mass("CaCO3"), 100.086));
        assert!(close(molar_mass("H2SO4"), 98.07));
        assert!(close(molar_mass("CuSO4·5H2O"), 249.68));
        assert!(close(molar_mass("Al2(SO4)3"), 342.14));
        assert!(close(molar_mass("H₂O"), 18.015));
    }

    #[test]
    fn formulas_with_groups_and_hydrates_count_every_atom() {
        let ca3po42 = parse_formula("Ca3(PO4)2").expect("parses");
        assert_eq!(ca3po42, Composition::from([("Ca", 3), ("P", 2), ("O", 8)]));
        let hydrate = parse_formula("CuSO4.5H2O").expect("parses");
        assert_eq!(hydrate, Composition::from([("Cu", 1), ("S", 1), ("O", 9), ("H", 10)]));
        let nested = parse_formula("K4[Fe(CN)6]").expect("parses");
        assert_eq!(nested, Composition::from([("K", 4), ("Fe", 1), ("C", 6), ("N", 6)]));
    }

    #[test]
    fn malformed_formulas_are_rejected_without_panicking() {
        for bad in [
            "",
            "h2o",
            "Xx2",
            "Ca(OH",
            "Ca)OH(",
            "()",
            "H0",
            "2H2O",
            "H99999",
            "((((((((((H))))))))))",
            "H2O·",
            "Na Cl!",
            "ÅÅ",
            "H4294967295",
        ] {
            assert_eq!(parse_formula(bad), None, "{bad}");
        }
        assert!(parse_formula(&"(".repeat(5000)).is_none());
    }

    #[test]
    fn pretty_formulas_use_subscripts_but_keep_hydrate_coefficients() {
        assert_eq!(pretty_formula("Ca(OH)2"), "Ca(OH)₂");
        assert_eq!(pretty_formula("CuSO4.5H2O"), "CuSO₄·5H₂O");
        assert_eq!(pretty_formula("C6H12O6"), "C₆H₁₂O₆");
    }
}
