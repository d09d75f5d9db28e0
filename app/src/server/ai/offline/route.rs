//! Offline tutor routing: explainable rules over the conversation and the student's record.
//!
//! A tutor is recommended on an explicit request, on frustration or giving-up language (twice,
//! or once with a deadline close by), on repeated wrong answers on a concept in recent practice,
//! or when answers keep finding nothing in the sessions. A goal or an exam close by raises the
//! urgency. Every rule that fired is named in the reason.

use crate::{
    dto::chat::{MessageRole, Urgency},
    server::ai::chat::{RouteDecision, RouteRequest},
};

/// Asking for a person.
const EXPLICIT: &[&str] = &[
    "talk to my tutor",
    "ask my tutor",
    "speak to my tutor",
    "see my tutor",
    "need my tutor",
    "need a tutor",
    "want a tutor",
    "request a tutor",
    "real person",
    "a human",
    "talk to someone",
    "book a session",
    "book a tutor",
    "help from my tutor",
    "can my tutor",
    "message my tutor",
];

/// Frustration and giving up; the first group counts double.
const GIVING_UP: &[&str] =
    &["give up", "giving up", "i quit", "hopeless", "hate this", "pointless"];
const FRUSTRATED: &[&str] = &[
    "frustrat",
    "i'm lost",
    "im lost",
    "so confused",
    "still confused",
    "still don't",
    "still dont",
    "makes no sense",
    "doesn't make sense",
    "doesnt make sense",
    "can't do this",
    "cant do this",
    "stuck",
    "i don't get it",
    "i dont get it",
    "no idea",
    "too hard",
    "ugh",
    "confusing",
];

/// An exam mentioned with a time close by.
const EXAMS: &[&str] = &["test", "exam", "quiz", "midterm", "final", "sat", "act"];
const SOON: &[&str] = &[
    "today",
    "tonight",
    "tomorrow",
    "this week",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "next week",
    "in two days",
    "in 2 days",
    "in three days",
];

fn contains_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| text.contains(p))
}

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| words.contains(&w))
}

fn lowered_questions(request: &RouteRequest) -> Vec<String> {
    request
        .history
        .iter()
        .filter(|t| t.role == MessageRole::User)
        .map(|t| t.content.to_lowercase().replace('’', "'"))
        .collect()
}

