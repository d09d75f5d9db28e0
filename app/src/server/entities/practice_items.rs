//! `practice_items`

use sea_orm::entity::prelude::*;

use super::{column::JsonText, enums::QuestionKind};
use crate::server::grading::{Choice, StoredAnswer};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub position: i32,
    pub concept_id: Uuid,
    pub kind: QuestionKind,
    #[sea_orm(column_type = "Text")]
    pub prompt: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub options: Option<JsonText<Vec<Choice>>>,
    #[sea_orm(column_type = "Text")]
    pub answer: JsonText<StoredAnswer>,
    #[sea_orm(column_type = "Text")]
    pub explanation: String,
    #[sea_orm(column_type = "Text")]
    pub hints: JsonText<Vec<String>>,
    pub difficulty: i16,
    pub generator: String,
    pub line_start: Option<i32>,
    pub line_end: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
