//! Replies from a model are untrusted: parsed into these shapes and checked field by field
//! before they become our types. Anything out of bounds is an error, never clamped into data.

use serde::Deserialize;

use super::{AiError, Analysis, ConceptFinding, Finding, offline};
use crate::server::{
    ai::types::GeneratedItem,
    grading::{AnswerKey, Choice, QuestionKind, check_answer},
    transcript::LineRange,
};

const MAX_TEXT: usize = 600;
const MAX_ITEMS: usize = 20;

#[derive(Debug, Deserialize)]
pub struct RawAnalysis {
    pub subject: String,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub topics: Vec<RawFinding>,
    pub concepts: Vec<RawConcept>,
    #[serde(default)]
    pub strengths: Vec<RawFinding>,
    #[serde(default)]
    pub improvements: Vec<RawFinding>,
    #[serde(default)]
    pub action_items: Vec<RawFinding>,
}

#[derive(Debug, Deserialize)]
pub struct RawFinding {
    pub text: String,
    #[serde(default)]
    pub concept: Option<String>,
    pub lines: [usize; 2],
}

#[derive(Debug, Deserialize)]
pub struct RawConcept {
    pub name: String,
    pub difficulty: i64,
    #[serde(default)]
    pub relevance: Option<f64>,
    #[serde(default)]
    pub signal: i64,
    #[serde(default)]
    pub description: Option<String>,
    pub evidence: Vec<[usize; 2]>,
}

fn malformed(message: impl Into<String>) -> AiError {
    AiError::Malformed(message.into())
}

fn text(value: &str, what: &str) -> Result<String, AiError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_TEXT {
        return Err(malformed(format!("{what} is empty or too long")));
    }
    Ok(value.to_owned())
}

fn range(lines: [usize; 2], turns: usize, what: &str) -> Result<LineRange, AiError> {
    let [start, end] = lines;
    if start == 0 || end < start || end > turns {
        return Err(malformed(format!("{what} cites lines {start}-{end} outside 1-{turns}")));
    }
    Ok(LineRange { start, end })
}

fn findings(raw: Vec<RawFinding>, turns: usize, what: &str) -> Result<Vec<Finding>, AiError> {
    if raw.len() > MAX_ITEMS {
        return Err(malformed(format!("too many {what}")));
    }
    raw.into_iter()
        .map(|f| {
            Ok(Finding {
                text: text(&f.text, what)?,
                concept: f.concept.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()),
                lines: range(f.lines, turns, what)?,
            })
        })
        .collect()
}

/// Checks a model's analysis against a transcript of `turns` lines.
pub fn analysis(json: &str, turns: usize) -> Result<Analysis, AiError> {
    let raw: RawAnalysis =
        serde_json::from_str(json).map_err(|e| malformed(format!("not the expected JSON: {e}")))?;
    let subject_label = text(&raw.subject, "subject")?;
    let subject = offline::normalize_name(&subject_label).replace(' ', "_");
    if raw.concepts.is_empty() || raw.concepts.len() > MAX_ITEMS {
        return Err(malformed("expected between 1 and 20 concepts"));
    }
    let mut concepts = Vec::with_capacity(raw.concepts.len());
    for concept in raw.concepts {
        if !(1..=10).contains(&concept.difficulty) {
            return Err(malformed(format!("difficulty {} is outside 1-10", concept.difficulty)));
        }
        if !(-1..=1).contains(&concept.signal) {
            return Err(malformed(format!("signal {} is outside -1..1", concept.signal)));
        }
        let relevance = concept.relevance.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&relevance) {
            return Err(malformed("relevance is outside 0..1"));
        }
        if concept.evidence.is_empty() {
            return Err(malformed("a concept without evidence lines"));
        }
        let evidence = concept
            .evidence
            .into_iter()
            .map(|lines| range(lines, turns, "concept evidence"))
            .collect::<Result<Vec<_>, _>>()?;
        concepts.push(ConceptFinding {
            name: text(&concept.name, "concept name")?,
            subject: subject.clone(),
            difficulty: concept.difficulty as u8,
            relevance,
            evidence,
            signal: concept.signal as i8,
            description: concept.description.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()),
        });
    }
    Ok(Analysis {
        subject,
        subject_label,
        title: text(&raw.title, "title")?,
        summary: text(&raw.summary, "summary")?,
        topics: findings(raw.topics, turns, "topics")?,
        concepts,
        strengths: findings(raw.strengths, turns, "strengths")?,
        improvements: findings(raw.improvements, turns, "improvements")?,
        action_items: findings(raw.action_items, turns, "action items")?,
    })
}

