//! `subject_suggestions`

use sea_orm::entity::prelude::*;

use super::enums::{SuggestionSource, SuggestionStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subject_suggestions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub goal_id: Option<Uuid>,
    pub subject: String,
    pub normalized_subject: String,
    pub reason: String,
    pub source: SuggestionSource,
    pub position: i32,
    pub status: SuggestionStatus,
    pub accepted_goal_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
