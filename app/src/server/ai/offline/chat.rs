//! Offline chat answers: built only from the retrieved excerpts of the student's own sessions.
//! The sentences that match the question best (the tutor's own words where they explain
//! something) are quoted with where they came from, tied together in a short answer that ends
//! with a question back to the student. With no excerpts it says so plainly and points to the
//! tutor; it never writes content of its own about the subject.
//!
//! Transcript text is untrusted: it is quoted as text, with markdown's active characters escaped,
//! and the rendered answer is sanitised again on the way out.

use std::collections::HashSet;

use super::text::{sentences, terms};
use crate::server::{
    ai::chat::{ChatExcerpt, ChatRequest, ChatSource, ExcerptTurn},
    transcript::{LineRange, SpeakerRole},
};

/// At most this many passages are quoted in one answer.
const MAX_QUOTES: usize = 2;
/// A quote grows sentence by sentence up to about this many characters.
const QUOTE_CHARS: usize = 420;
/// A second passage is quoted only when it matches nearly as well as the first.
const SECOND_QUOTE_SHARE: f64 = 0.6;

/// Words that mark a sentence that explains rather than asks or acknowledges.
const EXPLAINING: &[&str] = &[
    "because", "means", "tells", "so", "if", "when", "remember", "always", "never", "called",
    "reason", "why", "think", "rule", "whenever", "means", "that's", "works",
];

/// The answer and the sources it quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineAnswer {
    pub text: String,
    pub sources: Vec<ChatSource>,
}

/// A sentence worth quoting.
#[derive(Debug, Clone)]
struct Candidate {
    excerpt: usize,
    turn: usize,
    /// Byte range of the first sentence in the turn's text.
    start: usize,
    score: f64,
}

fn weight_of(query: &[(String, f64)], term: &str) -> f64 {
    query.iter().filter(|(t, _)| t == term).map(|(_, w)| *w).fold(0.0, f64::max)
}

fn sentence_score(query: &[(String, f64)], sentence: &str) -> f64 {
    let found: HashSet<String> = terms(sentence).into_iter().collect();
    found.iter().map(|t| weight_of(query, t)).sum()
}

fn distinct_query_terms(query: &[(String, f64)], text: &str) -> usize {
    let found: HashSet<String> = terms(text).into_iter().collect();
    query.iter().filter(|(t, _)| found.contains(t)).count()
}

fn role_factor(role: SpeakerRole) -> f64 {
    match role {
        SpeakerRole::Tutor => 1.0,
        SpeakerRole::Other => 0.8,
        SpeakerRole::Student => 0.5,
    }
}

fn explains(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|w| EXPLAINING.contains(&w))
}

/// The best sentence of every turn, scored by the query terms it holds, the speaker (the tutor
/// first), whether it explains, and the rest of its turn.
fn candidates(request: &ChatRequest) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (e, excerpt) in request.excerpts.iter().enumerate() {
        for (t, turn) in excerpt.turns.iter().enumerate() {
            let spans = sentences(&turn.text);
            let scores: Vec<f64> = spans
                .iter()
                .map(|(a, b)| sentence_score(&request.query, &turn.text[*a..*b]))
                .collect();
            let turn_total: f64 = scores.iter().sum();
            for (i, (a, b)) in spans.iter().enumerate() {
                let text = &turn.text[*a..*b];
                if scores[i] <= 0.0 {
                    continue;
                }
                let mut score = scores[i] + 0.3 * (turn_total - scores[i]);
                if explains(text) {
                    score *= 1.25;
                }
                if text.trim_end().ends_with('?') {
                    score *= 0.6;
                }
                score *= role_factor(turn.role);
                // Earlier excerpts ranked higher in retrieval: a small tie-breaker.
                score *= 1.0 - 0.05 * e as f64;
                out.push(Candidate { excerpt: e, turn: t, start: *a, score });
            }
        }
    }
    out.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(a.excerpt.cmp(&b.excerpt)).then(a.turn.cmp(&b.turn))
    });
    out
}

/// The quoted text: the chosen sentence and the ones after it in the same turn, stopping before
/// a question to the student or when the quote is long enough.
fn quote_from(turn: &ExcerptTurn, start: usize) -> String {
    let mut end = start;
    let mut count = 0;
    for (a, b) in sentences(&turn.text) {
        if a < start {
            continue;
        }
        let sentence = &turn.text[a..b];
        if count > 0 && (sentence.trim_end().ends_with('?') || b - start > QUOTE_CHARS) {
            break;
        }
        end = b;
        count += 1;
        if count >= 4 {
            break;
        }
    }
    turn.text[start..end].trim().to_owned()
}

/// Markdown's active characters in quoted transcript text are escaped, so a transcript line
/// cannot become a link, an image, raw HTML or emphasis.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn blockquote(text: &str) -> String {
    text.lines()
        .map(|line| format!("> {}", escape_markdown(line.trim())))
        .collect::<Vec<_>>()
        .join("\n")
}