#[derive(Debug, Deserialize)]
pub struct RawItems {
    pub items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
pub struct RawItem {
    pub concept: String,
    pub kind: String,
    pub prompt: String,
    #[serde(default)]
    pub options: Vec<String>,
    /// For multiple choice, the correct option's text; otherwise the answer itself.
    pub answer: String,
    #[serde(default)]
    pub unit: Option<String>,
    pub explanation: String,
    #[serde(default)]
    pub hints: Vec<String>,
    pub difficulty: i64,
}

/// Turns one model-written item into ours, or says why it is unusable: an answer key must be
/// present, options distinct, the answer among them, hints must not give the answer away.
pub fn practice_item(raw: RawItem) -> Result<GeneratedItem, String> {
    let prompt = raw.prompt.trim().to_owned();
    let answer = raw.answer.trim().to_owned();
    if prompt.is_empty() || prompt.chars().count() > 1000 {
        return Err("empty or overlong prompt".into());
    }
    if answer.is_empty() {
        return Err("no answer key".into());
    }
    if !(1..=10).contains(&raw.difficulty) {
        return Err("difficulty outside 1-10".into());
    }
    let lowered_answer = answer.to_lowercase();
    if raw.hints.iter().any(|hint| hint.to_lowercase().contains(&lowered_answer)) {
        return Err("a hint reveals the answer".into());
    }
    let (kind, options, key) = match raw.kind.as_str() {
        "multiple_choice" => {
            let texts: Vec<String> = raw.options.iter().map(|o| o.trim().to_owned()).collect();
            let mut distinct: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
            distinct.sort();
            distinct.dedup();
            if texts.len() < 2 || texts.len() > 6 || distinct.len() != texts.len() {
                return Err("multiple choice needs 2-6 distinct options".into());
            }
            let ids = ["a", "b", "c", "d", "e", "f"];
            let options: Vec<Choice> = texts
                .iter()
                .zip(ids)
                .map(|(text, id)| Choice { id: id.to_owned(), text: text.clone() })
                .collect();
            let correct = options
                .iter()
                .find(|o| o.text.eq_ignore_ascii_case(&answer))
                .ok_or("the answer is not among the options")?;
            let key = AnswerKey::Choice { id: correct.id.clone(), text: correct.text.clone() };
            (QuestionKind::MultipleChoice, options, key)
        }
        "numeric" => {
            let key = AnswerKey::Numeric {
                value: 0.0,
                tolerance: 0.0,
                unit: raw.unit.clone().filter(|u| !u.trim().is_empty()),
            };
            let value = parse_number(&answer).ok_or("the numeric answer is not a number")?;
            let key = match key {
                AnswerKey::Numeric { unit, .. } => {
                    AnswerKey::Numeric { value, tolerance: (value.abs() * 0.01).max(1e-6), unit }
                }
                other => other,
            };
            (QuestionKind::Numeric, Vec::new(), key)
        }
        "short_answer" => (
            QuestionKind::ShortAnswer,
            Vec::new(),
            AnswerKey::Text { accepted: vec![answer.clone()] },
        ),
        other => return Err(format!("unknown kind {other:?}")),
    };
    // The key must accept its own answer, or it is broken.
    if !check_answer(kind, &key, &answer) {
        return Err("the answer key does not accept its own answer".into());
    }
    Ok(GeneratedItem {
        kind,
        prompt,
        options,
        answer: key,
        display_answer: answer,
        explanation: raw.explanation.trim().to_owned(),
        hints: raw
            .hints
            .into_iter()
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .take(3)
            .collect(),
        difficulty: raw.difficulty as u8,
        generator: "openai",
    })
}

fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    if let Some((numerator, denominator)) = cleaned.split_once('/') {
        let n: f64 = numerator.parse().ok()?;
        let d: f64 = denominator.parse().ok()?;
        return (d != 0.0).then_some(n / d);
    }
    cleaned.trim_end_matches(|c: char| c.is_alphabetic() || c == '%').parse().ok()
}

#[derive(Debug, Deserialize)]
struct RawSuggestions {
    suggestions: Vec<RawSuggestion>,
}

#[derive(Debug, Deserialize)]
struct RawSuggestion {
    subject: String,
    reason: String,
}

