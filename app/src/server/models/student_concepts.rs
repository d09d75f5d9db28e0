//! A student's standing on a concept: mastery (replayed from evidence) and the FSRS review
//! schedule.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::server::entities::{
    concepts,
    student_concepts::{ActiveModel, Column, Entity, Model},
};

/// The FSRS state after a review.
#[derive(Debug, Clone, Copy)]
pub struct Review {
    pub stability: f64,
    pub difficulty: f64,
    pub due_at: DateTime<Utc>,
    pub lapsed: bool,
}

impl Model {
    /// A student's rows for these concepts, by concept.
    pub async fn for_concepts(
        db: &impl ConnectionTrait,
        student_id: Uuid,
        concept_ids: Vec<Uuid>,
    ) -> Result<HashMap<Uuid, Self>, sea_orm::DbErr> {
        Ok(Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .filter(Column::ConceptId.is_in(concept_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|sc| (sc.concept_id, sc))
            .collect())
    }

    /// Every concept a student has a standing on, with the concept.
    pub async fn of_student(
        db: &impl ConnectionTrait,
        student_id: Uuid,
    ) -> Result<Vec<(Self, Option<concepts::Model>)>, sea_orm::DbErr> {
        Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .find_also_related(concepts::Entity)
            .all(db)
            .await
    }

    /// Concepts whose review date has come, soonest first.
    pub async fn due(
        db: &impl ConnectionTrait,
        student_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Self, Option<concepts::Model>)>, sea_orm::DbErr> {
        Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .filter(Column::DueAt.lte(now))
            .order_by_asc(Column::DueAt)
            .find_also_related(concepts::Entity)
            .all(db)
            .await
    }

    /// Records a review: the new memory state and when the concept comes back.
    pub async fn record_review(
        self,
        db: &impl ConnectionTrait,
        review: Review,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        let reps = self.reps + 1;
        let lapses = self.lapses + i32::from(review.lapsed);
        let mut update: ActiveModel = self.into();
        update.stability = Set(Some(review.stability));
        update.fsrs_difficulty = Set(Some(review.difficulty));
        update.reps = Set(reps);
        update.lapses = Set(lapses);
        update.last_reviewed_at = Set(Some(now));
        update.due_at = Set(Some(review.due_at));
        update.update(db).await
    }
}