fn stable_hash(text: &str) -> usize {
    text.bytes().fold(5381usize, |h, b| h.wrapping_mul(33) ^ usize::from(b))
}

/// The question back to the student, about the concept the quotes are about when there is one.
fn guiding_question(question: &str, concept: Option<&str>) -> String {
    let pick = stable_hash(question) % 3;
    match concept {
        Some(concept) => match pick {
            0 => format!(
                "Now try it in your own words: what does **{}** tell you, and what would you do first on a new problem?",
                escape_markdown(concept)
            ),
            1 => format!(
                "Can you try one yourself? Pick a problem that uses **{}** and tell me your first step — I'll check it against what your tutor said.",
                escape_markdown(concept)
            ),
            _ => format!(
                "What part of **{}** still feels shaky? Tell me where you get stuck and we'll work through it.",
                escape_markdown(concept)
            ),
        },
        None => match pick {
            0 => "How would you explain this back to your tutor in one sentence?".to_owned(),
            1 => "Can you apply this to the next problem you meet and tell me your first step?"
                .to_owned(),
            _ => "Which part of this would you like to go through step by step?".to_owned(),
        },
    }
}

fn speaker_name(excerpt: &ChatExcerpt, turn: &ExcerptTurn) -> String {
    match turn.role {
        SpeakerRole::Tutor if !turn.speaker.trim().is_empty() => turn.speaker.trim().to_owned(),
        SpeakerRole::Tutor => excerpt.tutor_name.clone(),
        SpeakerRole::Student => "you".to_owned(),
        SpeakerRole::Other => {
            if turn.speaker.trim().is_empty() {
                "someone".to_owned()
            } else {
                turn.speaker.clone()
            }
        }
    }
}

fn introduce(
    excerpt: &ChatExcerpt,
    turn: &ExcerptTurn,
    first: bool,
    same_session_from: Option<usize>,
) -> String {
    let who = speaker_name(excerpt, turn);
    let title = escape_markdown(&excerpt.session_title);
    let said = if turn.role == SpeakerRole::Student { "said" } else { "explained it like this" };
    if first {
        let who = if turn.role == SpeakerRole::Student {
            "you".to_owned()
        } else {
            escape_markdown(&who)
        };
        format!("In your session **{title}** ({}), {who} {said}:", excerpt.date_label)
    } else if let Some(first_line) = same_session_from {
        let who = if turn.role == SpeakerRole::Student {
            "you".to_owned()
        } else {
            escape_markdown(&who)
        };
        let when = if turn.number > first_line { "Later" } else { "Earlier" };
        format!("{when} in the same session (line {}), {who} said:", turn.number)
    } else {
        format!("It also came up in **{title}** ({}):", excerpt.date_label)
    }
}

/// What to say when the sessions hold nothing relevant: plainly that, and the way to the tutor.
pub const NOTHING_FOUND: &str = "I looked through your sessions and couldn't find anything your \
tutor said about that, so I won't guess. Try asking with the words your tutor used — or press \
**Request a tutor** and your tutor will see your question.";

/// Builds the answer from the excerpts. Deterministic for the same request.
pub fn answer(request: &ChatRequest) -> OfflineAnswer {
    let ranked = candidates(request);
    let Some(best) = ranked.first().cloned() else {
        return OfflineAnswer { text: NOTHING_FOUND.to_owned(), sources: Vec::new() };
    };
    let mut chosen = vec![best.clone()];
    // A second passage only when it explains too (not a question to the student), matches
    // nearly as well, and on more than one word of the query (one shared word is a coincidence).
    if let Some(second) = ranked.iter().find(|c| {
        let turn = &request.excerpts[c.excerpt].turns[c.turn];
        let quote = quote_from(turn, c.start);
        (c.excerpt, c.turn) != (best.excerpt, best.turn)
            && c.score >= SECOND_QUOTE_SHARE * best.score
            && turn.role != SpeakerRole::Student
            && !quote.trim_end().ends_with('?')
            && distinct_query_terms(&request.query, &quote) >= 2
    }) {
        chosen.push(second.clone());
    }
    chosen.truncate(MAX_QUOTES);

    let mut parts = Vec::new();
    let mut sources = Vec::new();
    let mut concept = None;
    for (i, candidate) in chosen.iter().enumerate() {
        let excerpt = &request.excerpts[candidate.excerpt];
        let turn = &excerpt.turns[candidate.turn];
        let quote = quote_from(turn, candidate.start);
        if quote.is_empty() {
            continue;
        }
        let first = &request.excerpts[chosen[0].excerpt];
        let same_session_from = (i > 0 && first.session_id == excerpt.session_id)
            .then(|| first.turns[chosen[0].turn].number);
        parts.push(introduce(excerpt, turn, i == 0, same_session_from));
        parts.push(blockquote(&quote));
        if concept.is_none() {
            concept = excerpt.concepts.first().cloned();
        }
        sources.push(ChatSource {
            excerpt: candidate.excerpt,
            lines: LineRange { start: turn.number, end: turn.number },
            quote,
        });
    }
    if sources.is_empty() {
        return OfflineAnswer { text: NOTHING_FOUND.to_owned(), sources };
    }
    parts.push(guiding_question(&request.question, concept.as_deref()));
    OfflineAnswer { text: parts.join("\n\n"), sources }
}

