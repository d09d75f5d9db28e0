//! Guide, don't hand over. A question about an item of one of the student's open (not yet
//! submitted) practices never gets that item's answer, from either provider: the reply is
//! checked against the answer key before it is shown or stored (the value within tolerance, the
//! right option by letter or text, an accepted short answer or root set, the displayed answer),
//! and a give-away is replaced with a step-by-step nudge built from the item's own hints. Once
//! the practice is submitted, the same question gets the worked explanation.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::server::{
    ai::offline,
    entities::{enums::PracticeStatus, practice_items, practices},
    grading::{
        AnswerKey, compact, normalise_text,
        number::{normalise_symbols, parse_number_set},
    },
    state::AppState,
};

/// Submitted practices looked at for explanations (the most recent ones).
const RECENT_SUBMITTED: u64 = 20;

/// A practice item the question is about.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub item: practice_items::Model,
    /// 1-based position in its practice.
    pub number: usize,
}

/// The items a question is about: open ones to guard, submitted ones to explain.
#[derive(Debug, Clone, Default)]
pub(super) struct Guard {
    pub open: Vec<Item>,
    pub submitted: Vec<Item>,
}

fn term_set(text: &str) -> HashSet<String> {
    offline::terms(text).into_iter().collect()
}

/// Whether a question is about a practice item: it repeats the prompt's words (most of them, and
/// at least two, so a one-word topic is not enough), or contains the whole prompt.
fn is_about(question: &str, question_terms: &HashSet<String>, prompt: &str) -> bool {
    let prompt_terms = term_set(prompt);
    if prompt_terms.is_empty() {
        return false;
    }
    let shared = prompt_terms.intersection(question_terms).count();
    let most = shared * 2 >= prompt_terms.len() && shared >= 2;
    most || compact(question).contains(&compact(prompt))
}

/// The open and recently submitted items of a student's practices that `question` is about.
pub(super) async fn items_about(
    state: &AppState,
    student_id: Uuid,
    question: &str,
) -> Result<Guard, sea_orm::DbErr> {
    let practices = practices::Entity::find()
        .filter(practices::Column::StudentId.eq(student_id))
        .filter(practices::Column::Status.is_in([
            PracticeStatus::Ready,
            PracticeStatus::InProgress,
            PracticeStatus::Completed,
        ]))
        .order_by_desc(practices::Column::CreatedAt)
        .limit(RECENT_SUBMITTED + 20)
        .all(&state.db)
        .await?;
    let open: HashSet<Uuid> =
        practices.iter().filter(|p| p.status.is_open()).map(|p| p.id).collect();
    let items = practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.is_in(practices.iter().map(|p| p.id)))
        .all(&state.db)
        .await?;
    let question_terms = term_set(question);
    let mut guard = Guard::default();
    for item in items {
        if !is_about(question, &question_terms, &item.prompt) {
            continue;
        }
        let found = Item { number: item.position as usize + 1, item };
        if open.contains(&found.item.practice_id) {
            guard.open.push(found);
        } else {
            guard.submitted.push(found);
        }
    }
    Ok(guard)
}

/// The numbers a text states, with "negative 3" and "minus 3" read as -3.
fn numbers_in(text: &str) -> Vec<f64> {
    let text = normalise_symbols(&text.replace(',', ""));
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let mut value: Option<f64> =
            chars[start..i].iter().collect::<String>().trim_end_matches('.').parse().ok();
        if i + 1 < chars.len() && chars[i] == '/' && chars[i + 1].is_ascii_digit() {
            let d_start = i + 1;
            let mut j = d_start;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let denominator: Option<f64> =
                chars[d_start..j].iter().collect::<String>().parse().ok();
            if let (Some(n), Some(d)) = (value, denominator)
                && d != 0.0
            {
                value = Some(n / d);
            }
            i = j;
        }
        let before: String = chars[..start].iter().collect::<String>().to_lowercase();
        let before = before.trim_end();
        let negative =
            before.ends_with('-') || before.ends_with("negative") || before.ends_with("minus");
        if let Some(v) = value {
            out.push(if negative { -v } else { v });
        }
    }
    out
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    let (h, n) = (normalise_text(haystack), normalise_text(needle));
    !n.is_empty() && format!(" {h} ").contains(&format!(" {n} "))
}

