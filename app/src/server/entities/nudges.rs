//! `nudges`: one per student and day at most (a unique key).

use sea_orm::entity::prelude::*;

use super::enums::NudgeRule;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nudges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub student_id: Uuid,
    pub day: Date,
    pub rule: NudgeRule,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub action_label: String,
    pub action_link: String,
    pub goal_id: Option<Uuid>,
    pub emailed: bool,
    pub sent_at: DateTimeUtc,
    pub responded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
