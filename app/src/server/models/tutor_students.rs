//! Tutor–student links: made by an upload, a booking or an admin; read by the policy.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::server::entities::{
    enums::LinkOrigin,
    tutor_students::{ActiveModel, Column, Entity},
};

/// Creates the link if it does not exist yet; an existing link keeps its original origin.
pub async fn ensure(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
    student_id: Uuid,
    origin: LinkOrigin,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let link = ActiveModel {
        tutor_id: Set(tutor_id),
        student_id: Set(student_id),
        origin: Set(origin),
        created_at: Set(now),
    };
    Entity::insert(link)
        .on_conflict_do_nothing_on([Column::TutorId, Column::StudentId])
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

/// Removes a link; false when there was none.
pub async fn remove(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
    student_id: Uuid,
) -> Result<bool, sea_orm::DbErr> {
    let result = Entity::delete_many()
        .filter(Column::TutorId.eq(tutor_id))
        .filter(Column::StudentId.eq(student_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn exists(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
    student_id: Uuid,
) -> Result<bool, sea_orm::DbErr> {
    let count = Entity::find()
        .filter(Column::TutorId.eq(tutor_id))
        .filter(Column::StudentId.eq(student_id))
        .count(db)
        .await?;
    Ok(count > 0)
}

/// A student's tutors, most recently linked first.
pub async fn tutors_of(
    db: &impl ConnectionTrait,
    student_id: Uuid,
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    Ok(Entity::find()
        .filter(Column::StudentId.eq(student_id))
        .order_by_desc(Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.tutor_id)
        .collect())
}
