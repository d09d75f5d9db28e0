//! `bookings`

use sea_orm::entity::prelude::*;

use super::enums::BookingStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tutor_id: Uuid,
    pub student_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub status: BookingStatus,
    /// `starts_at` while confirmed, `None` once cancelled: unique with the tutor.
    pub confirmed_start: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub escalation_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    pub cancelled_by: Option<Uuid>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
