//! `tutor_availability`

use sea_orm::entity::prelude::*;

use super::column::JsonText;
use crate::dto::booking::AvailabilityWindow;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tutor_availability")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tutor_id: Uuid,
    pub slot_minutes: i32,
    #[sea_orm(column_type = "Text")]
    pub windows: JsonText<Vec<AvailabilityWindow>>,
    #[sea_orm(column_type = "Text")]
    pub blocked_dates: JsonText<Vec<String>>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
