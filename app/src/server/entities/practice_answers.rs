//! `practice_answers`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    #[sea_orm(unique)]
    pub item_id: Uuid,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer: Option<String>,
    pub hints_used: i32,
    pub is_correct: Option<bool>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