/// Whether `reply` gives away this item's answer. Values that the prompt itself states are not
/// a give-away (quoting the question back is fine).
pub(super) fn gives_away(item: &practice_items::Model, reply: &str) -> bool {
    let prompt = &item.prompt;
    let reply_numbers = numbers_in(reply);
    let prompt_numbers = numbers_in(prompt);
    let stated = |value: f64, tolerance: f64| {
        let close = |x: f64| (x - value).abs() <= tolerance.max(1e-9 * value.abs()).max(1e-6);
        reply_numbers.iter().any(|x| close(*x)) && !prompt_numbers.iter().any(|x| close(*x))
    };
    let display = compact(&item.answer.display);
    // A short numeric display ("28") is judged by value below, not as text inside "128".
    let numeric = matches!(item.answer.key, AnswerKey::Numeric { .. });
    if !numeric
        && display.chars().count() >= 3
        && compact(reply).contains(&display)
        && !compact(prompt).contains(&display)
    {
        return true;
    }
    match &item.answer.key {
        AnswerKey::Numeric { value, tolerance, .. } => stated(*value, *tolerance),
        AnswerKey::Choice { id, text } => {
            let lower = reply.to_lowercase();
            let id = id.trim().to_lowercase();
            let by_letter = !id.is_empty()
                && [
                    format!("option {id}"),
                    format!("({id})"),
                    format!("answer is {id}"),
                    format!("answer: {id}"),
                    format!("choice {id}"),
                ]
                .iter()
                .any(|p| lower.contains(p.as_str()));
            let by_text = compact(text).chars().count() >= 2
                && compact(reply).contains(&compact(text))
                && !compact(prompt).contains(&compact(text));
            by_letter || by_text || (contains_words(reply, text) && !contains_words(prompt, text))
        }
        AnswerKey::Text { accepted } => {
            accepted.iter().any(|answer| match parse_number_set(answer) {
                Some(set) if !set.is_empty() => set.iter().all(|v| stated(*v, 0.005)),
                _ => contains_words(reply, answer) && !contains_words(prompt, answer),
            })
        }
    }
}

impl Guard {
    /// The open item this reply would give away, if any.
    pub fn give_away(&self, reply: &str) -> Option<&Item> {
        self.open.iter().find(|item| gives_away(&item.item, reply))
    }

    /// A step-by-step nudge instead of the answer: the item's hints (each checked again), then
    /// the way to the full explanation.
    pub fn nudge(&self, item: &Item) -> String {
        let mut steps: Vec<String> = item
            .item
            .hints
            .iter()
            .filter(|hint| !gives_away(&item.item, hint))
            .map(|hint| hint.trim().to_owned())
            .filter(|hint| !hint.is_empty())
            .collect();
        if steps.is_empty() {
            steps.push("Re-read the question and write down exactly what it asks for.".into());
            steps.push("Find where your tutor worked a problem like this in your session.".into());
        }
        steps.push(
            "Work it out, put your answer into the practice and submit it: you'll get the full explanation there."
                .into(),
        );
        let list: Vec<String> =
            steps.iter().enumerate().map(|(i, step)| format!("{}. {step}", i + 1)).collect();
        format!(
            "This looks like **question {}** of a practice you haven't submitted yet, so I won't \
             give you the answer — but let's get you there step by step.\n\n{}\n\nWhat do you get \
             when you do the first step?",
            item.number,
            list.join("\n")
        )
    }

    /// After submission: the worked explanation of the item the question is about.
    pub fn explanation(&self) -> Option<String> {
        let item = &self.submitted.first()?.item;
        Some(format!(
            "You've already submitted the practice with this question, so here's how it works \
             out.\n\n**Answer:** {}\n\n{}",
            item.answer.display.trim(),
            item.explanation.trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{
        entities::column::JsonText,
        grading::{QuestionKind, StoredAnswer},
    };

    fn item(
        kind: QuestionKind,
        prompt: &str,
        key: AnswerKey,
        display: &str,
    ) -> practice_items::Model {
        practice_items::Model {
            id: Uuid::nil(),
            practice_id: Uuid::nil(),
            position: 0,
            concept_id: Uuid::nil(),
            kind,
            prompt: prompt.into(),
            options: None,
            answer: JsonText(StoredAnswer { key, display: display.into() }),
            explanation: "Because.".into(),
            hints: JsonText(vec!["Start with b².".into()]),
            difficulty: 5,
            generator: "test".into(),
            line_start: None,
            line_end: None,
        }
    }

    #[test]
    fn numbers_are_read_as_written_and_said() {
        assert_eq!(
            numbers_in("16 minus negative 12 is 28, or 3/4 and -2.5"),
            vec![16.0, -12.0, 28.0, 0.75, -2.5]
        );
        assert_eq!(numbers_in("x2 and H2O have no numbers"), Vec::<f64>::new());
    }

    #[test]
    fn each_kind_of_give_away_is_caught() {
        let numeric = item(
            QuestionKind::Numeric,
            "What is the discriminant of x² + 4x − 3?",
            AnswerKey::Numeric { value: 28.0, tolerance: 0.0, unit: None },
            "28",
        );
        assert!(gives_away(&numeric, "Right, 28. Now here's why it matters."));
        assert!(!gives_away(&numeric, "Compute b² − 4ac with a = 1, b = 4 and c = −3."));

        let choice = item(
            QuestionKind::MultipleChoice,
            "Which method always works for a quadratic equation?",
            AnswerKey::Choice { id: "c".into(), text: "The quadratic formula".into() },
            "c) The quadratic formula",
        );
        assert!(gives_away(&choice, "The quadratic formula always works."));
        assert!(gives_away(&choice, "It's option c."));
        assert!(!gives_away(&choice, "Think about which method your tutor said never fails."));

        let short = item(
            QuestionKind::ShortAnswer,
            "What is b squared minus 4ac called?",
            AnswerKey::Text { accepted: vec!["discriminant".into()] },
            "the discriminant",
        );
        assert!(gives_away(&short, "That piece has a name: the discriminant."));
        assert!(!gives_away(&short, "Look at the part under the square root."));
    }
}
