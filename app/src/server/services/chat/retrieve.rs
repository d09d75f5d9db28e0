//! Retrieval: BM25 over the transcript chunks of this student's sessions only (or of the one
//! session a conversation is about). The query is the conversation, not only the last message:
//! the new question weighs most, the two questions before it less, so a follow-up such as "and
//! when it's negative?" lands on the lines about what came before. Nothing is returned unless a
//! chunk holds a good share of the new question's own words, so an unrelated question is told
//! plainly that the sessions do not cover it instead of being answered from the last topic.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    dto::session::Lines,
    server::{
        ai::{ChatExcerpt, ExcerptTurn, offline},
        entities::{concepts, session_concepts, sessions, transcript_chunks, transcripts},
        models,
        services::time,
        state::AppState,
        transcript::LineRange,
    },
};

/// Weights of the new question and of the one and two questions before it.
const TURN_WEIGHTS: [f64; 3] = [1.0, 0.6, 0.3];
/// At most this many excerpts go to the provider.
const MAX_EXCERPTS: usize = 3;
/// Further excerpts must score at least this share of the best one.
const SHARE_OF_BEST: f64 = 0.5;
/// The best chunk must hold at least this share of the new question's terms.
const MIN_COVERAGE: f64 = 0.34;
/// And score at least this much.
const MIN_SCORE: f64 = 0.5;

/// Words of how students ask, not of what they ask about (stemmed, as `terms` spells them): left
/// out of the query so "tell me" or "please explain" never decide what is quoted.
const ASKING_WORDS: &[&str] =
    &["me", "pleas", "help", "explain", "understand", "question", "confus", "get"];

/// The weighted query: one term list per question, newest first.
#[derive(Debug, Clone, Default)]
pub(super) struct Query {
    parts: Vec<(Vec<String>, f64)>,
}

impl Query {
    /// `earlier` are the previous questions, newest first.
    pub fn new(question: &str, earlier: &[&str]) -> Self {
        let mut parts = vec![(dedup(offline::terms(question)), TURN_WEIGHTS[0])];
        for (text, weight) in earlier.iter().zip(&TURN_WEIGHTS[1..]) {
            parts.push((dedup(offline::terms(text)), *weight));
        }
        Self { parts }
    }

    /// Each term with the highest weight it has.
    pub fn weighted(&self) -> Vec<(String, f64)> {
        let mut out: Vec<(String, f64)> = Vec::new();
        for (terms, weight) in &self.parts {
            for term in terms {
                match out.iter_mut().find(|(t, _)| t == term) {
                    Some((_, w)) => *w = w.max(*weight),
                    None => out.push((term.clone(), *weight)),
                }
            }
        }
        out
    }

    fn current(&self) -> &[String] {
        self.parts.first().map(|(t, _)| t.as_slice()).unwrap_or_default()
    }
}

fn dedup(mut terms: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    terms.retain(|t| !ASKING_WORDS.contains(&t.as_str()) && seen.insert(t.clone()));
    terms
}

/// One chunk's row, without its text.
type ChunkRow = (Uuid, i32, i32, String);

/// Ranks chunks for the query: `(index, score)`, best first, only chunks that qualify.
fn rank(query: &Query, docs: &[Vec<String>]) -> Vec<(usize, f64)> {
    let mut total = vec![0.0; docs.len()];
    for (terms, weight) in &query.parts {
        for scored in offline::bm25(terms, docs) {
            total[scored.chunk_index] += weight * scored.score;
        }
    }
    let current = query.current();
    let holds = |d: usize, term: &String| docs[d].iter().any(|t| t == term);
    let mut ranked: Vec<(usize, f64)> = (0..docs.len())
        .filter(|d| total[*d] >= MIN_SCORE)
        .filter(|d| current.is_empty() || current.iter().any(|t| holds(*d, t)))
        .map(|d| (d, total[d]))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if let (Some((best, _)), false) = (ranked.first(), current.is_empty()) {
        let held = current.iter().filter(|t| holds(*best, t)).count();
        if (held as f64) / (current.len() as f64) < MIN_COVERAGE {
            return Vec::new();
        }
    }
    let Some(top) = ranked.first().map(|(_, s)| *s) else { return ranked };
    ranked.retain(|(_, s)| *s >= SHARE_OF_BEST * top);
    ranked.truncate(MAX_EXCERPTS);
    ranked
}

