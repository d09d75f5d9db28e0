//! `session_concepts`: what a session covered, with evidence.

use sea_orm::entity::prelude::*;

use super::column::JsonText;
use crate::dto::session::Lines;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "session_concepts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub session_id: Uuid,
    pub concept_id: Uuid,
    pub difficulty: i16,
    pub relevance: f64,
    #[sea_orm(column_type = "Text")]
    pub evidence: JsonText<Vec<Lines>>,
    pub line_start: i32,
    pub line_end: i32,
    pub signal: i16,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::concepts::Entity",
        from = "Column::ConceptId",
        to = "super::concepts::Column::Id"
    )]
    Concept,
}

impl Related<super::concepts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Concept.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
