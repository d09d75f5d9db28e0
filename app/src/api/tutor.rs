//! Server functions for the tutor's side: the roster, the student page and the brief.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    dto::tutor::{BriefView, RosterEntry, StudentOverview},
    error::AppError,
};

#[server(prefix = "/_fn", endpoint = "tutor/roster")]
pub async fn tutor_roster() -> Result<Vec<RosterEntry>, AppError> {
    use super::support::read_once;
    use crate::server::services::tutor;
    read_once(
        "tutor/roster",
        (),
        move |state, me| async move { Ok(tutor::roster(&state, &me).await?) },
    )
    .await
}

#[server(prefix = "/_fn", endpoint = "tutor/overview")]
pub async fn load_student_overview(student_id: Uuid) -> Result<StudentOverview, AppError> {
    use super::support::read_once;
    use crate::server::services::tutor;
    read_once("tutor/overview", student_id, move |state, me| async move {
        Ok(tutor::overview(&state, &me, student_id).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "tutor/brief")]
pub async fn student_brief(student_id: Uuid) -> Result<BriefView, AppError> {
    use super::support::read_once;
    use crate::server::services::tutor;
    read_once("tutor/brief", student_id, move |state, me| async move {
        Ok(tutor::brief(&state, &me, student_id).await?)
    })
    .await
}
