//! `concept_evidence`: every observation that moved a student's mastery.

use sea_orm::entity::prelude::*;

use super::enums::EvidenceSource;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "concept_evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub concept_id: Uuid,
    pub session_id: Option<Uuid>,
    pub practice_id: Option<Uuid>,
    pub source: EvidenceSource,
    pub outcome: f64,
    pub weight: f64,
    pub difficulty: i16,
    pub mastery_after: f64,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
