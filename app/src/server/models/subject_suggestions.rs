//! Subject suggestions: stored once per goal and subject, then accepted (becoming a goal) or
//! dismissed (never suggested to that student again), each decision one conditional update.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::ModelError;
use crate::server::{
    ai::offline::normalize_name,
    entities::{
        enums::{SuggestionSource, SuggestionStatus},
        subject_suggestions::{ActiveModel, Column, Entity, Model},
    },
};

/// A suggestion about to be stored.
#[derive(Debug, Clone)]
pub struct NewSuggestion {
    pub student_id: Uuid,
    pub goal_id: Uuid,
    pub subject: String,
    pub reason: String,
    pub source: SuggestionSource,
}

/// The comparison key of a subject ("SAT  Math!" and "sat math" are one subject).
pub fn subject_key(subject: &str) -> String {
    normalize_name(subject).chars().take(100).collect()
}

/// Stores the suggestions in order; a subject this goal already has is skipped (the unique
/// key), so a re-run adds nothing. Returns how many were new.
pub async fn insert_for_goal(
    db: &impl ConnectionTrait,
    rows: Vec<NewSuggestion>,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let mut created = 0;
    for (position, row) in rows.into_iter().enumerate() {
        let model = ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(row.student_id),
            goal_id: Set(Some(row.goal_id)),
            normalized_subject: Set(subject_key(&row.subject)),
            subject: Set(row.subject.chars().take(100).collect()),
            reason: Set(row.reason.chars().take(300).collect()),
            source: Set(row.source),
            position: Set(position as i32),
            status: Set(SuggestionStatus::Pending),
            accepted_goal_id: Set(None),
            created_at: Set(now),
            decided_at: Set(None),
        };
        let inserted = Entity::insert(model)
            .on_conflict_do_nothing_on([Column::GoalId, Column::NormalizedSubject])
            .exec_without_returning(db)
            .await?;
        if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
            created += 1;
        }
    }
    Ok(created)
}

/// How many suggestions a goal has (any status).
pub async fn count_for_goal(
    db: &impl ConnectionTrait,
    goal_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    Entity::find().filter(Column::GoalId.eq(goal_id)).count(db).await
}

/// A student's pending suggestions (of one goal, or all), in the order they were proposed.
pub async fn pending(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    goal_id: Option<Uuid>,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    let mut query = Entity::find()
        .filter(Column::StudentId.eq(student_id))
        .filter(Column::Status.eq(SuggestionStatus::Pending));
    if let Some(goal_id) = goal_id {
        query = query.filter(Column::GoalId.eq(goal_id));
    }
    query.order_by_desc(Column::CreatedAt).order_by_asc(Column::Position).limit(100).all(db).await
}

/// Subjects this student dismissed: never suggested again.
pub async fn dismissed_keys(
    db: &impl ConnectionTrait,
    student_id: Uuid,
) -> Result<HashSet<String>, sea_orm::DbErr> {
    Ok(Entity::find()
        .select_only()
        .column(Column::NormalizedSubject)
        .filter(Column::StudentId.eq(student_id))
        .filter(Column::Status.eq(SuggestionStatus::Dismissed))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("suggestion"))
    }

    async fn decide(
        &self,
        db: &impl ConnectionTrait,
        to: SuggestionStatus,
        accepted_goal_id: Option<Uuid>,
        now: DateTime<Utc>,
        wanted: &'static str,
    ) -> Result<(), ModelError> {
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(to))
            .col_expr(Column::AcceptedGoalId, Expr::value(accepted_goal_id))
            .col_expr(Column::DecidedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(SuggestionStatus::Pending))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            Ok(())
        } else {
            Err(ModelError::WrongState {
                entity: "suggestion",
                actual: self.status.to_string(),
                wanted,
            })
        }
    }

    /// Pending → accepted, pointing at the goal it became. Of two accepts one wins.
    pub async fn accept(
        &self,
        db: &impl ConnectionTrait,
        goal_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        self.decide(db, SuggestionStatus::Accepted, Some(goal_id), now, "accepted").await
    }

    /// Pending → dismissed.
    pub async fn dismiss(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        self.decide(db, SuggestionStatus::Dismissed, None, now, "dismissed").await
    }
}
