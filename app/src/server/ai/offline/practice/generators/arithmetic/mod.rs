//! Arithmetic generators: fraction operations, percentages (of, change, reverse) and exponent
//! rules. Answers are exact rationals; the checker accepts any equivalent form.

use rand::Rng;
use rand::rngs::StdRng;

use super::super::{GeneratedItem, Generator, QuestionKind};
use super::{HintStep, answer_forms, exact_key, hint, level, nonzero, operand, pick, safe_hints};
use crate::server::grading::number::{Ratio, gcd, lcm};

mod exponents;
mod fractions;
mod percentages;

pub(crate) use exponents::*;
pub(crate) use fractions::*;
pub(crate) use percentages::*;
