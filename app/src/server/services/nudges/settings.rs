//! The student's nudge setting (on, weekly or off, and whether by email too), on their profile.

use uuid::Uuid;

use super::NudgeError;
use crate::{
    dto::nudge::NudgeSettingsView,
    server::{
        auth::{current::CurrentUser, policy},
        models::nudge_settings::{self, Setting},
        state::AppState,
    },
};

/// A student's setting; they and an admin may read it.
pub async fn nudge_settings(
    state: &AppState,
    me: &CurrentUser,
    user_id: Uuid,
) -> Result<NudgeSettingsView, NudgeError> {
    if me.id != user_id {
        policy::require_admin(me)?;
    }
    let setting = nudge_settings::of_user(&state.db, user_id).await?;
    Ok(NudgeSettingsView { frequency: setting.frequency, email: setting.email })
}

/// Changes the caller's own setting.
pub async fn save_nudge_settings(
    state: &AppState,
    me: &CurrentUser,
    input: NudgeSettingsView,
) -> Result<NudgeSettingsView, NudgeError> {
    let setting = Setting { frequency: input.frequency, email: input.email };
    nudge_settings::save(&state.db, me.id, setting, state.clock.now()).await?;
    Ok(input)
}
