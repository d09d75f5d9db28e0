//! `transcripts`

use sea_orm::entity::prelude::*;

use super::{
    column::JsonText,
    enums::{TranscriptFormat, TranscriptSource},
};
use crate::server::transcript::Turn;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "transcripts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub session_id: Uuid,
    pub source: TranscriptSource,
    pub format: TranscriptFormat,
    #[sea_orm(column_type = "Text")]
    pub raw_text: String,
    #[sea_orm(column_type = "Text")]
    pub turns: JsonText<Vec<Turn>>,
    pub tutor_speaker: Option<String>,
    pub student_speaker: Option<String>,
    pub line_count: i32,
    pub word_count: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
