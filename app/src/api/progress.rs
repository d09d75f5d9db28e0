//! Server function for the dashboard.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{dto::progress::ProgressView, error::AppError};

#[server(prefix = "/_fn", endpoint = "progress/student")]
pub async fn student_progress(student_id: Option<Uuid>) -> Result<ProgressView, AppError> {
    use super::support::read_once;
    use crate::server::services::progress;
    read_once("progress/student", student_id, move |state, me| async move {
        Ok(progress::student_progress(&state, &me, student_id.unwrap_or(me.id)).await?)
    })
    .await
}