/// A ranking of subject suggestions: 3 to 5 distinct subjects, each one of the candidates
/// (taken in the candidate's own spelling), each with a one-line reason.
pub fn suggestions(
    json: &str,
    candidates: &[super::SuggestedSubject],
) -> Result<Vec<super::SuggestedSubject>, AiError> {
    let raw: RawSuggestions =
        serde_json::from_str(json).map_err(|e| malformed(format!("not the expected JSON: {e}")))?;
    let mut out: Vec<super::SuggestedSubject> = Vec::new();
    for item in raw.suggestions {
        let key = offline::normalize_name(&item.subject);
        let Some(candidate) =
            candidates.iter().find(|c| offline::normalize_name(&c.subject) == key)
        else {
            return Err(malformed(format!("{:?} is not one of the candidates", item.subject)));
        };
        if out.iter().any(|o| o.subject == candidate.subject) {
            return Err(malformed("a subject is suggested twice"));
        }
        let reason = item.reason.trim();
        if reason.is_empty() || reason.chars().count() > 200 || reason.contains('\n') {
            return Err(malformed("a reason is empty, too long or more than one line"));
        }
        out.push(super::SuggestedSubject {
            subject: candidate.subject.clone(),
            reason: reason.to_owned(),
        });
    }
    let wanted = 3.min(candidates.len())..=5;
    if !wanted.contains(&out.len()) {
        return Err(malformed(format!("{} suggestions, want 3 to 5", out.len())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
        "subject": "Mathematics", "title": "Quadratics", "summary": "We factored quadratics.",
        "topics": [{"text": "Quadratic equations", "lines": [1, 2]}],
        "concepts": [{"name": "Factoring", "difficulty": 5, "relevance": 0.9, "signal": -1,
                      "evidence": [[1, 2]]}],
        "strengths": [], "improvements": [{"text": "Signs", "concept": "Factoring", "lines": [2, 2]}],
        "action_items": [{"text": "Problems 4-10", "lines": [3, 3]}]
    }"#;

    #[test]
    fn a_well_formed_reply_becomes_an_analysis() {
        let analysis = analysis(GOOD, 3).expect("valid");
        assert_eq!(analysis.subject, "mathematics");
        assert_eq!(analysis.concepts[0].signal, -1);
        assert_eq!(analysis.improvements[0].concept.as_deref(), Some("Factoring"));
    }

    #[test]
    fn out_of_range_lines_and_values_are_refused() {
        assert!(analysis(GOOD, 2).is_err(), "cites line 3 of 2");
        assert!(analysis(&GOOD.replace("\"difficulty\": 5", "\"difficulty\": 11"), 3).is_err());
        assert!(analysis(&GOOD.replace("\"signal\": -1", "\"signal\": 4"), 3).is_err());
        assert!(analysis("{\"subject\": 1}", 3).is_err());
        assert!(analysis("not json", 3).is_err());
    }

    fn item(kind: &str, options: &[&str], answer: &str, hints: &[&str]) -> RawItem {
        RawItem {
            concept: "Factoring".into(),
            kind: kind.into(),
            prompt: "Factor x^2 + 5x + 6".into(),
            options: options.iter().map(|s| (*s).to_owned()).collect(),
            answer: answer.into(),
            unit: None,
            explanation: "Find two numbers.".into(),
            hints: hints.iter().map(|s| (*s).to_owned()).collect(),
            difficulty: 4,
        }
    }

    #[test]
    fn practice_items_are_checked() {
        let ok = practice_item(item(
            "multiple_choice",
            &["(x+2)(x+3)", "(x+1)(x+6)"],
            "(x+2)(x+3)",
            &["Think of factors of 6"],
        ));
        assert!(ok.is_ok());
        assert!(
            practice_item(item("multiple_choice", &["a", "a"], "a", &[])).is_err(),
            "duplicate options"
        );
        assert!(
            practice_item(item("multiple_choice", &["a", "b"], "c", &[])).is_err(),
            "answer not an option"
        );
        assert!(practice_item(item("numeric", &[], "", &[])).is_err(), "no key");
        assert!(
            practice_item(item("numeric", &[], "12", &["The answer is 12"])).is_err(),
            "hint gives it away"
        );
        assert!(practice_item(item("numeric", &[], "1/2", &[])).is_ok());
        assert!(practice_item(item("essay", &[], "x", &[])).is_err());
    }
}
