//! `session_items`: topics, strengths, areas to improve and action items.

use sea_orm::entity::prelude::*;

use super::enums::SessionItemKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub session_id: Uuid,
    pub kind: SessionItemKind,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub concept_id: Option<Uuid>,
    pub line_start: i32,
    pub line_end: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
