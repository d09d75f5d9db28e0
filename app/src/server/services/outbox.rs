//! The mail outbox: messages are stored here in the same transaction as the change that
//! caused them. A mailer (none exists in this deployment) would send pending rows and mark
//! them sent; until then the log is the delivery channel.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

use crate::server::{config::AppEnv, entities::outbox, state::AppState};

pub async fn queue_email(
    db: &impl ConnectionTrait,
    kind: &str,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<outbox::Model, sea_orm::DbErr> {
    outbox::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(kind.to_owned()),
        recipient: Set(recipient.to_owned()),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
        status: Set("pending".to_owned()),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
    }
    .insert(db)
    .await
}

/// Announces a queued message in the log. Outside production the action link is included,
/// because with no mail server the log is how a developer or tester follows it; in production
/// links (which carry single-use secrets) stay in the outbox for the mailer.
pub fn log_delivery(state: &AppState, message: &outbox::Model, link: &str) {
    if state.settings.env == AppEnv::Production {
        tracing::info!(outbox_id = %message.id, kind = %message.kind, "email queued in the outbox");
    } else {
        tracing::info!(
            outbox_id = %message.id,
            kind = %message.kind,
            to = %message.recipient,
            %link,
            "email queued in the outbox (development delivery: follow the link)"
        );
    }
}

/// The newest messages, optionally for one recipient: what an admin checks when someone says
/// "I never got the email" while no mailer is attached.
pub async fn recent(
    db: &impl ConnectionTrait,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<outbox::Model>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut query = outbox::Entity::find().order_by_desc(outbox::Column::CreatedAt).limit(limit);
    if let Some(recipient) = recipient {
        query = query.filter(outbox::Column::Recipient.eq(recipient.trim().to_lowercase()));
    }
    query.all(db).await
}
