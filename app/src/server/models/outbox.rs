//! The mail outbox: messages are stored here in the same transaction as the change that caused
//! them. A mailer (none exists in this deployment) would send pending rows and mark them sent.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::server::entities::{
    enums::{OutboxKind, OutboxStatus},
    outbox::{ActiveModel, Column, Entity, Model},
};

/// An email to queue.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    pub kind: OutboxKind,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

pub async fn queue(
    db: &impl ConnectionTrait,
    email: NewEmail<'_>,
    now: DateTime<Utc>,
) -> Result<Model, sea_orm::DbErr> {
    ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(email.kind),
        recipient: Set(email.recipient.to_owned()),
        subject: Set(email.subject.to_owned()),
        body: Set(email.body.to_owned()),
        status: Set(OutboxStatus::Pending),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(db)
    .await
}

/// The newest messages, optionally for one recipient.
pub async fn newest(
    db: &impl ConnectionTrait,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    let mut query = Entity::find().order_by_desc(Column::CreatedAt).limit(limit);
    if let Some(recipient) = recipient {
        query = query.filter(Column::Recipient.eq(recipient.trim().to_lowercase()));
    }
    query.all(db).await
}