/// Splits an answer into small pieces for streaming: a few words each, whitespace kept, so the
/// pieces join back into exactly the text.
pub fn deltas(text: &str, words_per_delta: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        let space = c.is_whitespace();
        if !space && !in_word {
            if words == words_per_delta.max(1) {
                out.push(std::mem::take(&mut current));
                words = 0;
            }
            words += 1;
        }
        in_word = !space;
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::ai::offline::terms;

    fn excerpt(turns: &[(usize, SpeakerRole, &str)]) -> ChatExcerpt {
        ChatExcerpt {
            session_id: uuid::Uuid::nil(),
            session_title: "Quadratics review".into(),
            date_label: "20 Nov 2026".into(),
            tutor_name: "Ms. Rivera".into(),
            lines: LineRange { start: turns[0].0, end: turns[turns.len() - 1].0 },
            turns: turns
                .iter()
                .map(|(n, role, text)| ExcerptTurn {
                    number: *n,
                    speaker: if *role == SpeakerRole::Tutor { "Ms. Rivera" } else { "Jordan" }
                        .into(),
                    role: *role,
                    text: (*text).into(),
                })
                .collect(),
            concepts: vec!["Discriminant".into()],
            score: 5.0,
        }
    }

    fn request(question: &str, context: &str, excerpts: Vec<ChatExcerpt>) -> ChatRequest {
        let mut query: Vec<(String, f64)> = terms(question).into_iter().map(|t| (t, 1.0)).collect();
        query.extend(terms(context).into_iter().map(|t| (t, 0.6)));
        ChatRequest {
            student_name: "Jordan".into(),
            history: Vec::new(),
            question: question.into(),
            query,
            excerpts,
        }
    }

    const DISCRIMINANT: &str = "Right, 28. Now here's why the discriminant matters. If it's \
        positive, the equation has two real solutions. If it's zero, there's exactly one real \
        solution, a repeated root. And if it's negative, there are no real solutions, because \
        we can't take the square root of a negative number in the real numbers.";

    #[test]
    fn answers_quote_the_tutor_and_end_with_a_question() {
        let excerpts = vec![excerpt(&[
            (25, SpeakerRole::Student, "Oh, minus a negative is plus. So 28."),
            (26, SpeakerRole::Tutor, DISCRIMINANT),
        ])];
        let answer = answer(&request("What does the discriminant tell me?", "", excerpts));
        assert!(answer.text.contains("Ms. Rivera explained it like this"), "{}", answer.text);
        assert!(answer.text.contains("why the discriminant matters"));
        assert!(answer.text.trim_end().ends_with('?'));
        assert_eq!(answer.sources[0].lines, LineRange { start: 26, end: 26 });
        assert!(DISCRIMINANT.contains(&answer.sources[0].quote));
    }

    #[test]
    fn a_follow_up_finds_the_sentence_about_its_own_word() {
        let excerpts = vec![excerpt(&[
            (24, SpeakerRole::Tutor, "Careful with the sign there. What is 16 minus negative 12?"),
            (26, SpeakerRole::Tutor, DISCRIMINANT),
        ])];
        let answer =
            answer(&request("and when it's negative?", "what does the discriminant do", excerpts));
        assert!(answer.sources[0].quote.starts_with("And if it's negative"), "{answer:?}");
    }

    #[test]
    fn nothing_relevant_says_so_and_cites_nothing() {
        let answer = answer(&request("capital of France?", "", Vec::new()));
        assert_eq!(answer.text, NOTHING_FOUND);
        assert!(answer.sources.is_empty());
    }

    #[test]
    fn transcript_markup_is_quoted_as_text() {
        let excerpts = vec![excerpt(&[(
            3,
            SpeakerRole::Tutor,
            "The discriminant <img src=x onerror=alert(1)> [click](javascript:alert(1)) matters.",
        )])];
        let answer = answer(&request("discriminant", "", excerpts));
        assert!(answer.text.contains("\\<img"), "{}", answer.text);
        assert!(answer.text.contains("\\[click\\]"), "{}", answer.text);
    }

    #[test]
    fn deltas_join_back_into_the_text() {
        let text = "In your session **Quadratics**,\n\n> If it's  positive, two roots.";
        let pieces = deltas(text, 3);
        assert!(pieces.len() > 2);
        assert_eq!(pieces.concat(), text);
    }
}
