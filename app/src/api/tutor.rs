//! Server functions for the tutor's side: the roster, the student page and the brief.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::tutor::{BriefView, RosterEntry, StudentOverview},
    error::AppError,
};

#[server(prefix = "/_fn", endpoint = "tutor/roster")]
pub async fn tutor_roster() -> Result<Vec<RosterEntry>, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::tutor};
    respond(async { Ok(tutor::roster(&state()?, &require_user()?).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "tutor/overview")]
pub async fn load_student_overview(student_id: Uuid) -> Result<StudentOverview, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::tutor};
    respond(async { Ok(tutor::overview(&state()?, &require_user()?, student_id).await?) }.await)
}

#[server(prefix = "/_fn", endpoint = "tutor/brief")]
pub async fn student_brief(student_id: Uuid) -> Result<BriefView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::tutor};
    respond(async { Ok(tutor::brief(&state()?, &require_user()?, student_id).await?) }.await)
}
