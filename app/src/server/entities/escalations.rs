//! `escalations`: routing results kept for the tutor side; a booking refers to one by id.

use sea_orm::entity::prelude::*;

use super::{
    column::JsonText,
    enums::{EscalationStatus, Urgency},
};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escalations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub conversation_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    pub recommend: bool,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub urgency: Urgency,
    #[sea_orm(column_type = "Text")]
    pub focus: JsonText<Vec<String>>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub status: EscalationStatus,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
