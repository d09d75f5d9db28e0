//! Server functions for sessions and uploads.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::{
        page::Page,
        session::{SessionDetail, SessionStatusView, SessionSummary, UploadAccepted},
        user::{PersonOption, TutorOption},
    },
    error::AppError,
};

/// The caller's sessions page: their own (student), taught (tutor), or all (admin).
#[server(prefix = "/_fn", endpoint = "sessions/mine")]
pub async fn list_my_sessions(page: u64) -> Result<Page<SessionSummary>, AppError> {
    use super::support::read_once;
    use crate::{dto::page::PageParams, server::services::sessions};
    read_once("sessions/mine", page, move |state, me| async move {
        Ok(sessions::list_my_sessions(&state, &me, PageParams { page, per_page: 20 }).await?)
    })
    .await
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
            let params = PageParams { page, per_page: 20 };
            Ok(sessions::list_student_sessions(&state()?, &me, student_id, params).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "sessions/get")]
pub async fn get_session(id: Uuid) -> Result<SessionDetail, AppError> {
    use super::support::read_once;
    use crate::server::services::sessions;
    read_once("sessions/get", id, move |state, me| async move {
        Ok(sessions::get_session(&state, &me, id).await?)
    })
    .await
}

/// The cheap poll behind live status badges.
#[server(prefix = "/_fn", endpoint = "sessions/statuses")]
pub async fn session_statuses(ids: Vec<Uuid>) -> Result<Vec<SessionStatusView>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::sessions};
    respond(
        async { Ok(sessions::session_statuses(&state()?, &require_user()?, &ids).await?) }.await,
    )
}

#[server(prefix = "/_fn", endpoint = "sessions/retry")]
pub async fn retry_session(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::sessions};
    respond(async { Ok(sessions::retry_session(&state()?, &require_user()?, id).await?) }.await)
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
    use crate::server::{
        auth::current::require_user,
        services::uploads::{self, NewUpload, UploadForm},
    };
    respond(
        async {
            let me = require_user()?;
            let form = UploadForm {
                counterpart_id,
                session_date_local,
                duration_minutes,
                transcript,
                source,
                format,
                file_name,
            };
            let upload = NewUpload::try_from((form, &me))?;
            Ok(uploads::upload_transcript(&state()?, &me, upload).await?)
        }
        .await,
    )
}

/// Tutors a student can pick (their own first).
#[server(prefix = "/_fn", endpoint = "people/tutors")]
pub async fn list_tutors() -> Result<Vec<TutorOption>, AppError> {
    use super::support::read_once;
    use crate::server::services::people;
    read_once("people/tutors", (), move |state, me| async move {
        Ok(people::list_tutors(&state, &me).await?)
    })
    .await
}

/// Students a tutor can pick: linked ones, plus one found by email.
#[server(prefix = "/_fn", endpoint = "people/students")]
pub async fn list_students(email: Option<String>) -> Result<Vec<PersonOption>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::people};
    respond(
        async {
            let me = require_user()?;
            Ok(people::list_students(&state()?, &me, email.as_deref()).await?)
        }
        .await,
    )
}
