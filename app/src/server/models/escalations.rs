//! Escalations: a routing result kept for the tutor. `open` when made; the student may send it
//! to their tutor (with their own edits) or dismiss it; a booking takes an open one up and moves
//! it to `booked`. Each change is one conditional update, so a dismiss and a booking racing for
//! the same escalation settle in the database.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use uuid::Uuid;

use super::ModelError;
use crate::server::entities::{
    column::JsonText,
    enums::{EscalationStatus, Urgency},
    escalations::{ActiveModel, Column, Entity, Model},
};

/// What a routing analysis concluded.
#[derive(Debug, Clone)]
pub struct NewEscalation {
    pub student_id: Uuid,
    pub conversation_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    pub recommend: bool,
    pub reason: String,
    pub urgency: Urgency,
    pub focus: Vec<String>,
    pub summary: String,
}

impl Model {
    pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Self, ModelError> {
        Entity::find_by_id(id).one(db).await?.ok_or(ModelError::NotFound("escalation"))
    }

    pub async fn create(
        db: &impl ConnectionTrait,
        new: NewEscalation,
        now: DateTime<Utc>,
    ) -> Result<Self, sea_orm::DbErr> {
        ActiveModel {
            id: Set(Uuid::new_v4()),
            student_id: Set(new.student_id),
            conversation_id: Set(new.conversation_id),
            message_id: Set(new.message_id),
            recommend: Set(new.recommend),
            reason: Set(new.reason),
            urgency: Set(new.urgency),
            focus: Set(JsonText(new.focus)),
            summary: Set(new.summary),
            status: Set(EscalationStatus::Open),
            sent_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await
    }

    /// A student's escalations, newest first (the tutor side lists the open ones).
    pub async fn of_student(
        db: &impl ConnectionTrait,
        student_id: Uuid,
        status: Option<EscalationStatus>,
    ) -> Result<Vec<Self>, sea_orm::DbErr> {
        let mut query = Entity::find().filter(Column::StudentId.eq(student_id));
        if let Some(status) = status {
            query = query.filter(Column::Status.eq(status));
        }
        query.order_by_desc(Column::CreatedAt).all(db).await
    }

    fn wrong_state(&self, wanted: &'static str) -> ModelError {
        ModelError::WrongState { entity: "escalation", actual: self.status.to_string(), wanted }
    }

    /// The student sends it to their tutor with the dialog's fields; only while it is open.
    pub async fn send(
        &self,
        db: &impl ConnectionTrait,
        reason: String,
        urgency: Urgency,
        focus: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<Self, ModelError> {
        let result = Entity::update_many()
            .col_expr(Column::Reason, Expr::value(reason))
            .col_expr(Column::Urgency, Expr::value(urgency))
            .col_expr(Column::Focus, Expr::value(JsonText(focus)))
            .col_expr(Column::SentAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(EscalationStatus::Open))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            Self::find(db, self.id).await
        } else {
            Err(self.wrong_state("sent"))
        }
    }

    async fn transition(
        &self,
        db: &impl ConnectionTrait,
        to: EscalationStatus,
        now: DateTime<Utc>,
        wanted: &'static str,
    ) -> Result<(), ModelError> {
        let result = Entity::update_many()
            .col_expr(Column::Status, Expr::value(to))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Status.eq(EscalationStatus::Open))
            .exec(db)
            .await?;
        if result.rows_affected == 1 { Ok(()) } else { Err(self.wrong_state(wanted)) }
    }

    /// The student does not want a tutor for this after all.
    pub async fn dismiss(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        self.transition(db, EscalationStatus::Dismissed, now, "dismissed").await
    }

    /// A booking took it up (the booking stores this escalation's id and carries its reason,
    /// urgency and focus into the tutor's brief).
    pub async fn mark_booked(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        self.transition(db, EscalationStatus::Booked, now, "booked").await
    }
}
