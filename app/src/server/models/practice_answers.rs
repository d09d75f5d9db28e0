//! Answers as the student goes (kept, so a reload resumes) and the hints they took.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use crate::server::entities::practice_answers::{ActiveModel, Column, Entity, Model};

fn row(practice_id: Uuid, item_id: Uuid, now: DateTime<Utc>) -> ActiveModel {
    ActiveModel {
        id: Set(Uuid::new_v4()),
        practice_id: Set(practice_id),
        item_id: Set(item_id),
        answer: Set(None),
        hints_used: Set(0),
        is_correct: Set(None),
        updated_at: Set(now),
    }
}

impl Model {
    /// The answers saved so far on a practice, by question.
    pub async fn of_practice(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
    ) -> Result<HashMap<Uuid, Self>, sea_orm::DbErr> {
        Ok(Entity::find()
            .filter(Column::PracticeId.eq(practice_id))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.item_id, a))
            .collect())
    }

    /// How many questions have an answer, per practice.
    pub async fn answered_counts(
        db: &impl ConnectionTrait,
        practice_ids: Vec<Uuid>,
    ) -> Result<HashMap<Uuid, i32>, sea_orm::DbErr> {
        let mut answered: HashMap<Uuid, i32> = HashMap::new();
        for answer in Entity::find()
            .filter(Column::PracticeId.is_in(practice_ids))
            .filter(Column::Answer.is_not_null())
            .all(db)
            .await?
        {
            *answered.entry(answer.practice_id).or_default() += 1;
        }
        Ok(answered)
    }

    /// Keeps an answer as typed. One statement, so two quick saves of the same question
    /// (typing, then moving on) cannot both try to create the row.
    pub async fn save(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
        item_id: Uuid,
        answer: String,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        let mut new = row(practice_id, item_id, now);
        new.answer = Set(Some(answer));
        upsert(db, new, &[Column::Answer, Column::UpdatedAt]).await
    }

    /// Takes the next of `available` hints. Makes sure the row exists, then one conditional
    /// increment: two quick clicks reveal two hints, never the same one twice, and never past
    /// the last. Returns how many hints are used now, or `None` when none was left.
    pub async fn take_hint(
        db: &impl ConnectionTrait,
        practice_id: Uuid,
        item_id: Uuid,
        available: usize,
        now: DateTime<Utc>,
    ) -> Result<Option<usize>, sea_orm::DbErr> {
        Entity::insert(row(practice_id, item_id, now))
            .on_conflict_do_nothing_on([Column::ItemId])
            .exec_without_returning(db)
            .await?;
        // RETURNING gives this request's own count, even when another click lands in between.
        let taken = Entity::update_many()
            .col_expr(
                Column::HintsUsed,
                // Fully qualified: importing ExprTrait would shadow `Ord::max` on plain numbers.
                sea_orm::sea_query::ExprTrait::add(Expr::col(Column::HintsUsed), 1),
            )
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::ItemId.eq(item_id))
            .filter(Column::HintsUsed.lt(available as i32))
            .exec_with_returning(db)
            .await?;
        Ok(taken.first().map(|row| row.hints_used.max(0) as usize).filter(|n| *n >= 1))
    }

    /// Records the verdict on one question at submission (creating the row if the student
    /// never saved one).
    pub async fn record_verdict(
        db: &impl ConnectionTrait,
        saved: Option<&Self>,
        practice_id: Uuid,
        item_id: Uuid,
        answer: Option<String>,
        correct: bool,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        let mut update = match saved {
            Some(row) => ActiveModel::from(row.clone()),
            None => row(practice_id, item_id, now),
        };
        update.answer = Set(answer);
        update.is_correct = Set(Some(correct));
        update.updated_at = Set(now);
        match saved {
            Some(_) => update.update(db).await.map(|_| ()),
            // A save of the same question may land between reading the answers and this
            // insert (the last answer's autosave racing the submit): the verdict then goes
            // onto that row instead of failing on the unique item.
            None => {
                upsert(db, update, &[Column::Answer, Column::IsCorrect, Column::UpdatedAt]).await
            }
        }
    }

    pub fn hints_used(&self) -> usize {
        self.hints_used.max(0) as usize
    }
}

/// Inserts the answer row for its question, or updates `columns` of the row already there: one
/// statement, so a concurrent save of the same question never fails on the unique item.
async fn upsert(
    db: &impl ConnectionTrait,
    new: ActiveModel,
    columns: &[Column],
) -> Result<(), sea_orm::DbErr> {
    Entity::insert(new)
        .on_conflict(
            OnConflict::column(Column::ItemId).update_columns(columns.iter().copied()).to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map(|_| ())
}
