//! `practices`

use sea_orm::entity::prelude::*;

use super::{
    column::JsonText,
    enums::{PracticeKind, PracticeStatus},
};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "practices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: PracticeKind,
    pub status: PracticeStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub failure_reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub concept_ids: JsonText<Vec<Uuid>>,
    pub item_count: i32,
    pub correct_count: Option<i32>,
    pub score: Option<f64>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
