//! `messages`: the turns of a conversation, answers with the sources they cite.

use sea_orm::entity::prelude::*;

use super::{
    column::JsonText,
    enums::{MessageRole, MessageStatus},
};
use crate::dto::chat::SourceView;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub role: MessageRole,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    #[sea_orm(column_type = "Text")]
    pub sources: JsonText<Vec<SourceView>>,
    pub status: MessageStatus,
    pub provider: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
