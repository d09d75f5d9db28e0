//! Server functions for the student's nudge setting.

use leptos::prelude::*;

use crate::{
    dto::nudge::{NudgeFrequency, NudgeSettingsView},
    error::AppError,
};

#[server(prefix = "/_fn", endpoint = "nudges/settings")]
pub async fn nudge_settings() -> Result<NudgeSettingsView, AppError> {
    use super::support::read_once;
    use crate::server::services::nudges;
    read_once("nudges/settings", (), move |state, me| async move {
        Ok(nudges::nudge_settings(&state, &me, me.id).await?)
    })
    .await
}

#[server(prefix = "/_fn", endpoint = "nudges/save")]
pub async fn save_nudge_settings(
    frequency: NudgeFrequency,
    email: bool,
) -> Result<NudgeSettingsView, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::nudges};
    respond(
        async {
            let me = require_user()?;
            let input = NudgeSettingsView { frequency, email };
            Ok(nudges::save_nudge_settings(&state()?, &me, input).await?)
        }
        .await,
    )
}
