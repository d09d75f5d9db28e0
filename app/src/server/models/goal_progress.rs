//! A goal's progress history: a point is appended whenever the computed progress changes, so
//! the chart shows every move and nothing twice.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::server::entities::goal_progress::{ActiveModel, Column, Entity, Model};

/// A computed progress value with the counts behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    pub progress: f64,
    pub mastered: usize,
    pub concepts: usize,
}

impl Snapshot {
    fn same_as(&self, row: &Model) -> bool {
        (row.progress - self.progress).abs() < 0.0005
            && row.mastered_count as usize == self.mastered
            && row.concept_count as usize == self.concepts
    }
}

/// Appends a point unless the newest one already says the same. True when a point was added.
pub async fn record(
    db: &impl ConnectionTrait,
    goal_id: Uuid,
    snapshot: Snapshot,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let newest = Entity::find()
        .filter(Column::GoalId.eq(goal_id))
        .order_by_desc(Column::RecordedAt)
        .order_by_desc(Column::Id)
        .one(db)
        .await?;
    if newest.is_some_and(|row| snapshot.same_as(&row)) {
        return Ok(false);
    }
    ActiveModel {
        id: Set(Uuid::new_v4()),
        goal_id: Set(goal_id),
        progress: Set(snapshot.progress.clamp(0.0, 1.0)),
        mastered_count: Set(snapshot.mastered.min(snapshot.concepts) as i32),
        concept_count: Set(snapshot.concepts as i32),
        recorded_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// The newest `limit` points, oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    goal_id: Uuid,
    limit: u64,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    let mut rows = Entity::find()
        .filter(Column::GoalId.eq(goal_id))
        .order_by_desc(Column::RecordedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    rows.reverse();
    Ok(rows)
}
