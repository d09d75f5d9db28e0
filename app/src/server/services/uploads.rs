//! Transcript upload: the request parsed once at the boundary (`NewUpload`, from the REST body
//! or the upload form), the transcript parsed into turns, the session, its transcript and the
//! link (when the student uploads) stored in one transaction, then the analysis queued. A tutor
//! uploads only for students already linked to them.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use uuid::Uuid;

use super::time;
use crate::{
    domain::{DurationSeconds, MAX_TRANSCRIPT_BYTES, Role, TranscriptFormat, TranscriptSource},
    dto::session::{UploadAccepted, UploadRequest},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        db::begin_write,
        entities::{
            column::JsonText,
            enums::{LinkOrigin, SessionStatus},
            sessions, transcripts, users,
        },
        models::tutor_students,
        queue::AnalyzeTranscript,
        state::AppState,
        transcript::{self, RoleHints},
    },
};

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("the transcript is too large")]
    TooLarge,
    /// The transcript could not be read; the message names the first bad line.
    #[error("{0}")]
    Unreadable(String),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<UploadError> for AppError {
    fn from(err: UploadError) -> Self {
        match err {
            UploadError::Invalid { field, message } => Self::field(field, message),
            UploadError::TooLarge => Self::PayloadTooLarge,
            UploadError::Unreadable(message) => Self::BadRequest(message),
            UploadError::Access(err) => err.into(),
            UploadError::Db(err) => err.into(),
        }
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> UploadError {
    UploadError::Invalid { field, message: message.into() }
}

/// An upload, parsed and defaulted: what the service works with, whichever door it came in by.
#[derive(Debug, Clone)]
pub struct NewUpload {
    /// The tutor, when a student uploads (or an admin).
    pub tutor_id: Option<Uuid>,
    /// The student, when a tutor uploads (or an admin).
    pub student_id: Option<Uuid>,
    pub session_date: DateTime<Utc>,
    pub duration: DurationSeconds,
    pub transcript: String,
    pub source: TranscriptSource,
    pub format: TranscriptFormat,
}

/// `POST /api/transcripts/upload`.
impl TryFrom<UploadRequest> for NewUpload {
    type Error = UploadError;

    fn try_from(request: UploadRequest) -> Result<Self, UploadError> {
        if request.transcript.len() > MAX_TRANSCRIPT_BYTES {
            return Err(UploadError::TooLarge);
        }
        let format = TranscriptFormat::parse(&request.transcript_format)
            .map_err(|e| invalid("transcriptFormat", e.0))?;
        let source = TranscriptSource::parse(&request.transcript_source)
            .map_err(|e| invalid("transcriptSource", e.0))?;
        let session_date = DateTime::parse_from_rfc3339(request.session_date.trim())
            .map_err(|_| {
                invalid("sessionDate", "Give the date as RFC 3339, like 2026-11-20T16:00:00Z.")
            })?
            .with_timezone(&Utc);
        let duration =
            DurationSeconds::parse(request.duration).map_err(|e| invalid("duration", e.0))?;
        Ok(Self {
            tutor_id: request.tutor_id,
            student_id: request.student_id,
            session_date,
            duration,
            transcript: request.transcript,
            source,
            format,
        })
    }
}

/// The upload form: the date is wall-clock time in the uploader's zone, the length in minutes,
/// the counterpart is whoever the uploader is not, and format "auto" means the file's extension,
/// else the content, decides.
#[derive(Debug, Clone)]
pub struct UploadForm {
    pub counterpart_id: Option<Uuid>,
    pub session_date_local: String,
    pub duration_minutes: String,
    pub transcript: String,
    pub source: String,
    pub format: String,
    pub file_name: Option<String>,
}

impl TryFrom<(UploadForm, &CurrentUser)> for NewUpload {
    type Error = UploadError;

    fn try_from((form, me): (UploadForm, &CurrentUser)) -> Result<Self, UploadError> {
        if form.transcript.len() > MAX_TRANSCRIPT_BYTES {
            return Err(UploadError::TooLarge);
        }
        let session_date = time::from_local(&form.session_date_local, &me.time_zone)
            .ok_or_else(|| invalid("sessionDate", "Choose the date and time of the session."))?;
        let duration = DurationSeconds::from_minutes(&form.duration_minutes)
            .map_err(|e| invalid("duration", e.0))?;
        let (tutor_id, student_id) = match me.role {
            Role::Student => (form.counterpart_id, None),
            _ => (None, form.counterpart_id),
        };
        let format = if form.format == "auto" {
            form.file_name
                .as_deref()
                .and_then(TranscriptFormat::from_file_name)
                .unwrap_or_else(|| TranscriptFormat::sniff(&form.transcript))
        } else {
            TranscriptFormat::parse(&form.format).map_err(|e| invalid("transcriptFormat", e.0))?
        };
        let source =
            TranscriptSource::parse(&form.source).map_err(|e| invalid("transcriptSource", e.0))?;
        Ok(Self {
            tutor_id,
            student_id,
            session_date,
            duration,
            transcript: form.transcript,
            source,
            format,
        })
    }
}

/// The active user with this id and role, or a field error naming what is wrong.
async fn party(
    state: &AppState,
    id: Option<Uuid>,
    role: Role,
    field: &'static str,
) -> Result<users::Model, UploadError> {
    let id = id.ok_or_else(|| invalid(field, format!("Choose the {role} of this session.")))?;
    users::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|user| user.is_active && user.role == role)
        .ok_or_else(|| invalid(field, format!("{field} must name an active {role}.")))
}

/// Accepts an upload: 202 `{sessionId, status: "pending"}` once stored and queued.
#[tracing::instrument(skip_all, fields(uploader = %me.id))]
pub async fn upload_transcript(
    state: &AppState,
    me: &CurrentUser,
    upload: NewUpload,
) -> Result<UploadAccepted, UploadError> {
    if upload.session_date > state.clock.now() + Duration::days(1) {
        return Err(invalid("sessionDate", "The session cannot be in the future."));
    }
    // Who taught whom: the uploader is one side, the request names the other.
    let (student, tutor) = match me.role {
        Role::Student => {
            if upload.student_id.is_some_and(|id| id != me.id) {
                return Err(AccessError::Forbidden.into());
            }
            let tutor = party(state, upload.tutor_id, Role::Tutor, "tutorId").await?;
            (party(state, Some(me.id), Role::Student, "studentId").await?, tutor)
        }
        Role::Tutor => {
            if upload.tutor_id.is_some_and(|id| id != me.id) {
                return Err(AccessError::Forbidden.into());
            }
            // A tutor uploads only for students already linked to them: naming a student is
            // not the student's act, so it never makes a link (issue 13). Checked before the
            // student is looked up, so an unlinked id says nothing about whether it exists.
            let student_id = upload
                .student_id
                .ok_or_else(|| invalid("studentId", "Choose the student of this session."))?;
            policy::can_write_student(&state.db, me, student_id).await?;
            let student = party(state, Some(student_id), Role::Student, "studentId").await?;
            (student, party(state, Some(me.id), Role::Tutor, "tutorId").await?)
        }
        Role::Admin => (
            party(state, upload.student_id, Role::Student, "studentId").await?,
            party(state, upload.tutor_id, Role::Tutor, "tutorId").await?,
        ),
    };

    // Parse now, so a bad file is a 400 naming its first bad line rather than a failed job.
    let hints = RoleHints { tutor_name: Some(&tutor.name), student_name: Some(&student.name) };
    let parsed = transcript::parse(&upload.transcript, upload.format, &hints)
        .map_err(|e| UploadError::Unreadable(e.to_string()))?;
    let line_count = upload.transcript.lines().count() as i32;

    let now = state.clock.now();
    let session_id = Uuid::new_v4();
    let txn = begin_write(&state.db).await?;
    sessions::ActiveModel {
        id: Set(session_id),
        student_id: Set(student.id),
        tutor_id: Set(tutor.id),
        uploaded_by: Set(me.id),
        session_date: Set(upload.session_date),
        duration_seconds: Set(upload.duration.get()),
        subject: Set(None),
        title: Set(None),
        status: Set(SessionStatus::Pending),
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
        source: Set(upload.source),
        format: Set(upload.format),
        raw_text: Set(upload.transcript),
        turns: Set(JsonText(parsed.turns.clone())),
        tutor_speaker: Set(parsed.tutor_speaker),
        student_speaker: Set(parsed.student_speaker),
        line_count: Set(line_count),
        word_count: Set(parsed.word_count as i32),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    // The student's own upload naming the tutor links them; an admin's upload is an admin's
    // link; a tutor's upload needs the link to exist already (checked above).
    match me.role {
        Role::Student => {
            tutor_students::ensure(&txn, tutor.id, student.id, LinkOrigin::Upload, now).await?;
        }
        Role::Admin => {
            tutor_students::ensure(&txn, tutor.id, student.id, LinkOrigin::Admin, now).await?;
        }
        Role::Tutor => {}
    }
    txn.commit().await?;
    tracing::info!(%session_id, turns = parsed.turns.len(), format = upload.format.as_str(), "transcript uploaded");

    queue_analysis(state, session_id).await?;
    Ok(UploadAccepted { session_id, status: SessionStatus::Pending })
}

/// Queues the analysis; if the queue cannot take it, the session is marked failed with a reason
/// and can be retried, rather than sitting in "pending" forever.
pub async fn queue_analysis(state: &AppState, session_id: Uuid) -> Result<(), sea_orm::DbErr> {
    if let Err(err) = state.jobs.enqueue(AnalyzeTranscript { session_id }).await {
        tracing::error!(%session_id, error = %err, "queueing the analysis failed");
        if let Some(session) = sessions::Entity::find_by_id(session_id).one(&state.db).await? {
            session
                .mark_not_queued(
                    &state.db,
                    "The analysis could not be queued. Press Retry to try again.",
                    state.clock.now(),
                )
                .await?;
        }
    }
    Ok(())
}
