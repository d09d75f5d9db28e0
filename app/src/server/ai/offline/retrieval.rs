//! Retrieval: splitting a transcript into turn-aligned chunks and ranking chunks with BM25.

use std::collections::HashMap;

use super::text::terms;
use super::{ParsedTranscript, SpeakerRole, Turn};

/// A run of consecutive turns, indexed for retrieval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// 0-based position in the chunk list.
    pub index: usize,
    /// Turn number of the first and last turn in the chunk (inclusive).
    pub line_start: usize,
    pub line_end: usize,
    /// One "Speaker: text" line per turn.
    pub text: String,
    /// `terms(text)`, ready for [`bm25`].
    pub terms: Vec<String>,
}

/// A chunk's BM25 score for a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub chunk_index: usize,
    pub score: f64,
}

fn speaker_label(turn: &Turn) -> &str {
    let name = turn.speaker.trim();
    if !name.is_empty() {
        return name;
    }
    match turn.role {
        SpeakerRole::Tutor => "Tutor",
        SpeakerRole::Student => "Student",
        SpeakerRole::Other => "Speaker",
    }
}

/// Groups consecutive turns into chunks of about `target_words` words. A turn is never split:
/// a chunk closes before a turn that would overshoot the target (once the chunk is at least half
/// full) or as soon as it reaches the target, so one long turn becomes its own chunk.
pub fn chunk(transcript: &ParsedTranscript, target_words: usize) -> Vec<Chunk> {
    let target = target_words.max(1);
    let mut chunks = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut words = 0;
    let mut start = 0;
    let mut end = 0;

    let mut flush = |lines: &mut Vec<String>, start: usize, end: usize, words: &mut usize| {
        if lines.is_empty() {
            return;
        }
        let text = lines.join("\n");
        let index = chunks.len();
        let terms = terms(&text);
        chunks.push(Chunk { index, line_start: start, line_end: end, text, terms });
        lines.clear();
        *words = 0;
    };

    for turn in &transcript.turns {
        let turn_words = turn.text.split_whitespace().count();
        if !lines.is_empty() && words + turn_words > target && words * 2 >= target {
            flush(&mut lines, start, end, &mut words);
        }
        if lines.is_empty() {
            start = turn.number;
        }
        end = turn.number;
        lines.push(format!("{}: {}", speaker_label(turn), turn.text.trim()));
        words += turn_words;
        if words >= target {
            flush(&mut lines, start, end, &mut words);
        }
    }
    flush(&mut lines, start, end, &mut words);
    chunks
}

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Okapi BM25 (k1 = 1.2, b = 0.75) of each document for the query, with the non-negative
/// Lucene idf `ln(1 + (N - df + 0.5) / (df + 0.5))`. Repeated query terms count once. Results
/// are sorted by descending score (ties by index) and zero scores are dropped.
pub fn bm25(query_terms: &[String], docs: &[Vec<String>]) -> Vec<Scored> {
    let mut query: Vec<&str> = query_terms.iter().map(String::as_str).collect();
    query.sort_unstable();
    query.dedup();
    if query.is_empty() || docs.is_empty() {
        return Vec::new();
    }
    let slot: HashMap<&str, usize> = query.iter().enumerate().map(|(i, t)| (*t, i)).collect();

    // Term frequencies of the query terms only: one pass over every document.
    let mut tf = vec![vec![0u32; query.len()]; docs.len()];
    let mut df = vec![0u32; query.len()];
    let mut total_len = 0usize;
    for (d, doc) in docs.iter().enumerate() {
        total_len += doc.len();
        for term in doc {
            if let Some(&q) = slot.get(term.as_str()) {
                if tf[d][q] == 0 {
                    df[q] += 1;
                }
                tf[d][q] += 1;
            }
        }
    }
    if total_len == 0 {
        return Vec::new();
    }
    let n = docs.len() as f64;
    let avgdl = total_len as f64 / n;
    let idf: Vec<f64> = df
        .iter()
        .map(|&df| (1.0 + (n - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln())
        .collect();

    let mut scored: Vec<Scored> = docs
        .iter()
        .enumerate()
        .filter_map(|(d, doc)| {
            let norm = K1 * (1.0 - B + B * doc.len() as f64 / avgdl);
            let score: f64 = tf[d]
                .iter()
                .zip(&idf)
                .filter(|(f, _)| **f > 0)
                .map(|(&f, idf)| idf * f64::from(f) * (K1 + 1.0) / (f64::from(f) + norm))
                .sum();
            (score > 0.0).then_some(Scored { chunk_index: d, score })
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.chunk_index.cmp(&b.chunk_index)));
    scored
}