/// The excerpts for a question, best first; empty when nothing is relevant enough.
pub(super) async fn retrieve(
    state: &AppState,
    student_id: Uuid,
    session_scope: Option<Uuid>,
    query: &Query,
    time_zone: &str,
) -> Result<Vec<ChatExcerpt>, sea_orm::DbErr> {
    let mut select = transcript_chunks::Entity::find()
        .select_only()
        .column(transcript_chunks::Column::SessionId)
        .column(transcript_chunks::Column::LineStart)
        .column(transcript_chunks::Column::LineEnd)
        .column(transcript_chunks::Column::Terms)
        // The one rule that keeps students apart: only this student's chunks are ever read.
        .filter(transcript_chunks::Column::StudentId.eq(student_id));
    if let Some(session_id) = session_scope {
        select = select.filter(transcript_chunks::Column::SessionId.eq(session_id));
    }
    let rows: Vec<ChunkRow> = select.into_tuple().all(&state.db).await?;
    let docs: Vec<Vec<String>> =
        rows.iter().map(|(_, _, _, terms)| terms.split(' ').map(str::to_owned).collect()).collect();
    let ranked = rank(query, &docs);
    if ranked.is_empty() {
        return Ok(Vec::new());
    }

    let session_ids: Vec<Uuid> = {
        let mut ids: Vec<Uuid> = ranked.iter().map(|(d, _)| rows[*d].0).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let sessions: HashMap<Uuid, sessions::Model> =
        models::sessions::with_ids(&state.db, session_ids.clone())
            .await?
            .into_iter()
            .filter(|s| s.student_id == student_id)
            .map(|s| (s.id, s))
            .collect();
    let names = models::users::names(&state.db, sessions.values().map(|s| s.tutor_id)).await?;
    let turns: HashMap<Uuid, transcripts::Model> = transcripts::Entity::find()
        .filter(transcripts::Column::SessionId.is_in(session_ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.session_id, t))
        .collect();
    let concept_rows = session_concepts::Entity::find()
        .filter(session_concepts::Column::SessionId.is_in(session_ids))
        .find_also_related(concepts::Entity)
        .all(&state.db)
        .await?;

    let mut excerpts = Vec::new();
    for (d, score) in ranked {
        let (session_id, start, end, _) = &rows[d];
        let (Some(session), Some(transcript)) = (sessions.get(session_id), turns.get(session_id))
        else {
            continue;
        };
        let lines = LineRange { start: *start as usize, end: *end as usize };
        let overlaps = |l: &Lines| l.start <= *end && l.end >= *start;
        let mut concepts: Vec<(f64, String)> = concept_rows
            .iter()
            .filter(|(sc, _)| sc.session_id == *session_id && sc.evidence.iter().any(overlaps))
            .filter_map(|(sc, c)| c.as_ref().map(|c| (sc.relevance, c.name.clone())))
            .collect();
        concepts.sort_by(|a, b| b.0.total_cmp(&a.0));
        excerpts.push(ChatExcerpt {
            session_id: *session_id,
            session_title: session.title.clone().unwrap_or_else(|| "Tutoring session".into()),
            date_label: time::day_label(session.session_date, time_zone),
            tutor_name: names
                .get(&session.tutor_id)
                .cloned()
                .unwrap_or_else(|| "your tutor".into()),
            lines,
            turns: transcript
                .turns
                .iter()
                .filter(|t| t.number >= lines.start && t.number <= lines.end)
                .map(|t| ExcerptTurn {
                    number: t.number,
                    speaker: t.speaker.clone(),
                    role: t.role,
                    text: t.text.clone(),
                })
                .collect(),
            concepts: concepts.into_iter().map(|(_, name)| name).collect(),
            score,
        });
    }
    Ok(excerpts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|t| offline::terms(t)).collect()
    }

    const CHUNKS: [&str; 3] = [
        "They multiply to negative 15 and add to negative 2. Is it x plus 5 times x minus 3?",
        "Here's why the discriminant matters. If it's negative, there are no real solutions.",
        "Completing the square: take half of the coefficient of x and square it.",
    ];

    #[test]
    fn a_follow_up_is_read_with_the_question_before_it() {
        let query = Query::new("and when it's negative?", &["what does the discriminant tell me?"]);
        let ranked = rank(&query, &docs(&CHUNKS));
        assert_eq!(ranked.first().map(|r| r.0), Some(1), "{ranked:?}");
    }

    #[test]
    fn an_unrelated_question_finds_nothing_even_after_a_topic() {
        let query = Query::new("what is the capital of France?", &["what is the discriminant?"]);
        assert!(rank(&query, &docs(&CHUNKS)).is_empty());
    }
}
