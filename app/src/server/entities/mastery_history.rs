//! `mastery_history`: a student's mastery on a concept each time it changed, and what moved it.

use sea_orm::entity::prelude::*;

use super::enums::EvidenceSource;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mastery_history")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub concept_id: Uuid,
    pub mastery: f64,
    pub source: EvidenceSource,
    /// The session or practice behind the change.
    pub source_id: Option<Uuid>,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