fn clip(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

pub fn route(request: &RouteRequest) -> RouteDecision {
    let questions = lowered_questions(request);
    let explicit = questions.iter().any(|q| contains_any(q, EXPLICIT));
    let frustration: usize =
        questions
            .iter()
            .map(|q| {
                if contains_any(q, GIVING_UP) {
                    2
                } else {
                    usize::from(contains_any(q, FRUSTRATED))
                }
            })
            .sum();
    let exam_soon = questions
        .iter()
        .any(|q| has_word(q, EXAMS) && (contains_any(q, SOON) || has_word(q, SOON)));
    let nearest_goal =
        request.deadlines.iter().filter(|d| d.days_left >= 0).min_by_key(|d| d.days_left);
    let struggles: Vec<_> =
        request.struggles.iter().filter(|s| s.wrong >= 2 && s.wrong * 2 >= s.answered).collect();
    let low_confidence = request.ungrounded_answers >= 2;

    let deadline_days = match (nearest_goal.map(|d| d.days_left), exam_soon) {
        (Some(days), true) => Some(days.min(3)),
        (Some(days), false) => Some(days),
        (None, true) => Some(3),
        (None, false) => None,
    };
    let deadline_close = deadline_days.is_some_and(|d| d <= 7);

    let recommend = explicit
        || frustration >= 2
        || (frustration >= 1 && deadline_close)
        || !struggles.is_empty()
        || low_confidence;

    let mut reasons = Vec::new();
    if explicit {
        reasons.push("You asked to talk to your tutor.".to_owned());
    }
    if frustration > 0 {
        reasons.push(
            "You said you're stuck or frustrated — a person can help you get unstuck faster."
                .to_owned(),
        );
    }
    for s in &struggles {
        reasons.push(format!(
            "Recent practice on {} went wrong {} of {} times.",
            s.concept, s.wrong, s.answered
        ));
    }
    if low_confidence {
        reasons.push(format!(
            "Your sessions didn't cover what you asked ({} answers had nothing to go on).",
            request.ungrounded_answers
        ));
    }
    if let Some(goal) = nearest_goal.filter(|d| d.days_left <= 7) {
        reasons.push(format!("Your goal “{}” is due in {} days.", goal.label, goal.days_left));
    } else if exam_soon {
        reasons.push("You mentioned a test coming up soon.".to_owned());
    }
    if reasons.is_empty() || !recommend {
        reasons.insert(
            0,
            "You seem to be making progress here; I can keep helping, and you can still ask your tutor."
                .to_owned(),
        );
    }

    let mut score = usize::from(explicit)
        + usize::from(frustration >= 2)
        + usize::from(!struggles.is_empty())
        + usize::from(low_confidence);
    match deadline_days {
        Some(d) if d <= 3 => score += 2,
        Some(d) if d <= 7 => score += 1,
        _ => {}
    }
    let urgency = if !recommend {
        Urgency::Low
    } else if score >= 3 {
        Urgency::High
    } else if score >= 1 {
        Urgency::Medium
    } else {
        Urgency::Low
    };

    let mut focus: Vec<String> = struggles.iter().map(|s| s.concept.clone()).collect();
    for concept in &request.concepts {
        if !focus.iter().any(|f| f.eq_ignore_ascii_case(concept)) {
            focus.push(concept.clone());
        }
    }
    focus.truncate(5);

    let asked = questions.len();
    let last = request
        .history
        .iter()
        .rev()
        .find(|t| t.role == MessageRole::User)
        .map(|t| clip(&t.content, 160));
    let mut summary = format!(
        "{} asked {} question{} in “{}”",
        request.student_name,
        asked,
        if asked == 1 { "" } else { "s" },
        request.conversation_title
    );
    match last {
        Some(last) => summary.push_str(&format!(", most recently: “{last}”.")),
        None => summary.push('.'),
    }
    if !focus.is_empty() {
        summary.push_str(&format!(" Concepts involved: {}.", focus.join(", ")));
    }

    RouteDecision { recommend_tutor: recommend, reason: reasons.join(" "), urgency, focus, summary }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::ai::chat::{ChatTurn, Deadline, Struggle};

    fn request(questions: &[&str]) -> RouteRequest {
        RouteRequest {
            student_name: "Jordan".into(),
            conversation_title: "Quadratics".into(),
            history: questions
                .iter()
                .map(|q| ChatTurn { role: MessageRole::User, content: (*q).into() })
                .collect(),
            ungrounded_answers: 0,
            struggles: Vec::new(),
            deadlines: Vec::new(),
            concepts: vec!["Discriminant".into()],
        }
    }

    #[test]
    fn a_plain_question_stays_with_the_companion() {
        let decision = route(&request(&["What does the discriminant tell me?"]));
        assert!(!decision.recommend_tutor);
        assert_eq!(decision.urgency, Urgency::Low);
        assert_eq!(decision.focus, vec!["Discriminant".to_owned()]);
    }

    #[test]
    fn an_explicit_request_goes_to_the_tutor() {
        let decision = route(&request(&["Can I talk to my tutor about this?"]));
        assert!(decision.recommend_tutor);
        assert!(decision.reason.contains("asked to talk to your tutor"));
        assert_eq!(decision.urgency, Urgency::Medium);
    }

    #[test]
    fn giving_up_before_an_exam_is_urgent() {
        let decision = route(&request(&["I give up, this is hopeless", "my test is tomorrow"]));
        assert!(decision.recommend_tutor);
        assert_eq!(decision.urgency, Urgency::High);
    }

    #[test]
    fn repeated_wrong_answers_and_a_close_goal_are_named() {
        let mut req = request(&["How do I factor this?"]);
        req.struggles =
            vec![Struggle { concept: "Factoring quadratics".into(), wrong: 3, answered: 4 }];
        req.deadlines = vec![Deadline { label: "Algebra II final".into(), days_left: 5 }];
        let decision = route(&req);
        assert!(decision.recommend_tutor);
        assert!(decision.reason.contains("Factoring quadratics went wrong 3 of 4"));
        assert!(decision.reason.contains("due in 5 days"));
        assert_eq!(decision.focus[0], "Factoring quadratics");
        assert_eq!(decision.urgency, Urgency::Medium);
    }

    #[test]
    fn answers_with_nothing_to_go_on_recommend_the_tutor() {
        let mut req = request(&["what is a derivative", "what is a derivative then"]);
        req.ungrounded_answers = 2;
        assert!(route(&req).recommend_tutor);
    }
}
