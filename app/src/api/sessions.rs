//! Server functions for sessions and uploads.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::{
        page::Page,
        session::{SessionDetail, SessionStatusView, SessionSummary, UploadAccepted},
        user::PersonOption,
    },
    error::AppError,
};

/// The caller's sessions page: their own (student), taught (tutor), or all (admin).
#[server(prefix = "/_fn", endpoint = "sessions/mine")]
pub async fn list_my_sessions(page: u64) -> Result<Page<SessionSummary>, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::page::PageParams,
        server::{auth::current::require_user, services::sessions},
    };
    respond(
        async {
            let me = require_user()?;
            sessions::list_mine(&state()?, &me, PageParams { page, per_page: 20 }).await
        }
        .await,
    )
}

/// One student's sessions (for a linked tutor's view of the student).
#[server(prefix = "/_fn", endpoint = "sessions/student")]
pub async fn list_student_sessions(
    student_id: Uuid,
    page: u64,
) -> Result<Page<SessionSummary>, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::page::PageParams,
        server::{auth::current::require_user, services::sessions},
    };
    respond(
        async {
            let me = require_user()?;
            sessions::list_for_student(
                &state()?,
                &me,
                student_id,
                PageParams { page, per_page: 20 },
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "sessions/get")]
pub async fn get_session(id: Uuid) -> Result<SessionDetail, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::sessions};
    respond(async { sessions::detail(&state()?, &require_user()?, id).await }.await)
}

/// The cheap poll behind live status badges.
#[server(prefix = "/_fn", endpoint = "sessions/statuses")]
pub async fn session_statuses(ids: Vec<Uuid>) -> Result<Vec<SessionStatusView>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::sessions};
    respond(async { sessions::statuses(&state()?, &require_user()?, &ids).await }.await)
}

#[server(prefix = "/_fn", endpoint = "sessions/retry")]
pub async fn retry_session(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::sessions};
    respond(async { sessions::retry(&state()?, &require_user()?, id).await }.await)
}

/// The upload form. The date is wall-clock time in the uploader's time zone; the duration is
/// in minutes.
#[server(prefix = "/_fn", endpoint = "sessions/upload")]
#[allow(clippy::too_many_arguments)]
pub async fn upload_transcript(
    counterpart_id: Option<Uuid>,
    session_date_local: String,
    duration_minutes: String,
    transcript: String,
    source: String,
    format: String,
    file_name: Option<String>,
) -> Result<UploadAccepted, AppError> {
    use super::support::{respond, state};
    use crate::{
        domain::{DurationSeconds, Role},
        dto::session::UploadRequest,
        server::{
            auth::current::require_user,
            services::{time, uploads},
            transcript::TranscriptFormat,
        },
    };
    respond(
        async {
            let me = require_user()?;
            let at = time::from_local(&session_date_local, &me.time_zone).ok_or_else(|| {
                AppError::field("sessionDate", "Choose the date and time of the session.")
            })?;
            let duration = DurationSeconds::from_minutes(&duration_minutes)
                .map_err(|e| AppError::field("duration", e.0))?;
            let (tutor_id, student_id) = match me.role {
                Role::Student => (counterpart_id, None),
                _ => (None, counterpart_id),
            };
            // "auto": the file's extension, else the content decides.
            let format = if format == "auto" {
                file_name
                    .as_deref()
                    .and_then(TranscriptFormat::from_file_name)
                    .unwrap_or_else(|| TranscriptFormat::sniff(&transcript))
                    .as_str()
                    .to_owned()
            } else {
                format
            };
            let request = UploadRequest {
                tutor_id,
                student_id,
                session_date: at.to_rfc3339(),
                duration: i64::from(duration.get()),
                transcript,
                transcript_source: source,
                transcript_format: format,
            };
            uploads::upload(&state()?, &me, request).await
        }
        .await,
    )
}

/// Tutors a student can pick (their own first).
#[server(prefix = "/_fn", endpoint = "people/tutors")]
pub async fn list_tutors() -> Result<Vec<PersonOption>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::people};
    respond(async { people::tutors(&state()?, &require_user()?).await }.await)
}

/// Students a tutor can pick: linked ones, plus one found by email.
#[server(prefix = "/_fn", endpoint = "people/students")]
pub async fn list_students(email: Option<String>) -> Result<Vec<PersonOption>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::people};
    respond(async { people::students(&state()?, &require_user()?, email.as_deref()).await }.await)
}
