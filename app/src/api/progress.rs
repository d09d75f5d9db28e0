//! Server function for the dashboard.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{dto::progress::ProgressView, error::AppError};

#[server(prefix = "/_fn", endpoint = "progress/student")]
pub async fn student_progress(student_id: Option<Uuid>) -> Result<ProgressView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::progress};
    respond(
        async {
            let me = require_user()?;
            Ok(progress::student_progress(&state()?, &me, student_id.unwrap_or(me.id)).await?)
        }
        .await,
    )
}
