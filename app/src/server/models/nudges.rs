//! Nudges: at most one per student and day, held by the table's unique key. Claiming a day is
//! one insert that either creates the row or does nothing, so a re-run, a second worker or a
//! retry can never send a second nudge the same day.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, sea_query::Expr,
};
use uuid::Uuid;

use crate::server::entities::{
    enums::NudgeRule,
    nudges::{ActiveModel, Column, Entity, Model},
};

/// A nudge about to be sent.
#[derive(Debug, Clone)]
pub struct NewNudge {
    pub student_id: Uuid,
    pub day: NaiveDate,
    pub rule: NudgeRule,
    pub title: String,
    pub body: String,
    pub action_label: String,
    pub action_link: String,
    pub goal_id: Option<Uuid>,
    pub emailed: bool,
}

/// Claims the student's day. `Some(row)` when this call stored the nudge; `None` when the day
/// was already taken (by an earlier run or a concurrent one).
pub async fn claim_day(
    db: &impl ConnectionTrait,
    new: NewNudge,
    now: DateTime<Utc>,
) -> Result<Option<Model>, sea_orm::DbErr> {
    let id = Uuid::new_v4();
    let row = ActiveModel {
        id: Set(id),
        student_id: Set(new.student_id),
        day: Set(new.day),
        rule: Set(new.rule),
        title: Set(new.title.chars().take(200).collect()),
        body: Set(new.body),
        action_label: Set(new.action_label.chars().take(60).collect()),
        action_link: Set(new.action_link),
        goal_id: Set(new.goal_id),
        emailed: Set(new.emailed),
        sent_at: Set(now),
        responded_at: Set(None),
    };
    let inserted = Entity::insert(row)
        .on_conflict_do_nothing_on([Column::StudentId, Column::Day])
        .exec_without_returning(db)
        .await?;
    if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
        Entity::find_by_id(id).one(db).await
    } else {
        Ok(None)
    }
}

/// Nudges sent to these students since `since`, newest first.
pub async fn sent_since(
    db: &impl ConnectionTrait,
    student_ids: &[Uuid],
    since: DateTime<Utc>,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    Entity::find()
        .filter(Column::StudentId.is_in(student_ids.iter().copied()))
        .filter(Column::SentAt.gte(since))
        .order_by_desc(Column::SentAt)
        .all(db)
        .await
}

/// Nudges sent in `[from, to)`.
pub async fn sent_between(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    Entity::find()
        .filter(Column::SentAt.gte(from))
        .filter(Column::SentAt.lt(to))
        .order_by_asc(Column::SentAt)
        .all(db)
        .await
}

/// Nudges sent since `since` that have no response recorded yet.
pub async fn awaiting_response(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<Vec<Model>, sea_orm::DbErr> {
    Entity::find()
        .filter(Column::RespondedAt.is_null())
        .filter(Column::SentAt.gte(since))
        .all(db)
        .await
}

/// Records that the student acted at `at` in answer to the nudge (once).
pub async fn record_response(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::RespondedAt, Expr::value(at))
        .filter(Column::Id.eq(id))
        .filter(Column::RespondedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
