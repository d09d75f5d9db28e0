//! Tutor invitations: one row per tutor and student. Inviting again re-opens a declined one;
//! the student's answer is one conditional update from `pending`, so a double click or two tabs
//! answer once.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::ModelError;
use crate::server::entities::{
    enums::InvitationStatus,
    tutor_invitations::{ActiveModel, Column, Entity, Model},
};

/// What inviting did: a new (or re-opened) invitation the student must hear about, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invited {
    Opened(Model),
    AlreadyPending,
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("invitation"))
    }

    /// Opens an invitation from `tutor_id` to `student_id`, unless one is pending already.
    pub async fn invite(
        db: &impl ConnectionTrait,
        tutor_id: Uuid,
        student_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Invited, sea_orm::DbErr> {
        let existing = Entity::find()
            .filter(Column::TutorId.eq(tutor_id))
            .filter(Column::StudentId.eq(student_id))
            .one(db)
            .await?;
        match existing {
            Some(row) if row.status == InvitationStatus::Pending => Ok(Invited::AlreadyPending),
            Some(row) => {
                let reopened = Entity::update_many()
                    .col_expr(Column::Status, Expr::value(InvitationStatus::Pending))
                    .col_expr(Column::CreatedAt, Expr::value(now))
                    .col_expr(Column::RespondedAt, Expr::value(None::<DateTime<Utc>>))
                    .filter(Column::Id.eq(row.id))
                    .filter(Column::Status.ne(InvitationStatus::Pending))
                    .exec(db)
                    .await?;
                if reopened.rows_affected == 1 {
                    let row = Entity::find_by_id(row.id).one(db).await?;
                    Ok(row.map_or(Invited::AlreadyPending, Invited::Opened))
                } else {
                    Ok(Invited::AlreadyPending)
                }
            }
            None => {
                let row = ActiveModel {
                    id: Set(Uuid::new_v4()),
                    tutor_id: Set(tutor_id),
                    student_id: Set(student_id),
                    status: Set(InvitationStatus::Pending),
                    created_at: Set(now),
                    responded_at: Set(None),
                };
                match row.insert(db).await {
                    Ok(row) => Ok(Invited::Opened(row)),
                    // Two invitations racing: the other one is the pending invitation.
                    Err(err) if super::is_unique_violation(&err) => Ok(Invited::AlreadyPending),
                    Err(err) => Err(err),
                }
            }
        }
    }

    /// A student's invitations, pending first, then newest.
    pub async fn of_student(
        db: &impl ConnectionTrait,
        student_id: Uuid,
    ) -> Result<Vec<Self>, sea_orm::DbErr> {
        let mut rows = Entity::find()
            .filter(Column::StudentId.eq(student_id))
            .order_by_desc(Column::CreatedAt)
            .limit(100)
            .all(db)
            .await?;
        rows.sort_by_key(|r| r.status != InvitationStatus::Pending);
        Ok(rows)
    }

    /// The student's answer, only while pending.
    pub async fn answer(
        &self,
        db: &impl ConnectionTrait,
        to: InvitationStatus,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(to))
            .col_expr(Column::RespondedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(InvitationStatus::Pending))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            Ok(())
        } else {
            Err(ModelError::WrongState {
                entity: "invitation",
                actual: self.status.to_string(),
                wanted: if to == InvitationStatus::Accepted { "accepted" } else { "declined" },
            })
        }
    }
}
