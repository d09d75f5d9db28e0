//! `goals`

use sea_orm::entity::prelude::*;

use super::enums::GoalStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "goals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub target_date: Option<Date>,
    pub status: GoalStatus,
    pub completed_at: Option<DateTimeUtc>,
    /// The mastery every concept must reach for the goal to be met (0.55..=0.95).
    pub mastery_target: f64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
