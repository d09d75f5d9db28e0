//! Limiting reagent (chemistry).

use super::*;

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
