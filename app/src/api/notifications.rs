//! Server functions for the bell and the notifications page.

use leptos::prelude::*;
use uuid::Uuid;

use crate::{dto::notification::NotificationList, error::AppError};

#[server(prefix = "/_fn", endpoint = "notifications/list")]
pub async fn list_notifications(limit: u64) -> Result<NotificationList, AppError> {
    use super::support::read_once;
    use crate::server::services::notifications;
    read_once("notifications/list", limit, move |state, me| async move {
        Ok(notifications::list_notifications(&state, &me, me.id, limit).await?)
    })
    .await
}

/// Just the unread count: what the bell polls.
#[server(prefix = "/_fn", endpoint = "notifications/unread")]
pub async fn unread_count() -> Result<u64, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::notifications};
    respond(
        async {
            let me = require_user()?;
            Ok(notifications::unread_count(&state()?, &me, me.id).await?)
        }
        .await,
    )
}

#[server(prefix = "/_fn", endpoint = "notifications/read")]
pub async fn mark_notification_read(id: Uuid) -> Result<(), AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::notifications};
    respond(
        async { Ok(notifications::mark_notification_read(&state()?, &require_user()?, id).await?) }
            .await,
    )
}

#[server(prefix = "/_fn", endpoint = "notifications/read-all")]
pub async fn mark_all_notifications_read() -> Result<u64, AppError> {
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::notifications};
    respond(
        async {
            let me = require_user()?;
            Ok(notifications::mark_all_notifications_read(&state()?, &me, me.id).await?)
        }
        .await,
    )
}
