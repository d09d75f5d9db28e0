//! Messages of a conversation, in order; the latest turns are the conversation's memory.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::{
    dto::chat::SourceView,
    server::entities::{
        column::JsonText,
        enums::{MessageRole, MessageStatus},
        messages::{ActiveModel, Column, Entity, Model},
    },
};

/// A message about to be stored.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub conversation_id: Uuid,
    pub role: MessageRole,
    pub content: String,
    pub sources: Vec<SourceView>,
    pub status: MessageStatus,
    pub provider: Option<String>,
}

impl Model {
    pub async fn create(
        db: &impl ConnectionTrait,
        new: NewMessage,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(Uuid::new_v4()),
            conversation_id: Set(new.conversation_id),
            role: Set(new.role),
            content: Set(new.content),
            sources: Set(JsonText(new.sources)),
            status: Set(new.status),
            provider: Set(new.provider),
            created_at: Set(now),
        }
        .insert(db)
        .await
    }

    /// Every message of a conversation, oldest first.
    pub async fn of_conversation(
        db: &impl ConnectionTrait,
        conversation_id: Uuid,
    ) -> Result<Vec<Self>, sea_orm::DbErr> {
        Entity::find()
            .filter(Column::ConversationId.eq(conversation_id))
            .order_by_asc(Column::CreatedAt)
            // Same instant: the question before its answer.
            .order_by_desc(Column::Role)
            .all(db)
            .await
    }

    /// The latest `limit` messages of a conversation, oldest first.
    pub async fn latest(
        db: &impl ConnectionTrait,
        conversation_id: Uuid,
        limit: u64,
    ) -> Result<Vec<Self>, sea_orm::DbErr> {
        let mut rows = Entity::find()
            .filter(Column::ConversationId.eq(conversation_id))
            .order_by_desc(Column::CreatedAt)
            .order_by_asc(Column::Role)
            .limit(limit)
            .all(db)
            .await?;
        rows.reverse();
        Ok(rows)
    }
}
