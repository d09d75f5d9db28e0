//! The `analyze-transcript` workflow: understand a session and store what was learned.
//!
//! Idempotent: a re-run replaces the session's concepts, items, chunks and mastery evidence
//! inside one transaction, so nothing is duplicated and nothing is half-written; notifications
//! carry a dedupe key.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use super::{
    mastery,
    notifications::{self, NewNotification},
};
use crate::{
    dto::session::{Lines, SessionStatus},
    server::{
        ai::{self, AiError, Analysis, offline},
        entities::{
            concept_evidence, concepts, session_concepts, session_items, sessions,
            transcript_chunks, transcripts,
        },
        jobs::{JobAttempt, JobError},
        state::AppState,
        transcript::{ParsedTranscript, Turn},
    },
};

/// Words per retrieval chunk: a few exchanges, enough context for an answer to quote.
const CHUNK_WORDS: usize = 120;
/// How much a session remark counts against an answered practice question.
const SESSION_EVIDENCE_WEIGHT: f64 = 0.6;

#[derive(Debug, thiserror::Error)]
enum AnalysisError {
    #[error("{0}")]
    Gone(String),
    #[error(transparent)]
    Ai(#[from] AiError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl AnalysisError {
    fn retryable(&self) -> bool {
        match self {
            Self::Gone(_) => false,
            Self::Ai(err) => err.is_transient(),
            Self::Db(_) | Self::Other(_) => true,
        }
    }

    fn human_reason(&self) -> String {
        match self {
            Self::Gone(reason) => reason.clone(),
            Self::Ai(err) => err.human_reason(),
            Self::Db(_) | Self::Other(_) => "Saving the analysis failed.".into(),
        }
    }
}

/// Runs one attempt. On the final attempt (or a permanent failure) the session is marked
/// failed with a reason and the student is told; earlier failures leave it processing for the
/// next attempt.
#[tracing::instrument(skip_all, fields(%session_id, attempt = attempt.number))]
pub async fn run(state: &AppState, session_id: Uuid, attempt: JobAttempt) -> Result<(), JobError> {
    let result = analyze(state, session_id).await;
    let Err(err) = result else {
        return Ok(());
    };
    tracing::warn!(error = %err, "analysis attempt failed");
    let final_failure = !err.retryable() || attempt.is_final();
    if final_failure && !matches!(err, AnalysisError::Gone(_)) {
        mark_failed(
            state,
            session_id,
            &format!("{} Press Retry to try again.", err.human_reason()),
        )
        .await
        .map_err(|e| JobError::Transient(e.into()))?;
    }
    if err.retryable() {
        Err(JobError::Transient(anyhow::anyhow!(err)))
    } else {
        Err(JobError::Permanent(err.to_string()))
    }
}

async fn analyze(state: &AppState, session_id: Uuid) -> Result<(), AnalysisError> {
    let session = sessions::Entity::find_by_id(session_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AnalysisError::Gone("The session no longer exists.".into()))?;
    let transcript = transcripts::Entity::find()
        .filter(transcripts::Column::SessionId.eq(session_id))
        .one(&state.db)
        .await?
        .ok_or_else(|| AnalysisError::Gone("The session has no transcript.".into()))?;
    set_status(&state.db, session_id, SessionStatus::Processing, None).await?;

    let turns: Vec<Turn> = serde_json::from_str(&transcript.turns).map_err(anyhow::Error::from)?;
    let parsed = ParsedTranscript {
        turns,
        tutor_speaker: transcript.tutor_speaker.clone(),
        student_speaker: transcript.student_speaker.clone(),
        word_count: transcript.word_count.max(0) as usize,
    };
    let analysis = ai::calls::analyze_transcript(
        &state.db,
        state.ai.as_ref(),
        &parsed,
        Some(session.student_id),
    )
    .await?;

    let txn = crate::server::db::begin_write(&state.db).await?;
    store(&txn, &session, &parsed, &analysis).await?;
    notifications::notify(
        &txn,
        NewNotification {
            user_id: session.student_id,
            kind: "analysis_ready",
            title: format!("Your session on {} is ready", analysis.title),
            body: format!(
                "{} concepts found, with the lines where each came up.",
                analysis.concepts.len()
            ),
            link: format!("/sessions/{session_id}"),
            dedupe_key: Some(format!("analysis-ready:{session_id}")),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(concepts = analysis.concepts.len(), subject = %analysis.subject, "session analyzed");

    super::practice::queue_session_practice(state, &session).await.map_err(anyhow::Error::from)?;
    Ok(())
}

async fn set_status(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    status: SessionStatus,
    reason: Option<String>,
) -> Result<(), sea_orm::DbErr> {
    sessions::ActiveModel {
        id: Set(session_id),
        status: Set(status.as_str().to_owned()),
        failure_reason: Set(reason),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

async fn mark_failed(
    state: &AppState,
    session_id: Uuid,
    reason: &str,
) -> Result<(), sea_orm::DbErr> {
    let Some(session) = sessions::Entity::find_by_id(session_id).one(&state.db).await? else {
        return Ok(());
    };
    let txn = crate::server::db::begin_write(&state.db).await?;
    set_status(&txn, session_id, SessionStatus::Failed, Some(reason.to_owned())).await?;
    // One notice per failure episode: the key includes when the session last changed.
    notifications::notify(
        &txn,
        NewNotification {
            user_id: session.student_id,
            kind: "analysis_failed",
            title: "We could not analyze your session".into(),
            body: reason.to_owned(),
            link: format!("/sessions/{session_id}"),
            dedupe_key: Some(format!(
                "analysis-failed:{session_id}:{}",
                session.updated_at.timestamp()
            )),
        },
    )
    .await?;
    txn.commit().await
}

/// Finds or creates the catalogue entry for a concept, de-duplicated by normalised name within
/// its subject.
async fn catalogue(
    txn: &DatabaseTransaction,
    subject: &str,
    name: &str,
    difficulty: u8,
    description: Option<&str>,
) -> Result<Uuid, sea_orm::DbErr> {
    let normalized = offline::normalize_name(name);
    let find = || {
        concepts::Entity::find()
            .filter(concepts::Column::Subject.eq(subject))
            .filter(concepts::Column::NormalizedName.eq(normalized.clone()))
    };
    if let Some(existing) = find().one(txn).await? {
        return Ok(existing.id);
    }
    let row = concepts::ActiveModel {
        id: Set(Uuid::new_v4()),
        subject: Set(subject.to_owned()),
        name: Set(name.chars().take(120).collect()),
        normalized_name: Set(normalized.chars().take(120).collect()),
        description: Set(description.map(str::to_owned)),
        difficulty: Set(i16::from(difficulty.clamp(1, 10))),
        created_at: Set(Utc::now()),
    };
    // A concurrent analysis may have added it since we looked: the unique key settles it.
    concepts::Entity::insert(row)
        .on_conflict_do_nothing_on([concepts::Column::Subject, concepts::Column::NormalizedName])
        .exec_without_returning(txn)
        .await?;
    find()
        .one(txn)
        .await?
        .map(|c| c.id)
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("concept".into()))
}

async fn store(
    txn: &DatabaseTransaction,
    session: &sessions::Model,
    parsed: &ParsedTranscript,
    analysis: &Analysis,
) -> Result<(), AnalysisError> {
    let session_id = session.id;
    let student_id = session.student_id;

    // What an earlier run left: its evidence touched these concepts' mastery.
    let previous: HashSet<Uuid> = concept_evidence::Entity::find()
        .filter(concept_evidence::Column::SessionId.eq(session_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.concept_id)
        .collect();
    concept_evidence::Entity::delete_many()
        .filter(concept_evidence::Column::SessionId.eq(session_id))
        .exec(txn)
        .await?;
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
    let mut touched: HashSet<Uuid> = previous;
    for (position, concept) in analysis.concepts.iter().enumerate() {
        let subject = if concept.subject.is_empty() { &analysis.subject } else { &concept.subject };
        let concept_id = catalogue(
            txn,
            subject,
            &concept.name,
            concept.difficulty,
            concept.description.as_deref(),
        )
        .await?;
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
            evidence: Set(serde_json::to_string(&evidence).map_err(anyhow::Error::from)?),
            line_start: Set(first.start),
            line_end: Set(first.end),
            signal: Set(i16::from(concept.signal.clamp(-1, 1))),
            position: Set(position as i32),
        }
        .insert(txn)
        .await?;
        if concept.signal != 0 {
            concept_evidence::ActiveModel {
                id: Set(Uuid::new_v4()),
                student_id: Set(student_id),
                concept_id: Set(concept_id),
                session_id: Set(Some(session_id)),
                practice_id: Set(None),
                source: Set("session".into()),
                outcome: Set(if concept.signal > 0 { 1.0 } else { 0.0 }),
                weight: Set(SESSION_EVIDENCE_WEIGHT),
                difficulty: Set(i16::from(concept.difficulty.clamp(1, 10))),
                mastery_after: Set(0.0),
                occurred_at: Set(session.session_date),
            }
            .insert(txn)
            .await?;
        }
    }

    let groups = [
        ("topic", &analysis.topics),
        ("strength", &analysis.strengths),
        ("improvement", &analysis.improvements),
        ("action_item", &analysis.action_items),
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
                kind: Set(kind.to_owned()),
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

    let now = Utc::now();
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
        mastery::replay(txn, student_id, concept_id).await?;
    }

    sessions::ActiveModel {
        id: Set(session_id),
        status: Set(SessionStatus::Analyzed.as_str().to_owned()),
        failure_reason: Set(None),
        subject: Set(Some(analysis.subject_label.clone())),
        title: Set(Some(analysis.title.chars().take(200).collect())),
        summary: Set(Some(analysis.summary.clone())),
        analyzed_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}
