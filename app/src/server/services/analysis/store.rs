//! Storing an analysis: the session's concepts (with evidence lines and the student's signal),
//! its findings, its retrieval chunks, mastery evidence, and the analyzed status.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::AnalysisError;
use crate::{
    dto::session::Lines,
    server::{
        ai::{Analysis, offline},
        entities::{
            column::JsonText, enums::SessionItemKind, session_concepts, session_items, sessions,
            transcript_chunks,
        },
        models::{
            concept_evidence::{self, NewEvidence, Origin},
            concepts::{CatalogueEntry, catalogue},
            sessions::AnalyzedFields,
        },
        services::{goals, mastery},
        transcript::ParsedTranscript,
    },
};

/// Words per retrieval chunk: a few exchanges, enough context for an answer to quote.
const CHUNK_WORDS: usize = 120;
/// How much a session remark counts against an answered practice question.
const SESSION_EVIDENCE_WEIGHT: f64 = 0.6;

pub(super) async fn store(
    txn: &DatabaseTransaction,
    session: &sessions::Model,
    parsed: &ParsedTranscript,
    analysis: &Analysis,
    now: DateTime<Utc>,
) -> Result<(), AnalysisError> {
    let session_id = session.id;
    let student_id = session.student_id;

    // What an earlier run left: its evidence touched these concepts' mastery.
    let mut touched = concept_evidence::remove_for_session(txn, session_id).await?;
    session_concepts::Entity::delete_many()
        .filter(session_concepts::Column::SessionId.eq(session_id))
        .exec(txn)
        .await?;
    session_items::Entity::delete_many()
        .filter(session_items::Column::SessionId.eq(session_id))
        .exec(txn)
        .await?;
    transcript_chunks::Entity::delete_many()
        .filter(transcript_chunks::Column::SessionId.eq(session_id))
        .exec(txn)
        .await?;

    let mut ids_by_name: HashMap<String, Uuid> = HashMap::new();
    for (position, concept) in analysis.concepts.iter().enumerate() {
        let subject = if concept.subject.is_empty() { &analysis.subject } else { &concept.subject };
        let entry = CatalogueEntry {
            subject,
            name: &concept.name,
            difficulty: concept.difficulty,
            description: concept.description.as_deref(),
        };
        let concept_id = catalogue(txn, entry, now).await?;
        if ids_by_name.insert(offline::normalize_name(&concept.name), concept_id).is_some() {
            continue;
        }
        touched.insert(concept_id);
        let evidence: Vec<Lines> = concept
            .evidence
            .iter()
            .map(|r| Lines { start: r.start as i32, end: r.end as i32 })
            .collect();
        let first = evidence.first().copied().unwrap_or(Lines { start: 1, end: 1 });
        session_concepts::ActiveModel {
            id: Set(Uuid::new_v4()),
            session_id: Set(session_id),
            concept_id: Set(concept_id),
            difficulty: Set(i16::from(concept.difficulty.clamp(1, 10))),
            relevance: Set(concept.relevance.clamp(0.0, 1.0)),
            evidence: Set(JsonText(evidence)),
            line_start: Set(first.start),
            line_end: Set(first.end),
            signal: Set(i16::from(concept.signal.clamp(-1, 1))),
            position: Set(position as i32),
        }
        .insert(txn)
        .await?;
        if concept.signal != 0 {
            NewEvidence {
                student_id,
                concept_id,
                origin: Origin::Session(session_id),
                outcome: if concept.signal > 0 { 1.0 } else { 0.0 },
                weight: SESSION_EVIDENCE_WEIGHT,
                difficulty: i16::from(concept.difficulty.clamp(1, 10)),
                occurred_at: session.session_date,
            }
            .insert(txn)
            .await?;
        }
    }

    let groups = [
        (SessionItemKind::Topic, &analysis.topics),
        (SessionItemKind::Strength, &analysis.strengths),
        (SessionItemKind::Improvement, &analysis.improvements),
        (SessionItemKind::ActionItem, &analysis.action_items),
    ];
    for (kind, findings) in groups {
        for (position, finding) in findings.iter().enumerate() {
            let concept_id = finding
                .concept
                .as_deref()
                .and_then(|name| ids_by_name.get(&offline::normalize_name(name)).copied());
            session_items::ActiveModel {
                id: Set(Uuid::new_v4()),
                session_id: Set(session_id),
                kind: Set(kind),
                content: Set(finding.text.clone()),
                concept_id: Set(concept_id),
                line_start: Set(finding.lines.start as i32),
                line_end: Set(finding.lines.end as i32),
                position: Set(position as i32),
            }
            .insert(txn)
            .await?;
        }
    }

    for chunk in offline::chunk(parsed, CHUNK_WORDS) {
        transcript_chunks::ActiveModel {
            id: Set(Uuid::new_v4()),
            session_id: Set(session_id),
            student_id: Set(student_id),
            chunk_index: Set(chunk.index as i32),
            line_start: Set(chunk.line_start as i32),
            line_end: Set(chunk.line_end as i32),
            content: Set(chunk.text),
            term_count: Set(chunk.terms.len() as i32),
            terms: Set(chunk.terms.join(" ")),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }

    for concept_id in touched {
        mastery::replay(txn, student_id, concept_id, mastery::Cause::session(session_id), now)
            .await?;
    }
    goals::record_progress(txn, student_id, now).await?;

    let fields = AnalyzedFields {
        subject: analysis.subject_label.clone(),
        title: analysis.title.clone(),
        summary: analysis.summary.clone(),
    };
    session.mark_analyzed(txn, fields, now).await?;
    Ok(())
}
