//! The questions of a practice, stored with their answer key (never sent before submission).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::ModelError;
use crate::server::{
    ai::PracticeDraft,
    entities::{
        column::JsonText,
        practice_items::{ActiveModel, Column, Entity, Model},
    },
    grading::StoredAnswer,
};

impl Model {
    /// A practice's questions in order.
    pub async fn of_practice(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
    ) -> Result<Vec<Self>, sea_orm::DbErr> {
        Entity::find()
            .filter(Column::PracticeId.eq(practice_id))
            .order_by_asc(Column::Position)
            .all(db)
            .await
    }

    /// One question of this practice (a question of another practice is "not found").
    pub async fn find_in(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
        question_id: Uuid,
    ) -> Result<Self, ModelError> {
        Entity::find_by_id(question_id)
            .one(db)
            .await?
            .filter(|item| item.practice_id == practice_id)
            .ok_or(ModelError::NotFound("question"))
    }

    /// Replaces a practice's questions with these drafts, in order.
    pub async fn replace_all(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
        drafts: &[PracticeDraft],
    ) -> Result<(), sea_orm::DbErr> {
        Entity::delete_many().filter(Column::PracticeId.eq(practice_id)).exec(db).await?;
        for (position, draft) in drafts.iter().enumerate() {
            let item = &draft.item;
            ActiveModel {
                id: Set(Uuid::new_v4()),
                practice_id: Set(practice_id),
                position: Set(position as i32),
                concept_id: Set(draft.concept_id),
                kind: Set(item.kind),
                prompt: Set(item.prompt.clone()),
                options: Set((!item.options.is_empty()).then(|| JsonText(item.options.clone()))),
                answer: Set(JsonText(StoredAnswer {
                    key: item.answer.clone(),
                    display: item.display_answer.clone(),
                })),
                explanation: Set(item.explanation.clone()),
                hints: Set(JsonText(item.hints.clone())),
                difficulty: Set(i16::from(item.difficulty.clamp(1, 10))),
                generator: Set(item.generator.to_owned()),
                line_start: Set(draft.lines.map(|l| l.start as i32)),
                line_end: Set(draft.lines.map(|l| l.end as i32)),
            }
            .insert(db)
            .await?;
        }
        Ok(())
    }
}
