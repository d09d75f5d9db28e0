//! `tutor_students`

use sea_orm::entity::prelude::*;

use super::enums::LinkOrigin;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tutor_students")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tutor_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: Uuid,
    pub origin: LinkOrigin,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
