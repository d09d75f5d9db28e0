//! Transcript upload: validate everything, parse the transcript, store the session, its
//! transcript and the tutor–student link in one transaction, then queue the analysis.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use uuid::Uuid;

use super::links::{self, LinkOrigin};
use crate::{
    domain::{DurationSeconds, MAX_TRANSCRIPT_BYTES, Role, TranscriptSource},
    dto::session::{SessionStatus, UploadAccepted, UploadRequest},
    error::AppError,
    server::{
        auth::current::CurrentUser,
        entities::{sessions, transcripts, users},
        jobs::AnalyzeTranscript,
        state::AppState,
        transcript::{self, RoleHints, TranscriptFormat},
    },
};

/// The active user with this id and role, or a field error naming what is wrong.
async fn party(
    state: &AppState,
    id: Option<Uuid>,
    role: Role,
    field: &'static str,
) -> Result<users::Model, AppError> {
    let id =
        id.ok_or_else(|| AppError::field(field, format!("Choose the {role} of this session.")))?;
    users::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|user| user.is_active && user.role == role.as_str())
        .ok_or_else(|| AppError::field(field, format!("{field} must name an active {role}.")))
}

/// Accepts an upload: 202 `{sessionId, status: "pending"}` once stored and queued.
#[tracing::instrument(skip_all, fields(uploader = %me.id))]
pub async fn upload(
    state: &AppState,
    me: &CurrentUser,
    request: UploadRequest,
) -> Result<UploadAccepted, AppError> {
    if request.transcript.len() > MAX_TRANSCRIPT_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let format = TranscriptFormat::parse(&request.transcript_format).ok_or_else(|| {
        AppError::field(
            "transcriptFormat",
            "The format must be plain_text, vtt, srt, json, csv or markdown.",
        )
    })?;
    let source = TranscriptSource::parse(&request.transcript_source)
        .map_err(|e| AppError::field("transcriptSource", e.0))?;
    let session_date = DateTime::parse_from_rfc3339(request.session_date.trim())
        .map_err(|_| {
            AppError::field("sessionDate", "Give the date as RFC 3339, like 2026-11-20T16:00:00Z.")
        })?
        .with_timezone(&Utc);
    if session_date > Utc::now() + Duration::days(1) {
        return Err(AppError::field("sessionDate", "The session cannot be in the future."));
    }
    let duration =
        DurationSeconds::parse(request.duration).map_err(|e| AppError::field("duration", e.0))?;

    // Who taught whom: the uploader is one side, the request names the other.
    let (student, tutor) = match me.role {
        Role::Student => {
            if request.student_id.is_some_and(|id| id != me.id) {
                return Err(AppError::Forbidden);
            }
            let tutor = party(state, request.tutor_id, Role::Tutor, "tutorId").await?;
            (party(state, Some(me.id), Role::Student, "studentId").await?, tutor)
        }
        Role::Tutor => {
            if request.tutor_id.is_some_and(|id| id != me.id) {
                return Err(AppError::Forbidden);
            }
            let student = party(state, request.student_id, Role::Student, "studentId").await?;
            (student, party(state, Some(me.id), Role::Tutor, "tutorId").await?)
        }
        Role::Admin => (
            party(state, request.student_id, Role::Student, "studentId").await?,
            party(state, request.tutor_id, Role::Tutor, "tutorId").await?,
        ),
    };

    // Parse now, so a bad file is a 400 naming its first bad line rather than a failed job.
    let hints = RoleHints { tutor_name: Some(&tutor.name), student_name: Some(&student.name) };
    let parsed = transcript::parse(&request.transcript, format, &hints)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let turns = serde_json::to_string(&parsed.turns).map_err(anyhow::Error::from)?;
    let line_count = request.transcript.lines().count() as i32;

    let now = Utc::now();
    let session_id = Uuid::new_v4();
    let txn = crate::server::db::begin_write(&state.db).await?;
    sessions::ActiveModel {
        id: Set(session_id),
        student_id: Set(student.id),
        tutor_id: Set(tutor.id),
        uploaded_by: Set(me.id),
        session_date: Set(session_date),
        duration_seconds: Set(duration.get()),
        subject: Set(None),
        title: Set(None),
        status: Set(SessionStatus::Pending.as_str().to_owned()),
        failure_reason: Set(None),
        summary: Set(None),
        analyzed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    transcripts::ActiveModel {
        id: Set(Uuid::new_v4()),
        session_id: Set(session_id),
        source: Set(source.as_str().to_owned()),
        format: Set(format.as_str().to_owned()),
        raw_text: Set(request.transcript),
        turns: Set(turns),
        tutor_speaker: Set(parsed.tutor_speaker),
        student_speaker: Set(parsed.student_speaker),
        line_count: Set(line_count),
        word_count: Set(parsed.word_count as i32),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    links::ensure(&txn, tutor.id, student.id, LinkOrigin::Upload).await?;
    txn.commit().await?;
    tracing::info!(%session_id, turns = parsed.turns.len(), format = format.as_str(), "transcript uploaded");

    queue_analysis(state, session_id).await?;
    Ok(UploadAccepted { session_id, status: SessionStatus::Pending })
}

/// Queues the analysis; if the queue cannot take it, the session is marked failed with a reason
/// and can be retried, rather than sitting in "pending" forever.
pub async fn queue_analysis(state: &AppState, session_id: Uuid) -> Result<(), AppError> {
    if let Err(err) = state.jobs.enqueue(AnalyzeTranscript { session_id }).await {
        tracing::error!(%session_id, error = %err, "queueing the analysis failed");
        let update = sessions::ActiveModel {
            id: Set(session_id),
            status: Set(SessionStatus::Failed.as_str().to_owned()),
            failure_reason: Set(Some(
                "The analysis could not be queued. Press Retry to try again.".into(),
            )),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        update.update(&state.db).await?;
    }
    Ok(())
}
