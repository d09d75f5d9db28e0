//! `sessions`: tutoring sessions.

use sea_orm::entity::prelude::*;

use super::enums::SessionStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub tutor_id: Uuid,
    pub uploaded_by: Uuid,
    pub session_date: DateTimeUtc,
    pub duration_seconds: i32,
    pub subject: Option<String>,
    pub title: Option<String>,
    pub status: SessionStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub failure_reason: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub summary: Option<String>,
    pub analyzed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
