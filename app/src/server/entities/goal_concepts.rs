//! `goal_concepts`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "goal_concepts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub goal_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub concept_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
