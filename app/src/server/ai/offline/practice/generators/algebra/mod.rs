//! Algebra generators: linear equations, factoring quadratics, the quadratic formula, the
//! discriminant and completing the square. Each picks its answer first and builds the question
//! around it, so answers are exact and clean by construction.

use rand::Rng;
use rand::rngs::StdRng;

use super::super::{AnswerKey, GeneratedItem, Generator, QuestionKind};
use super::{
    HintStep, answer_forms, exact_key, fmt_terms, hint, level, multiple_choice, nonzero, operand,
    pick, safe_hints, signed_term,
};
use crate::server::grading::number::{Ratio, gcd};

/// "subtract 3x from both sides" / "add 3x to both sides": the move that cancels `coef·var`.
fn cancel_phrase(coef: i128, var: &str) -> String {
    let term = fmt_terms(&[(coef.abs(), var)]);
    if coef > 0 {
        format!("subtract {term} from both sides")
    } else {
        format!("add {term} to both sides")
    }
}

fn quadratic(a: i128, b: i128, c: i128) -> String {
    fmt_terms(&[(a, "x²"), (b, "x"), (c, "")])
}

/// Exact integer square root of a perfect square (generators only build perfect squares).
fn isqrt(n: i128) -> i128 {
    if n <= 0 {
        return 0;
    }
    let mut r = (n as f64).sqrt() as i128;
    while r * r > n {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= n {
        r += 1;
    }
    r
}

mod completing_square;
mod factoring;
mod formula;
mod linear;

pub(crate) use completing_square::*;
pub(crate) use factoring::*;
pub(crate) use formula::*;
pub(crate) use linear::*;
