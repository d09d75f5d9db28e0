//! `student_concepts`: mastery and FSRS state per student and concept.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "student_concepts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub concept_id: Uuid,
    pub rating: f64,
    pub mastery: f64,
    pub evidence_count: i32,
    pub stability: Option<f64>,
    pub fsrs_difficulty: Option<f64>,
    pub reps: i32,
    pub lapses: i32,
    pub last_reviewed_at: Option<DateTimeUtc>,
    pub due_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
